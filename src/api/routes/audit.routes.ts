/**
 * The audience audit API: POST a channel's audit, get back the scored sample, the shares of bots,
 * dead and live followers, and the live followers of the whole channel (services/analytics/audit.service.ts).
 */
import { z } from "zod";
import { followerClasses, signalNames } from "../../domain/bot-score.js";
import { auditSize, listAudits, runAudit } from "../../services/analytics/audit.service.js";
import { type ApiContext, id, problemSchema, type ZodApp } from "../context.js";

const share = z.number().min(0).max(1);
const interval = z.object({ low: share, high: share });
const perClass = <T extends z.ZodType>(t: T) => z.object({ bot: t, dead: t, live: t });

const signalView = z.object({
  signal: z.enum(signalNames),
  weight: z.number(),
  key: z.string().describe("audit.signal.<name>[.<variant>]: what the UI translates (docs/audience-audit.md lists them)"),
  evidence: z.record(z.string(), z.union([z.string(), z.number()])),
});

const followerView = z.object({
  profile: z.object({
    handle: z.string(),
    name: z.string(),
    hasAvatar: z.boolean(),
    posts: z.number(),
    followers: z.number(),
    following: z.number(),
    createdAt: z.string().describe("Empty when the network did not say"),
    lastActiveAt: z.string().nullable(),
  }),
  score: share.describe("Bot likelihood: the sum of the signals' weights, at most 1"),
  class: z.enum(followerClasses),
  reason: z.enum(["score", "deleted", "inactive", "never_active", "active", "new", "unknown"]),
  inactiveDays: z.number().nullable(),
  signals: z.array(signalView),
});

const summaryView = z.object({
    sampleSize: z.number(),
    counts: perClass(z.number()),
    shares: perClass(share),
    intervals: perClass(interval).describe("Wilson 95 % intervals of the shares"),
    liveEstimate: z
      .object({ channelFollowers: z.number(), live: z.number(), low: z.number(), high: z.number() })
      .nullable()
      .describe("Live followers of the whole channel: follower count × live share, with the interval"),
    signals: z.record(z.enum(signalNames), z.object({ count: z.number(), share })),
    bursts: z.array(z.object({ from: z.string(), to: z.string(), members: z.number(), expected: z.number(), windowDays: z.number() })),
    meanScore: z.number(),
    confidence: z.number(),
  });

export const auditView = z.object({
  id: z.string().describe("The kept audit (its summary is listed by GET …/audits)"),
  version: z.literal(1),
  channel: z.object({ id: z.string(), brandId: z.string(), network: z.string(), networkName: z.string(), handle: z.string(), simulated: z.boolean() }),
  auditedAt: z.string(),
  requestedSize: z.number(),
  channelFollowers: z.number().nullable(),
  scoring: z.object({ botThreshold: z.number(), deadAfterDays: z.number(), weights: z.record(z.string(), z.number()) }),
  summary: summaryView,
  followers: z.array(followerView),
});

export const auditBody = z.strictObject({
  size: z
    .number()
    .int("Must be a whole number")
    .min(auditSize.min, `At least ${auditSize.min} followers`)
    .max(auditSize.max, `At most ${auditSize.max} followers`)
    .default(auditSize.default)
    .describe("How many followers to sample"),
});

export function auditRoutes(app: ZodApp, ctx: ApiContext) {
  app.post(
    "/api/workspaces/:ws/channels/:channelId/audits",
    {
      schema: {
        tags: ["Analytics"],
        summary: "Audit a channel's audience: sample its followers, score each for bot likelihood, estimate its live followers",
        params: z.strictObject({ ws: id, channelId: id }),
        body: auditBody,
        response: { 200: auditView, 409: problemSchema },
      },
    },
    async (req) =>
      runAudit({ db: ctx.store.db, registry: ctx.registry, secrets: ctx.secrets }, await ctx.actorOf(req), req.params.ws, req.params.channelId, { size: req.body.size }),
  );

  app.get(
    "/api/workspaces/:ws/channels/:channelId/audits",
    {
      schema: {
        tags: ["Analytics"],
        summary: "A channel's kept audits, newest first (the last 20): shares, intervals and the live-followers estimate",
        params: z.strictObject({ ws: id, channelId: id }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                channelId: z.string(),
                auditedAt: z.string(),
                sampleSize: z.number(),
                channelFollowers: z.number().nullable(),
                shares: perClass(share),
                liveEstimate: z.number().nullable(),
                summary: summaryView,
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listAudits(ctx.store.db, await ctx.actorOf(req), req.params.ws, req.params.channelId) }),
  );
}
