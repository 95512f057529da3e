/** Queries: what the brand listens for — its name, products, competitors and topics — with their mentions of the last 7 days. */
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { formatNumber } from "../common/format.js";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useListeningQueries, useQueryActions } from "./queries.js";
import { QueryDialog } from "./query-dialog.js";
import { EditDeleteCell, EnabledCell } from "./row-controls.js";
import type { ListeningQuery } from "./types.js";

export function QueriesTab() {
  const { t } = useTranslation();
  const { workspace, brand, base, can } = useShell();
  const queries = useListeningQueries(workspace.id, brand.id);
  const { update, remove } = useQueryActions(workspace.id, brand.id);
  const manage = can("listening.manage");
  // null: closed; "new": adding; else the query being edited.
  const [editing, setEditing] = useState<ListeningQuery | "new" | null>(null);
  const close = useCallback(() => setEditing(null), []);
  const items = queries.data?.items ?? [];

  return (
    <div className="stack">
      <div className="listen-toolbar">
        <p className="muted listen-toolbar__text">{t("listening.queries.intro")}</p>
        {manage ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing("new")} data-testid="query-add">
            {t("listening.queries.add")}
          </button>
        ) : null}
      </div>
      <FormError error={update.error ?? remove.error} testId="query-list-error" />
      {queries.isPending ? (
        <Loading />
      ) : queries.isError ? (
        <ErrorState error={queries.error} onRetry={() => void queries.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t("listening.queries.empty")} testId="queries-empty">
          <p className="empty__text">{t("listening.queries.emptyHint")}</p>
        </EmptyState>
      ) : (
        <section className="card card--flush">
          <table className="table" data-testid="queries-table">
            <thead>
              <tr>
                <th>{t("listening.queries.name")}</th>
                <th>{t("listening.queries.kind")}</th>
                <th>{t("listening.queries.query")}</th>
                <th className="num">{t("listening.queries.mentions7d")}</th>
                <th>{t("listening.queries.enabled")}</th>
                {manage ? (
                  <th>
                    <span className="visually-hidden">{t("listening.actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr key={q.id} data-testid="query-row" data-id={q.id} data-enabled={q.enabled ? "true" : "false"}>
                  <td>
                    <Link to={`${base}/listening?query=${encodeURIComponent(q.id)}`} title={t("listening.queries.showMentions")}>
                      {q.name}
                    </Link>
                  </td>
                  <td>
                    <span className={`chip listen-kind listen-kind--${q.kind}`}>{t(`listening.kinds.${q.kind}`)}</span>
                  </td>
                  <td className="listen-query-cell">
                    <code className="listen-query-text">{q.query}</code>
                    {q.searchTerms === null ? <div className="small listen-warn">{t("listening.queries.noSearchTermsShort")}</div> : null}
                  </td>
                  <td className="num">{formatNumber(q.mentions7d)}</td>
                  <EnabledCell
                    enabled={q.enabled}
                    disabled={!manage || update.isPending}
                    label={t("listening.queries.enabledFor", { name: q.name })}
                    onChange={(enabled) => update.mutate({ id: q.id, enabled })}
                    testId="query-toggle"
                  />
                  {manage ? (
                    <EditDeleteCell
                      onEdit={() => setEditing(q)}
                      question={t("listening.queries.deleteConfirm", { name: q.name })}
                      onDelete={() => remove.mutate(q.id)}
                      busy={remove.isPending}
                      testPrefix="query"
                    />
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {editing ? <QueryDialog existing={editing === "new" ? null : editing} onClose={close} /> : null}
    </div>
  );
}
