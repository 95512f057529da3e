/**
 * Add or change an alert rule: what it watches (a volume spike, a negative share, a big author),
 * its thresholds — prefilled with the defaults the team agreed on — whom it tells, and how long it
 * then stays quiet. A webhook's signing secret is shown once, when it is made.
 */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api.js";
import { CopyButton } from "../common/buttons.js";
import { fieldError } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useRuleActions } from "./queries.js";
import { type AlertRule, type ListeningQuery, type RuleType, ruleTypes } from "./types.js";

/** The form's fields per rule type; the negative share is entered in percent and sent as 0…1. */
const paramFields: Record<RuleType, { key: string; step: string; min: number; max?: number }[]> = {
  volume_spike: [
    { key: "factor", step: "0.1", min: 1.1, max: 100 },
    { key: "windowMinutes", step: "1", min: 10, max: 1440 },
    { key: "baselineDays", step: "1", min: 1, max: 60 },
    { key: "minMentions", step: "1", min: 1 },
  ],
  negative_share: [
    { key: "thresholdPercent", step: "1", min: 1, max: 99 },
    { key: "windowMinutes", step: "1", min: 10, max: 10080 },
    { key: "minMentions", step: "1", min: 1 },
  ],
  influencer: [{ key: "minFollowers", step: "1000", min: 100 }],
};

const defaults: Record<RuleType, Record<string, string>> = {
  volume_spike: { factor: "3", windowMinutes: "60", baselineDays: "7", minMentions: "10" },
  negative_share: { thresholdPercent: "30", windowMinutes: "120", minMentions: "10" },
  influencer: { minFollowers: "50000" },
};

const defaultCooldown = 120;

function formParams(rule: AlertRule): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.params)) {
    if (k === "threshold") out.thresholdPercent = String(Math.round(v * 1000) / 10);
    else out[k] = String(v);
  }
  return { ...defaults[rule.type], ...out };
}

function apiParams(values: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v.trim() === "") continue;
    if (k === "thresholdPercent") out.threshold = Number(v) / 100;
    else out[k] = Number(v);
  }
  return out;
}

/** Every message the server gave for a field (one per bad e-mail address, say). */
function messagesAt(err: unknown, path: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const msgs = err.errors.filter((e) => e.path === path).map((e) => e.message);
  return msgs.length ? msgs.join("; ") : undefined;
}

type Props = { existing: AlertRule | null; queries: ListeningQuery[]; onClose: () => void };

