/**
 * The sections of a report, one builder each (SectionBuilder: a function from the period's data to
 * a page body, its formulas and its tables). Figures come from the same services as the app's
 * screens — the analytics dashboard, the inbox's response-time report, listening analytics — so a
 * report never disagrees with what the team sees; campaigns come from the campaigns' own results.
 */
import { DateTime } from "luxon";
import { change, ratio } from "../../domain/metrics.js";
import type { SectionKind } from "../../domain/report-definition.js";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import { brandCampaignResults } from "../campaigns/results.js";
import { computeComparison } from "../competitors/comparison.service.js";
import { computeInboxReport, percentile } from "../inbox/inbox-report.service.js";
import { leaders, shareOfVoice, trending, volume } from "../listening/analytics.service.js";
import { html } from "../notify/email.js";
import { barChart, hBars, lineChart } from "./charts.js";
import { type Column, dataTable, goalProgress, type Kpi, kpiCards, Legend, rate4, type SectionBuilder, type SectionContext } from "./section-kit.js";

const sentimentColors = { positive: "#12b76a", neutral: "#98a2b3", negative: "#f04438" };

const summary: SectionBuilder = {
  kind: "summary",
  tables: ["summary"],
  async build(ctx) {
    const d = await ctx.dashboard();
    const { t, fmt } = ctx;
    const legend = new Legend();
    const goals = ctx.options.goals ?? {};
    const f = t.formula;
    const m = t.metric;
    const count = (target: number | undefined) => (target === undefined ? null : { target: fmt.int(target), progress: null as number | null });
    const withProgress = (g: { target: string; progress: number | null } | null, actual: number | null, target: number | undefined) => (g ? { ...g, progress: goalProgress(actual, target) } : null);
    const cards: Kpi[] = [
      { label: m.posts, mark: legend.mark(m.posts, f.posts), value: fmt.int(d.totals.posts), change: change(d.totals.posts, d.previousTotals.posts), goal: withProgress(count(goals.posts), d.totals.posts, goals.posts) },
      { label: m.interactions, mark: legend.mark(m.interactions, f.interactions), value: fmt.compact(d.totals.interactions), change: change(d.totals.interactions, d.previousTotals.interactions), goal: withProgress(count(goals.interactions), d.totals.interactions, goals.interactions) },
      { label: m.reach, mark: legend.mark(m.reach, f.reach), value: fmt.compact(d.totals.reach), change: change(d.totals.reach, d.previousTotals.reach), goal: withProgress(count(goals.reach), d.totals.reach, goals.reach) },
      {
        label: m.growth,
        mark: legend.mark(m.growth, f.growth),
        value: fmt.signed(d.followers.growth),
        change: change(d.followers.growth, d.previousFollowers.growth),
        goal: goals.growth === undefined ? null : { target: fmt.signed(goals.growth), progress: goalProgress(d.followers.growth, goals.growth) },
      },
      {
        label: m.erReach,
        mark: legend.mark(m.erReach, f.erReach),
        value: fmt.pct(d.rates.erReach),
        change: change(d.rates.erReach, d.previousRates.erReach),
        goal: goals.erReach === undefined ? null : { target: fmt.pct(goals.erReach), progress: goalProgress(d.rates.erReach, goals.erReach) },
      },
      {
        label: m.erFollowers,
        mark: legend.mark(m.erFollowers, f.erFollowers),
        value: fmt.pct(d.rates.erFollowers),
        change: change(d.rates.erFollowers, d.previousRates.erFollowers),
        goal: goals.erFollowers === undefined ? null : { target: fmt.pct(goals.erFollowers), progress: goalProgress(d.rates.erFollowers, goals.erFollowers) },
      },
      { label: m.linkClicks, mark: legend.mark(m.linkClicks, f.linkClicks), value: fmt.int(d.linkClicks), change: change(d.linkClicks, d.previousLinkClicks), goal: withProgress(count(goals.linkClicks), d.linkClicks, goals.linkClicks) },
      { label: m.followers, value: fmt.int(d.followers.end), change: change(d.followers.end, d.previousFollowers.end) },
    ];
    type Line = { key: string; label: string; current: number | null; previous: number | null; goal: number | undefined; show: (v: number | null) => string; rate?: boolean };
    const lines: Line[] = [
      { key: "posts", label: m.posts, current: d.totals.posts, previous: d.previousTotals.posts, goal: goals.posts, show: fmt.int },
      { key: "interactions", label: m.interactions, current: d.totals.interactions, previous: d.previousTotals.interactions, goal: goals.interactions, show: fmt.int },
      { key: "reach", label: m.reach, current: d.totals.reach, previous: d.previousTotals.reach, goal: goals.reach, show: fmt.int },
      { key: "impressions", label: m.impressions, current: d.totals.impressions, previous: d.previousTotals.impressions, goal: undefined, show: fmt.int },
      { key: "views", label: m.views, current: d.totals.views, previous: d.previousTotals.views, goal: undefined, show: fmt.int },
      { key: "followers_end", label: `${m.followers} (${m.end.toLowerCase()})`, current: d.followers.end, previous: d.previousFollowers.end, goal: undefined, show: fmt.int },
      { key: "growth", label: m.growth, current: d.followers.growth, previous: d.previousFollowers.growth, goal: goals.growth, show: fmt.signed },
      { key: "growth_rate", label: m.growthRate, current: d.followers.growthRate, previous: d.previousFollowers.growthRate, goal: undefined, show: (v) => fmt.pct(v), rate: true },
      { key: "link_clicks", label: m.linkClicks, current: d.linkClicks, previous: d.previousLinkClicks, goal: goals.linkClicks, show: fmt.int },
      { key: "er_reach", label: m.erReach, current: d.rates.erReach, previous: d.previousRates.erReach, goal: goals.erReach, show: (v) => fmt.pct(v), rate: true },
      { key: "er_followers", label: m.erFollowers, current: d.rates.erFollowers, previous: d.previousRates.erFollowers, goal: goals.erFollowers, show: (v) => fmt.pct(v), rate: true },
      { key: "er_views", label: m.erViews, current: d.rates.erViews, previous: d.previousRates.erViews, goal: undefined, show: (v) => fmt.pct(v), rate: true },
      { key: "love_rate", label: m.loveRate, current: d.rates.loveRate, previous: d.previousRates.loveRate, goal: undefined, show: (v) => fmt.pct(v), rate: true },
      { key: "talk_rate", label: m.talkRate, current: d.rates.talkRate, previous: d.previousRates.talkRate, goal: undefined, show: (v) => fmt.pct(v), rate: true },
      { key: "amplification_rate", label: m.amplificationRate, current: d.rates.amplificationRate, previous: d.previousRates.amplificationRate, goal: undefined, show: (v) => fmt.pct(v), rate: true },
    ];
    const marks: Record<string, ReturnType<Legend["mark"]>> = {
      growth_rate: legend.mark(m.growthRate, f.growthRate),
      er_views: legend.mark(m.erViews, f.erViews),
      love_rate: legend.mark(m.loveRate, f.loveRate),
      talk_rate: legend.mark(m.talkRate, f.talkRate),
      amplification_rate: legend.mark(m.amplificationRate, f.amplificationRate),
    };
    const columns: Column[] = [{ head: "" }, { head: fmt.period(d.period.from, d.period.to), align: "right" }, { head: `${fmt.period(d.previous.from, d.previous.to)}`, align: "right" }, { head: t.col.change, align: "right" }, { head: t.goal, align: "right" }];
    const rows = lines.map((l) => [
      html`${l.label}${marks[l.key] ?? null}`,
      html`<b>${l.show(l.current)}</b>`,
      l.show(l.previous),
      fmt.change(change(l.current, l.previous)),
      l.goal === undefined ? t.col.none : html`${l.show(l.goal)} <span class="muted">(${fmt.pct(goalProgress(l.current, l.goal), 0)})</span>`,
    ]);
    return {
      body: html`${kpiCards(cards, ctx)}<div class="gap"></div>${dataTable(columns, rows, { tight: true })}`,
      legend: legend.items,
      tables: [
        {
          name: "summary",
          table: {
            columns: ["metric", "current", "previous", "change", "goal", "goal_progress"],
            rows: lines.map((l) => [l.key, l.rate ? rate4(l.current) : l.current, l.rate ? rate4(l.previous) : l.previous, rate4(change(l.current, l.previous)), l.goal ?? null, rate4(goalProgress(l.current, l.goal))]),
          },
        },
      ],
    };
  },
};

