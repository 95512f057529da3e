/**
 * The listening API: queries (checked and previewed before saving), sources and their state,
 * imports, the mentions feed and the work on it, analytics, alert rules and alerts.
 */
import { z } from "zod";
import { alertRuleTypes, listeningQueryKinds } from "../../store/schema.js";
import { requireAccess } from "../../services/access.js";
import { createAlertRule, deleteAlertRule, listAlertRules, listAlerts, markAlertsRead, updateAlertRule } from "../../services/listening/alerts.service.js";
import { listeningAnalytics } from "../../services/listening/analytics.service.js";
import { getMention, listMentions, sendToInbox, updateMentions } from "../../services/listening/mentions.service.js";
import { checkQuery, createQuery, deleteQuery, listQueries, previewQuery, updateQuery } from "../../services/listening/queries.service.js";
import { createSource, deleteSource, importMentions, listSources, runSourceNow, updateSource } from "../../services/listening/sources.service.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";

const sentiment = z.enum(["positive", "neutral", "negative"]);
const kind = z.enum(listeningQueryKinds);
const queryText = z.string().max(2000, "A query is at most 2,000 characters");
const iso = z.string().refine((v) => Number.isFinite(Date.parse(v)), "Must be a date (ISO 8601)");

const queryView = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  kind,
  query: z.string(),
  enabled: z.boolean(),
  searchTerms: z.array(z.string()).nullable().describe("What network searches ask for; null when the query has no words to search for"),
  mentions7d: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const queryCheck = z.union([
  z.object({ ok: z.literal(true), searchTerms: z.array(z.string()).nullable() }),
  z.object({ ok: z.literal(false), message: z.string(), position: z.number().describe("Offset of the mistake (UTF-16 units)"), length: z.number() }),
]);
const previewMention = z.object({
  network: z.string(),
  externalId: z.string(),
  url: z.string().nullable(),
  authorName: z.string(),
  authorHandle: z.string(),
  text: z.string(),
  publishedAt: z.string(),
  from: z.enum(["stored", "live"]),
});
const sourceView = z.object({
  id: z.string(),
  brandId: z.string(),
  type: z.enum(["network", "feed", "import"]),
  name: z.string(),
  channel: z.object({ id: z.string(), network: z.string(), handle: z.string() }).nullable(),
  url: z.string().nullable(),
  enabled: z.boolean(),
  state: z.enum(["new", "ok", "error", "paused"]),
  lastRunAt: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  lastError: z.string().nullable(),
  failures: z.number(),
  nextRunAt: z.string().nullable(),
  itemsTotal: z.number(),
  itemsLastRun: z.number(),
  createdAt: z.string(),
});
const mentionView = z.object({
  id: z.string(),
  network: z.string(),
  url: z.string().nullable(),
  author: z.object({ name: z.string(), handle: z.string(), followers: z.number().nullable() }),
  title: z.string().nullable(),
  text: z.string(),
  lang: z.string().nullable(),
  sentiment,
  sentimentScore: z.number(),
  sentimentConfidence: z.number().nullable(),
  sentimentCorrected: z.boolean(),
  likes: z.number(),
  reposts: z.number(),
  replies: z.number(),
  queries: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  source: z.object({ id: z.string(), name: z.string(), type: z.string() }).nullable(),
  copies: z.number().describe("Copies and reposts of this text folded under it"),
  duplicateOf: z.string().nullable(),
  irrelevant: z.enum(["person", "model"]).nullable(),
  inboxItemId: z.string().nullable(),
  publishedAt: z.string(),
  collectedAt: z.string(),
});
const counts = z.object({ positive: z.number(), neutral: z.number(), negative: z.number(), total: z.number() });
const analyticsView = z.object({
  period: z.object({ from: z.string(), to: z.string(), previousFrom: z.string() }),
  volume: z.object({ bucket: z.enum(["hour", "day"]), points: z.array(counts.extend({ t: z.string() })), totals: counts }),
  previous: counts,
  negativity: z.object({
    sources: z.array(z.object({ network: z.string(), sourceId: z.string().nullable(), sourceName: z.string().nullable(), negative: z.number(), total: z.number() })),
    authors: z.array(z.object({ network: z.string(), handle: z.string(), name: z.string(), followers: z.number().nullable(), negative: z.number(), total: z.number(), copies: z.number(), reach: z.number(), url: z.string().nullable() })),
  }),
  trending: z.array(z.object({ term: z.string(), mentions: z.number(), baseline: z.number(), lift: z.number(), isNew: z.boolean() })),
  shareOfVoice: z.array(z.object({ queryId: z.string(), name: z.string(), kind: z.string(), mentions: z.number(), share: z.number(), positive: z.number(), neutral: z.number(), negative: z.number() })),
  leaders: z.array(
    z.object({
      network: z.string(),
      handle: z.string(),
      name: z.string(),
      followers: z.number().nullable(),
      mentions: z.number(),
      engagement: z.number(),
      relevance: z.number(),
      tone: z.number(),
      toneLabel: sentiment,
      score: z.number(),
    }),
  ),
});
const ruleView = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  type: z.enum(alertRuleTypes),
  params: z.record(z.string(), z.number()),
  queryId: z.string().nullable(),
  emails: z.array(z.string()),
  webhookUrl: z.string().nullable(),
  cooldownMinutes: z.number(),
  enabled: z.boolean(),
  lastFiredAt: z.string().nullable(),
  createdAt: z.string(),
});
const delivery = z.object({
  channel: z.enum(["app", "email", "webhook"]),
  ok: z.boolean(),
  at: z.string(),
  error: z.string().optional(),
  status: z.number().optional(),
  attempts: z.number().optional(),
  to: z.array(z.string()).optional(),
});
const alertView = z.object({
  id: z.string(),
  brandId: z.string(),
  ruleId: z.string().nullable(),
  type: z.enum(alertRuleTypes),
  title: z.string(),
  figures: z.record(z.string(), z.number()),
  mentionIds: z.array(z.string()),
  deliveries: z.array(delivery),
  window: z.object({ start: z.string(), end: z.string() }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function listeningRoutes(app: ZodApp, ctx: ApiContext) {
  const deps = ctx.listening;
  const tags = ["Listening"];
  const base = "/api/workspaces/:ws/listening";
  const objParams = z.strictObject({ ws: id, id });
  const brandQuery = z.strictObject({ brandId: id });
  const name = z.string().trim().min(1).max(120);

  // Queries
  app.get(`${base}/queries`, { schema: { tags, summary: "The brand's listening queries, with mentions of the last 7 days", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(queryView) }) } } }, async (req) => ({
    items: await listQueries(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId),
  }));
  app.post(
    `${base}/queries/check`,
    { schema: { tags, summary: "Checks a query's syntax: ok with the search terms, or the mistake with its position", params: wsParams, body: z.strictObject({ query: queryText }), response: { 200: queryCheck } } },
    async (req) => {
      await requireAccess(deps.db, await ctx.actorOf(req), req.params.ws, "listening.read");
      return checkQuery(req.body.query);
    },
  );
  app.post(
    `${base}/queries/preview`,
    {
      schema: {
        tags,
        summary: "What a query would match before it is saved: stored mentions and one live page of each network source",
        params: wsParams,
        body: z.strictObject({ brandId: id, query: queryText }),
        response: { 200: z.object({ matches: z.array(previewMention), scanned: z.number(), sources: z.array(z.object({ id: z.string(), name: z.string(), found: z.number(), error: z.string().nullable() })) }) },
      },
    },
    async (req) => previewQuery(deps, await ctx.actorOf(req), req.params.ws, req.body),
  );
  app.post(
    `${base}/queries`,
    { schema: { tags, summary: "Adds a query (refused with the position of a syntax error)", params: wsParams, body: z.strictObject({ brandId: id, name, kind, query: queryText.min(1), enabled: z.boolean().optional() }), response: { 201: queryView } } },
    async (req, reply) => reply.status(201).send(await createQuery(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    `${base}/queries/:id`,
    { schema: { tags, summary: "Changes a query", params: objParams, body: z.strictObject({ name: name.optional(), kind: kind.optional(), query: queryText.min(1).optional(), enabled: z.boolean().optional() }), response: { 200: queryView } } },
    async (req) => updateQuery(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete(`${base}/queries/:id`, { schema: { tags, summary: "Deletes a query (mentions other queries matched stay)", params: objParams } }, async (req, reply) => {
    await deleteQuery(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  // Sources
  app.get(`${base}/sources`, { schema: { tags, summary: "The brand's sources with their state (last run, items, error, next run)", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(sourceView) }) } } }, async (req) => ({
    items: await listSources(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId),
  }));
  app.post(
    `${base}/sources`,
    {
      schema: {
        tags,
        summary: "Adds a source: a network searched through one of the brand's accounts, or an RSS/Atom/JSON feed (read once to check it)",
        params: wsParams,
        body: z.discriminatedUnion("type", [
          z.strictObject({ type: z.literal("network"), brandId: id, channelId: id, name: name.optional() }),
          z.strictObject({ type: z.literal("feed"), brandId: id, url: z.string().trim().min(1).max(2048), name: name.optional() }),
        ]),
        response: { 201: sourceView },
      },
    },
    async (req, reply) => reply.status(201).send(await createSource(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    `${base}/sources/:id`,
    { schema: { tags, summary: "Renames, pauses or resumes a source", params: objParams, body: z.strictObject({ name: name.optional(), enabled: z.boolean().optional() }), response: { 200: sourceView } } },
    async (req) => updateSource(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete(`${base}/sources/:id`, { schema: { tags, summary: "Removes a source (its mentions stay)", params: objParams } }, async (req, reply) => {
    await deleteSource(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });
  app.post(`${base}/sources/:id/run`, { schema: { tags, summary: "Reads the source now", params: objParams, response: { 202: sourceView } } }, async (req, reply) =>
    reply.status(202).send(await runSourceNow(deps, await ctx.actorOf(req), req.params.ws, req.params.id)),
  );
  app.post(
    `${base}/import`,
    {
      schema: {
        tags,
        summary: "Imports mentions from CSV (header row; comma or semicolon) or JSON (array or lines): text, published_at, and optionally url, author, author_handle, followers, source, id, title, likes, reposts. All rows or none.",
        params: wsParams,
        body: z.strictObject({ brandId: id, format: z.enum(["csv", "json"]), content: z.string().min(1).max(20_000_000), name: name.optional() }),
        response: { 200: z.object({ sourceId: z.string(), rows: z.number(), added: z.number(), duplicates: z.number(), alreadyHeld: z.number() }) },
      },
    },
    async (req) => importMentions(deps, await ctx.actorOf(req), req.params.ws, req.body),
  );

  // Mentions
  app.get(
    `${base}/mentions`,
    {
      schema: {
        tags,
        summary: "The brand's mentions, newest first (copies folded under the first; set-aside ones only with show)",
        params: wsParams,
        querystring: z.strictObject({
          brandId: id,
          queryId: id.optional(),
          sentiment: sentiment.optional(),
          network: z.string().max(40).optional(),
          sourceId: id.optional(),
          lang: z.string().min(2).max(12).optional(),
          author: z.string().max(200).optional(),
          q: z.string().max(200).optional().describe("Words in the text, title or author"),
          from: iso.optional(),
          to: iso.optional(),
          show: z.enum(["relevant", "irrelevant", "all"]).optional(),
          cursor: z.string().max(300).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(mentionView), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listMentions(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );
  app.get(`${base}/mentions/:id`, { schema: { tags, summary: "A mention with its copies and reposts", params: objParams, response: { 200: mentionView.extend({ copiesList: z.array(mentionView) }) } } }, async (req) =>
    getMention(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );
  const mentionPatch = z.strictObject({ sentiment: sentiment.optional(), irrelevant: z.boolean().optional().describe("Set aside as irrelevant (true) or bring back (false)") });
  app.patch(`${base}/mentions/:id`, { schema: { tags, summary: "Corrects the sentiment and/or sets the mention aside (both teach the models)", params: objParams, body: mentionPatch, response: { 200: mentionView } } }, async (req) => {
    const actor = await ctx.actorOf(req);
    await updateMentions(deps, actor, req.params.ws, [req.params.id], req.body);
    const { copiesList: _, ...view } = await getMention(deps, actor, req.params.ws, req.params.id);
    return view;
  });
  app.post(
    `${base}/mentions/bulk`,
    { schema: { tags, summary: "The same correction for up to 500 mentions, all or nothing", params: wsParams, body: mentionPatch.extend({ ids: z.array(id).min(1).max(500) }), response: { 200: z.object({ updated: z.number() }) } } },
    async (req) => {
      const { ids, ...patch } = req.body;
      return { updated: await updateMentions(deps, await ctx.actorOf(req), req.params.ws, ids, patch) };
    },
  );
  app.post(`${base}/mentions/:id/inbox`, { schema: { tags, summary: "Sends a mention to the inbox to answer it through the brand's account on that network", params: objParams, response: { 200: z.object({ inboxItemId: z.string() }) } } }, async (req) =>
    sendToInbox(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  // Analytics
  app.get(
    `${base}/analytics`,
    {
      schema: {
        tags,
        summary: "Volume and sentiment over time, sources and authors of negativity, trending terms, share of voice, opinion leaders",
        params: wsParams,
        querystring: z.strictObject({ brandId: id, from: iso, to: iso, queryId: id.optional() }),
        response: { 200: analyticsView },
      },
    },
    async (req) => listeningAnalytics(deps.db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  // Alert rules and alerts
  const ruleBody = {
    name,
    params: z.record(z.string(), z.number()).describe("volume_spike: factor, windowMinutes, baselineDays, minMentions; negative_share: threshold (0…1), windowMinutes, minMentions; influencer: minFollowers"),
    queryId: id.nullable().optional(),
    emails: z.array(z.string().max(254)).max(20).optional(),
    webhookUrl: z.string().max(2048).nullable().optional(),
    cooldownMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
    enabled: z.boolean().optional(),
  };
  app.get(`${base}/alert-rules`, { schema: { tags, summary: "The brand's alert rules", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(ruleView) }) } } }, async (req) => ({
    items: await listAlertRules(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId),
  }));
  app.post(
    `${base}/alert-rules`,
    {
      schema: {
        tags,
        summary: "Adds an alert rule; with a webhook, the answer carries its signing secret (shown this once)",
        params: wsParams,
        body: z.strictObject({ brandId: id, type: z.enum(alertRuleTypes), ...ruleBody }),
        response: { 201: ruleView.extend({ webhookSecret: z.string().nullable() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createAlertRule(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    `${base}/alert-rules/:id`,
    {
      schema: {
        tags,
        summary: "Changes an alert rule; rotateSecret makes a new webhook secret (returned this once)",
        params: objParams,
        body: z.strictObject({ ...Object.fromEntries(Object.entries(ruleBody).map(([k, v]) => [k, v.optional()])), rotateSecret: z.boolean().optional() }) as z.ZodType<
          Partial<{ name: string; params: Record<string, number>; queryId: string | null; emails: string[]; webhookUrl: string | null; cooldownMinutes: number; enabled: boolean; rotateSecret: boolean }>
        >,
        response: { 200: ruleView.extend({ webhookSecret: z.string().nullable() }) },
      },
    },
    async (req) => updateAlertRule(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete(`${base}/alert-rules/:id`, { schema: { tags, summary: "Deletes an alert rule (its alerts stay)", params: objParams } }, async (req, reply) => {
    await deleteAlertRule(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });
  app.get(
    `${base}/alerts`,
    { schema: { tags, summary: "The brand's alerts, newest first, with how each was delivered", params: wsParams, querystring: z.strictObject({ brandId: id, unread: z.enum(["true", "false"]).optional() }), response: { 200: z.object({ items: z.array(alertView), unread: z.number() }) } } },
    async (req) => listAlerts(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId, { unread: req.query.unread === "true" }),
  );
  app.post(
    `${base}/alerts/read`,
    { schema: { tags, summary: "Marks alerts read (ids, or all of the brand's)", params: wsParams, body: z.strictObject({ brandId: id, ids: z.union([z.array(id).max(500), z.literal("all")]) }) } },
    async (req, reply) => {
      await markAlertsRead(deps, await ctx.actorOf(req), req.params.ws, req.body.brandId, req.body.ids);
      return reply.status(204).send();
    },
  );
}
