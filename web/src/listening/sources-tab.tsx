/**
 * Sources: where the brand listens — networks searched through its accounts, RSS/Atom feeds, and
 * imported files — with each one's state: last run, what it brought, its last error and next run.
 */
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton } from "../common/buttons.js";
import { formatNumber, formatTimeAgo } from "../common/format.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { formatInZone } from "../common/zone.js";
import { safeUrl } from "../inbox/badges.js";
import { useShell } from "../shell/workspace.js";
import { useNetworkName } from "./format.js";
import { ImportDialog } from "./import-dialog.js";
import { useSourceActions, useSources } from "./queries.js";
import { SourceDialog } from "./source-dialog.js";
import type { ListeningSource } from "./types.js";

const typeIcons: Record<ListeningSource["type"], string> = { network: "◎", feed: "⌁", import: "⇪" };

export function SourcesTab() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const sources = useSources(workspace.id, brand.id);
  const actions = useSourceActions(workspace.id, brand.id);
  const manage = can("listening.manage");
  const [dialog, setDialog] = useState<"add" | "import" | null>(null);
  const close = useCallback(() => setDialog(null), []);
  const [queued, setQueued] = useState<string | null>(null);
  const items = sources.data?.items ?? [];
  const { update, remove, run } = actions;

  return (
    <div className="stack">
      <div className="listen-toolbar">
        <p className="muted listen-toolbar__text">{t("listening.sources.intro")}</p>
        {manage ? (
          <span className="inline-row">
            <button type="button" className="btn btn--secondary" onClick={() => setDialog("import")} data-testid="source-import">
              {t("listening.sources.import")}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => setDialog("add")} data-testid="source-add">
              {t("listening.sources.add")}
            </button>
          </span>
        ) : null}
      </div>
      {queued ? (
        <p className="notice notice--success" role="status" data-testid="source-queued">
          {t("listening.sources.queued", { name: queued })}
        </p>
      ) : null}
      <FormError error={update.error ?? remove.error ?? run.error} testId="source-error" />
      {sources.isPending ? (
        <Loading />
      ) : sources.isError ? (
        <ErrorState error={sources.error} onRetry={() => void sources.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t("listening.sources.empty")} testId="sources-empty">
          <p className="empty__text">{t("listening.sources.emptyHint")}</p>
        </EmptyState>
      ) : (
        <section className="card card--flush">
          <table className="table" data-testid="sources-table">
            <thead>
              <tr>
                <th>{t("listening.sources.source")}</th>
                <th>{t("listening.sources.state")}</th>
                <th className="num">{t("listening.sources.items")}</th>
                <th>{t("listening.sources.nextRun")}</th>
                {manage ? (
                  <th>
                    <span className="visually-hidden">{t("listening.actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <SourceRow
                  key={s.id}
                  source={s}
                  manage={manage}
                  busy={update.isPending || remove.isPending || run.isPending}
                  onRun={() => run.mutate(s.id, { onSuccess: () => setQueued(s.name) })}
                  onToggle={() => update.mutate({ id: s.id, enabled: !s.enabled })}
                  onDelete={() => remove.mutate(s.id)}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
      {dialog === "add" ? <SourceDialog onClose={close} /> : null}
      {dialog === "import" ? <ImportDialog onClose={close} /> : null}
    </div>
  );
}

type RowProps = { source: ListeningSource; manage: boolean; busy: boolean; onRun: () => void; onToggle: () => void; onDelete: () => void };

function SourceRow({ source: s, manage, busy, onRun, onToggle, onDelete }: RowProps) {
  const { t } = useTranslation();
  const { brand } = useShell();
  const networkName = useNetworkName();
  const feedUrl = safeUrl(s.url);
  return (
    <tr data-testid="source" data-id={s.id} data-state={s.state} data-type={s.type}>
      <td>
        <div className="listen-source">
          <span className="listen-source__icon" aria-hidden="true">
            {typeIcons[s.type]}
          </span>
          <div className="listen-source__body">
            <span className="listen-source__name">{s.name}</span>
            <span className="muted small">
              {t(`listening.sources.types.${s.type}`)}
              {s.channel ? ` · @${s.channel.handle.replace(/^@/, "")} · ${networkName(s.channel.network)}` : ""}
            </span>
            {s.url ? (
              feedUrl ? (
                <a className="small listen-source__url" href={feedUrl} target="_blank" rel="noopener noreferrer">
                  {s.url}
                </a>
              ) : (
                <span className="small listen-source__url">{s.url}</span>
              )
            ) : null}
          </div>
        </div>
      </td>
      <td>
        <span className={`status listen-state listen-state--${s.state}`} data-testid="source-state">
          {t(`listening.sources.states.${s.state}`)}
        </span>
        <div className="muted small" title={s.lastRunAt ? formatInZone(s.lastRunAt, brand.timezone) : undefined}>
          {s.lastRunAt ? t("listening.sources.lastRun", { when: formatTimeAgo(s.lastRunAt) }) : t("listening.sources.neverRun")}
        </div>
        {s.lastError ? (
          <div className={s.state === "error" ? "small listen-source__error" : "small muted"} data-testid="source-last-error">
            {s.failures > 1 ? t("listening.sources.failedTimes", { count: s.failures, error: s.lastError }) : s.lastError}
          </div>
        ) : null}
      </td>
      <td className="num">
        <div>{t("listening.sources.itemsLastRun", { value: formatNumber(s.itemsLastRun) })}</div>
        <div className="muted small">{t("listening.sources.itemsTotal", { value: formatNumber(s.itemsTotal) })}</div>
      </td>
      <td className="muted nowrap" title={s.nextRunAt ? formatInZone(s.nextRunAt, brand.timezone) : undefined}>
        {s.type === "import" ? t("listening.sources.noRuns") : s.nextRunAt ? formatTimeAgo(s.nextRunAt) : "—"}
      </td>
      {manage ? (
        <td className="table__actions">
          {s.type !== "import" ? (
            <>
              <button type="button" className="btn btn--small btn--ghost" disabled={busy || !s.enabled} onClick={onRun} data-testid="source-run">
                {t("listening.sources.runNow")}
              </button>
              <button type="button" className="btn btn--small btn--ghost" disabled={busy} onClick={onToggle} data-testid="source-toggle">
                {s.enabled ? t("listening.sources.pause") : t("listening.sources.resume")}
              </button>
            </>
          ) : null}
          <ConfirmButton label={t("listening.delete")} question={t("listening.sources.deleteConfirm")} onConfirm={onDelete} busy={busy} testId="source-delete" />
        </td>
      ) : null}
    </tr>
  );
}
