/**
 * /brief/:token — the client fills in the agency's brief without an account: a plain, mobile-first
 * form in sections, each server message beside its field (in the client's language), a thank-you
 * once sent, and a clear word when the link is used, expired or withdrawn. Everything the agency or
 * the client typed is shown as text, never as HTML.
 */
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { ApiError } from "../api.js";
import { PublicCard } from "../auth/public-card.js";
import { Field } from "../common/field.js";
import { formatDate } from "../common/format.js";
import { FormError, Loading } from "../common/states.js";
import { i18n, storedLocale } from "../i18n/index.js";
import { answersOf, type Draft, draftOf, fieldOf } from "./brief-draft.js";
import { BriefGoneError, usePublicBrief, useSubmitBrief } from "./queries.js";
import type { PublicBrief } from "./types.js";
import "./briefs.css";

export function BriefPage() {
  const { token = "" } = useParams();
  const info = usePublicBrief(token);
  const language = info.data?.language;

  // The agency may set the form's language; a language the visitor chose themselves wins.
  useEffect(() => {
    if (language && !storedLocale() && i18n.language !== language) void i18n.changeLanguage(language);
  }, [language]);

  let body: ReactNode;
  if (info.isPending) body = <Loading />;
  else if (info.isError) body = <Closed error={info.error} />;
  else body = <BriefForm token={token} brief={info.data} />;
  return (
    <PublicCard wide>
      <div className="brief-page">{body}</div>
    </PublicCard>
  );
}

function Closed({ error }: { error: unknown }) {
  const { t } = useTranslation();
  let text: string;
  if (error instanceof BriefGoneError) {
    const agency = error.workspaceName;
    if (error.reason === "revoked") text = t("briefs.form.goneRevoked");
    else if (error.reason === "submitted") text = agency ? t("briefs.form.goneSubmitted", { agency }) : t("briefs.form.goneSubmittedNoName");
    else text = agency ? t("briefs.form.goneExpired", { agency }) : t("briefs.form.goneExpiredNoName");
  } else if (error instanceof ApiError && error.status === 404) text = t("briefs.form.notFound");
  else
    return (
      <>
        <h1>{t("briefs.form.invalid")}</h1>
        <FormError error={error} />
      </>
    );
  return (
    <div className="stack" data-testid="brief-gone" data-reason={error instanceof BriefGoneError ? error.reason : "not_found"}>
      <h1>{error instanceof BriefGoneError && error.reason === "submitted" ? t("briefs.form.alreadySent") : t("briefs.form.invalid")}</h1>
      <p>{text}</p>
    </div>
  );
}

type FieldName = keyof Draft;

