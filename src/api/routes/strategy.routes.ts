/**
 * The strategy API: a brand's strategy (read, save whole, make from a brief), its KPIs tracked
 * against the data with a forecast, contract signing (the community's state recorded), figures
 * entered for custom KPIs, and the content mix published against the plan.
 */
import { z } from "zod";
import { briefAnswersSchema } from "../../domain/brief.js";
import { goalTypes, kpiMetrics, rubricKinds, strategySchema } from "../../domain/strategy.js";
import { contentMix } from "../../services/strategy/content-mix.service.js";
import { signContract } from "../../services/strategy/contract.service.js";
import { trackKpis } from "../../services/strategy/kpi-tracking.service.js";
import { deleteProgress, listProgress, recordProgress } from "../../services/strategy/progress.service.js";
import { getStrategy, saveStrategy, strategyFromBriefAnswers } from "../../services/strategy/strategy.service.js";
import { type ApiContext, id, type ZodApp } from "../context.js";

const day = z.iso.date({ message: "Must be a day, YYYY-MM-DD" });
const brandParams = z.strictObject({ ws: id, brandId: id });
const kpiParams = z.strictObject({ ws: id, brandId: id, kpiId: id });
const nn = z.number().nullable();

const contractView = z.object({
  id: z.string(),
  signedAt: z.string(),
  signedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  note: z.string(),
  followers: nn,
  liveFollowers: nn.describe("Σ followers × live share of each channel's latest audit at signing; null when no channel had been audited"),
  erReach: nn.describe("Percent, over the 28 days before signing"),
  erFollowers: nn,
  channels: z.array(
    z.object({ channelId: z.string(), name: z.string(), network: z.string(), followers: nn, liveShare: nn, auditId: z.string().nullable(), auditedAt: z.string().nullable(), liveFollowers: nn }),
  ),
  unaudited: z.array(z.string()).describe("Channels without an audit at signing: their live followers could not be recorded"),
});

const strategyView = z.object({
  brandId: z.string(),
  strategy: strategySchema.nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  warnings: z.array(z.object({ code: z.string(), path: z.string(), value: z.number().optional() })).describe("Known mistakes the plan would make: too many posts, one content type, no informative or entertaining content"),
  contract: contractView.nullable(),
  rubrics: z.array(z.string()),
  channels: z.array(z.object({ id: z.string(), name: z.string(), network: z.string() })),
  briefs: z.array(z.object({ id: z.string(), title: z.string(), submittedAt: z.string().nullable() })),
});

const point = z.object({ day: z.string(), value: z.number() });
const forecastView = z.object({
  status: z.enum(["reached", "on_track", "behind", "not_enough_data", "met", "missed", "no_data"]),
  current: nn,
  points: z.number(),
  minPoints: z.number(),
  pacePerDay: nn,
  expected: nn.describe("The least-squares line of the last 28 days read at the deadline"),
  neededPerDay: nn,
  daysLeft: z.number(),
  line: z.array(point),
});
const trackingView = z.object({
  brandId: z.string(),
  at: z.string(),
  hasStrategy: z.boolean(),
  contract: contractView.nullable(),
  kpis: z.array(
    z.object({
      kpi: z.object({ id: z.string().optional(), metric: z.enum(kpiMetrics), label: z.string(), target: z.number(), comparison: z.enum(["gte", "lte"]).optional(), deadline: z.string(), channelId: z.string().nullable(), note: z.string() }),
      unit: z.string(),
      state: z.enum(["tracking", "not_tracked", "no_audit", "needs_baseline", "needs_contract", "channel_missing"]),
      current: nn,
      baseline: z.object({ value: z.number(), source: z.enum(["contract", "start"]), day: z.string() }).nullable(),
      series: z.array(point),
      forecast: forecastView.nullable(),
      unaudited: z.array(z.object({ id: z.string(), name: z.string() })),
      formula: z.string(),
    }),
  ),
});

const progressView = z.object({ kpiId: z.string(), day: z.string(), value: z.number(), note: z.string(), createdBy: z.string().nullable(), updatedAt: z.string() });
const kindShare = z.object({ kind: z.enum(rubricKinds), posts: z.number(), share: z.number(), plannedShare: nn });
const mixView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  hasPlan: z.boolean(),
  posts: z.number(),
  rubrics: z.array(z.object({ rubric: z.string().nullable(), kind: z.enum(rubricKinds).nullable(), posts: z.number(), share: z.number(), plannedShare: nn })),
  kinds: z.array(kindShare),
  outsidePlan: z.number(),
  ratio: z.object({ actual: nn, planned: nn }).describe("informative ÷ entertaining"),
});

