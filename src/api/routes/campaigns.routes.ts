/**
 * The campaigns API: a brand's campaigns with their results, their ad spend (by hand or CSV),
 * their conversions (CSV, or a shop's signed webhook), the brand's webhook secret, and the brand's
 * campaigns over a period for dashboards and reports.
 *
 * Two encapsulated scopes keep their body parsers to themselves: the CSV imports read the file as
 * the body (text/csv) and answer 422 with every problem by line; the public webhook reads its body
 * as raw bytes, because the signature is over the exact bytes sent (re-serialised JSON would not
 * match).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { campaignGoals, campaignStatuses } from "../../domain/campaign.js";
import { campaignFormulas } from "../../domain/campaign-results.js";
import { signatureHeader } from "../../domain/campaign-signature.js";
import { AppError } from "../../errors.js";
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign } from "../../services/campaigns/campaigns.service.js";
import { deleteConversion, importConversions, listConversions, listUnattributed } from "../../services/campaigns/conversions.service.js";
import type { CampaignsDeps } from "../../services/campaigns/deps.js";
import { brandCampaignResults } from "../../services/campaigns/results.js";
import { addSpend, CampaignFileInvalid, deleteSpend, importSpend, listSpend } from "../../services/campaigns/spend.service.js";
import { getHook, receiveConversion, rotateHookSecret } from "../../services/campaigns/webhook.service.js";
import { requireAccess } from "../../services/access.js";
import { findBrand } from "../../services/brand.service.js";
import { type ApiContext, id, pageQuery, problemSchema, wsParams, type ZodApp } from "../context.js";
import { sendProblem, toAppError } from "../problem.js";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a day, YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Not a day of the calendar");
const objParams = z.strictObject({ ws: id, id });
const brandQuery = z.strictObject({ brandId: id });
const nn = z.number().nullable();
const utmText = z.string().trim().max(100, "At most 100 characters").nullable().optional();
const money = z.number().nonnegative("Must not be negative").max(1e13, "Too large an amount");

const groupView = z.object({ posts: z.number(), impressions: nn, reach: nn, interactions: z.number(), clicks: nn, ctr: nn, cpc: nn, cpm: nn });
const resultsView = z
  .object({
    posts: z.number(),
    impressions: nn,
    reach: nn,
    interactions: z.number(),
    clicks: nn,
    clicksSource: z.enum(["links", "network"]).nullable().describe("links: people who followed the campaign's Chorus short links (bots excluded); network: the clicks the networks report, when no short link was made"),
    conversions: z.number(),
    revenue: nn,
    spend: nn,
    newSubscribers: nn.describe("Followers at the end − at the start of the campaign's period on its channels (to today while it runs)"),
    rates: z.object({ cpc: nn, cpm: nn, cpa: nn, costPerSubscriber: nn, romi: nn, ctr: nn, cr: nn }),
    paid: groupView,
    organic: groupView,
  })
  .describe("Rates are fractions (0.042 = 4.2%); null when a figure or a denominator is unknown — never 0");

const campaignView = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string().describe("What the composer writes into a post's campaign: the link to the campaign's posts"),
  slug: z.string().describe("utm_campaign on the campaign's links and on the conversions a site reports"),
  goal: z.enum(campaignGoals),
  status: z.enum(campaignStatuses),
  startDay: z.string(),
  endDay: z.string(),
  budget: nn,
  currency: z.string(),
  channelIds: z.array(z.string()),
  utm: z.object({ source: z.string().nullable(), medium: z.string().nullable(), campaign: z.string(), content: z.string().nullable(), term: z.string().nullable() }),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  results: resultsView,
});

const campaignBody = z.strictObject({
  name: z.string().trim().min(1, "Name the campaign").max(120, "A name is at most 120 characters"),
  goal: z.enum(campaignGoals),
  status: z.enum(campaignStatuses).optional(),
  startDay: day.describe("First day, in the brand's time zone"),
  endDay: day.describe("Last day (inclusive); not before startDay"),
  budget: money.nullable().optional(),
  currency: z.string().trim().length(3, "Three letters, e.g. RUB").toUpperCase(),
  channelIds: z.array(id).max(50).optional().describe("The brand's channels the campaign runs on; none: those its posts went out on"),
  utm: z.strictObject({ source: utmText, medium: utmText, content: utmText, term: utmText }).optional(),
  notes: z.string().max(2000).nullable().optional(),
});

const spendView = z.object({
  id: z.string(),
  campaignId: z.string(),
  day: z.string(),
  amount: z.number(),
  currency: z.string(),
  channel: z.object({ id: z.string(), name: z.string() }).nullable(),
  channelLabel: z.string().nullable().describe("The ad network or placement as an imported file named it"),
  note: z.string().nullable(),
  source: z.enum(["manual", "csv"]),
  createdAt: z.string(),
});

const conversionView = z.object({
  id: z.string(),
  campaignId: z.string().nullable(),
  externalId: z.string(),
  occurredAt: z.string(),
  value: z.number(),
  currency: z.string().nullable(),
  utm: z.object({ source: z.string().nullable(), medium: z.string().nullable(), campaign: z.string().nullable(), content: z.string().nullable(), term: z.string().nullable() }),
  linkCode: z.string().nullable(),
  source: z.enum(["webhook", "csv"]),
  receivedAt: z.string(),
});

const hookView = z.object({ url: z.string(), configured: z.boolean(), createdAt: z.string().nullable(), lastReceivedAt: z.string().nullable() });

const fileProblems = problemSchema.extend({
  problems: z.array(z.object({ line: z.number(), column: z.string().nullable(), message: z.string() })).describe("The first 200 problems, by line; the header is line 1"),
  problemCount: z.number(),
});

const csvTypes = ["text/csv", "application/csv", "text/plain", "application/octet-stream"];
const maxCsvBytes = 10 * 1024 * 1024;
const maxHookBytes = 64 * 1024;

export function campaignsRoutes(app: ZodApp, ctx: ApiContext, overrides: Partial<CampaignsDeps> = {}) {
  const tags = ["Campaigns"];
  const base = "/api/workspaces/:ws/campaigns";
  const deps: CampaignsDeps = { db: ctx.store.db, secrets: ctx.secrets, publicUrl: ctx.config.publicUrl, ...overrides };
  const actor = (req: FastifyRequest) => ctx.actorOf(req);

  app.get(
    base,
    { schema: { tags, summary: "The brand's campaigns with their results", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(campaignView), formulas: z.record(z.string(), z.string()) }) } } },
    async (req) => ({ items: await listCampaigns(deps, await actor(req), req.params.ws, req.query.brandId), formulas: { ...campaignFormulas } }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: "Creates a campaign; conversions already received with its utm_campaign become its own",
        description: "Refused with 400 and nothing stored when the period ends before it starts; 409 when the brand has a campaign with that name or the same slug.",
        params: wsParams,
        body: campaignBody.extend({ brandId: id }),
        response: { 201: campaignView },
      },
    },
    async (req, reply) => reply.status(201).send(await createCampaign(deps, await actor(req), req.params.ws, req.body)),
  );

  app.get(
    `${base}/summary`,
    {
      schema: {
        tags,
        summary: "The brand's campaigns running in a period, each counted within it, with totals per currency (for dashboards and reports)",
        params: wsParams,
        querystring: z.strictObject({ brandId: id, from: day, to: day }),
        response: {
          200: z.object({
            period: z.object({ from: z.string(), to: z.string() }),
            campaigns: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), goal: z.string(), status: z.string(), currency: z.string(), startDay: z.string(), endDay: z.string(), results: resultsView })),
            totals: z.array(z.object({ currency: z.string(), results: resultsView })),
            formulas: z.record(z.string(), z.string()),
          }),
        },
      },
    },
    async (req) => {
      await requireAccess(ctx.store.db, await actor(req), req.params.ws, "analytics.read");
      await findBrand(ctx.store.db, req.params.ws, req.query.brandId);
      if (req.query.to < req.query.from) throw new AppError("validation_failed", "The period ends before it starts: to must not be before from.", { errors: [{ path: "to", message: "Must not be before from" }] });
      return { ...(await brandCampaignResults(ctx.store.db, req.params.ws, req.query, { now: deps.now?.() })), formulas: { ...campaignFormulas } };
    },
  );

  app.get(
    `${base}/unattributed`,
    {
      schema: {
        tags,
        summary: "The brand's conversions no campaign has taken, by the utm_campaign they came with",
        params: wsParams,
        querystring: brandQuery,
        response: { 200: z.object({ items: z.array(z.object({ utmCampaign: z.string().nullable(), conversions: z.number(), value: z.number(), currency: z.string().nullable() })) }) },
      },
    },
    async (req) => ({ items: await listUnattributed(deps, await actor(req), req.params.ws, req.query.brandId) }),
  );

  app.get(
    `${base}/webhook`,
    { schema: { tags, summary: "The brand's conversion webhook: its address and whether a secret is set (the secret itself is never shown again)", params: wsParams, querystring: brandQuery, response: { 200: hookView } } },
    async (req) => getHook(deps, await actor(req), req.params.ws, req.query.brandId),
  );

  app.post(
    `${base}/webhook/secret`,
    {
      schema: {
        tags,
        summary: "Makes the brand's webhook secret, or replaces it (the old one stops working at once); the answer is the only time it is shown",
        params: wsParams,
        body: brandQuery,
        response: { 200: hookView.extend({ secret: z.string() }) },
      },
    },
    async (req) => rotateHookSecret(deps, await actor(req), req.params.ws, req.body.brandId),
  );

  app.get(`${base}/:id`, { schema: { tags, summary: "A campaign with its results", params: objParams, response: { 200: campaignView } } }, async (req) => getCampaign(deps, await actor(req), req.params.ws, req.params.id));

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Changes a campaign; a new name is written to the brand's posts that carried the old one",
        params: objParams,
        body: campaignBody.partial(),
        response: { 200: campaignView },
      },
    },
    async (req) => updateCampaign(deps, await actor(req), req.params.ws, req.params.id, req.body),
  );

  app.delete(`${base}/:id`, { schema: { tags, summary: "Deletes a campaign and its spend; its conversions stay with the brand, unattributed", params: objParams } }, async (req, reply) => {
    await deleteCampaign(deps, await actor(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.get(`${base}/:id/spend`, { schema: { tags, summary: "The campaign's spend entries, newest day first", params: objParams, response: { 200: z.object({ items: z.array(spendView) }) } } }, async (req) => ({
    items: await listSpend(deps, await actor(req), req.params.ws, req.params.id),
  }));

  app.post(
    `${base}/:id/spend`,
    {
      schema: {
        tags,
        summary: "Adds a spend entry in the campaign's currency",
        params: objParams,
        body: z.strictObject({ day, amount: money, channelId: id.nullable().optional(), note: z.string().trim().max(300).nullable().optional() }),
        response: { 201: spendView },
      },
    },
    async (req, reply) => reply.status(201).send(await addSpend(deps, await actor(req), req.params.ws, req.params.id, req.body)),
  );

  app.delete(`${base}/:id/spend/:entryId`, { schema: { tags, summary: "Removes a spend entry", params: z.strictObject({ ws: id, id, entryId: id }) } }, async (req, reply) => {
    await deleteSpend(deps, await actor(req), req.params.ws, req.params.id, req.params.entryId);
    return reply.status(204).send();
  });

  app.get(
    `${base}/:id/conversions`,
    { schema: { tags, summary: "The campaign's conversions, newest first", params: objParams, querystring: pageQuery, response: { 200: z.object({ items: z.array(conversionView), nextCursor: z.string().nullable(), total: z.number() }) } } },
    async (req) => listConversions(deps, await actor(req), req.params.ws, req.params.id, req.query),
  );

  app.delete(`${base}/:id/conversions/:conversionId`, { schema: { tags, summary: "Removes a conversion (a cancelled order)", params: z.strictObject({ ws: id, id, conversionId: id }) } }, async (req, reply) => {
    await deleteConversion(deps, await actor(req), req.params.ws, req.params.id, req.params.conversionId);
    return reply.status(204).send();
  });

  // CSV imports: the file is the body.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(csvTypes, { parseAs: "buffer" }, (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body));
    scope.setErrorHandler((err, req, reply) => {
      if (err instanceof CampaignFileInvalid) return sendFileProblems(reply, req, err);
      const appErr = csvBodyError(err as FastifyError) ?? toAppError(err as Error, ctx.config.bodyLimit);
      if (appErr.code === "internal") req.log.error({ err }, "unhandled error");
      return sendProblem(reply, req, appErr);
    });
    // A JSON body (or none) arrives as something else: the service answers that the CSV itself is wanted, once it has checked access.
    const csvOf = (body: unknown): string | null => (Buffer.isBuffer(body) ? body.toString("utf8") : null);
    const importSchema = (summary: string, answer: z.ZodType) => ({
      bodyLimit: maxCsvBytes,
      schema: {
        tags,
        summary,
        description: 'The file is the body (Content-Type: text/csv; "," or ";" between columns; UTF-8). All or nothing: any problem answers 422 with `problems` by line and stores nothing. Columns: see docs/campaigns.md.',
        params: objParams,
        response: { 200: answer, 422: fileProblems },
      },
    });
    scope.post(
      `${base}/:id/spend/import`,
      importSchema("Imports spend entries from CSV (date, amount; currency, channel, note optional)", z.object({ imported: z.number(), total: z.number(), currency: z.string() })),
      async (req) => importSpend(deps, await actor(req), req.params.ws, req.params.id, csvOf(req.body)),
    );
    scope.post(
      `${base}/:id/conversions/import`,
      importSchema("Imports conversions from CSV (id, value; date, currency, utm_*, link optional); orders already stored are skipped", z.object({ imported: z.number(), duplicates: z.number(), value: z.number(), currency: z.string() })),
      async (req) => importConversions(deps, await actor(req), req.params.ws, req.params.id, csvOf(req.body)),
    );
  });

  // The public webhook: the signature over the raw bytes is the credential.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body));
    scope.post(
      "/api/hooks/conversions/:brandId",
      {
        bodyLimit: maxHookBytes,
        schema: {
          tags: ["Webhooks"],
          summary: "A site or shop reports one conversion (an order, a lead) of the brand, signed with the brand's webhook secret",
          description:
            'Header `X-Chorus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`; the time must be within 5 minutes of the server\'s. Body: `{"id": "order-1001", "value": 4990, "currency": "RUB", "occurred_at": "2026-03-10T14:30:00+03:00", "utm_source": "vk", "utm_medium": "social", "utm_campaign": "vesenniy-raf"}`. 201: stored; 200 `duplicate`: that id was stored before and nothing changed; 401: bad or stale signature, nothing stored. See docs/campaigns.md.',
          security: [],
          params: z.strictObject({ brandId: id }),
          response: { 200: z.object({ status: z.enum(["stored", "duplicate"]), conversion: conversionView }), 201: z.object({ status: z.enum(["stored", "duplicate"]), conversion: conversionView }) },
        },
      },
      async (req, reply) => {
        const header = req.headers[signatureHeader];
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await receiveConversion(deps, { brandId: req.params.brandId, signature: Array.isArray(header) ? header[0] : header, body });
        return reply.status(result.status === "stored" ? 201 : 200).send(result);
      },
    );
  });
}

/** Fastify's refusals of the body, worded for a CSV upload. */
function csvBodyError(err: FastifyError): AppError | null {
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new AppError("payload_too_large", `The file is larger than ${maxCsvBytes / 1024 / 1024} MB: split it by period.`);
  if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new AppError("unsupported_media_type", "Send the CSV file as the body with Content-Type: text/csv.");
  return null;
}

/** 422: the request was understood, the file's content cannot be imported. */
function sendFileProblems(reply: FastifyReply, req: FastifyRequest, err: CampaignFileInvalid) {
  return reply
    .status(422)
    .type("application/problem+json")
    .send({
      type: "urn:chorus:error:validation_failed",
      title: "The file cannot be imported",
      status: 422,
      detail: err.message,
      code: err.code,
      instance: req.url.split("?")[0],
      problems: err.problems,
      problemCount: err.problemCount,
    });
}
