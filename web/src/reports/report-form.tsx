/**
 * The report builder: name and language, the sections (ticked, in order, with the summary's goals
 * and the number of best posts), the period and its schedule in the brand's zone, the recipients,
 * and the white-label branding — agency name, a logo uploaded to the media library, two colours.
 * Every field shows the server's own message when it refuses one.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { uploadMedia } from "../media/upload.js";
import { useShell } from "../shell/workspace.js";
import { useReportActions } from "./queries.js";
import { comingSections, type Goals, type Report, type ReportInput, type Section, type SectionKind, sectionKinds } from "./types.js";

const goalKeys = ["posts", "interactions", "reach", "growth", "linkClicks", "erReach", "erFollowers"] as const;
const percentGoals = new Set(["erReach", "erFollowers"]);

/** Every message the server gave for a field or below it (recipients.0, recipients.3 …). */
function messagesAt(err: unknown, path: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const msgs = err.errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`)).map((e) => e.message);
  return msgs.length ? [...new Set(msgs)].join("; ") : undefined;
}

type Props = { existing: Report | null; onClose: () => void; onSaved: (r: Report) => void };

export function ReportForm({ existing, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { create, update } = useReportActions(workspace.id);
  const save = existing ? update : create;
  const [name, setName] = useState(existing?.name ?? t("reports.defaultName"));
  const [language, setLanguage] = useState<"en" | "ru">(existing?.language ?? (brand.locale === "ru" ? "ru" : "en"));
  const initial: Section[] = existing?.sections ?? sectionKinds.filter((k) => !comingSections.includes(k)).map((kind) => ({ kind, options: {} }));
  const [order, setOrder] = useState<SectionKind[]>(() => [...initial.map((s) => s.kind), ...sectionKinds.filter((k) => !initial.some((s) => s.kind === k))]);
  const [on, setOn] = useState<Set<SectionKind>>(() => new Set(initial.map((s) => s.kind)));
  const [goals, setGoals] = useState<Record<string, string>>(() => {
    const g = initial.find((s) => s.kind === "summary")?.options.goals ?? {};
    return Object.fromEntries(Object.entries(g).map(([k, v]) => [k, percentGoals.has(k) ? String(Math.round((v as number) * 10000) / 100) : String(v)]));
  });
  const [limit, setLimit] = useState(String(initial.find((s) => s.kind === "bestPosts")?.options.limit ?? 5));
  const [periodKind, setPeriodKind] = useState<"weekly" | "monthly">(existing?.periodKind ?? "weekly");
  const [weekday, setWeekday] = useState(String(existing?.weekday ?? 1));
  const [monthDay, setMonthDay] = useState(String(existing?.monthDay ?? 1));
  const [hour, setHour] = useState(String(existing?.hour ?? 9));
  const [recipients, setRecipients] = useState(existing?.recipients.join(", ") ?? "");
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [agencyName, setAgencyName] = useState(existing?.branding.agencyName ?? "");
  const [logoMediaId, setLogoMediaId] = useState<string | null>(existing?.branding.logoMediaId ?? null);
  const [primaryColor, setPrimaryColor] = useState(existing?.branding.primaryColor ?? "#1f3a5f");
  const [accentColor, setAccentColor] = useState(existing?.branding.accentColor ?? "#e07a2e");
  const [uploading, setUploading] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const err = save.error;

  const move = (kind: SectionKind, by: number) =>
    setOrder((o) => {
      const i = o.indexOf(kind);
      const j = i + by;
      if (j < 0 || j >= o.length) return o;
      const next = [...o];
      [next[i], next[j]] = [next[j] as SectionKind, next[i] as SectionKind];
      return next;
    });

  const onLogo = async (file: File | undefined) => {
    if (!file) return;
    setUploadError(null);
    setUploading(0);
    try {
      const asset = await uploadMedia({ workspaceId: workspace.id, brandId: brand.id, file, alt: t("reports.form.logo"), onProgress: setUploading });
      setLogoMediaId(asset.id);
    } catch (e) {
      setUploadError(e);
    } finally {
      setUploading(null);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const goalValues: Goals = {};
    for (const k of goalKeys) {
      const v = goals[k]?.trim();
      if (v) goalValues[k] = percentGoals.has(k) ? Number(v) / 100 : Number(v);
    }
    const sections: Section[] = order
      .filter((k) => on.has(k))
      .map((kind) => ({ kind, options: kind === "summary" && Object.keys(goalValues).length ? { goals: goalValues } : kind === "bestPosts" ? { limit: Number(limit) } : {} }));
    const input: ReportInput = {
      brandId: brand.id,
      name,
      language,
      sections,
      periodKind,
      weekday: periodKind === "weekly" ? Number(weekday) : null,
      monthDay: periodKind === "monthly" ? Number(monthDay) : null,
      hour: Number(hour),
      recipients: recipients
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      branding: { agencyName: agencyName.trim() || null, logoMediaId, primaryColor, accentColor },
      enabled,
    };
    const { brandId: _brand, ...patch } = input;
    const done = { onSuccess: (r: Report) => onSaved(r) };
    if (existing) update.mutate({ id: existing.id, ...patch }, done);
    else create.mutate(input, done);
  };

  return (
    <Modal title={existing ? t("reports.form.editTitle") : t("reports.form.newTitle")} onClose={onClose} testId="report-form">
      <form className="report-form" onSubmit={submit} noValidate>
        <div className="report-form__grid">
          <Field label={t("reports.form.name")} error={messagesAt(err, "name")}>
            {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} data-testid="report-name" />}
          </Field>
          <Field label={t("reports.form.language")}>
            {(id) => (
              <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as "en" | "ru")}>
                <option value="en">English</option>
                <option value="ru">Русский</option>
              </select>
            )}
          </Field>
        </div>

        <fieldset className="report-form__group">
          <legend>{t("reports.form.sections")}</legend>
          <p className="field__hint">{t("reports.form.sectionsHint")}</p>
          {messagesAt(err, "sections") ? <p className="field__error">{messagesAt(err, "sections")}</p> : null}
          <ol className="report-sections">
            {order.map((kind, i) => (
              <li key={kind} className={on.has(kind) ? "report-section is-on" : "report-section"}>
                <label>
                  <input
                    type="checkbox"
                    checked={on.has(kind)}
                    data-testid={`section-${kind}`}
                    onChange={(e) =>
                      setOn((s) => {
                        const next = new Set(s);
                        if (e.target.checked) next.add(kind);
                        else next.delete(kind);
                        return next;
                      })
                    }
                  />
                  <span>{t(`reports.sections.${kind}`)}</span>
                  {comingSections.includes(kind) ? <span className="chip">{t("reports.notYet")}</span> : null}
                </label>
                <span className="report-section__move">
                  <button type="button" className="btn btn--ghost btn--icon" disabled={i === 0} aria-label={t("reports.form.up")} onClick={() => move(kind, -1)}>
                    ↑
                  </button>
                  <button type="button" className="btn btn--ghost btn--icon" disabled={i === order.length - 1} aria-label={t("reports.form.down")} onClick={() => move(kind, 1)}>
                    ↓
                  </button>
                </span>
                {kind === "summary" && on.has(kind) ? (
                  <div className="report-goals">
                    <span className="field__hint">{t("reports.form.goals")}</span>
                    {goalKeys.map((k) => (
                      <label key={k} className="report-goal">
                        <span>
                          {t(`reports.goals.${k}`)}
                          {percentGoals.has(k) ? " %" : ""}
                        </span>
                        <input type="number" step="any" value={goals[k] ?? ""} onChange={(e) => setGoals((g) => ({ ...g, [k]: e.target.value }))} />
                        {messagesAt(err, `sections.0.options.goals.${k}`) ? <em className="field__error">{messagesAt(err, `sections.0.options.goals.${k}`)}</em> : null}
                      </label>
                    ))}
                  </div>
                ) : null}
                {kind === "bestPosts" && on.has(kind) ? (
                  <label className="report-goal">
                    <span>{t("reports.form.limit")}</span>
                    <input type="number" min={1} max={10} value={limit} onChange={(e) => setLimit(e.target.value)} />
                  </label>
                ) : null}
              </li>
            ))}
          </ol>
        </fieldset>

        <fieldset className="report-form__group">
          <legend>{t("reports.form.schedule")}</legend>
          <div className="report-form__grid report-form__grid--4">
            <Field label={t("reports.form.period")}>
              {(id) => (
                <select id={id} value={periodKind} onChange={(e) => setPeriodKind(e.target.value as "weekly" | "monthly")} data-testid="report-period">
                  <option value="weekly">{t("reports.weekly")}</option>
                  <option value="monthly">{t("reports.monthly")}</option>
                </select>
              )}
            </Field>
            {periodKind === "weekly" ? (
              <Field label={t("reports.form.weekday")} error={messagesAt(err, "weekday")}>
                {(id) => (
                  <select id={id} value={weekday} onChange={(e) => setWeekday(e.target.value)}>
                    {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                      <option key={d} value={d}>
                        {t(`reports.weekdays.${d}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <Field label={t("reports.form.monthDay")} error={messagesAt(err, "monthDay")} hint={t("reports.form.monthDayHint")}>
                {(id, d) => <input id={id} aria-describedby={d} type="number" min={1} max={28} value={monthDay} onChange={(e) => setMonthDay(e.target.value)} />}
              </Field>
            )}
            <Field label={t("reports.form.hour")} error={messagesAt(err, "hour")} hint={t("reports.form.hourHint", { zone: brand.timezone })}>
              {(id, d) => <input id={id} aria-describedby={d} type="number" min={0} max={23} value={hour} onChange={(e) => setHour(e.target.value)} data-testid="report-hour" />}
            </Field>
            <label className="report-form__check">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              {t("reports.form.enabled")}
            </label>
          </div>
          <Field label={t("reports.form.recipients")} error={messagesAt(err, "recipients")} hint={t("reports.form.recipientsHint")}>
            {(id, d) => <textarea id={id} aria-describedby={d} rows={2} value={recipients} onChange={(e) => setRecipients(e.target.value)} data-testid="report-recipients" />}
          </Field>
        </fieldset>

        <fieldset className="report-form__group">
          <legend>{t("reports.form.branding")}</legend>
          <div className="report-form__grid report-form__grid--4">
            <Field label={t("reports.form.agencyName")} error={messagesAt(err, "branding.agencyName")}>
              {(id) => <input id={id} value={agencyName} onChange={(e) => setAgencyName(e.target.value)} />}
            </Field>
            <Field label={t("reports.form.primaryColor")} error={messagesAt(err, "branding.primaryColor")}>
              {(id) => (
                <span className="report-color">
                  <input type="color" aria-label={t("reports.form.primaryColor")} value={/^#[0-9a-f]{6}$/i.test(primaryColor) ? primaryColor : "#000000"} onChange={(e) => setPrimaryColor(e.target.value)} />
                  <input id={id} value={primaryColor} onChange={(e) => setPrimaryColor(e.target.value)} data-testid="report-primary" />
                </span>
              )}
            </Field>
            <Field label={t("reports.form.accentColor")} error={messagesAt(err, "branding.accentColor")}>
              {(id) => (
                <span className="report-color">
                  <input type="color" aria-label={t("reports.form.accentColor")} value={/^#[0-9a-f]{6}$/i.test(accentColor) ? accentColor : "#000000"} onChange={(e) => setAccentColor(e.target.value)} />
                  <input id={id} value={accentColor} onChange={(e) => setAccentColor(e.target.value)} />
                </span>
              )}
            </Field>
            <Field label={t("reports.form.logo")} error={messagesAt(err, "branding.logoMediaId")} hint={uploading !== null ? t("reports.form.uploading", { percent: Math.round(uploading * 100) }) : logoMediaId ? t("reports.form.logoSet") : t("reports.form.logoHint")}>
              {(id, d) => (
                <span className="report-logo">
                  <input id={id} aria-describedby={d} type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => void onLogo(e.target.files?.[0])} />
                  {logoMediaId ? (
                    <button type="button" className="btn btn--ghost" onClick={() => setLogoMediaId(null)}>
                      {t("common.remove")}
                    </button>
                  ) : null}
                </span>
              )}
            </Field>
          </div>
          <FormError error={uploadError} />
        </fieldset>

        {err && !(err instanceof ApiError && err.errors.length) ? <FormError error={err} /> : null}
        {err instanceof ApiError && err.errors.length ? <p className="form-error">{t("reports.form.fix")}</p> : null}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending || uploading !== null} data-testid="report-save">
            {t("common.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
