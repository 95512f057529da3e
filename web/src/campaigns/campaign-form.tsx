/**
 * Creating and changing a campaign: name (its utm_campaign shown as it will be), goal, status,
 * period in the brand's days, budget and currency, channels, UTM defaults, notes. Every field
 * shows the server's own message when it refuses one — a period that ends before it starts, a
 * name another campaign of the brand has.
 */
import { DateTime } from "luxon";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useChannels } from "../channels/queries.js";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useCampaignActions } from "./queries.js";
import { type Campaign, type CampaignInput, type Goal, goals, type Status, statuses } from "./types.js";

// The same transliteration as the server's slugify (src/domain/utm.ts), for the preview only: the server's slug is the one used.
const translit: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", ё: "e", є: "ye", ж: "zh", з: "z", и: "i", і: "i", ї: "yi", й: "y",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch",
  ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};
const slugPreview = (s: string) =>
  [...s.toLowerCase()]
    .map((ch) => translit[ch] ?? ch)
    .join("")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);

const fieldPaths = ["name", "goal", "status", "startDay", "endDay", "budget", "currency", "channelIds", "utm.source", "utm.medium", "utm.content", "utm.term", "notes"];

type Props = { existing: Campaign | null; onClose: () => void; onSaved: (c: Campaign) => void };

export function CampaignForm({ existing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const channels = useChannels(workspace.id, brand.id);
  const { create, update } = useCampaignActions(workspace.id);
  const save = existing ? update : create;
  const today = DateTime.now().setZone(brand.timezone);
  const [name, setName] = useState(existing?.name ?? "");
  const [goal, setGoal] = useState<Goal>(existing?.goal ?? "sales");
  const [status, setStatus] = useState<Status>(existing?.status ?? "planned");
  const [startDay, setStartDay] = useState(existing?.startDay ?? (today.toISODate() as string));
  const [endDay, setEndDay] = useState(existing?.endDay ?? (today.plus({ days: 13 }).toISODate() as string));
  const [budget, setBudget] = useState(existing?.budget === null || existing?.budget === undefined ? "" : String(existing.budget));
  const [currency, setCurrency] = useState(existing?.currency ?? (brand.locale === "ru" ? "RUB" : "EUR"));
  const [channelIds, setChannelIds] = useState<string[]>(existing?.channelIds ?? []);
  const [utm, setUtm] = useState({ source: existing?.utm.source ?? "", medium: existing?.utm.medium ?? "", content: existing?.utm.content ?? "", term: existing?.utm.term ?? "" });
  const [notes, setNotes] = useState(existing?.notes ?? "");
  const err = save.error;
  const empty = (v: string) => (v.trim() === "" ? null : v.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = budget.trim() === "" ? null : Number(budget.replace(/\s/g, "").replace(",", "."));
    const input: CampaignInput = {
      name: name.trim(),
      goal,
      status,
      startDay,
      endDay,
      budget: amount,
      currency: currency.trim().toUpperCase(),
      channelIds,
      utm: { source: empty(utm.source), medium: empty(utm.medium), content: empty(utm.content), term: empty(utm.term) },
      notes: empty(notes),
    };
    const done = { onSuccess: (c: Campaign) => onSaved(c) };
    if (existing) update.mutate({ id: existing.id, ...input }, done);
    else create.mutate({ brandId: brand.id, ...input }, done);
  };

  const utmField = (key: keyof typeof utm, hint?: string) => (
    <Field label={t(`campaigns.form.utm${key[0]?.toUpperCase()}${key.slice(1)}`)} hint={hint} error={fieldError(err, `utm.${key}`)}>
      {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={utm[key]} onChange={(e) => setUtm({ ...utm, [key]: e.target.value })} maxLength={100} data-testid={`campaign-utm-${key}`} />}
    </Field>
  );

  return (
    <Modal title={existing ? t("campaigns.form.editTitle") : t("campaigns.form.newTitle")} onClose={onClose} testId="campaign-form">
      <form className="stack" onSubmit={submit} noValidate>
        <Field label={t("campaigns.form.name")} hint={t("campaigns.form.nameHint", { slug: slugPreview(name) || "…" })} error={fieldError(err, "name")} testId="campaign-name">
          {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required data-testid="campaign-name" />}
        </Field>
        <div className="form-grid">
          <Field label={t("campaigns.form.goal")} error={fieldError(err, "goal")}>
            {(id) => (
              <select id={id} value={goal} onChange={(e) => setGoal(e.target.value as Goal)} data-testid="campaign-goal">
                {goals.map((g) => (
                  <option key={g} value={g}>
                    {t(`campaigns.goal.${g}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("campaigns.form.status")} error={fieldError(err, "status")}>
            {(id) => (
              <select id={id} value={status} onChange={(e) => setStatus(e.target.value as Status)} data-testid="campaign-status">
                {statuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`campaigns.status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("campaigns.form.start")} error={fieldError(err, "startDay")} testId="campaign-start">
            {(id, describedBy) => <input id={id} type="date" aria-describedby={describedBy} value={startDay} onChange={(e) => setStartDay(e.target.value)} data-testid="campaign-start" />}
          </Field>
          <Field label={t("campaigns.form.end")} error={fieldError(err, "endDay")} testId="campaign-end">
            {(id, describedBy) => <input id={id} type="date" aria-describedby={describedBy} value={endDay} onChange={(e) => setEndDay(e.target.value)} data-testid="campaign-end" />}
          </Field>
          <Field label={t("campaigns.form.budget")} error={fieldError(err, "budget")}>
            {(id, describedBy) => <input id={id} inputMode="decimal" aria-describedby={describedBy} value={budget} onChange={(e) => setBudget(e.target.value)} data-testid="campaign-budget" />}
          </Field>
          <Field label={t("campaigns.form.currency")} error={fieldError(err, "currency")}>
            {(id, describedBy) => <input id={id} aria-describedby={describedBy} value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} data-testid="campaign-currency" />}
          </Field>
        </div>
        {channels.data?.items.length ? (
          <fieldset className="field">
            <legend>{t("campaigns.form.channels")}</legend>
            <div className="campaign-channels">
              {channels.data.items.map((c) => (
                <label key={c.id} className="check">
                  <input type="checkbox" checked={channelIds.includes(c.id)} onChange={(e) => setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((x) => x !== c.id))} />
                  {c.name}
                </label>
              ))}
            </div>
            <p className="field__hint">{fieldError(err, "channelIds") ?? t("campaigns.form.channelsHint")}</p>
          </fieldset>
        ) : null}
        <fieldset className="field">
          <legend>{t("campaigns.form.utm")}</legend>
          <div className="form-grid">
            {utmField("source", t("campaigns.form.utmSourceHint"))}
            {utmField("medium", t("campaigns.form.utmMediumHint"))}
            {utmField("content", t("campaigns.form.utmContentHint"))}
            {utmField("term")}
          </div>
        </fieldset>
        <Field label={t("campaigns.form.notes")} error={fieldError(err, "notes")}>
          {(id) => <textarea id={id} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />}
        </Field>
        {err && !hasFieldErrors(err, fieldPaths) ? <FormError error={err} testId="campaign-form-error" /> : null}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="campaign-save">
            {existing ? t("campaigns.form.save") : t("campaigns.form.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