const growth: SectionBuilder = {
  kind: "growth",
  tables: ["growth"],
  async build(ctx) {
    const d = await ctx.dashboard();
    const { t, fmt } = ctx;
    const legend = new Legend();
    const m = t.metric;
    const labels = d.audience.map((a) => fmt.shortDay(a.day));
    const joined = d.audience.reduce((s, a) => s + (a.joined ?? 0), 0);
    const left = d.audience.reduce((s, a) => s + (a.left ?? 0), 0);
    const hasFlows = d.audience.some((a) => a.joined !== null || a.left !== null);
    const cards: Kpi[] = [
      { label: m.start, value: fmt.int(d.followers.start) },
      { label: m.end, value: fmt.int(d.followers.end) },
      { label: m.growth, mark: legend.mark(m.growth, t.formula.growth), value: fmt.signed(d.followers.growth), change: change(d.followers.growth, d.previousFollowers.growth) },
      { label: m.growthRate, mark: legend.mark(m.growthRate, t.formula.growthRate), value: fmt.pct(d.followers.growthRate) },
    ];
    const channels = await followersByChannel(ctx, d.scope.channels);
    return {
      body: html`${kpiCards(cards, ctx)}
<h3>${m.followers}</h3>
${lineChart({ labels, values: d.audience.map((a) => a.followers), color: ctx.colors.primary, format: (v) => fmt.compact(v), height: 210 })}
${
  hasFlows
    ? html`<h3>${m.joined} / ${m.left}</h3>
${barChart({ labels, series: [{ values: d.audience.map((a) => a.joined ?? 0), color: "#12b76a" }, { values: d.audience.map((a) => -(a.left ?? 0)), color: "#f04438" }], format: (v) => fmt.compact(v), height: 170 })}
<p class="chart-key"><i style="background:#12b76a"></i>${m.joined}: ${fmt.int(joined)} &nbsp; <i style="background:#f04438"></i>${m.left}: ${fmt.int(left)}</p>`
    : html`<h3>${t.col.net}</h3>
${barChart({ labels, series: [{ values: d.audience.map((a) => a.net ?? 0), color: ctx.colors.accent }], format: (v) => fmt.compact(v), height: 150, annotations: d.audience.map((a) => fmt.signed(a.net)) })}`
}
<h3>${t.col.byChannel}</h3>
${dataTable(
  [{ head: t.col.channel }, { head: t.col.network }, { head: m.start, align: "right" }, { head: m.end, align: "right" }, { head: html`${m.growth}${legend.mark(m.growth, t.formula.growth)}`, align: "right" }, { head: html`${m.growthRate}${legend.mark(m.growthRate, t.formula.growthRate)}`, align: "right" }],
  channels.map((c) => [c.name, c.network, fmt.int(c.start), fmt.int(c.end), fmt.signed(c.start !== null && c.end !== null ? c.end - c.start : null), fmt.pct(c.start && c.end !== null ? (c.end - c.start) / c.start : null)]),
  { empty: t.noData },
)}`,
      legend: legend.items,
      tables: [{ name: "growth", table: { columns: ["day", "followers", "joined", "left", "net"], rows: d.audience.map((a) => [a.day, a.followers, a.joined, a.left, a.net]) } }],
    };
  },
};