export function strategyRoutes(app: ZodApp, ctx: ApiContext) {
  const tags = ["Strategy"];
  const base = "/api/workspaces/:ws/brands/:brandId/strategy";
  const db = ctx.store.db;

  app.get(base, { schema: { tags, summary: "The brand's strategy (null until one is saved), its warnings, the contract in force, and the briefs it can be made from", params: brandParams, response: { 200: strategyView } } }, async (req) =>
    getStrategy(db, await ctx.actorOf(req), req.params.ws, req.params.brandId),
  );

  app.put(
    base,
    {
      schema: {
        tags,
        summary: `Saves the whole strategy. Goal types: ${goalTypes.join(", ")}. A KPI needs a metric, a target number and a deadline; the content mix's shares add up to 100 %. Anything invalid is refused field by field and nothing changes`,
        params: brandParams,
        body: strategySchema,
        response: { 200: strategyView },
      },
    },
    async (req) => saveStrategy(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.body),
  );

  app.post(
    `${base}/from-brief`,
    {
      schema: {
        tags,
        summary: "Makes and saves the strategy from a brief: its answers, or a submitted brief of the brand. KPIs where the success indicators state a number and a deadline; the rest kept as ideas. 409 when the brand has a strategy and replace is not set",
        params: brandParams,
        body: z
          .strictObject({ answers: briefAnswersSchema.optional(), briefId: id.optional(), replace: z.boolean().optional() })
          .refine((b) => (b.answers === undefined) !== (b.briefId === undefined), { message: "Send either the brief's answers or a briefId", path: ["answers"] }),
        response: { 200: strategyView },
      },
    },
    async (req) => strategyFromBriefAnswers(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.body),
  );

  app.get(
    `${base}/kpis`,
    {
      schema: {
        tags,
        summary: "Each KPI measured from the data (90 days of daily values up to `at`), its current value and the forecast to its deadline",
        params: brandParams,
        querystring: z.strictObject({ at: day.optional().describe("The day to track as of, in the brand's time zone (default: today)") }),
        response: { 200: trackingView },
      },
    },
    async (req) => trackKpis(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.query),
  );

  app.post(
    `${base}/contract`,
    {
      schema: {
        tags,
        summary: "Signs the contract: records the community's state now (followers, live followers from the latest audits, ER); live-subscriber KPIs count from it",
        params: brandParams,
        body: z.strictObject({ note: z.string().trim().max(2000, "At most 2,000 characters").optional() }),
        response: { 201: contractView },
      },
    },
    async (req, reply) => reply.status(201).send(await signContract(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.body)),
  );

  app.get(
    `${base}/kpis/:kpiId/progress`,
    { schema: { tags, summary: "The figures entered for a custom KPI, by day", params: kpiParams, response: { 200: z.object({ items: z.array(progressView) }) } } },
    async (req) => ({ items: await listProgress(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.params.kpiId) }),
  );

  app.post(
    `${base}/kpis/:kpiId/progress`,
    {
      schema: {
        tags,
        summary: "Enters a custom KPI's figure for a day (replacing that day's figure); measured KPIs take none",
        params: kpiParams,
        body: z.strictObject({ day, value: z.number({ message: "Give the figure as a number" }).min(-1e12).max(1e12), note: z.string().trim().max(1000).optional() }),
        response: { 200: progressView },
      },
    },
    async (req) => recordProgress(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.params.kpiId, req.body),
  );

  app.delete(
    `${base}/kpis/:kpiId/progress`,
    { schema: { tags, summary: "Removes a custom KPI's figure of a day", params: kpiParams, querystring: z.strictObject({ day }) } },
    async (req, reply) => {
      await deleteProgress(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.params.kpiId, req.query.day);
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/content-mix`,
    {
      schema: {
        tags,
        summary: "The content mix published in a period (each publication counts once, by rubric and the kind the plan gives it) against the strategy's, with informative : entertaining",
        params: brandParams,
        querystring: z.strictObject({ from: day.describe("First day, in the brand's time zone"), to: day.describe("Last day (inclusive)") }),
        response: { 200: mixView },
      },
    },
    async (req) => contentMix(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.query),
  );
}
