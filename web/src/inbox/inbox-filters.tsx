/** The inbox's filter bar: status tabs with counts, then sentiment, language, channel, assignee, kind, order, unanswered, overdue and search. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { languageName } from "../common/format.js";
import type { Channel } from "../types.js";
import { type InboxCounts, type InboxFilters, type InboxKind, type InboxStatus, inboxKinds, inboxStatuses, type Sentiment, sentiments } from "./types.js";

const isStatus = (v: string | null): v is InboxStatus => inboxStatuses.includes(v as InboxStatus);
const isSentiment = (v: string | null): v is Sentiment => sentiments.includes(v as Sentiment);
const isKind = (v: string | null): v is InboxKind => inboxKinds.includes(v as InboxKind);

/** Filters live in the query string, so a filtered view can be bookmarked and shared. */
export function readFilters(params: URLSearchParams): InboxFilters {
  const status = params.get("status");
  const sentiment = params.get("sentiment");
  const kind = params.get("kind");
  return {
    status: isStatus(status) ? status : null,
    sentiment: isSentiment(sentiment) ? sentiment : null,
    lang: params.get("lang") || null,
    channelId: params.get("channel") || null,
    assignee: params.get("assignee") || null,
    unanswered: params.get("unanswered") === "true",
    q: params.get("q") ?? "",
    overdue: params.get("overdue") === "true",
    kind: isKind(kind) ? kind : null,
    sort: params.get("sort") === "priority" ? "priority" : null,
  };
}

const paramOf: Record<keyof InboxFilters, string> = {
  status: "status",
  sentiment: "sentiment",
  lang: "lang",
  channelId: "channel",
  assignee: "assignee",
  unanswered: "unanswered",
  q: "q",
  overdue: "overdue",
  kind: "kind",
  sort: "sort",
};

/** Every query-string name a filter uses (saved views replace them all at once). */
export const filterParams = Object.values(paramOf);

/** The query string with one filter changed. */
export function withFilter(params: URLSearchParams, key: keyof InboxFilters, value: string | boolean | null): URLSearchParams {
  const next = new URLSearchParams(params);
  const name = paramOf[key];
  if (value === null || value === false || value === "") next.delete(name);
  else next.set(name, value === true ? "true" : value);
  return next;
}

type Props = {
  filters: InboxFilters;
  counts: InboxCounts | undefined;
  channels: Channel[];
  languages: string[];
  /** Filters the server's list accepts besides the original ones (read from its API description). */
  onChange: (key: keyof InboxFilters, value: string | boolean | null) => void;
};