/** Each channel's followers at the end of the day before the period and on its last day (its last reading up to then). */
async function followersByChannel(ctx: SectionContext, channels: { id: string; name: string; network: string }[]) {
  if (channels.length === 0) return [];
  const before = DateTime.fromISO(ctx.period.from).minus({ days: 1 }).toISODate() as string;
  const rows = await ctx.db
    .selectFrom("channel_days")
    .select(["channel_id", "day", "followers"])
    .where(
      "channel_id",
      "in",
      channels.map((c) => c.id),
    )
    .where("day", ">=", DateTime.fromISO(ctx.period.from).minus({ days: 31 }).toISODate() as string)
    .where("day", "<=", ctx.period.to)
    .where("followers", "is not", null)
    .orderBy("day")
    .execute();
  return channels.map((c) => {
    const own = rows.filter((r) => r.channel_id === c.id);
    const start = own.filter((r) => r.day <= before).at(-1)?.followers ?? own.find((r) => r.day >= ctx.period.from)?.followers ?? null;
    const end = own.at(-1)?.followers ?? null;
    return { name: c.name, network: c.network, start, end };
  });
}

const content: SectionBuilder = {
  kind: "content",
  tables: ["content_by_day", "content_by_format", "content_by_network", "content_by_rubric"],
  async build(ctx) {
    const d = await ctx.dashboard();
    const { t, fmt } = ctx;
    const legend = new Legend();
    const m = t.metric;
    const erR = legend.mark(m.erReach, t.formula.erReach);
    const erF = legend.mark(m.erFollowers, t.formula.erFollowers);
    const inter = legend.mark(m.interactions, t.formula.interactions);
    const columns = (first: string): Column[] => [
      { head: first },
      { head: m.posts, align: "right" },
      { head: html`${m.interactions}${inter}`, align: "right" },
      { head: m.reach, align: "right" },
      { head: html`${m.erReach}${erR}`, align: "right", cls: "er-reach" },
      { head: html`${m.erFollowers}${erF}`, align: "right", cls: "er-followers" },
    ];
    const rows = (b: typeof d.byFormat) => b.map((x) => [x.label || t.col.none, fmt.int(x.totals.posts), fmt.int(x.totals.interactions), fmt.int(x.totals.reach), fmt.pct(x.rates.erReach), fmt.pct(x.rates.erFollowers)]);
    const breakdown = (name: string, b: typeof d.byFormat) => ({
      name,
      table: {
        columns: [name.replace("content_by_", ""), "posts", "interactions", "reach", "er_reach", "er_followers"],
        rows: b.map((x) => [x.label, x.totals.posts, x.totals.interactions, x.totals.reach, rate4(x.rates.erReach), rate4(x.rates.erFollowers)]),
      },
    });
    const labels = d.series.map((s) => fmt.shortDay(s.day));
    return {
      body: html`<h3>${m.interactions}${inter} · ${m.posts}</h3>
${barChart({ labels, series: [{ values: d.series.map((s) => s.interactions), color: ctx.colors.primary }], format: (v) => fmt.compact(v), height: 150, annotations: d.series.length <= 31 ? d.series.map((s) => String(s.posts)) : undefined })}
<p class="chart-key"><i style="background:${ctx.colors.primary}"></i>${m.interactions}${d.series.length <= 31 ? html` · ${t.col.postsAbove}` : null}</p>
<h3>${t.col.format}</h3>${dataTable(columns(t.col.format), rows(d.byFormat.slice(0, 6)), { empty: t.noData, tight: true })}
<h3>${t.col.network}</h3>${dataTable(columns(t.col.network), rows(d.byNetwork.slice(0, 5)), { empty: t.noData, tight: true })}
<h3>${t.col.rubric}</h3>${dataTable(columns(t.col.rubric), rows(d.byRubric.slice(0, 6)), { empty: t.noData, tight: true })}`,
      legend: legend.items,
      tables: [
        { name: "content_by_day", table: { columns: ["day", "posts", "interactions", "reach", "impressions", "views", "link_clicks"], rows: d.series.map((s) => [s.day, s.posts, s.interactions, s.reach, s.impressions, s.views, s.linkClicks]) } },
        breakdown("content_by_format", d.byFormat),
        breakdown("content_by_network", d.byNetwork),
        breakdown("content_by_rubric", d.byRubric),
      ],
    };
  },
};

