/**
 * The brand's publishing settings: its rubrics (the content plan's categories), the approval
 * steps in order with the roles that decide each, how long a request waits, and what happens to a
 * post whose time passed while Chorus could not publish.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import { useBrandSettings, useSaveBrandSettings } from "../publishing/queries.js";
import type { BrandSettings } from "../publishing/types.js";
import { useShell } from "../shell/workspace.js";
import { roles } from "../types.js";

type Form = {
  rubrics: { key: number; name: string }[];
  steps: { key: number; name: string; roles: string[] }[];
  deadline: string;
  policy: BrandSettings["missedPostPolicy"];
  lateMinutes: string;
  slaMinutes: string;
  hoursOn: boolean;
  days: number[];
  start: string;
  end: string;
};

const weekdays = [1, 2, 3, 4, 5, 6, 7];

let seq = 0;
const key = () => ++seq;

function toForm(s: BrandSettings): Form {
  return {
    rubrics: s.rubrics.map((name) => ({ key: key(), name })),
    steps: s.approvalSteps.map((st) => ({ key: key(), name: st.name, roles: [...st.roles] })),
    deadline: s.approvalDeadlineHours === null ? "" : String(s.approvalDeadlineHours),
    policy: s.missedPostPolicy,
    lateMinutes: String(s.lateThresholdMinutes),
    slaMinutes: String(s.responseSlaMinutes ?? 60),
    hoursOn: Boolean(s.workingHours),
    days: s.workingHours?.days ?? [1, 2, 3, 4, 5],
    start: s.workingHours?.start ?? "09:00",
    end: s.workingHours?.end ?? "18:00",
  };
}

function toSettings(f: Form): BrandSettings {
  return {
    rubrics: f.rubrics.map((r) => r.name.trim()).filter(Boolean),
    approvalSteps: f.steps.map((s) => ({ name: s.name.trim(), roles: s.roles })),
    approvalDeadlineHours: f.deadline.trim() ? Number(f.deadline) : null,
    missedPostPolicy: f.policy,
    lateThresholdMinutes: Number(f.lateMinutes || "15"),
    responseSlaMinutes: Number(f.slaMinutes || "60"),
    workingHours: f.hoursOn ? { days: [...f.days].sort(), start: f.start, end: f.end } : null,
  };
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

function SettingsForm({ initial }: { initial: BrandSettings }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const save = useSaveBrandSettings(workspace.id, brand.id);
  const [form, setForm] = useState<Form>(() => toForm(initial));
  const err = save.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Settings this form does not show (link shortening) are sent back unchanged.
    save.mutate({ ...initial, ...toSettings(form) });
  };
  const setStep = (i: number, patch: Partial<Form["steps"][number]>) =>
    setForm((f) => ({ ...f, steps: f.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));

  return (
    <form className="stack" onSubmit={submit} data-testid="brand-settings-form">
      <fieldset className="field">
        <legend className="field__label">{t("brandSettings.rubrics")}</legend>
        <p className="field__hint">{t("brandSettings.rubricsHint")}</p>
        <ul className="edit-list">
          {form.rubrics.map((r, i) => (
            <li key={r.key} className="edit-list__row">
              <input
                className="input"
                aria-label={t("brandSettings.rubric", { n: i + 1 })}
                value={r.name}
                onChange={(e) => setForm((f) => ({ ...f, rubrics: f.rubrics.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) }))}
                data-testid="rubric-input"
              />
              <button type="button" className="btn btn--ghost btn--icon" aria-label={t("common.remove")} onClick={() => setForm((f) => ({ ...f, rubrics: f.rubrics.filter((_, j) => j !== i) }))}>
                ×
              </button>
              {fieldError(err, `rubrics.${i}`) ? <span className="field__error">{fieldError(err, `rubrics.${i}`)}</span> : null}
            </li>
          ))}
        </ul>
        <div>
          <button type="button" className="btn btn--secondary" onClick={() => setForm((f) => ({ ...f, rubrics: [...f.rubrics, { key: key(), name: "" }] }))} data-testid="rubric-add">
            {t("brandSettings.addRubric")}
          </button>
        </div>
      </fieldset>

      <fieldset className="field">
        <legend className="field__label">{t("brandSettings.steps")}</legend>
        <p className="field__hint">{t("brandSettings.stepsHint")}</p>
        <ol className="edit-list">
          {form.steps.map((s, i) => (
            <li key={s.key} className="edit-list__step" data-testid="step-row">
              <div className="edit-list__row">
                <input
                  className="input"
                  aria-label={t("brandSettings.stepName", { n: i + 1 })}
                  value={s.name}
                  onChange={(e) => setStep(i, { name: e.target.value })}
                  data-testid="step-name"
                />
                <button type="button" className="btn btn--ghost btn--icon" aria-label={t("brandSettings.up")} disabled={i === 0} onClick={() => setForm((f) => ({ ...f, steps: move(f.steps, i, i - 1) }))}>
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--icon"
                  aria-label={t("brandSettings.down")}
                  disabled={i === form.steps.length - 1}
                  onClick={() => setForm((f) => ({ ...f, steps: move(f.steps, i, i + 1) }))}
                >
                  ↓
                </button>
                <button type="button" className="btn btn--ghost btn--icon" aria-label={t("common.remove")} onClick={() => setForm((f) => ({ ...f, steps: f.steps.filter((_, j) => j !== i) }))}>
                  ×
                </button>
              </div>
              <div className="role-checks">
                {roles.map((r) => (
                  <label key={r} className="check">
                    <input
                      type="checkbox"
                      checked={s.roles.includes(r)}
                      onChange={(e) => setStep(i, { roles: e.target.checked ? [...s.roles, r] : s.roles.filter((x) => x !== r) })}
                    />
                    {t(`roles.${r}`)}
                  </label>
                ))}
              </div>
              {fieldError(err, `approvalSteps.${i}.name`) || fieldError(err, `approvalSteps.${i}.roles`) ? (
                <span className="field__error">{fieldError(err, `approvalSteps.${i}.name`) ?? fieldError(err, `approvalSteps.${i}.roles`)}</span>
              ) : null}
            </li>
          ))}
        </ol>
        {form.steps.length === 0 ? <p className="muted">{t("brandSettings.noSteps")}</p> : null}
        <div>
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => setForm((f) => ({ ...f, steps: [...f.steps, { key: key(), name: "", roles: ["owner", "manager"] }] }))}
            data-testid="step-add"
          >
            {t("brandSettings.addStep")}
          </button>
        </div>
      </fieldset>

      <div className="form-grid">
        <Field label={`${t("brandSettings.deadline")} (${t("common.optional")})`} hint={t("brandSettings.deadlineHint")} error={fieldError(err, "approvalDeadlineHours")}>
          {(id, d) => (
            <input id={id} aria-describedby={d} className="input" type="number" min={1} value={form.deadline} onChange={(e) => setForm((f) => ({ ...f, deadline: e.target.value }))} />
          )}
        </Field>
        <Field label={t("brandSettings.policy")} error={fieldError(err, "missedPostPolicy")}>
          {(id) => (
            <select id={id} className="select" value={form.policy} onChange={(e) => setForm((f) => ({ ...f, policy: e.target.value as Form["policy"] }))} data-testid="missed-policy">
              <option value="publish_late">{t("brandSettings.publishLate")}</option>
              <option value="hold">{t("brandSettings.hold")}</option>
            </select>
          )}
        </Field>
        <Field label={t("brandSettings.lateMinutes")} hint={t("brandSettings.lateMinutesHint")} error={fieldError(err, "lateThresholdMinutes")}>
          {(id, d) => (
            <input id={id} aria-describedby={d} className="input" type="number" min={1} value={form.lateMinutes} onChange={(e) => setForm((f) => ({ ...f, lateMinutes: e.target.value }))} />
          )}
        </Field>
      </div>

      <fieldset className="field" data-testid="sla-settings">
        <legend className="field__label">{t("brandSettings.sla")}</legend>
        <p className="field__hint">{t("brandSettings.slaHint")}</p>
        <div className="form-grid">
          <Field label={t("brandSettings.slaMinutes")} error={fieldError(err, "responseSlaMinutes")}>
            {(id) => (
              <input id={id} className="input" type="number" min={1} value={form.slaMinutes} onChange={(e) => setForm((f) => ({ ...f, slaMinutes: e.target.value }))} data-testid="sla-minutes" />
            )}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={form.hoursOn} onChange={(e) => setForm((f) => ({ ...f, hoursOn: e.target.checked }))} data-testid="working-hours-on" />
          {t("brandSettings.workingHoursOn")}
        </label>
        {form.hoursOn ? (
          <>
            <fieldset className="role-checks">
              <legend className="visually-hidden">{t("brandSettings.workingDays")}</legend>
              {weekdays.map((d) => (
                <label key={d} className="check">
                  <input
                    type="checkbox"
                    checked={form.days.includes(d)}
                    onChange={(e) => setForm((f) => ({ ...f, days: e.target.checked ? [...f.days, d] : f.days.filter((x) => x !== d) }))}
                  />
                  {t(`brandSettings.weekday${d}`)}
                </label>
              ))}
            </fieldset>
            <div className="form-grid">
              <Field label={t("brandSettings.workStart")} error={fieldError(err, "workingHours.start")}>
                {(id) => <input id={id} className="input" type="time" value={form.start} onChange={(e) => setForm((f) => ({ ...f, start: e.target.value }))} />}
              </Field>
              <Field label={t("brandSettings.workEnd")} error={fieldError(err, "workingHours.end") ?? fieldError(err, "workingHours.days")}>
                {(id) => <input id={id} className="input" type="time" value={form.end} onChange={(e) => setForm((f) => ({ ...f, end: e.target.value }))} />}
              </Field>
            </div>
          </>
        ) : null}
      </fieldset>
      <FormError error={err} />
      <div className="form-actions form-actions--start">
        <button type="submit" className="btn btn--primary" disabled={save.isPending} data-testid="brand-settings-save">
          {t("common.save")}
        </button>
        {save.isSuccess ? <span className="muted">{t("common.saved")}</span> : null}
      </div>
    </form>
  );
}

export function BrandSettingsSection() {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const settings = useBrandSettings(workspace.id, brand.id);
  return (
    <section className="card" data-testid="brand-settings">
      <h2 className="card__title">{t("brandSettings.title", { brand: brand.name })}</h2>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        // Keyed by brand: switching brand shows that brand's settings afresh.
        <SettingsForm key={brand.id} initial={settings.data} />
      )}
    </section>
  );
}