function BriefForm({ token, brief }: { token: string; brief: PublicBrief }) {
  const { t } = useTranslation();
  const known = brief.choices.networks.map((n) => n.key);
  const [draft, setDraft] = useState<Draft>(() => draftOf(brief.prefill, known));
  const submit = useSubmitBrief(token);
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends FieldName>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const problems = submit.error instanceof ApiError ? submit.error.errors : [];
  const errorOf = (field: string): string | undefined => {
    const p = problems.find((e) => fieldOf(e.path) === field);
    return p ? t(`briefs.form.errors.${field}`, { defaultValue: p.message }) : undefined;
  };

  // After a refused send (not on every keystroke after it), bring the first field to fix into view.
  const refused = submit.error;
  useEffect(() => {
    if (!(refused instanceof ApiError) || refused.errors.length === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>(".field--invalid, .brief-group--invalid");
    first?.scrollIntoView({ behavior: "smooth", block: "center" });
    first?.querySelector<HTMLElement>("input, textarea, select")?.focus({ preventScroll: true });
  }, [refused]);

  if (submit.data) {
    return (
      <div className="stack" data-testid="brief-done">
        <h1>{t("briefs.form.doneTitle")}</h1>
        <p>{t("briefs.form.doneText", { agency: brief.workspaceName })}</p>
      </div>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate(answersOf(draft));
  };

  const text = (name: FieldName, opts: { rows?: number; max: number; hint?: string; type?: string; autoComplete?: string; inputMode?: "email" | "url" | "decimal" } = { max: 200 }) => (
    <Field label={t(`briefs.form.${name}`)} hint={opts.hint} error={errorOf(name)} testId={`brief-${name}`}>
      {(id, d) =>
        opts.rows ? (
          <textarea
            id={id}
            aria-describedby={d}
            aria-invalid={errorOf(name) ? true : undefined}
            className="textarea"
            rows={opts.rows}
            maxLength={opts.max}
            value={draft[name] as string}
            onChange={(e) => set(name, e.target.value)}
            data-testid={`brief-${name}`}
          />
        ) : (
          <input
            id={id}
            aria-describedby={d}
            aria-invalid={errorOf(name) ? true : undefined}
            className="input"
            type={opts.type ?? "text"}
            inputMode={opts.inputMode}
            autoComplete={opts.autoComplete}
            maxLength={opts.max}
            value={draft[name] as string}
            onChange={(e) => set(name, e.target.value)}
            data-testid={`brief-${name}`}
          />
        )
      }
    </Field>
  );

  const toggle = <T extends string>(list: T[], value: T, on: boolean): T[] => (on ? [...list, value] : list.filter((v) => v !== value));
  const networksError = errorOf("networks");
  const goalsError = errorOf("goals");

  return (
    <form ref={formRef} className="brief-form" onSubmit={onSubmit} noValidate data-testid="brief-form">
      <header className="stack stack--sm">
        <p className="muted small" data-testid="brief-agency">
          {t("briefs.form.heading", { agency: brief.workspaceName, brand: brief.brandName })}
        </p>
        <h1 data-testid="brief-title">{brief.title}</h1>
        {brief.message ? <p className="brief-message">{brief.message}</p> : null}
        <p className="muted small">
          {t("briefs.form.intro")} {t("briefs.form.expires", { date: formatDate(brief.expiresAt) })}
        </p>
      </header>

      <Section title={t("briefs.form.sections.company")}>
        <div className="brief-row">
          {text("contactName", { max: 120, autoComplete: "name" })}
          {text("contactEmail", { max: 320, type: "email", inputMode: "email", autoComplete: "email" })}
        </div>
        <div className="brief-row">
          {text("company", { max: 200, autoComplete: "organization" })}
          {text("website", { max: 2000, inputMode: "url", hint: t("briefs.form.websiteHint"), autoComplete: "url" })}
        </div>
        {text("product", { rows: 4, max: 4000, hint: t("briefs.form.productHint") })}
      </Section>

      <Section title={t("briefs.form.sections.networks")}>
        <fieldset className={networksError ? "brief-group brief-group--invalid" : "brief-group"} aria-describedby={networksError ? "brief-networks-msg" : undefined}>
          <legend>{t("briefs.form.networks")}</legend>
          <div className="brief-checks">
            {brief.choices.networks.map((n) => (
              <label key={n.key} className="brief-check">
                <input type="checkbox" checked={draft.networks.includes(n.key)} onChange={(e) => set("networks", toggle(draft.networks, n.key, e.target.checked))} data-testid={`brief-network-${n.key}`} />
                {n.name}
              </label>
            ))}
          </div>
          {networksError ? (
            <p className="field__error" id="brief-networks-msg" role="alert" data-testid="brief-networks-error">
              {networksError}
            </p>
          ) : null}
        </fieldset>
        {text("otherNetworks", { max: 500, hint: t("briefs.form.otherNetworksHint") })}
        {text("existingPages", { rows: 3, max: 15000, hint: t("briefs.form.existingPagesHint") })}
      </Section>

      <Section title={t("briefs.form.sections.audience")}>
        {text("geography", { rows: 2, max: 1000, hint: t("briefs.form.geographyHint") })}
        {text("audience", { rows: 3, max: 4000, hint: t("briefs.form.audienceHint") })}
      </Section>

      <Section title={t("briefs.form.sections.goals")}>
        <fieldset className={goalsError ? "brief-group brief-group--invalid" : "brief-group"} aria-describedby={goalsError ? "brief-goals-msg" : undefined}>
          <legend>{t("briefs.form.goals")}</legend>
          <div className="brief-checks">
            {brief.choices.goals.map((g) => (
              <label key={g} className="brief-check">
                <input type="checkbox" checked={draft.goals.includes(g)} onChange={(e) => set("goals", toggle(draft.goals, g, e.target.checked))} data-testid={`brief-goal-${g}`} />
                {t(`briefs.goals.${g}`)}
              </label>
            ))}
          </div>
          {goalsError ? (
            <p className="field__error" id="brief-goals-msg" role="alert" data-testid="brief-goals-error">
              {goalsError}
            </p>
          ) : null}
        </fieldset>
        {text("goalsDetails", { rows: 3, max: 4000 })}
      </Section>

      <Section title={t("briefs.form.sections.budget")}>
        <div className="brief-row brief-row--3">
          {text("budgetMonthly", { max: 20, inputMode: "decimal" })}
          {text("adBudgetMonthly", { max: 20, inputMode: "decimal" })}
          <Field label={t("briefs.form.currency")} error={errorOf("currency")}>
            {(id, d) => (
              <select id={id} aria-describedby={d} className="select" value={draft.currency} onChange={(e) => set("currency", e.target.value)} data-testid="brief-currency">
                {[...new Set([...brief.choices.currencies, draft.currency])].map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="brief-row">
          {text("periodStart", { max: 10, type: "date" })}
          {text("periodEnd", { max: 10, type: "date" })}
        </div>
      </Section>

      <Section title={t("briefs.form.sections.success")}>{text("successIndicators", { rows: 4, max: 4000, hint: t("briefs.form.successHint") })}</Section>

      <Section title={t("briefs.form.sections.more")}>
        {text("competitors", { rows: 3, max: 15000, hint: t("briefs.form.competitorsHint") })}
        {text("toneOfVoice", { rows: 2, max: 2000, hint: t("briefs.form.toneHint") })}
        {text("restrictions", { rows: 3, max: 4000 })}
        {text("notes", { rows: 3, max: 4000 })}
      </Section>

      {problems.length > 0 ? (
        <p className="form-error" role="alert" data-testid="brief-fix">
          {t("briefs.form.fixErrors")}
        </p>
      ) : (
        <FormError error={submit.error} testId="brief-error" />
      )}
      <button type="submit" className="btn btn--primary btn--block" disabled={submit.isPending} data-testid="brief-submit">
        {submit.isPending ? t("briefs.form.sending") : t("briefs.form.submit")}
      </button>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="brief-section">
      <h2>{title}</h2>
      <div className="stack">{children}</div>
    </section>
  );
}
