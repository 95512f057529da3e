/**
 * The plan health API (docs/plan-health.md): the brand's latest check, and "run now" for a period
 * (default: the last 4 weeks and the next 2, the brand's days). Errors are problem+json.
 */
import { z } from "zod";
import { healthRules, severities } from "../../domain/plan-health.js";
import { latestPlanHealth, runPlanHealthNow } from "../../services/health/health.service.js";
import { type ApiContext, id, problemSchema, type ZodApp } from "../context.js";

const day = z.iso.date({ message: "Must be a day, YYYY-MM-DD" });
const brandParams = z.strictObject({ ws: id, brandId: id });
const runBody = z
  .strictObject({
    from: day.optional().describe("First day of the period, the brand's zone (default: 28 days ago)"),
    to: day.optional().describe("Last day (default: 14 days ahead); at most 120 days after from"),
  })
  .refine((b) => !b.from || !b.to || b.to >= b.from, { message: "Must not be before from", path: ["to"] });

const findingView = z.object({
  rule: z.enum(healthRules),
  severity: z.enum(severities as [string, ...string[]]),
  params: z.record(z.string(), z.string()).describe("Words for the title: a channel's name, a day, a kind"),
  evidence: z.record(z.string(), z.number()).describe("The figures behind the finding (counts, percent, minutes, days)"),
  items: z.array(z.object({ kind: z.enum(["post", "variant", "inbox_item", "channel"]), id: z.string() })),
});

export const runView = z.object({
  id: z.string(),
  brandId: z.string(),
  trigger: z.enum(["manual", "weekly"]),
  period: z.object({ from: z.string(), to: z.string() }),
  createdAt: z.string(),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  counts: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
  summary: z.object({ posts: z.number(), planned: z.number(), published: z.number(), historyPosts: z.number(), comments: z.number() }),
  findings: z.array(findingView),
  timezone: z.string(),
});

export function healthRoutes(app: ZodApp, ctx: ApiContext, opts: { now?: () => Date } = {}) {
  const tags = ["Plan health"];
  const base = "/api/workspaces/:ws/brands/:brandId/health";
  const deps = { db: ctx.store.db, ...(opts.now ? { now: opts.now } : {}) };

  app.get(
    base,
    { schema: { tags, summary: "The brand's latest plan health check (null before the first), findings most severe first", params: brandParams, response: { 200: z.object({ run: runView.nullable() }), 404: problemSchema } } },
    async (req) => ({ run: await latestPlanHealth(deps, await ctx.actorOf(req), req.params.ws, req.params.brandId) }),
  );

  app.post(
    `${base}/runs`,
    {
      schema: {
        tags,
        summary: "Checks the brand's plan and practice for the known mistakes now and stores the run. It changes nothing else; the same period asked again within a minute returns the same run",
        params: brandParams,
        body: runBody.nullish(),
        response: { 201: runView, 400: problemSchema, 404: problemSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await runPlanHealthNow(deps, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.body ?? {})),
  );
}