export function RuleDialog({ existing, queries, onClose }: Props) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { create, update } = useRuleActions(workspace.id, brand.id);
  const save = existing ? update : create;
  const [type, setType] = useState<RuleType>(existing?.type ?? "volume_spike");
  const [name, setName] = useState(existing?.name ?? t("listening.rules.defaultName.volume_spike"));
  const [nameTouched, setNameTouched] = useState(Boolean(existing));
  const [params, setParams] = useState<Record<string, string>>(() => (existing ? formParams(existing) : { ...defaults.volume_spike }));
  const [queryId, setQueryId] = useState(existing?.queryId ?? "");
  const [emails, setEmails] = useState(existing?.emails.join(", ") ?? "");
  const [webhookUrl, setWebhookUrl] = useState(existing?.webhookUrl ?? "");
  const [cooldown, setCooldown] = useState(String(existing?.cooldownMinutes ?? defaultCooldown));
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [rotate, setRotate] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  // The server speaks of a share (0…1); the form of percent: its message would confuse here.
  const [percentProblem, setPercentProblem] = useState(false);

  const chooseType = (next: RuleType) => {
    setType(next);
    setParams({ ...defaults[next] });
    if (!nameTouched) setName(t(`listening.rules.defaultName.${next}`));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const pct = Number(params.thresholdPercent);
    const badPercent = type === "negative_share" && !(pct > 0 && pct < 100);
    setPercentProblem(badPercent);
    if (badPercent) return;
    const body = {
      name: name.trim(),
      params: apiParams(params),
      queryId: queryId || null,
      emails: emails
        .split(/[,;\s]+/)
        .map((x) => x.trim())
        .filter(Boolean),
      webhookUrl: webhookUrl.trim() || null,
      cooldownMinutes: Number(cooldown) || defaultCooldown,
      enabled,
    };
    const done = (r: { webhookSecret: string | null }) => (r.webhookSecret ? setSecret(r.webhookSecret) : onClose());
    if (existing) update.mutate({ id: existing.id, ...body, ...(rotate ? { rotateSecret: true } : {}) }, { onSuccess: done });
    else create.mutate({ type, ...body }, { onSuccess: done });
  };

  const title = existing ? t("listening.rules.editTitle") : t("listening.rules.addTitle");
  if (secret) {
    return (
      <Modal title={title} onClose={onClose} testId="rule-dialog">
        <div className="stack">
          <div className="notice notice--success" data-testid="rule-secret">
            <p>{t("listening.rules.secretOnce")}</p>
            <div className="copy-row">
              <input className="input input--mono" readOnly value={secret} aria-label={t("listening.rules.secret")} onFocus={(e) => e.target.select()} data-testid="rule-secret-value" />
              <CopyButton text={secret} testId="rule-secret-copy" />
            </div>
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn--primary" onClick={onClose} data-testid="rule-secret-done">
              {t("listening.done")}
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  const known = ["name", "queryId", "emails", "webhookUrl", "cooldownMinutes", ...paramFields[type].map((f) => `params.${f.key === "thresholdPercent" ? "threshold" : f.key}`)];
  const unplaced = save.error instanceof ApiError && (save.error.errors.length === 0 || save.error.errors.some((e) => !known.includes(e.path)));

  return (
    <Modal title={title} onClose={onClose} testId="rule-dialog">
      <form className="stack listen-rule-form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t("listening.rules.name")} error={fieldError(save.error, "name")}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="input"
                maxLength={120}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameTouched(true);
                }}
                data-testid="rule-name"
              />
            )}
          </Field>
          <Field label={t("listening.rules.type")} hint={existing ? t("listening.rules.typeFixed") : undefined}>
            {(id, d) => (
              <select id={id} aria-describedby={d} className="select" value={type} disabled={Boolean(existing)} onChange={(e) => chooseType(e.target.value as RuleType)} data-testid="rule-type">
                {ruleTypes.map((x) => (
                  <option key={x} value={x}>
                    {t(`listening.rules.types.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <p className="muted small">{t(`listening.rules.explain.${type}`)}</p>
        <div className="form-grid">
          {paramFields[type].map((f) => (
            <Field key={f.key} label={t(`listening.rules.params.${f.key}`)} error={
                f.key === "thresholdPercent"
                  ? percentProblem
                    ? t("listening.rules.percentRange")
                    : fieldError(save.error, "params.threshold") && t("listening.rules.percentRange")
                  : fieldError(save.error, `params.${f.key}`)
              }
            >
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  className="input"
                  type="number"
                  inputMode="decimal"
                  step={f.step}
                  min={f.min}
                  max={f.max}
                  value={params[f.key] ?? ""}
                  onChange={(e) => setParams((p) => ({ ...p, [f.key]: e.target.value }))}
                  data-testid={`rule-param-${f.key}`}
                />
              )}
            </Field>
          ))}
        </div>
        <Field label={t("listening.rules.query")} error={fieldError(save.error, "queryId")}>
          {(id, d) => (
            <select id={id} aria-describedby={d} className="select" value={queryId} onChange={(e) => setQueryId(e.target.value)} data-testid="rule-query">
              <option value="">{t("listening.rules.anyQuery")}</option>
              {queries.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("listening.rules.emails")} error={messagesAt(save.error, "emails")} hint={t("listening.rules.emailsHint")}>
          {(id, d) => (
            <input id={id} aria-describedby={d} className="input" value={emails} placeholder="pr@example.com, smm@example.com" onChange={(e) => setEmails(e.target.value)} data-testid="rule-emails" />
          )}
        </Field>
        <Field label={t("listening.rules.webhook")} error={fieldError(save.error, "webhookUrl")} hint={t("listening.rules.webhookHint")}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              className="input"
              type="url"
              inputMode="url"
              placeholder="https://hooks.example.com/chorus"
              value={webhookUrl}
              onChange={(e) => setWebhookUrl(e.target.value)}
              data-testid="rule-webhook"
            />
          )}
        </Field>
        {existing?.webhookUrl && webhookUrl.trim() ? (
          <label className="check">
            <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.target.checked)} data-testid="rule-rotate" />
            {t("listening.rules.rotate")}
          </label>
        ) : null}
        <div className="form-grid">
          <Field label={t("listening.rules.cooldown")} error={fieldError(save.error, "cooldownMinutes")} hint={t("listening.rules.cooldownHint")}>
            {(id, d) => (
              <input
                id={id}
                aria-describedby={d}
                className="input"
                type="number"
                min={5}
                max={10080}
                step={5}
                value={cooldown}
                onChange={(e) => setCooldown(e.target.value)}
                data-testid="rule-cooldown"
              />
            )}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="rule-enabled" />
          {t("listening.rules.enabledLabel")}
        </label>
        {unplaced || (save.error && !(save.error instanceof ApiError)) ? <FormError error={save.error} testId="rule-save-error" /> : null}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending || !name.trim()} data-testid="rule-save">
            {save.isPending ? t("listening.rules.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
