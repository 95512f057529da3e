/**
 * Analytics: the brand's (or one channel's, or all brands') figures for a period against the
 * previous one — followers and growth, reach, interactions, both ERs kept apart, the other rates,
 * each with its formula on hover — then the days, the audience, the weekday × hour heatmap in the
 * brand's zone, breakdowns, best and worst posts and the funnel. Every table sorts and exports.
 */
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DateTime } from "luxon";
import { formatNumber } from "../common/format.js";
import { PageHeader } from "../common/page-header.js";
import { ErrorState, Loading } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { AuditPanel } from "./audit-panel.js";
import { CompetitorsPanel } from "./competitors-panel.js";
import { BucketBars, breakdownColumns, Change, Funnel, Heatmap, Kpi, num, pct, postColumns, SortableTable } from "./parts.js";
import { type DashboardFilters, exportUrl, presetDays, useDashboard } from "./queries.js";
import { type Dashboard, type PeriodPreset, periodPresets, type RankMetric, rankMetrics } from "./types.js";

const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const { workspace, brand, brands } = useShell();
  const [params, setParams] = useSearchParams();
  const preset = (periodPresets.find((p) => p === params.get("period")) ?? "30d") as PeriodPreset;
  const allBrands = params.get("scope") === "all";
  const channelId = allBrands ? null : params.get("channel") || null;
  const rankBy = (rankMetrics.find((m) => m === params.get("rank")) ?? "interactions") as RankMetric;
  const fallback = presetDays("30d", brand.timezone);
  const days = preset === "custom" ? { from: isDay(params.get("from")) ? (params.get("from") as string) : fallback.from, to: isDay(params.get("to")) ? (params.get("to") as string) : fallback.to } : presetDays(preset, brand.timezone);
  const filters: DashboardFilters = { brandId: allBrands ? null : brand.id, channelId, campaign: null, from: days.from, to: days.to, rankBy };
  const data = useDashboard(workspace.id, filters);

  const set = (patch: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  const header = <PageHeader title={t("analytics.title")} subtitle={t("analytics.subtitle", { zone: brand.timezone })} />;
  return (
    <>
      {header}
      <div className="listen-toolbar analytics-toolbar">
        <fieldset className="filter-tabs">
          <legend className="visually-hidden">{t("analytics.period")}</legend>
          {periodPresets.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={p === preset}
              className={p === preset ? "filter-tab is-active" : "filter-tab"}
              onClick={() => set(p === "custom" ? { period: p, from: days.from, to: days.to } : { period: p === "30d" ? null : p, from: null, to: null })}
              data-testid={`analytics-period-${p}`}
            >
              {t(`analytics.periods.${p}`)}
            </button>
          ))}
        </fieldset>
        {preset === "custom" ? (
          <span className="analytics-dates">
            <label>
              {t("analytics.from")}{" "}
              <input className="input input--compact" type="date" value={days.from} max={days.to} onChange={(e) => isDay(e.target.value) && set({ from: e.target.value })} data-testid="analytics-from" />
            </label>
            <label>
              {t("analytics.to")}{" "}
              <input className="input input--compact" type="date" value={days.to} min={days.from} onChange={(e) => isDay(e.target.value) && set({ to: e.target.value })} data-testid="analytics-to" />
            </label>
          </span>
        ) : null}
        {brands.length > 1 ? (
          <select className="select select--compact" aria-label={t("analytics.scope")} value={allBrands ? "all" : "brand"} onChange={(e) => set({ scope: e.target.value === "all" ? "all" : null, channel: null })} data-testid="analytics-scope">
            <option value="brand">{t("analytics.thisBrand", { brand: brand.name })}</option>
            <option value="all">{t("analytics.allBrands")}</option>
          </select>
        ) : null}
        {!allBrands && data.data ? (
          <select className="select select--compact" aria-label={t("analytics.channel")} value={channelId ?? ""} onChange={(e) => set({ channel: e.target.value || null })} data-testid="analytics-channel">
            <option value="">{t("analytics.allChannels")}</option>
            {data.data.scope.channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} · {c.network}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {data.isPending ? <Loading /> : data.isError ? <ErrorState error={data.error} onRetry={() => void data.refetch()} /> : <DashboardView d={data.data} filters={filters} ws={workspace.id} locale={i18n.language} zone={brand.timezone} onRank={(m) => set({ rank: m === "interactions" ? null : m })} />}
    </>
  );
}