const bestPosts: SectionBuilder = {
  kind: "bestPosts",
  tables: ["best_posts"],
  async build(ctx) {
    const d = await ctx.dashboard();
    const { t, fmt } = ctx;
    const legend = new Legend();
    const m = t.metric;
    const posts = d.best.slice(0, ctx.options.limit ?? 5);
    const erR = legend.mark(m.erReach, t.formula.erReach);
    const erF = legend.mark(m.erFollowers, t.formula.erFollowers);
    const inter = legend.mark(m.interactions, t.formula.interactions);
    const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
    const compact = posts.length > 6;
    return {
      body: posts.length
        ? html`<ol class="posts ${compact ? "compact" : ""}">${posts.map(
            (p, i) => html`<li class="post">
<div class="rank" style="background:${i === 0 ? ctx.colors.accent : ctx.colors.primary}">${i + 1}</div>
<div class="post-main">
<div class="post-meta"><b>${p.channelName}</b> · ${p.network} · ${p.format}${p.rubric ? html` · ${p.rubric}` : null} · ${fmt.dateTime(p.publishedAt, ctx.brand.timezone)}</div>
<div class="post-text">${clip(p.text, compact ? 140 : 260)}</div>
<div class="post-figures">
<span><b>${fmt.int(p.interactions)}</b> ${m.interactions.toLowerCase()}${inter}</span>
<span><b>${fmt.int(p.reach)}</b> ${m.reach.toLowerCase()}</span>
<span class="er-reach"><b>${fmt.pct(p.erReach)}</b> ${m.erReach}${erR}</span>
<span class="er-followers"><b>${fmt.pct(p.erFollowers)}</b> ${m.erFollowers}${erF}</span>
<span class="muted">${fmt.int(p.likes)} ${m.likes} · ${fmt.int(p.comments)} ${m.comments} · ${fmt.int(p.reposts)} ${m.reposts}</span>
</div></div></li>`,
          )}</ol>`
        : html`<p class="empty">${t.noData}</p>`,
      legend: legend.items,
      tables: [
        {
          name: "best_posts",
          table: {
            columns: ["published_at", "channel", "network", "format", "rubric", "url", "text", "reach", "views", "likes", "comments", "reposts", "clicks", "interactions", "er_reach", "er_followers"],
            rows: d.best.map((p) => [p.publishedAt, p.channelName, p.network, p.format, p.rubric, p.url, p.text, p.reach, p.views, p.likes, p.comments, p.reposts, p.clicks, p.interactions, rate4(p.erReach), rate4(p.erFollowers)]),
          },
        },
      ],
    };
  },
};

