/**
 * The analytics API: the dashboard of a brand, a channel, a campaign or all brands for a period
 * with the previous one beside it, and each of its tables as CSV or XLSX.
 */
import { z } from "zod";
import { type Dashboard, dashboard, rankMetrics } from "../../services/analytics/dashboard.service.js";
import { exportTables, tableOf, toCsv, toXlsx } from "../../services/analytics/export.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a day, YYYY-MM-DD");
const dashboardQuery = z.strictObject({
  brandId: id.optional().describe("One brand; without it, every brand of the workspace"),
  channelId: id.optional(),
  campaign: z.string().trim().min(1).max(120).optional(),
  from: day.describe("First day of the period, in the brand's time zone"),
  to: day.describe("Last day of the period (inclusive)"),
  rankBy: z.enum(rankMetrics).optional().describe("What ranks the best and worst posts (default: interactions)"),
});

const n = z.number();
const nn = z.number().nullable();
const totals = z.object({
  posts: n,
  likes: n,
  comments: n,
  reposts: n,
  saves: n,
  interactions: n,
  reach: nn,
  interactionsWithReach: n,
  impressions: nn,
  views: nn,
  interactionsWithViews: n,
  viewsWithImpressions: n,
  impressionsWithViews: n,
  clicks: nn,
  impressionsWithClicks: n,
  clicksWithImpressions: n,
  followersAtPosts: nn,
  interactionsWithFollowers: n,
  likesWithFollowers: n,
  commentsWithFollowers: n,
  repostsWithFollowers: n,
});
const rates = z.object({ erReach: nn, erFollowers: nn, erViews: nn, loveRate: nn, talkRate: nn, amplificationRate: nn, ctr: nn, vtr: nn }).describe("Fractions (0.042 = 4.2%); null when the denominator is unknown or zero");
const growth = z.object({ start: nn, end: nn, growth: nn, growthRate: nn });
const bucket = z.object({ key: z.string(), label: z.string(), count: n });
const breakdown = z.array(z.object({ key: z.string(), label: z.string(), totals, rates }));
const rankedPost = z.object({
  id: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  network: z.string(),
  url: z.string().nullable(),
  text: z.string(),
  format: z.string(),
  rubric: z.string().nullable(),
  publishedAt: z.string(),
  reach: nn,
  views: nn,
  likes: nn,
  comments: nn,
  reposts: nn,
  clicks: nn,
  interactions: n,
  erReach: nn,
  erFollowers: nn,
});
const dashboardView = z.object({
  scope: z.object({
    workspaceId: z.string(),
    brands: z.array(z.object({ id: z.string(), name: z.string(), timezone: z.string() })),
    channels: z.array(z.object({ id: z.string(), name: z.string(), network: z.string(), brandId: z.string() })),
    channelId: z.string().nullable(),
    campaign: z.string().nullable(),
  }),
  period: z.object({ from: z.string(), to: z.string(), days: n }),
  previous: z.object({ from: z.string(), to: z.string() }),
  totals,
  rates,
  previousTotals: totals,
  previousRates: rates,
  followers: growth,
  previousFollowers: growth,
  linkClicks: n,
  previousLinkClicks: n,
  engagedPeople: n.describe("Distinct people who commented, replied or wrote to the channels"),
  byFormat: breakdown,
  byNetwork: breakdown,
  byRubric: breakdown,
  byChannel: breakdown,
  series: z.array(z.object({ day: z.string(), posts: n, interactions: n, reach: nn, impressions: nn, views: nn, followers: nn, linkClicks: n })),
  heatmap: z.array(z.object({ weekday: n.describe("1 = Monday … 7 = Sunday"), hour: n, posts: n, interactions: n, reach: nn, interactionsWithReach: n, erReach: nn, avgInteractions: n })),
  rankBy: z.enum(rankMetrics),
  best: z.array(rankedPost),
  worst: z.array(rankedPost),
  audience: z.array(z.object({ day: z.string(), followers: nn, joined: nn, left: nn, net: nn })),
  demographics: z
    .object({ day: z.string(), channels: n, sex: z.array(bucket), age: z.array(bucket), cities: z.array(bucket), countries: z.array(bucket) })
    .nullable()
    .describe("The audience by sex, age, city and country where the network reports it (VK community statistics): each channel's latest day in the period, added up"),
  funnel: z.array(z.object({ key: z.enum(["reach", "followers", "engaged", "visitors", "conversions"]), value: nn, conversion: nn })),
  formulas: z.record(z.string(), z.string()),
});

export function analyticsRoutes(app: ZodApp, ctx: ApiContext) {
  const tags = ["Analytics"];
  const base = "/api/workspaces/:ws/analytics";
  const db = ctx.store.db;

  app.get(
    `${base}/dashboard`,
    {
      schema: {
        tags,
        summary: "Followers and growth, reach, interactions and every rate with its formula, by format, network, rubric and channel, daily series, weekday × hour heatmap, best and worst posts, audience by day, funnel — with the previous period",
        params: wsParams,
        querystring: dashboardQuery,
        response: { 200: dashboardView },
      },
    },
    async (req): Promise<Dashboard> => dashboard(db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.get(
    `${base}/dashboard/export`,
    {
      schema: {
        tags,
        summary: "One table of the dashboard as CSV or XLSX",
        params: wsParams,
        querystring: dashboardQuery.extend({ table: z.enum(exportTables), format: z.enum(["csv", "xlsx"]).default("csv") }),
      },
    },
    async (req, reply) => {
      const { table, format, ...q } = req.query;
      const d = await dashboard(db, await ctx.actorOf(req), req.params.ws, q);
      const t = tableOf(d, table);
      const name = `chorus-${table}-${q.from}-${q.to}.${format}`;
      reply.header("content-disposition", `attachment; filename="${name}"`).header("cache-control", "private, no-store");
      if (format === "xlsx") return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await toXlsx([{ name: table, table: t }]));
      return reply.type("text/csv; charset=utf-8").send(toCsv(t));
    },
  );
}
