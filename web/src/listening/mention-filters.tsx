/**
 * The mentions feed's filters: words, query, sentiment, network, language, period and what to show,
 * plus the narrower ones other tabs link with (an author, a source, an alert's mentions) as chips
 * that can be taken off. All of them live in the query string, so a view can be shared.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { languageName } from "../common/format.js";
import { fromZoneInput, toZoneInput } from "../common/zone.js";
import { sentiments } from "../inbox/types.js";
import type { ListeningQuery, MentionFilters, MentionPeriod, Sentiment, Show } from "./types.js";
import { periods, showOptions } from "./types.js";

const pick = <T extends string>(list: readonly T[], v: string | null): T | null => (list.includes(v as T) ? (v as T) : null);

export function readFilters(params: URLSearchParams): MentionFilters {
  return {
    queryId: params.get("query") || null,
    sentiment: pick(sentiments, params.get("sentiment")) as Sentiment | null,
    network: params.get("network") || null,
    sourceId: params.get("source") || null,
    lang: params.get("lang") || null,
    author: params.get("author") || null,
    q: params.get("q") ?? "",
    period: pick(periods, params.get("period")),
    from: params.get("from") || null,
    to: params.get("to") || null,
    show: pick(showOptions, params.get("show")),
    alert: params.get("alert") || null,
  };
}

const paramOf: Record<keyof MentionFilters, string> = {
  queryId: "query",
  sentiment: "sentiment",
  network: "network",
  sourceId: "source",
  lang: "lang",
  author: "author",
  q: "q",
  period: "period",
  from: "from",
  to: "to",
  show: "show",
  alert: "alert",
};

export type FilterPatch = Partial<Record<keyof MentionFilters, string | null>>;

/** The query string with some filters changed (empty values removed). */
export function withFilters(params: URLSearchParams, patch: FilterPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch) as [keyof MentionFilters, string | null][]) {
    const name = paramOf[key];
    if (value === null || value === "") next.delete(name);
    else next.set(name, value);
  }
  return next;
}

/** Whether any filter narrows the feed (the empty state then says to loosen them). */
export function isFiltered(f: MentionFilters): boolean {
  return Boolean(f.queryId || f.sentiment || f.network || f.sourceId || f.lang || f.author || f.q.trim() || f.period || f.alert || (f.show && f.show !== "relevant"));
}

type Props = {
  filters: MentionFilters;
  queries: ListeningQuery[];
  networks: { value: string; label: string }[];
  languages: string[];
  zone: string;
  /** Names for the chips of the narrower filters. */
  sourceName: string | null;
  onChange: (patch: FilterPatch) => void;
};

