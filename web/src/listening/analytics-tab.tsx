/**
 * Listening analytics for a period (and optionally one query): how many mentions and how negative
 * against the period before, volume by sentiment over time, where the negativity comes from,
 * trending terms, share of voice and opinion leaders. Authors, sources and terms link to the
 * mentions behind them.
 */
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { formatNumber } from "../common/format.js";
import { EmptyState, ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { NegativityTables, OpinionLeaders, ShareOfVoice, TrendingTerms } from "./analytics-tables.js";
import { formatShare } from "./format.js";
import { useAnalytics, useListeningQueries, useSources } from "./queries.js";
import { type AnalyticsPeriod, analyticsPeriods, type ListeningAnalytics } from "./types.js";
import { VolumeChart } from "./volume-chart.js";

export function AnalyticsTab() {
  const { t } = useTranslation();
  const { workspace, brand, base } = useShell();
  const [params, setParams] = useSearchParams();
  const period = (analyticsPeriods.find((p) => p === params.get("period")) ?? "7d") as AnalyticsPeriod;
  const queryId = params.get("query") || null;
  const queries = useListeningQueries(workspace.id, brand.id);
  const sources = useSources(workspace.id, brand.id);
  const data = useAnalytics(workspace.id, brand.id, period, queryId);

  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  /** The mentions feed narrowed to what was clicked, over the same period and query. */
  const mentionsLink = (extra: Record<string, string>) => {
    const sp = new URLSearchParams(extra);
    if (queryId) sp.set("query", queryId);
    if (period === "90d" && data.data) {
      sp.set("period", "custom");
      sp.set("from", data.data.period.from);
    } else sp.set("period", period);
    return `${base}/listening?${sp.toString()}`;
  };

  return (
    <div className="stack stack--lg" data-testid="listening-analytics">
      <div className="listen-toolbar">
        <fieldset className="filter-tabs listen-toolbar__periods">
          <legend className="visually-hidden">{t("listening.analytics.period")}</legend>
          {analyticsPeriods.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={p === period}
              className={p === period ? "filter-tab is-active" : "filter-tab"}
              onClick={() => set("period", p === "7d" ? null : p)}
              data-testid={`analytics-period-${p}`}
            >
              {t(`listening.periods.${p}`)}
            </button>
          ))}
        </fieldset>
        <select
          className="select select--compact"
          aria-label={t("listening.filters.query")}
          value={queryId ?? ""}
          onChange={(e) => set("query", e.target.value || null)}
          data-testid="analytics-query"
        >
          <option value="">{t("listening.analytics.allQueries")}</option>
          {(queries.data?.items ?? []).map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
        {data.isFetching && !data.isPending ? <span className="muted small">{t("common.loading")}</span> : null}
      </div>
      {data.isPending ? (
        <Loading />
      ) : data.isError ? (
        <ErrorState error={data.error} onRetry={() => void data.refetch()} />
      ) : data.data.volume.totals.total === 0 && data.data.previous.total === 0 ? (
        <AnalyticsEmpty noQueries={queries.data?.items.length === 0} noSources={sources.data?.items.length === 0} />
      ) : (
        <Loaded data={data.data} mentionsLink={mentionsLink} />
      )}
    </div>
  );
}

function Loaded({ data, mentionsLink }: { data: ListeningAnalytics; mentionsLink: (extra: Record<string, string>) => string }) {
  const { t } = useTranslation();
  const { brand } = useShell();
  const cur = data.volume.totals;
  const prev = data.previous;
  const share = cur.total ? cur.negative / cur.total : null;
  const prevShare = prev.total ? prev.negative / prev.total : null;
  const totalChange = prev.total ? (cur.total - prev.total) / prev.total : null;
  const pointsChange = share !== null && prevShare !== null ? (share - prevShare) * 100 : null;

  return (
    <>
      <section className="stats" aria-label={t("listening.analytics.summary")}>
        <div className="card stat" data-testid="stat-mentions">
          <div className="stat__label">{t("listening.analytics.total")}</div>
          <div className="stat__value">{formatNumber(cur.total)}</div>
          <div className={`stat__hint ${trendClass(totalChange, false)}`} data-testid="stat-mentions-change">
            {totalChange === null
              ? t("listening.analytics.noPrevious")
              : t("listening.analytics.changeVsPrevious", { value: formatNumber(totalChange, { style: "percent", signDisplay: "exceptZero", maximumFractionDigits: 0 }) })}
          </div>
        </div>
        <div className="card stat" data-testid="stat-negative">
          <div className="stat__label">{t("listening.analytics.negativeShare")}</div>
          <div className="stat__value">{share === null ? "—" : formatShare(share, 1)}</div>
          <div className={`stat__hint ${trendClass(pointsChange, true)}`} data-testid="stat-negative-change">
            {pointsChange === null
              ? t("listening.analytics.noPrevious")
              : t("listening.analytics.pointsVsPrevious", { value: formatNumber(pointsChange, { signDisplay: "exceptZero", maximumFractionDigits: 1 }) })}
          </div>
        </div>
        <div className="card stat" data-testid="stat-split">
          <div className="stat__label">{t("listening.analytics.split")}</div>
          <div className="listen-split">
            {(["negative", "neutral", "positive"] as const).map((s) => (
              <span key={s} className={`sentiment sentiment--${s}`}>
                {t(`inbox.sentiment.${s}`)} {formatNumber(cur[s])}
              </span>
            ))}
          </div>
        </div>
      </section>

      <section className="card" data-testid="analytics-volume">
        <h2 className="card__title">{t("listening.analytics.volume")}</h2>
        <p className="muted small">{t(`listening.analytics.bucket.${data.volume.bucket}`, { zone: brand.timezone })}</p>
        <VolumeChart points={data.volume.points} bucket={data.volume.bucket} zone={brand.timezone} />
      </section>

      <NegativityTables data={data.negativity} mentionsLink={mentionsLink} />
      <div className="grid-2">
        <TrendingTerms terms={data.trending} mentionsLink={mentionsLink} />
        <ShareOfVoice items={data.shareOfVoice} mentionsLink={mentionsLink} />
      </div>
      <OpinionLeaders leaders={data.leaders} mentionsLink={mentionsLink} />
    </>
  );
}

/** Up is bad for negativity, and neither good nor bad for volume. */
function trendClass(change: number | null, upIsBad: boolean): string {
  if (change === null || change === 0 || !upIsBad) return "";
  return change > 0 ? "listen-trend--bad" : "listen-trend--good";
}

function AnalyticsEmpty({ noQueries, noSources }: { noQueries: boolean; noSources: boolean }) {
  const { t } = useTranslation();
  const { base, can } = useShell();
  const step = noQueries ? "noQueries" : noSources ? "noSources" : "quiet";
  return (
    <EmptyState title={t(`listening.analytics.empty.${step}.title`)} testId="analytics-empty">
      <p className="empty__text">{t(`listening.analytics.empty.${step}.text`)}</p>
      {can("listening.manage") && step !== "quiet" ? (
        <p className="empty__text">
          <Link className="btn btn--primary" to={`${base}/listening/${step === "noQueries" ? "queries" : "sources"}`}>
            {t(`listening.mentions.empty.${step}.action`)}
          </Link>
        </p>
      ) : null}
    </EmptyState>
  );
}