function ExportLinks({ ws, filters, table }: { ws: string; filters: DashboardFilters; table: string }) {
  const { t } = useTranslation();
  return (
    <span className="export-links">
      <a href={exportUrl(ws, filters, table, "csv")} download data-testid={`export-${table}-csv`}>
        CSV
      </a>
      <a href={exportUrl(ws, filters, table, "xlsx")} download data-testid={`export-${table}-xlsx`} aria-label={t("analytics.exportXlsx")}>
        XLSX
      </a>
    </span>
  );
}

function Section({ title, children, actions, testId }: { title: string; children: React.ReactNode; actions?: React.ReactNode; testId?: string }) {
  return (
    <section className="card analytics-section" data-testid={testId}>
      <div className="analytics-section__head">
        <h2 className="card__title">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

function DashboardView({ d, filters, ws, locale, zone, onRank }: { d: Dashboard; filters: DashboardFilters; ws: string; locale: string; zone: string; onRank: (m: RankMetric) => void }) {
  const { t } = useTranslation();
  const { can } = useShell();
  const manageCompetitors = can("listening.manage");
  const f = d.formulas;
  const day = (v: string) => DateTime.fromISO(v).setLocale(locale).toFormat("d MMM");
  const r = d.rates;
  const p = d.previousRates;
  return (
    <div className="stack stack--lg" data-testid="analytics-dashboard">
      <p className="analytics-period" data-testid="analytics-period">
        {t("analytics.periodLine", { from: d.period.from, to: d.period.to, prevFrom: d.previous.from, prevTo: d.previous.to })}
      </p>
      <section className="stats kpis" data-testid="analytics-kpis">
        <Kpi id="followers" label={t("analytics.followers")} value={num(d.followers.end)} formula={f.growth ?? ""}>
          <div className="stat__hint">
            {t("analytics.growth")}: {d.followers.growth === null ? "—" : formatNumber(d.followers.growth, { signDisplay: "exceptZero" })} ({pct(d.followers.growthRate)})
          </div>
          <Change current={d.followers.growth} previous={d.previousFollowers.growth} />
        </Kpi>
        <Kpi id="reach" label={t("analytics.reach")} value={num(d.totals.reach)} formula={t("analytics.reachFormula")}>
          <Change current={d.totals.reach} previous={d.previousTotals.reach} />
        </Kpi>
        <Kpi id="impressions" label={t("analytics.impressions")} value={num(d.totals.impressions)} formula={t("analytics.impressionsFormula")}>
          <Change current={d.totals.impressions} previous={d.previousTotals.impressions} />
        </Kpi>
        <Kpi id="interactions" label={t("analytics.interactions")} value={num(d.totals.interactions)} formula={f.interactions ?? ""}>
          <div className="stat__hint">{t("analytics.interactionsParts", { likes: num(d.totals.likes), comments: num(d.totals.comments), reposts: num(d.totals.reposts) })}</div>
          <Change current={d.totals.interactions} previous={d.previousTotals.interactions} />
        </Kpi>
        <Kpi id="erReach" label={t("analytics.erReach")} value={pct(r.erReach)} formula={f.erReach ?? ""}>
          <div className="stat__hint">{t("analytics.erReachHint")}</div>
          <Change current={r.erReach} previous={p.erReach} />
        </Kpi>
        <Kpi id="erFollowers" label={t("analytics.erFollowers")} value={pct(r.erFollowers, 3)} formula={f.erFollowers ?? ""}>
          <div className="stat__hint">{t("analytics.erFollowersHint")}</div>
          <Change current={r.erFollowers} previous={p.erFollowers} />
        </Kpi>
        <Kpi id="erViews" label={t("analytics.erViews")} value={pct(r.erViews)} formula={f.erViews ?? ""}>
          <Change current={r.erViews} previous={p.erViews} />
        </Kpi>
        <Kpi compact id="rates" label={t("analytics.loveTalkAmp")} value={`${pct(r.loveRate, 3)} · ${pct(r.talkRate, 3)} · ${pct(r.amplificationRate, 3)}`} formula={`${f.loveRate}; ${f.talkRate}; ${f.amplificationRate}`} />
        <Kpi id="ctr" label={t("analytics.ctr")} value={pct(r.ctr)} formula={f.ctr ?? ""}>
          <Change current={r.ctr} previous={p.ctr} />
        </Kpi>
        <Kpi id="vtr" label={t("analytics.vtr")} value={pct(r.vtr)} formula={f.vtr ?? ""}>
          <Change current={r.vtr} previous={p.vtr} />
        </Kpi>
        <Kpi id="linkClicks" label={t("analytics.linkClicks")} value={num(d.linkClicks)} formula={t("analytics.linkClicksFormula")}>
          <Change current={d.linkClicks} previous={d.previousLinkClicks} />
        </Kpi>
        <Kpi id="posts" label={t("analytics.posts")} value={num(d.totals.posts)} formula={t("analytics.postsFormula")}>
          <Change current={d.totals.posts} previous={d.previousTotals.posts} />
        </Kpi>
      </section>

      <Section title={t("analytics.days")} actions={<ExportLinks ws={ws} filters={filters} table="series" />} testId="analytics-series">
        <div className="listen-chart">
          <ResponsiveContainer width="100%" height={260}>
            <ComposedChart data={d.series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid vertical={false} stroke="#e3e6eb" />
              <XAxis dataKey="day" tickFormatter={day} tick={{ fontSize: 12, fill: "#667085" }} minTickGap={16} tickLine={false} />
              <YAxis yAxisId="left" width={52} tick={{ fontSize: 12, fill: "#667085" }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatNumber(v, { notation: "compact" })} />
              <YAxis yAxisId="right" orientation="right" width={52} tick={{ fontSize: 12, fill: "#667085" }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatNumber(v, { notation: "compact" })} />
              <Tooltip labelFormatter={(v) => day(String(v))} />
              <Legend />
              <Bar yAxisId="left" dataKey="interactions" name={t("analytics.interactions")} fill="#1570ef" isAnimationActive={false} />
              <Line yAxisId="right" dataKey="reach" name={t("analytics.reach")} stroke="#067647" dot={false} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </Section>

      <Section title={t("analytics.audience")} actions={<ExportLinks ws={ws} filters={filters} table="audience" />} testId="analytics-audience">
        <div className="listen-chart">
          <ResponsiveContainer width="100%" height={220}>
            <ComposedChart data={d.audience} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid vertical={false} stroke="#e3e6eb" />
              <XAxis dataKey="day" tickFormatter={day} tick={{ fontSize: 12, fill: "#667085" }} minTickGap={16} tickLine={false} />
              <YAxis yAxisId="left" width={52} tick={{ fontSize: 12, fill: "#667085" }} tickLine={false} axisLine={false} />
              <YAxis yAxisId="right" orientation="right" width={64} domain={["auto", "auto"]} tick={{ fontSize: 12, fill: "#667085" }} tickLine={false} axisLine={false} tickFormatter={(v: number) => formatNumber(v)} />
              <Tooltip labelFormatter={(v) => day(String(v))} />
              <Legend />
              <Bar yAxisId="left" dataKey="net" name={t("analytics.netGrowth")} fill="#98a2b3" isAnimationActive={false} />
              <Line yAxisId="right" dataKey="followers" name={t("analytics.followers")} stroke="#1570ef" dot={false} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
        <p className="stat__hint">{t("analytics.audienceHint")}</p>
        {d.demographics ? (
          <div className="stack" data-testid="analytics-demographics">
            <p className="stat__hint">{t("analytics.demographicsHint", { day: d.demographics.day, count: d.demographics.channels })}</p>
            <div className="demographics">
              <BucketBars title={t("analytics.sex")} buckets={d.demographics.sex} label={(b) => t(`analytics.sexes.${b.key}`, { defaultValue: b.label })} testId="demographics-sex" />
              <BucketBars title={t("analytics.age")} buckets={d.demographics.age} testId="demographics-age" />
              <BucketBars title={t("analytics.cities")} buckets={d.demographics.cities} testId="demographics-cities" />
              <BucketBars title={t("analytics.countries")} buckets={d.demographics.countries} testId="demographics-countries" />
            </div>
          </div>
        ) : null}
      </Section>

      {d.scope.brands.length === 1 && d.scope.brands[0] ? (
        <Section title={t("competitors.title")} testId="analytics-competitors">
          <CompetitorsPanel ws={ws} brandId={d.scope.brands[0].id} from={d.period.from} to={d.period.to} manage={manageCompetitors} />
        </Section>
      ) : null}

      <Section title={t("audit.title")} testId="analytics-audit">
        <AuditPanel ws={ws} channels={d.scope.channels} />
      </Section>

      <Section title={t("analytics.heatmap")} actions={<ExportLinks ws={ws} filters={filters} table="heatmap" />} testId="analytics-heatmap">
        <p className="stat__hint">{t("analytics.heatmapHint", { zone })}</p>
        <Heatmap cells={d.heatmap} locale={locale} />
      </Section>

      <Section title={t("analytics.bestPosts")} testId="analytics-best" actions={
        <span className="analytics-section__tools">
          <label>
            {t("analytics.rankBy")}{" "}
            <select className="select select--compact" value={d.rankBy} onChange={(e) => onRank(e.target.value as RankMetric)} data-testid="analytics-rank">
              {rankMetrics.map((m) => (
                <option key={m} value={m}>
                  {t(`analytics.rank.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <ExportLinks ws={ws} filters={filters} table="best" />
        </span>
      }>
        <SortableTable rows={d.best} columns={postColumns(t, zone, f)} initial={d.rankBy === "erReach" || d.rankBy === "erFollowers" ? d.rankBy : "interactions"} testId="best-posts" rowKey={(p) => p.id} />
      </Section>
      <Section title={t("analytics.worstPosts")} actions={<ExportLinks ws={ws} filters={filters} table="worst" />} testId="analytics-worst">
        <SortableTable rows={d.worst} columns={postColumns(t, zone, f)} initial={d.rankBy === "erReach" || d.rankBy === "erFollowers" ? d.rankBy : "interactions"} testId="worst-posts" rowKey={(p) => p.id} />
      </Section>

      <div className="analytics-grid">
        <Section title={t("analytics.byFormat")} actions={<ExportLinks ws={ws} filters={filters} table="byFormat" />} testId="analytics-by-format">
          <SortableTable rows={d.byFormat} columns={breakdownColumns(t, t("analytics.format"), f)} initial="erReach" testId="by-format" rowKey={(b) => b.key} />
        </Section>
        <Section title={t("analytics.byRubric")} actions={<ExportLinks ws={ws} filters={filters} table="byRubric" />} testId="analytics-by-rubric">
          <SortableTable rows={d.byRubric} columns={breakdownColumns(t, t("analytics.rubric"), f)} initial="erReach" testId="by-rubric" rowKey={(b) => b.key} />
        </Section>
        <Section title={t("analytics.byNetwork")} actions={<ExportLinks ws={ws} filters={filters} table="byNetwork" />} testId="analytics-by-network">
          <SortableTable rows={d.byNetwork} columns={breakdownColumns(t, t("analytics.network"), f)} initial="erReach" testId="by-network" rowKey={(b) => b.key} />
        </Section>
        <Section title={t("analytics.byChannel")} actions={<ExportLinks ws={ws} filters={filters} table="byChannel" />} testId="analytics-by-channel">
          <SortableTable rows={d.byChannel} columns={breakdownColumns(t, t("analytics.channel"), f)} initial="erReach" testId="by-channel" rowKey={(b) => b.key} />
        </Section>
      </div>

      <Section title={t("analytics.funnelTitle")} actions={<ExportLinks ws={ws} filters={filters} table="funnel" />} testId="analytics-funnel">
        <p className="stat__hint">{t("analytics.funnelHint")}</p>
        <Funnel steps={d.funnel} />
      </Section>
      <p className="stat__hint">
        <ExportLinks ws={ws} filters={filters} table="summary" /> {t("analytics.summaryExport")}
      </p>
    </div>
  );
}
