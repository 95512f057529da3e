/**
 * "Repeat": make the post recurring (every day, week or month, with an end) or evergreen (back in
 * the queue N days after it went out), saved with PUT …/posts/:id/recurrence. The current setting
 * is the answer of the last save, or else what the post says.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, enc } from "../../api.js";
import { fieldError } from "../../common/errors.js";
import { FormError } from "../../common/states.js";
import { weekdayNames } from "../../common/weekdays.js";
import { formatInZone } from "../../common/zone.js";
import type { Recurrence } from "../../planning/types.js";
import { postKey } from "../queries.js";
import type { Post } from "../types.js";
import { byDay, emptyRepeat, type Freq, fromRecurrence, type RepeatForm, toRrule } from "./recurrence.js";

export const recurrenceKey = (workspaceId: string, postId: string) => ["recurrence", workspaceId, postId];

type Props = {
  workspaceId: string;
  zone: string;
  post: Post | undefined;
  disabled: boolean;
  /** Saves unsaved changes (or creates the post) first: the repetition belongs to a saved post. */
  ensureSaved: () => Promise<Post>;
  /** A post created for this: the page moves to it. */
  onCreated: (post: Post) => void;
};

export function RecurrenceSection({ workspaceId, zone, post, disabled, ensureSaved, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const cached = useQuery({
    queryKey: recurrenceKey(workspaceId, post?.id ?? ""),
    queryFn: () => null as Recurrence | null,
    enabled: false,
    initialData: null,
  });
  const known = cached.data ?? (post ? { rrule: post.recurrence.rrule, evergreenDays: post.recurrence.evergreenDays } : null);
  const [form, setForm] = useState<RepeatForm>(() => (known ? fromRecurrence(known.rrule, known.evergreenDays) : emptyRepeat));
  const [open, setOpen] = useState(known !== null && (known.rrule !== null || known.evergreenDays !== null));
  const save = useMutation({
    mutationFn: async (f: RepeatForm) => {
      const saved = await ensureSaved();
      const body =
        f.mode === "repeat"
          ? { rrule: toRrule(f), evergreenDays: null }
          : f.mode === "evergreen"
            ? { rrule: null, evergreenDays: Number(f.evergreenDays) }
            : { rrule: null, evergreenDays: null };
      const out = await api.put<Recurrence>(`/api/workspaces/${enc(workspaceId)}/posts/${enc(saved.id)}/recurrence`, body);
      qc.setQueryData(recurrenceKey(workspaceId, saved.id), out);
      void qc.invalidateQueries({ queryKey: postKey(workspaceId, saved.id) });
      if (!post) onCreated(saved);
      return out;
    },
  });
  const days = weekdayNames(i18n.language);
  const set = (patch: Partial<RepeatForm>) => setForm((f) => ({ ...f, ...patch }));
  const result = save.data ?? cached.data;
  const summary = known?.rrule ? t("repeat.summaryRule", { rule: known.rrule }) : known?.evergreenDays ? t("repeat.summaryEvergreen", { count: known.evergreenDays }) : t("repeat.summaryNone");

  return (
    <section className="card stack" data-testid="recurrence">
      <div className="inline-row recurrence__head">
        <h2 className="card__title">{t("repeat.title")}</h2>
        <span className="muted small" data-testid="recurrence-summary">
          {summary}
        </span>
        <span className="actions-row__spacer" />
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="recurrence-toggle">
          {open ? t("repeat.hide") : t("repeat.edit")}
        </button>
      </div>
      {open ? (
        <>
          <div className="recurrence__modes" role="radiogroup" aria-label={t("repeat.title")}>
            {(["none", "repeat", "evergreen"] as const).map((m) => (
              <label key={m} className="check">
                <input type="radio" name="repeat-mode" checked={form.mode === m} onChange={() => set({ mode: m })} disabled={disabled} data-testid={`repeat-mode-${m}`} />
                {t(`repeat.mode.${m}`)}
              </label>
            ))}
          </div>
          {form.mode === "repeat" ? (
            <div className="stack stack--sm">
              <div className="inline-row">
                <span>{t("repeat.every")}</span>
                <input className="input input--tiny" type="number" min={1} max={99} value={form.interval} onChange={(e) => set({ interval: e.target.value })} aria-label={t("repeat.interval")} data-testid="repeat-interval" />
                <select className="select select--compact" value={form.freq} onChange={(e) => set({ freq: e.target.value as Freq })} aria-label={t("repeat.freq")} data-testid="repeat-freq">
                  {(["DAILY", "WEEKLY", "MONTHLY"] as const).map((f) => (
                    <option key={f} value={f}>
                      {t(`repeat.freqs.${f}`, { count: Number(form.interval) || 1 })}
                    </option>
                  ))}
                </select>
              </div>
              {form.freq === "WEEKLY" ? (
                <fieldset className="slot-row__days">
                  <legend className="visually-hidden">{t("repeat.onDays")}</legend>
                  {days.map((name, i) => {
                    const d = i + 1;
                    const on = form.days.includes(d);
                    return (
                      <label key={byDay[i]} className={on ? "day-check is-on" : "day-check"}>
                        <input type="checkbox" checked={on} onChange={() => set({ days: on ? form.days.filter((x) => x !== d) : [...form.days, d] })} data-testid={`repeat-day-${d}`} />
                        {name}
                      </label>
                    );
                  })}
                </fieldset>
              ) : null}
              <div className="inline-row">
                <label className="check">
                  <input type="radio" name="repeat-end" checked={form.end === "count"} onChange={() => set({ end: "count" })} data-testid="repeat-end-count" />
                  {t("repeat.endCount")}
                </label>
                <input className="input input--tiny" type="number" min={1} max={366} value={form.count} disabled={form.end !== "count"} onChange={(e) => set({ count: e.target.value })} aria-label={t("repeat.count")} data-testid="repeat-count" />
                <span>{t("repeat.times")}</span>
                <label className="check">
                  <input type="radio" name="repeat-end" checked={form.end === "until"} onChange={() => set({ end: "until" })} data-testid="repeat-end-until" />
                  {t("repeat.endUntil")}
                </label>
                <input className="input input--narrow" type="date" value={form.until} disabled={form.end !== "until"} onChange={(e) => set({ until: e.target.value })} aria-label={t("repeat.until")} data-testid="repeat-until" />
              </div>
              <p className="muted small">
                {t("repeat.rule")} <code data-testid="repeat-rule">{toRrule(form)}</code>
              </p>
            </div>
          ) : null}
          {form.mode === "evergreen" ? (
            <div className="stack stack--sm">
              <div className="inline-row">
                <span>{t("repeat.evergreenAfter")}</span>
                <input className="input input--tiny" type="number" min={1} max={365} value={form.evergreenDays} onChange={(e) => set({ evergreenDays: e.target.value })} aria-label={t("repeat.evergreenDays")} data-testid="repeat-evergreen-days" />
                <span>{t("repeat.days")}</span>
              </div>
              <p className="muted small">{t("repeat.evergreenHint")}</p>
            </div>
          ) : null}
          {fieldError(save.error, "rrule") || fieldError(save.error, "evergreenDays") ? (
            <p className="field__error" role="alert" data-testid="recurrence-error">
              {fieldError(save.error, "rrule") ?? fieldError(save.error, "evergreenDays")}
            </p>
          ) : (
            <FormError error={save.error} testId="recurrence-error" />
          )}
          <div className="inline-row">
            <button type="button" className="btn btn--secondary" disabled={disabled || save.isPending} onClick={() => save.mutate(form)} data-testid="recurrence-save">
              {post ? t("repeat.save") : t("repeat.saveNew")}
            </button>
            {save.isSuccess ? <span className="muted small">{t("common.saved")}</span> : null}
          </div>
          {result?.note ? <p className="notice notice--warning">{result.note}</p> : null}
          {result?.upcoming.length ? (
            <div data-testid="recurrence-upcoming">
              <p className="small">{t("repeat.upcoming")}</p>
              <ul className="small">
                {result.upcoming.map((at) => (
                  <li key={at}>{formatInZone(at, zone)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