export function MentionFilterBar({ filters, queries, networks, languages, zone, sourceName, onChange }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState(filters.q);
  // Typing searches after a short pause instead of on every key.
  useEffect(() => {
    if (q === filters.q) return;
    const timer = setTimeout(() => onChange({ q }), 350);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);
  useEffect(() => setQ(filters.q), [filters.q]);
  const langs = Array.from(new Set([...languages, ...(filters.lang ? [filters.lang] : [])])).sort();
  const nets = filters.network && !networks.some((n) => n.value === filters.network) ? [...networks, { value: filters.network, label: filters.network }] : networks;

  const choosePeriod = (value: string) => {
    const period = pick(periods, value) as MentionPeriod | null;
    // A custom period starts as the last seven days, to be moved from there.
    if (period === "custom") {
      const weekAgo = new Date(Date.now() - 7 * 86_400_000);
      weekAgo.setSeconds(0, 0);
      onChange({ period, from: filters.from ?? weekAgo.toISOString(), to: filters.to });
    }
    else onChange({ period, from: null, to: null });
  };

  const chips: { key: string; label: string; clear: FilterPatch }[] = [];
  if (filters.author) chips.push({ key: "author", label: t("listening.filters.authorChip", { handle: filters.author.replace(/^@/, "") }), clear: { author: null } });
  if (filters.sourceId) chips.push({ key: "source", label: t("listening.filters.sourceChip", { name: sourceName ?? "…" }), clear: { sourceId: null } });

  return (
    <div className="listen-filters" data-testid="mention-filters">
      <div className="listen-filters__row">
        <label className="visually-hidden" htmlFor="mention-q">
          {t("listening.filters.words")}
        </label>
        <input
          id="mention-q"
          className="input listen-filters__search"
          type="search"
          value={q}
          placeholder={t("listening.filters.wordsPlaceholder")}
          onChange={(e) => setQ(e.target.value)}
          data-testid="mention-search"
        />
      </div>
      <div className="listen-filters__row">
        <select
          className="select select--compact"
          aria-label={t("listening.filters.query")}
          value={filters.queryId ?? ""}
          onChange={(e) => onChange({ queryId: e.target.value || null })}
          data-testid="mention-filter-query"
        >
          <option value="">{t("listening.filters.anyQuery")}</option>
          {queries.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("listening.filters.sentiment")}
          value={filters.sentiment ?? ""}
          onChange={(e) => onChange({ sentiment: e.target.value || null })}
          data-testid="mention-filter-sentiment"
        >
          <option value="">{t("listening.filters.anySentiment")}</option>
          {sentiments.map((s) => (
            <option key={s} value={s}>
              {t(`inbox.sentiment.${s}`)}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("listening.filters.network")}
          value={filters.network ?? ""}
          onChange={(e) => onChange({ network: e.target.value || null })}
          data-testid="mention-filter-network"
        >
          <option value="">{t("listening.filters.anyNetwork")}</option>
          {nets.map((n) => (
            <option key={n.value} value={n.value}>
              {n.label}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("listening.filters.language")}
          value={filters.lang ?? ""}
          onChange={(e) => onChange({ lang: e.target.value || null })}
          data-testid="mention-filter-lang"
        >
          <option value="">{t("listening.filters.anyLanguage")}</option>
          {langs.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("listening.filters.period")}
          value={filters.period ?? ""}
          onChange={(e) => choosePeriod(e.target.value)}
          data-testid="mention-filter-period"
        >
          <option value="">{t("listening.filters.anyTime")}</option>
          {periods.map((p) => (
            <option key={p} value={p}>
              {t(`listening.periods.${p}`)}
            </option>
          ))}
        </select>
        <select
          className="select select--compact"
          aria-label={t("listening.filters.show")}
          value={filters.show ?? "relevant"}
          onChange={(e) => onChange({ show: e.target.value === "relevant" ? null : (pick(showOptions, e.target.value) as Show | null) })}
          data-testid="mention-filter-show"
        >
          {showOptions.map((s) => (
            <option key={s} value={s}>
              {t(`listening.show.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {filters.period === "custom" ? (
        <div className="listen-filters__row">
          <label className="listen-filters__date">
            <span>{t("listening.filters.from")}</span>
            <input
              className="input input--time"
              type="datetime-local"
              value={toZoneInput(filters.from, zone)}
              onChange={(e) => onChange({ from: fromZoneInput(e.target.value, zone) })}
              data-testid="mention-filter-from"
            />
          </label>
          <label className="listen-filters__date">
            <span>{t("listening.filters.to")}</span>
            <input
              className="input input--time"
              type="datetime-local"
              value={toZoneInput(filters.to, zone)}
              onChange={(e) => onChange({ to: fromZoneInput(e.target.value, zone) })}
              data-testid="mention-filter-to"
            />
          </label>
          <span className="muted small">{t("listening.filters.zoneHint", { zone })}</span>
        </div>
      ) : null}
      {chips.length > 0 ? (
        <ul className="chips listen-filters__chips" aria-label={t("listening.filters.narrowed")}>
          {chips.map((c) => (
            <li key={c.key} className="chip listen-chip" data-testid={`mention-chip-${c.key}`}>
              {c.label}
              <button type="button" className="listen-chip__remove" aria-label={t("listening.filters.removeChip", { filter: c.label })} onClick={() => onChange(c.clear)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
