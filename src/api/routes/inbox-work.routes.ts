/**
 * The inbox's teamwork API: saved replies (with variables rendered for an item), saved views,
 * bulk actions, the author card with notes about the author, presence ("someone is answering")
 * and liking a comment. Registered before inboxRoutes; the static segments here (saved-replies,
 * views, bulk, authors) win over /inbox/:itemId in Fastify's router whatever the order.
 */
import { z } from "zod";
import { AppError } from "../../errors.js";
import { addAuthorNote, authorCard, deleteAuthorNote } from "../../services/inbox/authors.service.js";
import { bulkMaxItems, bulkUpdateInbox } from "../../services/inbox/inbox-bulk.service.js";
import { likeInboxItem } from "../../services/inbox/inbox-like.service.js";
import { getPresence, heartbeat, leave } from "../../services/inbox/presence.service.js";
import { createSavedReply, deleteSavedReply, listSavedReplies, renderSavedReply, updateSavedReply } from "../../services/inbox/saved-replies.service.js";
import { createSavedView, deleteSavedView, listSavedViews, savedViewFilters, updateSavedView } from "../../services/inbox/saved-views.service.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";
import { inboxItem } from "./inbox.routes.js";

const status = z.enum(["new", "open", "waiting", "resolved"]);
const sentiment = z.enum(["positive", "neutral", "negative"]);

const savedReply = z.object({ id: z.string(), brandId: z.string().nullable(), title: z.string(), text: z.string(), createdAt: z.string(), updatedAt: z.string() });
const savedView = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  mine: z.boolean().describe("The caller saved it"),
  owner: z.object({ id: z.string(), name: z.string() }),
  brandId: z.string().nullable(),
  filters: savedViewFilters,
  createdAt: z.string(),
  updatedAt: z.string(),
});
const authorNote = z.object({ id: z.string(), text: z.string(), authorName: z.string(), createdAt: z.string(), mine: z.boolean() });
const counts = z.object({ positive: z.number(), neutral: z.number(), negative: z.number(), unknown: z.number() });
const presence = z.object({
  others: z.array(z.object({ userId: z.string(), name: z.string(), until: z.string() })).describe("Teammates answering this item now (the caller is left out)"),
  ttlSeconds: z.number(),
});

const itemIds = z.array(id).min(1).max(bulkMaxItems);
const tag = z.string().trim().min(1).max(40);
const bulkBody = z.discriminatedUnion("action", [
  z.strictObject({ itemIds, action: z.literal("assign"), assigneeId: id.nullable() }),
  z.strictObject({ itemIds, action: z.literal("status"), status }),
  z.strictObject({ itemIds, action: z.literal("tag"), tag }),
  z.strictObject({ itemIds, action: z.literal("untag"), tag }),
  z.strictObject({ itemIds, action: z.literal("sentiment"), sentiment }),
]);