export function InboxFilterBar({ filters, counts, channels, languages, onChange }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState(filters.q);
  // Typing searches after a short pause instead of on every key.
  useEffect(() => {
    if (q === filters.q) return;
    const timer = setTimeout(() => onChange("q", q), 350);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);
  useEffect(() => setQ(filters.q), [filters.q]);

  const tabs: { key: string; status: InboxStatus | null; count: number | undefined }[] = [
    { key: "all", status: null, count: undefined },
    ...inboxStatuses.map((s) => ({ key: s, status: s, count: counts?.[s] })),
  ];
  const langs = Array.from(new Set([...languages, ...(filters.lang ? [filters.lang] : [])])).sort();

  return (
    <div className="inbox-filters" data-testid="inbox-filters">
      <div className="filter-tabs inbox-filters__tabs" role="tablist" aria-label={t("inbox.filters.status")}>
        {tabs.map((x) => (
          <button
            key={x.key}
            type="button"
            role="tab"
            aria-selected={filters.status === x.status}
            className={filters.status === x.status ? "filter-tab is-active" : "filter-tab"}
            onClick={() => onChange("status", x.status)}
            data-testid={`inbox-tab-${x.key}`}
          >
            {t(`inbox.status.${x.key}`)}
            {x.count !== undefined ? <span className="filter-tab__count">{x.count}</span> : null}
          </button>
        ))}
        {/* Always there (so the bar never moves under the pointer); red while any criticism waits. */}
        <button
          type="button"
          className={`filter-tab${counts && counts.negativeOpen > 0 ? " filter-tab--negative" : ""}${filters.sentiment === "negative" ? " is-active" : ""}`}
          onClick={() => onChange("sentiment", filters.sentiment === "negative" ? null : "negative")}
          title={t("inbox.filters.negativeOpenHint")}
          data-testid="inbox-negative-open"
        >
          {t("inbox.filters.negativeOpen")}
          {counts ? <span className="filter-tab__count">{counts.negativeOpen}</span> : null}
        </button>
      </div>
      <div className="inbox-filters__row">
        <label className="visually-hidden" htmlFor="inbox-q">
          {t("inbox.filters.search")}
        </label>
        <input
          id="inbox-q"
          className="input inbox-filters__search"
          type="search"
          value={q}
          placeholder={t("inbox.filters.searchPlaceholder")}
          onChange={(e) => setQ(e.target.value)}
          data-testid="inbox-search"
        />
      </div>
      <div className="inbox-filters__row">
        <select
          className="select select--compact"
          aria-label={t("inbox.filters.sentiment")}
          value={filters.sentiment ?? ""}
          onChange={(e) => onChange("sentiment", e.target.value || null)}
          data-testid="inbox-filter-sentiment"
        >
          <option value="">{t("inbox.filters.anySentiment")}</option>
          {sentiments.map((s) => (
            <option key={s} value={s}>
              {t(`inbox.sentiment.${s}`)}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("inbox.filters.assignee")}
          value={filters.assignee ?? ""}
          onChange={(e) => onChange("assignee", e.target.value || null)}
          data-testid="inbox-filter-assignee"
        >
          <option value="">{t("inbox.filters.anyone")}</option>
          <option value="me">{t("inbox.filters.me")}</option>
          <option value="none">
            {t("inbox.filters.unassigned")}
            {counts ? ` (${counts.unassigned})` : ""}
          </option>
        </select>
        <select
          className="select select--compact"
          aria-label={t("inbox.filters.channel")}
          value={filters.channelId ?? ""}
          onChange={(e) => onChange("channelId", e.target.value || null)}
          data-testid="inbox-filter-channel"
        >
          <option value="">{t("inbox.filters.allChannels")}</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.networkName}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("inbox.filters.language")}
          value={filters.lang ?? ""}
          onChange={(e) => onChange("lang", e.target.value || null)}
          data-testid="inbox-filter-lang"
        >
          <option value="">{t("inbox.filters.anyLanguage")}</option>
          {langs.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </select>
        <select
            className="select select--compact"
            aria-label={t("inbox.filters.kind")}
            value={filters.kind ?? ""}
            onChange={(e) => onChange("kind", e.target.value || null)}
            data-testid="inbox-filter-kind"
          >
            <option value="">{t("inbox.filters.anyKind")}</option>
            {inboxKinds.map((k) => (
              <option key={k} value={k}>
                {t(`inbox.kind.${k}`)}
              </option>
            ))}
          </select>
        <select
          className="select select--compact"
          aria-label={t("inbox.filters.sort")}
          value={filters.sort ?? ""}
          onChange={(e) => onChange("sort", e.target.value || null)}
          data-testid="inbox-filter-sort"
        >
          <option value="">{t("inbox.filters.sortNewest")}</option>
          <option value="priority">{t("inbox.filters.sortPriority")}</option>
        </select>
        <label className="check inbox-filters__check">
          <input
            type="checkbox"
            checked={filters.unanswered}
            onChange={(e) => onChange("unanswered", e.target.checked)}
            data-testid="inbox-filter-unanswered"
          />
          {t("inbox.filters.unanswered")}
        </label>
        <label className="check inbox-filters__check" title={t("inbox.filters.overdueHint")}>
          <input type="checkbox" checked={filters.overdue} onChange={(e) => onChange("overdue", e.target.checked)} data-testid="inbox-filter-overdue" />
          {t("inbox.filters.overdue")}
        </label>
      </div>
    </div>
  );
}
