/**
 * Briefs by link. The agency's routes live under the workspace (make a link, list, read the
 * answers, extend, withdraw, delete); the client's two routes are public — the link's token is the
 * credential and names one brief: GET shows the form's content, POST sends the answers once.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { briefCurrencies, briefGoals, briefPrefillSchema } from "../../domain/brief.js";
import { BriefClosedError, briefStatuses, defaultExpiryDays, maxExpiryDays, minExpiryDays } from "../../services/briefs/brief-status.js";
import { createBrief, deleteBrief, extendBrief, getBrief, listBriefs, revokeBrief } from "../../services/briefs/briefs.service.js";
import type { BriefsDeps } from "../../services/briefs/deps.js";
import { openBrief, submitBrief } from "../../services/briefs/public-brief.service.js";
import { type ApiContext, id, problemSchema, wsParams, type ZodApp } from "../context.js";
import { problemOf } from "../problem.js";

/** The largest answer the form can produce is about 130 KB of Cyrillic; anything much bigger is not a brief. */
export const briefBodyLimit = 256 * 1024;

const itemParams = z.strictObject({ ws: id, id });
const tokenParams = z.strictObject({ token: z.string().min(10).max(200) });
const language = z.enum(["en", "ru"]);
const answersOut = z.record(z.string(), z.unknown()).describe("Answers as briefAnswersSchema (src/domain/brief.ts) defines them");

const briefSummary = z.object({
  id: z.string(),
  brandId: z.string(),
  title: z.string(),
  message: z.string(),
  language: language.nullable().describe("The form's language when the client has not chosen one; null: the browser's"),
  status: z.enum(briefStatuses),
  expiresAt: z.string(),
  openedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const briefDetail = briefSummary.extend({ prefill: answersOut, answers: answersOut.nullable() });
const expiryDays = z.number().int().min(minExpiryDays).max(maxExpiryDays);

const goneProblem = problemSchema.extend({
  reason: z.enum(["submitted", "expired", "revoked"]),
  workspaceName: z.string().nullable().describe("The agency to ask for a new link (not named for a withdrawn link)"),
});

/** A closed link's 410 carries why, so the form can say it in the client's language. */
async function orGone<T>(req: FastifyRequest, reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof BriefClosedError)) throw err;
    return reply
      .status(410)
      .type("application/problem+json")
      .send({ ...problemOf(err, req.url.split("?")[0]), reason: err.reason, workspaceName: err.workspaceName });
  }
}

export function briefsRoutes(app: ZodApp, ctx: ApiContext, deps: BriefsDeps = { db: ctx.store.db, publicUrl: ctx.config.publicUrl }) {
  const tags = ["Briefs"];
  const base = "/api/workspaces/:ws/briefs";

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The workspace's brief links (or one brand's), newest first, with their state",
        params: wsParams,
        querystring: z.strictObject({ brandId: id.optional() }),
        response: { 200: z.object({ items: z.array(briefSummary) }) },
      },
    },
    async (req) => ({ items: await listBriefs(deps, await ctx.actorOf(req), req.params.ws, req.query) }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: "Make a brief link for a brand's client (owners and managers); the URL is in this answer only",
        params: wsParams,
        body: z.strictObject({
          brandId: id,
          title: z.string().trim().min(1, "Give the brief a title").max(200),
          message: z.string().trim().max(4000).optional().describe("A note to the client shown above the form"),
          language: language.nullable().optional(),
          expiresInDays: expiryDays.default(defaultExpiryDays),
          prefill: briefPrefillSchema.optional().describe("Answers the agency already knows; the client sees them filled in and may change them"),
        }),
        response: { 201: z.object({ brief: briefDetail, url: z.string().describe("The link to send the client; only its hash is stored") }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createBrief(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.get(
    `${base}/:id`,
    { schema: { tags, summary: "One brief with the prefilled and the submitted answers", params: itemParams, response: { 200: briefDetail } } },
    async (req) => getBrief(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.post(
    `${base}/:id/extend`,
    {
      schema: {
        tags,
        summary: "Keep a link working for `days` more from now; reopens an expired one (owners and managers)",
        params: itemParams,
        body: z.strictObject({ days: expiryDays }),
        response: { 200: briefDetail },
      },
    },
    async (req) => extendBrief(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body.days),
  );

  app.post(
    `${base}/:id/revoke`,
    { schema: { tags, summary: "Withdraw a link the client has not used (owners and managers)", params: itemParams, response: { 200: briefDetail } } },
    async (req) => revokeBrief(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.delete(`${base}/:id`, { schema: { tags, summary: "Delete a brief and its answers (owners and managers)", params: itemParams } }, async (req, reply) => {
    await deleteBrief(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.get(
    "/api/briefs/:token",
    {
      schema: {
        tags,
        summary: "What a brief link shows the client, and the form's choices (no sign-in)",
        params: tokenParams,
        response: {
          200: z.object({
            workspaceName: z.string().describe("The agency asking"),
            brandName: z.string(),
            title: z.string(),
            message: z.string(),
            language: language.nullable(),
            expiresAt: z.string(),
            prefill: answersOut,
            choices: z.object({
              networks: z.array(z.object({ key: z.string(), name: z.string() })).describe("Networks Chorus works with; the client may add others as free words"),
              goals: z.array(z.enum(briefGoals)),
              currencies: z.array(z.string()),
            }),
          }),
          410: goneProblem,
        },
      },
    },
    async (req, reply) =>
      orGone(req, reply, async () => ({
        ...(await openBrief(deps, req.params.token)),
        choices: {
          networks: ctx.registry
            .all()
            .filter((c) => !c.simulated)
            .map((c) => ({ key: c.network, name: c.displayName })),
          goals: [...briefGoals],
          currencies: [...briefCurrencies],
        },
      })),
  );

  app.post(
    "/api/briefs/:token",
    {
      bodyLimit: briefBodyLimit,
      schema: {
        tags,
        summary: "Send the brief's answers (no sign-in). Once per link: later sends get 410",
        description:
          "The body is checked against briefAnswersSchema (src/domain/brief.ts) after the link is: a closed link answers 410 whatever the body. Invalid answers are refused with `errors[].path` per field, and nothing is stored.",
        params: tokenParams,
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ submittedAt: z.string() }), 410: goneProblem },
      },
    },
    async (req, reply) => orGone(req, reply, () => submitBrief(deps, req.params.token, req.body)),
  );
}