export function inboxWorkRoutes(app: ZodApp, ctx: ApiContext) {
  const deps = ctx.publishing;
  const tags = ["Inbox"];
  const base = "/api/workspaces/:ws/inbox";
  const objParams = z.strictObject({ ws: id, id });
  const itemParams = z.strictObject({ ws: id, itemId: id });

  // Saved replies
  const replyTitle = z.string().trim().min(1).max(120);
  const replyText = z.string().trim().min(1).max(5000);
  app.get(
    `${base}/saved-replies`,
    {
      schema: {
        tags,
        summary: "Saved replies of a brand and the workspace-wide ones (without brandId: all), by title",
        params: wsParams,
        querystring: z.strictObject({ brandId: id.optional(), q: z.string().max(120).optional().describe("Words in the title") }),
        response: { 200: z.object({ items: z.array(savedReply) }) },
      },
    },
    async (req) => listSavedReplies(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );
  app.post(
    `${base}/saved-replies`,
    {
      schema: {
        tags,
        summary: "A saved reply; its text may use {author}, {handle}, {brand}, {channel}, {agent}, {date} and the brand's variables",
        params: wsParams,
        body: z.strictObject({ brandId: id.nullable().optional().describe("Only for this brand; absent or null: the whole workspace"), title: replyTitle, text: replyText }),
        response: { 201: savedReply },
      },
    },
    async (req, reply) => reply.status(201).send(await createSavedReply(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    `${base}/saved-replies/:id`,
    {
      schema: {
        tags,
        summary: "Change a saved reply's title, text or brand",
        params: objParams,
        body: z.strictObject({ brandId: id.nullable().optional(), title: replyTitle.optional(), text: replyText.optional() }),
        response: { 200: savedReply },
      },
    },
    async (req) => updateSavedReply(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete(
    `${base}/saved-replies/:id`,
    { schema: { tags, summary: "Delete a saved reply", params: objParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteSavedReply(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/saved-replies/:id/render`,
    {
      schema: {
        tags,
        summary: "The saved reply written for an item; variables without a value are listed in problems and left as written",
        params: objParams,
        body: z.strictObject({ itemId: id }),
        response: { 200: z.object({ text: z.string(), problems: z.array(z.object({ variable: z.string(), message: z.string() })) }) },
      },
    },
    async (req) => renderSavedReply(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body.itemId),
  );

  // Saved views
  const viewName = z.string().trim().min(1).max(60);
  app.get(
    `${base}/views`,
    {
      schema: {
        tags,
        summary: "The caller's saved views and the shared ones (with brandId: for that brand or every brand)",
        params: wsParams,
        querystring: z.strictObject({ brandId: id.optional() }),
        response: { 200: z.object({ items: z.array(savedView) }) },
      },
    },
    async (req) => listSavedViews(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );
  app.post(
    `${base}/views`,
    {
      schema: {
        tags,
        summary: "Save a set of inbox filters under a name, personal or shared with the workspace (sharing: roles that answer the inbox)",
        params: wsParams,
        body: z.strictObject({ name: viewName, shared: z.boolean().default(false), filters: savedViewFilters }),
        response: { 201: savedView },
      },
    },
    async (req, reply) => reply.status(201).send(await createSavedView(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    `${base}/views/:id`,
    {
      schema: {
        tags,
        summary: "Rename a saved view, share or unshare it, or replace its filters",
        params: objParams,
        body: z.strictObject({ name: viewName.optional(), shared: z.boolean().optional(), filters: savedViewFilters.optional() }),
        response: { 200: savedView },
      },
    },
    async (req) => updateSavedView(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete(
    `${base}/views/:id`,
    { schema: { tags, summary: "Delete a saved view (its owner, or an owner or manager for shared ones)", params: objParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteSavedView(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send(null);
    },
  );

  // Bulk actions
  app.post(
    `${base}/bulk`,
    {
      schema: {
        tags,
        summary: `Assign, set the status, add or remove a tag, or correct the sentiment of up to ${bulkMaxItems} items at once: all or nothing (any unknown id: 404, nothing changed)`,
        params: wsParams,
        body: bulkBody,
        response: { 200: z.object({ action: z.string(), requested: z.number(), changed: z.number(), unchanged: z.number().describe("Already in that state") }) },
      },
    },
    async (req) => bulkUpdateInbox(deps, await ctx.actorOf(req), req.params.ws, req.body),
  );

  // The author card
  app.get(
    `${base}/authors`,
    {
      schema: {
        tags,
        summary: "An author (network + handle, or the author of itemId) across the workspace's channels: items, sentiment, first and last seen, followers, the team's notes",
        params: wsParams,
        querystring: z.strictObject({ itemId: id.optional(), network: z.string().min(1).max(40).optional(), handle: z.string().min(1).max(200).optional() }),
        response: {
          200: z.object({
            network: z.string(),
            networkName: z.string(),
            handle: z.string(),
            name: z.string(),
            avatarUrl: z.string().nullable(),
            followers: z.number().nullable(),
            firstSeenAt: z.string(),
            lastSeenAt: z.string(),
            total: z.number(),
            sentiment: counts,
            timeline: z.array(counts.extend({ day: z.string().describe("YYYY-MM-DD, UTC") })).describe("Items per day and sentiment, the latest 30 days with activity"),
            channels: z.array(z.object({ id: z.string(), name: z.string(), items: z.number() })),
            items: z.array(inboxItem).describe("The newest 50"),
            notes: z.array(authorNote),
          }),
        },
      },
    },
    async (req) => {
      const { itemId, network, handle } = req.query;
      if (!itemId && !(network && handle)) {
        throw new AppError("validation_failed", "Name the author: itemId, or network and handle.", { errors: [{ path: "query.handle", message: "Give itemId, or network and handle" }] });
      }
      return authorCard(deps, await ctx.actorOf(req), req.params.ws, itemId ? { itemId } : { network: network ?? "", handle: handle ?? "" });
    },
  );
  app.post(
    `${base}/authors/notes`,
    {
      schema: {
        tags,
        summary: "A note about an author for the team (never sent to the network)",
        params: wsParams,
        body: z.strictObject({ network: z.string().min(1).max(40), handle: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(5000) }),
        response: { 201: authorNote },
      },
    },
    async (req, reply) => reply.status(201).send(await addAuthorNote(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.delete(
    `${base}/authors/notes/:id`,
    { schema: { tags, summary: "Remove a note about an author (its writer, or an owner or manager)", params: objParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteAuthorNote(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send(null);
    },
  );

  // Presence
  app.get(
    `${base}/:itemId/presence`,
    { schema: { tags, summary: "Who else is answering this item now", params: itemParams, response: { 200: presence } } },
    async (req) => getPresence(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId),
  );
  app.post(
    `${base}/:itemId/presence`,
    {
      schema: {
        tags,
        summary: "Heartbeat while the caller's reply box is in use: they count as answering for ttlSeconds; answers who else is",
        params: itemParams,
        response: { 200: presence },
      },
    },
    async (req) => heartbeat(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId),
  );
  app.delete(
    `${base}/:itemId/presence`,
    { schema: { tags, summary: "The caller stopped answering this item", params: itemParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await leave(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId);
      return reply.status(204).send(null);
    },
  );

  // Like
  app.post(
    `${base}/:itemId/like`,
    {
      schema: {
        tags,
        summary: "Like the comment as the brand's account (where the network allows it: capabilities.like)",
        params: itemParams,
        response: { 200: z.object({ id: z.string(), likedAt: z.string(), alreadyLiked: z.boolean() }) },
      },
    },
    async (req) => likeInboxItem(deps, await ctx.actorOf(req), req.params.ws, req.params.itemId),
  );
}
