/**
 * Alerts: what the rules raised — newest first, unread ones marked, each with its figures, how it
 * was delivered (in the app, by e-mail, to the webhook) and links to the mentions behind it — and
 * the rules themselves, for those who manage listening.
 */
import type { TFunction } from "i18next";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { formatDuration, formatNumber, formatTimeAgo } from "../common/format.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { formatInZone } from "../common/zone.js";
import { useShell } from "../shell/workspace.js";
import { formatCompact, formatShare } from "./format.js";
import { useAlertRules, useAlerts, useListeningQueries, useMarkAlertsRead, useRuleActions } from "./queries.js";
import { RuleDialog } from "./rule-dialog.js";
import { EditDeleteCell, EnabledCell } from "./row-controls.js";
import type { AlertRule, ListeningAlert } from "./types.js";

export function AlertsTab() {
  return (
    <div className="stack stack--lg">
      <AlertList />
      <RuleList />
    </div>
  );
}

function AlertList() {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const alerts = useAlerts(workspace.id, brand.id);
  const rules = useAlertRules(workspace.id, brand.id);
  const markRead = useMarkAlertsRead(workspace.id, brand.id);
  const unread = alerts.data?.unread ?? 0;
  return (
    <section className="stack" aria-labelledby="listen-alerts-title">
      <div className="listen-toolbar">
        <h2 className="listen-section-title" id="listen-alerts-title">
          {t("listening.alerts.title")}
        </h2>
        {unread > 0 ? (
          <button type="button" className="btn btn--secondary" disabled={markRead.isPending} onClick={() => markRead.mutate("all")} data-testid="alerts-read-all">
            {t("listening.alerts.markAllRead")}
          </button>
        ) : null}
      </div>
      <FormError error={markRead.error} />
      {alerts.isPending ? (
        <Loading />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.items.length === 0 ? (
        <EmptyState title={t("listening.alerts.empty")} testId="alerts-empty">
          <p className="empty__text">{t("listening.alerts.emptyHint")}</p>
        </EmptyState>
      ) : (
        <ul className="listen-alerts" data-testid="alert-list">
          {alerts.data.items.map((a) => (
            <AlertItem key={a.id} alert={a} rule={rules.data?.items.find((r) => r.id === a.ruleId)} onRead={() => markRead.mutate([a.id])} />
          ))}
        </ul>
      )}
    </section>
  );
}

function figureText(key: string, value: number): string {
  if (key === "share" || key === "threshold") return formatShare(value, 1);
  if (key === "ratio") return `×${formatNumber(value, { maximumFractionDigits: 1 })}`;
  if (key === "maxFollowers") return formatCompact(value);
  return formatNumber(value, { maximumFractionDigits: 2 });
}

function AlertItem({ alert: a, rule, onRead }: { alert: ListeningAlert; rule: AlertRule | undefined; onRead: () => void }) {
  const { t } = useTranslation();
  const { brand, base } = useShell();
  const unread = a.readAt === null;
  // The whole window, as the rule saw it: its query, and only the negative ones for a negative share.
  const windowParams = new URLSearchParams({ period: "custom", from: a.window.start, to: a.window.end });
  if (rule?.queryId) windowParams.set("query", rule.queryId);
  if (a.type === "negative_share") windowParams.set("sentiment", "negative");
  const figures = Object.entries(a.figures);

  return (
    <li className={unread ? "listen-alert listen-alert--unread" : "listen-alert"} data-testid="alert" data-id={a.id} data-unread={unread ? "true" : "false"} data-type={a.type}>
      <div className="listen-alert__head">
        {unread ? <span className="listen-alert__dot" title={t("listening.alerts.unread")} /> : null}
        <span className={`chip listen-alert__type listen-alert__type--${a.type}`}>{t(`listening.rules.types.${a.type}`)}</span>
        <h3 className="listen-alert__title">{a.title}</h3>
        {unread ? <span className="visually-hidden">{t("listening.alerts.unread")}</span> : null}
        <time className="muted small" dateTime={a.createdAt} title={formatInZone(a.createdAt, brand.timezone)}>
          {formatTimeAgo(a.createdAt)}
        </time>
      </div>
      <p className="muted small">
        {t("listening.alerts.window", { from: formatInZone(a.window.start, brand.timezone), to: formatInZone(a.window.end, brand.timezone) })}
        {rule ? ` · ${t("listening.alerts.rule", { name: rule.name })}` : ""}
      </p>
      {figures.length > 0 ? (
        <dl className="listen-alert__figures">
          {figures.map(([k, v]) => (
            <div key={k}>
              <dt>{t(`listening.alerts.figures.${k}`, { defaultValue: k })}</dt>
              <dd>{figureText(k, v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {a.deliveries.length > 0 ? (
        <ul className="listen-deliveries" aria-label={t("listening.alerts.deliveries")}>
          {a.deliveries.map((d) => (
            <li key={`${d.channel}|${d.at}`} className={d.ok ? "listen-delivery listen-delivery--ok" : "listen-delivery listen-delivery--failed"} data-testid="alert-delivery" data-ok={d.ok ? "true" : "false"}>
              <span className="listen-delivery__channel">{t(`listening.alerts.channels.${d.channel}`)}</span>{" "}
              <span className="listen-delivery__state">{d.ok ? t("listening.alerts.delivered") : t("listening.alerts.failed")}</span>
              {d.to?.length ? <span className="muted"> · {d.to.join(", ")}</span> : null}
              {d.attempts && d.attempts > 1 ? <span className="muted"> · {t("listening.alerts.attempts", { count: d.attempts })}</span> : null}
              {!d.ok && (d.error || d.status) ? (
                <span className="listen-delivery__error">
                  {" "}
                  — {d.status ? `HTTP ${d.status}${d.error ? ": " : ""}` : ""}
                  {d.error ?? ""}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions-row">
        {a.mentionIds.length > 0 ? (
          <Link className="btn btn--small btn--secondary" to={`${base}/listening?alert=${encodeURIComponent(a.id)}`} onClick={unread ? onRead : undefined} data-testid="alert-mentions">
            {t("listening.alerts.showMentions", { count: a.mentionIds.length })}
          </Link>
        ) : null}
        <Link className="btn btn--small btn--ghost" to={`${base}/listening?${windowParams.toString()}`} onClick={unread ? onRead : undefined} data-testid="alert-window">
          {t("listening.alerts.showWindow")}
        </Link>
        {unread ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={onRead} data-testid="alert-read">
            {t("listening.alerts.markRead")}
          </button>
        ) : null}
      </div>
    </li>
  );
}

function ruleSummary(rule: AlertRule, t: TFunction): string {
  const p = rule.params;
  if (rule.type === "volume_spike") {
    return t("listening.rules.summary.volume_spike", {
      factor: formatNumber(p.factor ?? 0, { maximumFractionDigits: 1 }),
      window: formatDuration(p.windowMinutes ?? 0),
      min: formatNumber(p.minMentions ?? 0),
      days: p.baselineDays ?? 0,
    });
  }
  if (rule.type === "negative_share") {
    return t("listening.rules.summary.negative_share", { share: formatShare(p.threshold ?? 0), window: formatDuration(p.windowMinutes ?? 0), min: formatNumber(p.minMentions ?? 0) });
  }
  return t("listening.rules.summary.influencer", { followers: formatNumber(p.minFollowers ?? 0) });
}

function RuleList() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const rules = useAlertRules(workspace.id, brand.id);
  const queries = useListeningQueries(workspace.id, brand.id);
  const { update, remove } = useRuleActions(workspace.id, brand.id);
  const manage = can("listening.manage");
  const [editing, setEditing] = useState<AlertRule | "new" | null>(null);
  const close = useCallback(() => setEditing(null), []);
  const queryName = (id: string | null) => (id ? (queries.data?.items.find((q) => q.id === id)?.name ?? "—") : t("listening.rules.anyQueryShort"));

  return (
    <section className="stack" aria-labelledby="listen-rules-title">
      <div className="listen-toolbar">
        <h2 className="listen-section-title" id="listen-rules-title">
          {t("listening.rules.title")}
        </h2>
        {manage ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing("new")} data-testid="rule-add">
            {t("listening.rules.add")}
          </button>
        ) : null}
      </div>
      <FormError error={update.error ?? remove.error} />
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.items.length === 0 ? (
        <EmptyState title={t("listening.rules.empty")} testId="rules-empty">
          <p className="empty__text">{t("listening.rules.emptyHint")}</p>
        </EmptyState>
      ) : (
        <section className="card card--flush">
          <table className="table" data-testid="rules-table">
            <thead>
              <tr>
                <th>{t("listening.rules.name")}</th>
                <th>{t("listening.rules.condition")}</th>
                <th>{t("listening.rules.query")}</th>
                <th>{t("listening.rules.notify")}</th>
                <th>{t("listening.rules.lastFired")}</th>
                <th>{t("listening.queries.enabled")}</th>
                {manage ? (
                  <th>
                    <span className="visually-hidden">{t("listening.actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rules.data.items.map((r) => (
                <tr key={r.id} data-testid="rule-row" data-id={r.id}>
                  <td>
                    {r.name}
                    <div className="muted small">{t(`listening.rules.types.${r.type}`)}</div>
                  </td>
                  <td className="small">
                    {ruleSummary(r, t)}
                    <div className="muted">{t("listening.rules.cooldownShort", { duration: formatDuration(r.cooldownMinutes) })}</div>
                  </td>
                  <td className="muted">{queryName(r.queryId)}</td>
                  <td className="small">
                    <div>{t("listening.rules.inApp")}</div>
                    {r.emails.length ? <div className="muted">{r.emails.join(", ")}</div> : null}
                    {r.webhookUrl ? <div className="muted listen-rule__webhook">{t("listening.rules.webhookTo", { url: r.webhookUrl })}</div> : null}
                  </td>
                  <td className="muted nowrap" title={r.lastFiredAt ? formatInZone(r.lastFiredAt, brand.timezone) : undefined}>
                    {r.lastFiredAt ? formatTimeAgo(r.lastFiredAt) : t("common.never")}
                  </td>
                  <EnabledCell
                    enabled={r.enabled}
                    disabled={!manage || update.isPending}
                    label={t("listening.rules.enabledFor", { name: r.name })}
                    onChange={(enabled) => update.mutate({ id: r.id, enabled })}
                    testId="rule-toggle"
                  />
                  {manage ? (
                    <EditDeleteCell
                      onEdit={() => setEditing(r)}
                      question={t("listening.rules.deleteConfirm", { name: r.name })}
                      onDelete={() => remove.mutate(r.id)}
                      busy={remove.isPending}
                      testPrefix="rule"
                    />
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {editing ? <RuleDialog existing={editing === "new" ? null : editing} queries={queries.data?.items ?? []} onClose={close} /> : null}
    </section>
  );
}
