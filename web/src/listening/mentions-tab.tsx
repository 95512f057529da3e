/**
 * Mentions: the brand's mentions newest first, filtered from the query string, with "Load more"
 * for older pages. Those who work on mentions tick them for bulk corrections. Other tabs link here
 * with narrower filters: an author or a source of negativity, a trending term, an alert's mentions.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { EmptyState, ErrorState, FormError, Loading } from "../common/states.js";
import { sentiments } from "../inbox/types.js";
import { useShell } from "../shell/workspace.js";
import { useNetworkName } from "./format.js";
import { MentionCard } from "./mention-card.js";
import { type FilterPatch, isFiltered, MentionFilterBar, readFilters, withFilters } from "./mention-filters.js";
import { useAlerts, useListeningQueries, useMentionActions, useMentions, useMentionsByIds, useSources } from "./queries.js";
import type { Mention, Sentiment } from "./types.js";

// Languages offered before the feed has shown any.
const commonLanguages = ["en", "ru", "uk"];

export function MentionsTab() {
  const { t } = useTranslation();
  const { workspace, brand, can } = useShell();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const alertMode = filters.alert !== null;
  const list = useMentions(workspace.id, brand.id, filters, !alertMode);
  const queries = useListeningQueries(workspace.id, brand.id);
  const sources = useSources(workspace.id, brand.id);
  const alerts = useAlerts(workspace.id, brand.id);
  const networkName = useNetworkName();
  const alert = alertMode ? alerts.data?.items.find((a) => a.id === filters.alert) : undefined;
  const byIds = useMentionsByIds(workspace.id, brand.id, alert?.mentionIds ?? []);

  const feedItems = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const alertItems = byIds
    .map((q) => q.data)
    .filter((m): m is NonNullable<typeof m> => Boolean(m))
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
  const items: Mention[] = alertMode ? alertItems : feedItems;

  const canWork = can("listening.work");
  const [checked, setChecked] = useState<Set<string>>(() => new Set());
  const ticked = useMemo(() => items.filter((m) => checked.has(m.id)).map((m) => m.id), [items, checked]);
  const [bulkDone, setBulkDone] = useState<string | null>(null);

  const onFilter = useCallback(
    (patch: FilterPatch) => {
      setChecked(new Set());
      setBulkDone(null);
      setParams((prev) => withFilters(prev, patch), { replace: true });
    },
    [setParams],
  );

  const sourceItems = sources.data?.items ?? [];
  const networks = useMemo(() => {
    const seen = new Set<string>();
    for (const s of sourceItems) seen.add(s.type === "network" ? (s.channel?.network ?? "") : s.type);
    for (const m of feedItems) seen.add(m.network);
    seen.delete("");
    return [...seen].map((n) => ({ value: n, label: networkName(n) })).sort((a, b) => a.label.localeCompare(b.label));
  }, [sourceItems, feedItems, networkName]);
  const languages = useMemo(
    () => Array.from(new Set([...commonLanguages, ...feedItems.map((m) => m.lang).filter((l): l is string => Boolean(l))])),
    [feedItems],
  );

  const pending = alertMode ? alerts.isPending || byIds.some((q) => q.isPending) : list.isPending;
  // An alert's mention that is gone since is left out rather than failing the list.
  const error = alertMode ? alerts.error : list.isError && items.length === 0 ? list.error : null;
  const allTicked = items.length > 0 && ticked.length === items.length;

  return (
    <div className="listen-feed">
      {alertMode ? (
        // An alert's mentions are a fixed set: the feed's filters do not apply to it.
        <div className="notice notice--warning listen-alert-notice" data-testid="mention-alert-notice">
          <span>{alert ? t("listening.mentions.ofAlert", { count: alert.mentionIds.length, title: alert.title }) : t("listening.mentions.alertGone")}</span>
          <button type="button" className="btn btn--small btn--secondary" onClick={() => onFilter({ alert: null })} data-testid="mention-alert-clear">
            {t("listening.mentions.allMentions")}
          </button>
        </div>
      ) : (
        <MentionFilterBar
          filters={filters}
          queries={queries.data?.items ?? []}
          networks={networks}
          languages={languages}
          zone={brand.timezone}
          sourceName={sourceItems.find((s) => s.id === filters.sourceId)?.name ?? null}
          onChange={onFilter}
        />
      )}
      {canWork && ticked.length > 0 ? (
        <BulkBar
          ids={ticked}
          onDone={(message) => {
            setBulkDone(message);
            setChecked(new Set());
          }}
          onClear={() => setChecked(new Set())}
        />
      ) : null}
      {bulkDone ? (
        <p className="muted small" role="status" data-testid="mention-bulk-done">
          {bulkDone}
        </p>
      ) : null}
      {pending ? (
        <Loading />
      ) : error ? (
        <ErrorState error={error} onRetry={() => (alertMode ? void alerts.refetch() : void list.refetch())} />
      ) : items.length === 0 ? (
        <FeedEmpty
          filtered={isFiltered(filters)}
          noQueries={queries.data?.items.length === 0}
          noSources={sources.data?.items.length === 0}
          onClear={() => setParams(new URLSearchParams(), { replace: true })}
        />
      ) : (
        <section className="card card--flush listen-feed__card" aria-label={t("listening.mentions.label")}>
          {canWork ? (
            <div className="card__bar">
              <label className="check">
                <SelectAll
                  all={allTicked}
                  some={ticked.length > 0}
                  onChange={(on) => {
                    setBulkDone(null);
                    setChecked(on ? new Set(items.map((m) => m.id)) : new Set());
                  }}
                />
                {t("listening.bulk.selectAll")}
              </label>
            </div>
          ) : null}
          <ul className="listen-mentions" data-testid="mention-list">
            {items.map((m) => (
              <MentionCard
                key={m.id}
                mention={m}
                networkName={networkName}
                checked={checked.has(m.id)}
                onCheck={
                  canWork
                    ? (on) => {
                        setBulkDone(null);
                        setChecked((prev) => {
                          const next = new Set(prev);
                          if (on) next.add(m.id);
                          else next.delete(m.id);
                          return next;
                        });
                      }
                    : undefined
                }
                onQuery={(queryId) => onFilter({ queryId })}
              />
            ))}
          </ul>
          {!alertMode && list.isFetchNextPageError ? <FormError error={list.error} /> : null}
          {!alertMode && list.hasNextPage ? (
            <div className="card__bar listen-feed__more">
              <button
                type="button"
                className="btn btn--secondary btn--block"
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
                data-testid="mention-load-more"
              >
                {list.isFetchingNextPage ? t("common.loading") : t("common.loadMore")}
              </button>
            </div>
          ) : null}
        </section>
      )}
    </div>
  );
}

/** What to do when the feed is empty: loosen the filters, add a query, add a source, or wait. */
function FeedEmpty({ filtered, noQueries, noSources, onClear }: { filtered: boolean; noQueries: boolean; noSources: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  const { base, can } = useShell();
  const manage = can("listening.manage");
  if (filtered) {
    return (
      <EmptyState title={t("listening.mentions.emptyFiltered")} testId="mentions-empty">
        <p className="empty__text">
          <button type="button" className="btn btn--secondary" onClick={onClear} data-testid="mention-clear-filters">
            {t("listening.filters.clear")}
          </button>
        </p>
      </EmptyState>
    );
  }
  const step = noQueries ? "noQueries" : noSources ? "noSources" : "waiting";
  return (
    <EmptyState title={t(`listening.mentions.empty.${step}.title`)} testId="mentions-empty">
      <p className="empty__text">{t(`listening.mentions.empty.${step}.text`)}</p>
      {manage && step !== "waiting" ? (
        <p className="empty__text">
          <Link className="btn btn--primary" to={`${base}/listening/${step === "noQueries" ? "queries" : "sources"}`}>
            {t(`listening.mentions.empty.${step}.action`)}
          </Link>
        </p>
      ) : null}
    </EmptyState>
  );
}

/** The same correction for every ticked mention, all or none. */
function BulkBar({ ids, onDone, onClear }: { ids: string[]; onDone: (message: string) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const { bulk } = useMentionActions(workspace.id, brand.id);
  const run = (patch: { sentiment?: Sentiment; irrelevant?: boolean }, message: (n: number) => string) =>
    bulk.mutate({ ids, ...patch }, { onSuccess: (r) => onDone(message(r.updated)) });
  return (
    <section className="bulk-bar" aria-label={t("listening.bulk.label")} data-testid="mention-bulk">
      <span className="bulk-bar__count" data-testid="mention-bulk-count">
        {t("listening.bulk.selected", { count: ids.length })}
      </span>
      <select
        className="select select--compact"
        aria-label={t("listening.bulk.sentiment")}
        value=""
        disabled={bulk.isPending}
        onChange={(e) => {
          const s = e.target.value as Sentiment;
          if (!s) return;
          run({ sentiment: s }, (n) => t("listening.bulk.sentimentSet", { count: n, sentiment: t(`inbox.sentiment.${s}`) }));
        }}
        data-testid="mention-bulk-sentiment"
      >
        <option value="">{t("listening.bulk.sentiment")}</option>
        {sentiments.map((s) => (
          <option key={s} value={s}>
            {t(`inbox.sentiment.${s}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn--small btn--secondary"
        disabled={bulk.isPending}
        onClick={() => run({ irrelevant: true }, (n) => t("listening.bulk.setAside", { count: n }))}
        data-testid="mention-bulk-irrelevant"
      >
        {t("listening.mention.irrelevant")}
      </button>
      <button
        type="button"
        className="btn btn--small btn--secondary"
        disabled={bulk.isPending}
        onClick={() => run({ irrelevant: false }, (n) => t("listening.bulk.broughtBack", { count: n }))}
        data-testid="mention-bulk-relevant"
      >
        {t("listening.mention.relevantAgain")}
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={onClear}>
        {t("listening.bulk.clear")}
      </button>
      <FormError error={bulk.error} testId="mention-bulk-error" />
    </section>
  );
}

/** "Select all shown": checked when all are, half-checked when some are. */
function SelectAll({ all, some, onChange }: { all: boolean; some: boolean; onChange: (on: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some && !all;
  }, [all, some]);
  return <input ref={ref} type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked)} data-testid="mention-select-all" />;
}