/** The period's instants: from the start of its first day to the start of the day after its last, in the brand's zone. */
function instants(ctx: SectionContext) {
  return {
    from: DateTime.fromISO(ctx.period.from, { zone: ctx.brand.timezone }).startOf("day").toUTC().toISO() as string,
    to: DateTime.fromISO(ctx.period.to, { zone: ctx.brand.timezone }).plus({ days: 1 }).startOf("day").toUTC().toISO() as string,
  };
}

const responseTimes: SectionBuilder = {
  kind: "responseTimes",
  tables: ["response_times", "response_times_by_member"],
  async build(ctx) {
    const { t, fmt } = ctx;
    const legend = new Legend();
    const m = t.metric;
    const r = await computeInboxReport(ctx.db, ctx.workspaceId, { brandId: ctx.brand.id, ...instants(ctx) });
    const fr = legend.mark(m.firstResponse, t.formula.firstResponse);
    const rs = legend.mark(m.resolution, t.formula.resolution);
    const cards: Kpi[] = [
      { label: m.firstResponse, mark: fr, value: fmt.minutes(r.firstResponse.median) },
      { label: m.firstResponseP90, mark: fr, value: fmt.minutes(r.firstResponse.p90) },
      { label: m.resolution, mark: rs, value: fmt.minutes(r.resolution.median) },
      { label: m.answered, value: fmt.int(r.firstResponse.count) },
    ];
    const members = r.byMember.slice(0, 12);
    // Per local day, the median first response of the items that arrived that day, and the share answered within the brand's target.
    const span = instants(ctx);
    const brandRow = await ctx.db.selectFrom("brands").select(["settings", "locale"]).where("id", "=", ctx.brand.id).executeTakeFirstOrThrow();
    const target = parseBrandSettings(brandRow.settings, brandRow.locale).responseSlaMinutes;
    const items = await ctx.db
      .selectFrom("inbox_items")
      .select(["occurred_at", "first_response_at"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("brand_id", "=", ctx.brand.id)
      .where("occurred_at", ">=", span.from)
      .where("occurred_at", "<", span.to)
      .where("first_response_at", "is not", null)
      .execute();
    const byDay = new Map<string, number[]>();
    let within = 0;
    for (const it of items) {
      const minutes = Math.max(0, (Date.parse(it.first_response_at as string) - Date.parse(it.occurred_at)) / 60_000);
      if (minutes <= target) within++;
      const dayKey = DateTime.fromISO(it.occurred_at, { zone: ctx.brand.timezone }).toISODate() as string;
      byDay.set(dayKey, [...(byDay.get(dayKey) ?? []), minutes]);
    }
    const days: string[] = [];
    for (let dd = DateTime.fromISO(ctx.period.from); (dd.toISODate() ?? "") <= ctx.period.to && days.length < 400; dd = dd.plus({ days: 1 })) days.push(dd.toISODate() as string);
    const medians = days.map((dd) => percentile([...(byDay.get(dd) ?? [])].sort((a, b) => a - b), 0.5));
    cards[3] = { label: t.col.withinTarget, mark: legend.mark(t.col.withinTarget, t.formula.withinTarget), value: fmt.pct(ratio(within, items.length), 0), sub: `${fmt.int(within)} / ${fmt.int(items.length)} · ≤ ${fmt.minutes(target)}` };
    return {
      body: html`${kpiCards(cards, ctx)}
${
  items.length
    ? html`<h3>${t.col.perDay}${fr}</h3>
${barChart({ labels: days.map((dd) => fmt.shortDay(dd)), series: [{ values: medians.map((v) => v ?? 0), color: ctx.colors.primary }], format: (v) => fmt.minutes(v), height: 170, annotations: days.length <= 31 ? medians.map((v) => (v === null ? "" : fmt.minutes(v))) : undefined })}`
    : null
}
${
  members.length
    ? html`<div class="two"><div><h3>${t.col.member}</h3>${dataTable(
        [{ head: t.col.member }, { head: t.col.replies, align: "right" }, { head: html`${m.firstResponse}${fr}`, align: "right" }],
        members.map((x) => [x.name || t.col.none, fmt.int(x.replies), fmt.minutes(x.medianFirstResponseMinutes)]),
      )}</div>
<div><h3>${m.firstResponse}</h3>${hBars(
        members.filter((x) => x.medianFirstResponseMinutes !== null).map((x) => ({ label: x.name, value: x.medianFirstResponseMinutes ?? 0, display: fmt.minutes(x.medianFirstResponseMinutes) })),
        ctx.colors.primary,
      )}</div></div>`
    : items.length
      ? null
      : html`<p class="empty">${t.noData}</p>`
}`,
      legend: legend.items,
      tables: [
        {
          name: "response_times",
          table: {
            columns: ["measure", "median_minutes", "p90_minutes", "items"],
            rows: [
              ["first_response", r.firstResponse.median, r.firstResponse.p90, r.firstResponse.count],
              ["resolution", r.resolution.median, r.resolution.p90, r.resolution.count],
            ],
          },
        },
        { name: "response_times_by_member", table: { columns: ["member", "replies", "median_first_response_minutes"], rows: r.byMember.map((x) => [x.name, x.replies, x.medianFirstResponseMinutes]) } },
      ],
    };
  },
};

const listening: SectionBuilder = {
  kind: "listening",
  tables: ["listening_volume", "listening_terms", "listening_share_of_voice", "listening_leaders"],
  async build(ctx) {
    const { t, fmt } = ctx;
    const legend = new Legend();
    const m = t.metric;
    const span = instants(ctx);
    const p = { brandId: ctx.brand.id, ...span };
    const prevFrom = new Date(2 * Date.parse(span.from) - Date.parse(span.to)).toISOString();
    const [vol, prev, terms, voices, lead] = await Promise.all([
      volume(ctx.db, p, ctx.brand.timezone),
      volume(ctx.db, { brandId: ctx.brand.id, from: prevFrom, to: span.from }, ctx.brand.timezone),
      trending(ctx.db, p, 8),
      shareOfVoice(ctx.db, p),
      leaders(ctx.db, p, 6),
    ]);
    const mm = legend.mark(m.mentions, t.formula.mentions);
    const ns = legend.mark(m.negativeShare, t.formula.negativeShare);
    const share = ratio(vol.totals.negative, vol.totals.total);
    const cards: Kpi[] = [
      { label: m.mentions, mark: mm, value: fmt.int(vol.totals.total), change: change(vol.totals.total, prev.totals.total) },
      { label: m.positive, value: fmt.int(vol.totals.positive), change: change(vol.totals.positive, prev.totals.positive) },
      { label: m.negative, value: fmt.int(vol.totals.negative), change: change(vol.totals.negative, prev.totals.negative), invert: true },
      { label: m.negativeShare, mark: ns, value: fmt.pct(share, 1), change: change(share, ratio(prev.totals.negative, prev.totals.total)), invert: true },
    ];
    const labels = vol.points.map((x) => (vol.bucket === "day" ? fmt.shortDay(x.t) : x.t.slice(11, 16)));
    const lift = legend.mark("Lift", t.formula.lift);
    const sh = legend.mark(t.col.query, t.formula.share);
    return {
      body: html`${kpiCards(cards, ctx)}
<h3>${m.mentions}${mm}</h3>
${barChart({
  labels,
  series: [
    { values: vol.points.map((x) => x.negative), color: sentimentColors.negative },
    { values: vol.points.map((x) => x.neutral), color: sentimentColors.neutral },
    { values: vol.points.map((x) => x.positive), color: sentimentColors.positive },
  ],
  format: (v) => fmt.compact(v),
  height: 165,
})}
<p class="chart-key"><i style="background:${sentimentColors.positive}"></i>${m.positive} <i style="background:${sentimentColors.neutral}"></i>${m.neutral} <i style="background:${sentimentColors.negative}"></i>${m.negative}</p>
<div class="two">
<div><h3>${t.col.trending}</h3>${dataTable(
        [{ head: t.col.term }, { head: m.mentions, align: "right" }, { head: html`Lift${lift}`, align: "right" }],
        terms.map((x) => [x.term, fmt.int(x.mentions), x.isNew ? "new" : `×${x.lift.toFixed(1)}`]),
        { empty: t.noData },
      )}</div>
<div><h3>${t.col.shareOfVoice}${sh}</h3>${
        voices.length ? hBars(voices.map((v) => ({ label: v.name, value: v.share, display: fmt.pct(v.share, 0) })), ctx.colors.accent) : html`<p class="empty">${t.noData}</p>`
      }
<h3>${t.col.leaders}</h3>${dataTable(
        [{ head: t.col.author }, { head: m.followers, align: "right" }, { head: m.mentions, align: "right" }],
        lead.slice(0, 5).map((l) => [html`${l.name} <span class="muted">${l.network}</span>`, fmt.compact(l.followers), fmt.int(l.mentions)]),
        { empty: t.noData },
      )}</div></div>`,
      legend: legend.items,
      tables: [
        { name: "listening_volume", table: { columns: ["bucket", "positive", "neutral", "negative", "total"], rows: vol.points.map((x) => [x.t, x.positive, x.neutral, x.negative, x.total]) } },
        { name: "listening_terms", table: { columns: ["term", "mentions", "baseline", "lift", "new"], rows: terms.map((x) => [x.term, x.mentions, x.baseline, Math.round(x.lift * 100) / 100, x.isNew ? 1 : 0]) } },
        { name: "listening_share_of_voice", table: { columns: ["query", "kind", "mentions", "share", "positive", "neutral", "negative"], rows: voices.map((v) => [v.name, v.kind, v.mentions, rate4(v.share), v.positive, v.neutral, v.negative]) } },
        { name: "listening_leaders", table: { columns: ["network", "handle", "name", "followers", "mentions", "engagement", "tone"], rows: lead.map((l) => [l.network, l.handle, l.name, l.followers, l.mentions, l.engagement, l.tone]) } },
      ],
    };
  },
};

/** The brand beside its competitors' public pages: followers, growth, posts, interactions, ER by followers (their reach is never visible). */
const competitors: SectionBuilder = {
  kind: "competitors",
  tables: ["competitors", "competitor_top_posts"],
  async build(ctx) {
    const { t, fmt } = ctx;
    const legend = new Legend();
    const c = await computeComparison(ctx.db, ctx.workspaceId, { brandId: ctx.brand.id, from: ctx.period.from, to: ctx.period.to });
    if (!c.pages.some((p) => p.kind === "competitor")) return { body: html`<div class="note">${t.col.noCompetitors}</div>`, legend: [], tables: [] };
    const er = legend.mark(t.metric.erFollowers, t.competitorFormula.erFollowers);
    const ipp = legend.mark(t.col.interactionsPerPost, t.competitorFormula.interactionsPerPost);
    const ppd = legend.mark(t.col.postsPerDay, t.competitorFormula.postsPerDay);
    const gr = legend.mark(t.metric.growth, t.formula.growth);
    legend.mark(t.metric.interactions, t.competitorFormula.interactions);
    const visible = (p: (typeof c.pages)[number], v: string) => (p.postsVisible ? v : t.col.postsHidden);
    const top = c.pages
      .filter((p) => p.kind === "competitor")
      .flatMap((p) => p.topPosts.map((post) => ({ page: p.name, post })))
      .sort((a, b) => b.post.interactions - a.post.interactions)
      .slice(0, 6);
    return {
      body: html`${dataTable(
        [
          { head: t.col.page },
          { head: t.metric.followers, align: "right" },
          { head: html`${t.metric.growth}${gr}`, align: "right" },
          { head: html`${t.col.postsPerDay}${ppd}`, align: "right" },
          { head: html`${t.col.interactionsPerPost}${ipp}`, align: "right" },
          { head: html`${t.metric.erFollowers}${er}`, align: "right" },
        ],
        c.pages.map((p) => [
          p.kind === "brand" ? html`<strong>${p.name}</strong>` : html`${p.name} <span class="muted">${p.networks.join(", ")}</span>`,
          fmt.int(p.followers.end),
          `${fmt.signed(p.followers.growth)} (${fmt.pct(p.followers.growthRate, 1)})`,
          visible(p, p.postsPerDay === null ? t.col.none : p.postsPerDay.toLocaleString(t.locale, { maximumFractionDigits: 1 })),
          visible(p, fmt.int(p.interactionsPerPost)),
          visible(p, fmt.pct(p.erFollowers)),
        ]),
      )}
<div class="two">
<div><h3>${t.metric.erFollowers}</h3>${hBars(
        c.pages.filter((p) => p.erFollowers !== null).map((p) => ({ label: p.name, value: p.erFollowers ?? 0, display: fmt.pct(p.erFollowers) })),
        ctx.colors.primary,
      )}</div>
<div><h3>${t.metric.growthRate}</h3>${hBars(
        c.pages.filter((p) => p.followers.growthRate !== null).map((p) => ({ label: p.name, value: Math.max(0, p.followers.growthRate ?? 0), display: fmt.pct(p.followers.growthRate, 1) })),
        ctx.colors.accent,
      )}</div></div>
<h3>${t.col.topCompetitorPosts}</h3>${dataTable(
        [{ head: t.col.page }, { head: t.col.post }, { head: t.col.published }, { head: t.metric.interactions, align: "right" }, { head: t.metric.erFollowers, align: "right" }],
        top.map(({ page, post }) => [page, post.text.slice(0, 140), fmt.dateTime(post.publishedAt, ctx.brand.timezone), fmt.int(post.interactions), fmt.pct(post.erFollowers)]),
        { empty: t.noData },
      )}`,
      legend: legend.items,
      tables: [
        {
          name: "competitors",
          table: {
            columns: ["kind", "page", "networks", "followers_start", "followers_end", "growth", "growth_rate", "posts", "posts_per_day", "interactions", "interactions_per_post", "er_followers"],
            rows: c.pages.map((p) => [p.kind, p.name, p.networks.join(" "), p.followers.start, p.followers.end, p.followers.growth, rate4(p.followers.growthRate), p.posts, p.postsPerDay, p.interactions, p.interactionsPerPost, rate4(p.erFollowers)]),
          },
        },
        { name: "competitor_top_posts", table: { columns: ["page", "published_at", "url", "text", "interactions", "er_followers"], rows: top.map(({ page, post }) => [page, post.publishedAt, post.url, post.text, post.interactions, rate4(post.erFollowers)]) } },
      ],
    };
  },
};

const campaigns: SectionBuilder = {
  kind: "campaigns",
  tables: ["campaigns"],
  async build(ctx) {
    const { t, fmt } = ctx;
    const c = t.campaign;
    const f = t.campaignFormula;
    const legend = new Legend();
    const r = await brandCampaignResults(ctx.db, ctx.workspaceId, { brandId: ctx.brand.id, from: ctx.period.from, to: ctx.period.to });
    const money = (v: number | null, currency: string) => (v === null ? "—" : `${fmt.int(v)} ${currency}`);
    const columns: Column[] = [
      { head: c.name },
      { head: c.period },
      { head: c.spend, align: "right" },
      { head: html`${c.clicks}${legend.mark(c.clicks, f.clicks)}`, align: "right" },
      { head: html`${c.ctr}${legend.mark(c.ctr, f.ctr)}`, align: "right" },
      { head: c.conversions, align: "right" },
      { head: html`${c.cr}${legend.mark(c.cr, f.cr)}`, align: "right" },
      { head: c.revenue, align: "right" },
      { head: html`${c.cpc}${legend.mark(c.cpc, f.cpc)}`, align: "right" },
      { head: html`${c.cpm}${legend.mark(c.cpm, f.cpm)}`, align: "right" },
      { head: html`${c.cpa}${legend.mark(c.cpa, f.cpa)}`, align: "right" },
      { head: html`${c.costPerSubscriber}${legend.mark(c.costPerSubscriber, f.costPerSubscriber)}`, align: "right" },
      { head: html`${c.romi}${legend.mark(c.romi, f.romi)}`, align: "right" },
    ];
    type Line = { name: string; dates: string; currency: string; results: (typeof r.campaigns)[number]["results"] };
    const row = (l: Line) => [
      l.name,
      l.dates,
      money(l.results.spend, l.currency),
      fmt.int(l.results.clicks),
      fmt.pct(l.results.rates.ctr),
      fmt.int(l.results.conversions),
      fmt.pct(l.results.rates.cr),
      money(l.results.revenue, l.currency),
      money(l.results.rates.cpc, l.currency),
      money(l.results.rates.cpm, l.currency),
      money(l.results.rates.cpa, l.currency),
      money(l.results.rates.costPerSubscriber, l.currency),
      fmt.pct(l.results.rates.romi, 0),
    ];
    const lines: Line[] = [
      ...r.campaigns.map((x) => ({ name: x.name, dates: fmt.period(x.startDay, x.endDay), currency: x.currency, results: x.results })),
      ...(r.campaigns.length > 1 ? r.totals.map((x) => ({ name: `${c.total} (${x.currency})`, dates: fmt.period(ctx.period.from, ctx.period.to), currency: x.currency, results: x.results })) : []),
    ];
    return {
      body: dataTable(columns, lines.map(row), { empty: c.none, tight: true }),
      legend: legend.items,
      tables: [
        {
          name: "campaigns",
          table: {
            columns: ["campaign", "start", "end", "currency", "spend", "impressions", "clicks", "ctr", "conversions", "cr", "revenue", "cpc", "cpm", "cpa", "cost_per_subscriber", "romi"],
            rows: r.campaigns.map((x) => {
              const m = x.results;
              return [x.name, x.startDay, x.endDay, x.currency, m.spend, m.impressions, m.clicks, rate4(m.rates.ctr), m.conversions, rate4(m.rates.cr), m.revenue, m.rates.cpc, m.rates.cpm, m.rates.cpa, m.rates.costPerSubscriber, rate4(m.rates.romi)];
            }),
          },
        },
      ],
    };
  },
};

export const sectionBuilders: Record<SectionKind, SectionBuilder> = {
  summary,
  growth,
  content,
  bestPosts,
  responseTimes,
  listening,
  competitors,
  campaigns,
};
