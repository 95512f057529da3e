/** The inbox API: comments from every channel in one list, with filters, work on items (status, assignment, tags, sentiment corrections), notes and replies. */
import { z } from "zod";
import { addInboxNote, replyToItem, updateInboxItem } from "../../services/inbox/inbox-actions.service.js";
import { deleteInboxItem, hideInboxItem } from "../../services/inbox/inbox-moderation.service.js";
import { inboxReport } from "../../services/inbox/inbox-report.service.js";
import { getInboxItem, inboxCounts, inboxItemsAfter, listInbox, refreshInbox } from "../../services/inbox/inbox.service.js";
import { type ApiContext, id, pageOf, pageQuery, wsParams, type ZodApp } from "../context.js";

/** How often an open inbox stream looks for new items. */
export const streamPollMs = 2000;

const status = z.enum(["new", "open", "waiting", "resolved"]);
const sentiment = z.enum(["positive", "neutral", "negative"]);

export const inboxItem = z.object({
  id: z.string(),
  brandId: z.string(),
  channelId: z.string(),
  network: z.string(),
  networkName: z.string(),
  channelName: z.string(),
  kind: z.enum(["comment", "reply", "mention", "message"]),
  author: z.object({ name: z.string(), handle: z.string(), followers: z.number().nullable(), avatarUrl: z.string().nullable() }),
  text: z.string().describe("Untrusted text from the network: render as text, never as HTML"),
  lang: z.string().nullable(),
  sentiment: sentiment.nullable(),
  sentimentConfidence: z.number().nullable(),
  status,
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  occurredAt: z.string(),
  post: z.object({ id: z.string(), url: z.string().nullable(), title: z.string() }).nullable(),
  replies: z.number().describe("Replies sent or being sent through Chorus"),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  url: z.string().nullable().describe("The comment on the network, where it has a link"),
  editedAt: z.string().nullable().describe("When the author changed the text on the network"),
  dueAt: z.string().nullable().describe("When an answer is due under the brand's response SLA (working hours counted)"),
  overdue: z.boolean().describe("Unanswered past dueAt (updated once a minute)"),
  likedAt: z.string().nullable().describe("When the account liked it through Chorus"),
  hiddenAt: z.string().nullable().describe("When Chorus hid it on the network"),
});
const note = z.object({ id: z.string(), authorName: z.string(), text: z.string(), createdAt: z.string() });
const reply = z.object({
  id: z.string(),
  authorName: z.string(),
  text: z.string(),
  status: z.enum(["sending", "sent", "failed"]),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
const itemDetail = inboxItem.extend({ thread: z.array(inboxItem), notes: z.array(note), replies: z.array(reply) });

export function inboxRoutes(app: ZodApp, ctx: ApiContext) {
  const deps = ctx.publishing;
  const tags = ["Inbox"];
  const itemParams = z.strictObject({ ws: id, itemId: id });

  app.get(
    "/api/workspaces/:ws/inbox",
    {
      schema: {
        tags,
        summary: "Comments and messages from every channel, newest first",
        params: wsParams,
        querystring: pageQuery.extend({
          brandId: id.optional(),
          channelId: id.optional(),
          status: status.optional(),
          sentiment: sentiment.optional(),
          lang: z.string().min(2).max(12).optional(),
          assignee: z.union([z.enum(["me", "none"]), id]).optional().describe('"me", "none" or a user id'),
          q: z.string().max(200).optional().describe("Words in the text or the author's name or handle"),
          unanswered: z.enum(["true", "false"]).optional().transform((v) => v === "true"),
          overdue: z.enum(["true", "false"]).optional().transform((v) => v === "true").describe("Only items unanswered past the brand's response SLA, listed in queue order (as sort=priority)"),
          kind: z.enum(["comment", "reply", "mention", "message"]).optional(),
          sort: z.enum(["newest", "priority"]).optional().describe("priority: overdue (past the brand's response SLA) negative first, then overdue, large authors first"),
        }),
        response: { 200: pageOf(inboxItem) },
      },
    },
    async (req) => listInbox(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.get(
    "/api/workspaces/:ws/inbox/counts",
    {
      schema: {
        tags,
        summary: "Items per status, negative ones not yet answered or resolved, and unassigned ones",
        params: wsParams,
        querystring: z.strictObject({ brandId: id.optional() }),
        response: { 200: z.object({ new: z.number(), open: z.number(), waiting: z.number(), resolved: z.number(), negativeOpen: z.number(), unassigned: z.number() }) },
      },
    },
    async (req) => inboxCounts(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.post(
    "/api/workspaces/:ws/inbox/refresh",
    {
      schema: {
        tags,
        summary: "Check the channels for new comments now instead of at the next minute; new items then arrive on the stream",
        params: wsParams,
        body: z.strictObject({ brandId: id.optional() }).optional(),
        response: { 202: z.object({ channels: z.number().describe("Channels asked") }) },
      },
    },
    async (req, reply) => reply.status(202).send(await refreshInbox(deps, await ctx.actorOf(req), req.params.ws, { brandId: req.body?.brandId })),
  );

  app.get(
    "/api/workspaces/:ws/inbox/stream",
    {
      schema: {
        tags,
        summary: "Server-sent events: an `item` event (data: an inbox item) for each new item; resumes after the Last-Event-ID header",
        params: wsParams,
        querystring: z.strictObject({ brandId: id.optional() }),
        headers: z.object({ "last-event-id": id.optional() }),
      },
    },
    async (req, reply) => {
      const actor = await ctx.actorOf(req);
      const { ws } = req.params;
      const { brandId } = req.query;
      // Access is checked before the stream opens, so refusals are ordinary problem+json answers.
      let { lastId } = await inboxItemsAfter(deps, actor, ws, { afterId: req.headers["last-event-id"] ?? null, brandId });
      if (req.headers["last-event-id"]) lastId = req.headers["last-event-id"];
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", connection: "keep-alive" });
      res.write(": connected\n\n");
      let closed = false;
      let polls = 0;
      let timer: NodeJS.Timeout | undefined;
      const stop = () => {
        closed = true;
        if (timer) clearTimeout(timer);
        if (!res.writableEnded) res.end();
      };
      req.raw.on("close", stop);
      // The database is the only shared state between processes: every stream polls it (2 s).
      const poll = async () => {
        if (closed) return;
        try {
          const next = await inboxItemsAfter(deps, actor, ws, { afterId: lastId, brandId });
          for (const item of next.items) res.write(`event: item\nid: ${item.id}\ndata: ${JSON.stringify(item)}\n\n`);
          lastId = next.lastId;
          if (++polls % 8 === 0) res.write(": ping\n\n");
        } catch (err) {
          // Access lost (membership removed, token revoked) or the database failed: end the stream; the client reconnects.
          req.log.info({ err }, "inbox stream ended");
          return stop();
        }
        if (!closed) timer = setTimeout(() => void poll(), streamPollMs);
      };
      timer = setTimeout(() => void poll(), streamPollMs);
    },
  );

  const timing = z.object({ median: z.number().nullable(), p90: z.number().nullable(), count: z.number() });
  app.get(
    "/api/workspaces/:ws/inbox/report",
    {
      schema: {
        tags,
        summary: "Response times in minutes (median, 90th percentile) for items that arrived in [from, to), and per member (default: the last 30 days)",
        params: wsParams,
        querystring: z.strictObject({ brandId: id.optional(), from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            firstResponse: timing,
            resolution: timing,
            byMember: z.array(z.object({ userId: z.string(), name: z.string(), replies: z.number(), medianFirstResponseMinutes: z.number().nullable() })),
          }),
        },
      },
    },
    async (req) => {
      const iso = (v: string | undefined) => (v ? new Date(v).toISOString() : undefined);
      return inboxReport(deps.db, await ctx.actorOf(req), req.params.ws, { brandId: req.query.brandId, from: iso(req.query.from), to: iso(req.query.to) });
    },
  );

  app.get(
    "/api/workspaces/:ws/inbox/:itemId",
    { schema: { tags, summary: "One item with the other comments on the same post, internal notes and replies", params: itemParams, response: { 200: itemDetail } } },
    async (req) => getInboxItem(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId),
  );

  app.patch(
    "/api/workspaces/:ws/inbox/:itemId",
    {
      schema: {
        tags,
        summary: "Change status, assignee, tags, or correct the sentiment (kept to improve the model)",
        params: itemParams,
        body: z.strictObject({
          status: status.optional(),
          assigneeId: id.nullable().optional(),
          tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
          sentiment: sentiment.optional(),
        }),
        response: { 200: itemDetail },
      },
    },
    async (req) => updateInboxItem(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId, req.body),
  );

  app.post(
    "/api/workspaces/:ws/inbox/:itemId/notes",
    { schema: { tags, summary: "An internal note for the team (never sent to the network)", params: itemParams, body: z.strictObject({ text: z.string().trim().min(1).max(5000) }), response: { 201: note } } },
    async (req, reply) => reply.status(201).send(await addInboxNote(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId, req.body.text)),
  );

  app.post(
    "/api/workspaces/:ws/inbox/:itemId/reply",
    {
      schema: {
        tags,
        summary: "Reply on the network; answered 202 with the reply \"sending\", then it becomes sent or failed (with the reason)",
        params: itemParams,
        body: z.strictObject({ text: z.string().trim().min(1).max(20_000) }),
        response: { 202: reply },
      },
    },
    async (req, res) => res.status(202).send(await replyToItem(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId, req.body.text)),
  );

  app.post(
    "/api/workspaces/:ws/inbox/:itemId/hide",
    { schema: { tags, summary: "Hide the comment on the network (the usual answer to spam and insults; criticism is better answered)", params: itemParams, response: { 200: itemDetail } } },
    async (req) => hideInboxItem(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId),
  );

  app.delete(
    "/api/workspaces/:ws/inbox/:itemId",
    {
      schema: {
        tags,
        summary: "Delete the comment on the network (owners and managers, with a reason; audited). Answer or hide criticism instead",
        params: itemParams,
        body: z.strictObject({ reason: z.string().trim().min(1, "Say why the comment is deleted").max(1000) }),
        response: { 200: z.object({ id: z.string(), deletedAt: z.string(), detail: z.string() }) },
      },
    },
    async (req) => deleteInboxItem(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId, req.body.reason),
  );
}
