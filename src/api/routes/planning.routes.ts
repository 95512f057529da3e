/**
 * The planning API: templates and their rendering, hashtag groups, brand variables, posting slots
 * and the queue, best times, recurring and evergreen posts, CSV import, and iCalendar feeds
 * (GET /ical/:token.ics is public: the token is the credential).
 */
import { z } from "zod";
import { notFound } from "../../errors.js";
import { channelBestTimes } from "../../services/planning/best-times.service.js";
import { createCalendarFeed, listCalendarFeeds, renderCalendarFeed, revokeCalendarFeed } from "../../services/planning/calendar-feed.service.js";
import { createHashtagGroup, deleteHashtagGroup, listHashtagGroups, updateHashtagGroup } from "../../services/planning/hashtags.service.js";
import { importPosts, maxCsvBytes } from "../../services/planning/import.service.js";
import { setRecurrence } from "../../services/planning/recurrence.service.js";
import { getSlots, queuePost, replaceSlots } from "../../services/planning/slots.service.js";
import { createTemplate, deleteTemplate, listTemplates, renderTemplateFor, updateTemplate } from "../../services/planning/templates.service.js";
import { listVariables, replaceVariables } from "../../services/planning/variables.service.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";
import {
  bestTimesView,
  feedBody,
  feedView,
  hashtagGroupBody,
  hashtagGroupPatch,
  hashtagGroupView,
  importBody,
  importQuery,
  importView,
  recurrenceBody,
  recurrenceView,
  renderBody,
  renderView,
  slotsBody,
  slotsView,
  templateBody,
  templatePatch,
  templateView,
  variablesBody,
  variablesView,
} from "./planning.schema.js";
import { postView } from "./posts.schema.js";

export function planningRoutes(app: ZodApp, ctx: ApiContext) {
  const deps = ctx.publishing;
  const db = ctx.store.db;
  const tags = ["Planning"];
  const byId = z.strictObject({ ws: id, id });
  const channelParams = z.strictObject({ ws: id, channelId: id });
  const postParams = z.strictObject({ ws: id, postId: id });
  const brandQuery = z.strictObject({ brandId: id.optional() });

  app.get(
    "/api/workspaces/:ws/templates",
    { schema: { tags, summary: "Templates: a brand's and the workspace-wide ones", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(templateView) }) } } },
    async (req) => listTemplates(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );
  app.post(
    "/api/workspaces/:ws/templates",
    { schema: { tags, summary: "Add a template ({brand}, {date}, {link} and the brand's variables are filled in)", params: wsParams, body: templateBody, response: { 201: templateView } } },
    async (req, reply) => reply.status(201).send(await createTemplate(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    "/api/workspaces/:ws/templates/:id",
    { schema: { tags, summary: "Edit a template", params: byId, body: templatePatch, response: { 200: templateView } } },
    async (req) => updateTemplate(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete("/api/workspaces/:ws/templates/:id", { schema: { tags, summary: "Delete a template", params: byId } }, async (req, reply) => {
    await deleteTemplate(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });
  app.post(
    "/api/workspaces/:ws/templates/:id/render",
    {
      schema: {
        tags,
        summary: "A template's text for a brand; placeholders without a value are listed in problems and left in the text",
        params: byId,
        body: renderBody,
        response: { 200: renderView },
      },
    },
    async (req) => renderTemplateFor(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );

  app.get(
    "/api/workspaces/:ws/hashtag-groups",
    { schema: { tags, summary: "Hashtag groups", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(hashtagGroupView) }) } } },
    async (req) => listHashtagGroups(db, await ctx.actorOf(req), req.params.ws, req.query),
  );
  app.post(
    "/api/workspaces/:ws/hashtag-groups",
    { schema: { tags, summary: "Add a hashtag group", params: wsParams, body: hashtagGroupBody, response: { 201: hashtagGroupView } } },
    async (req, reply) => reply.status(201).send(await createHashtagGroup(db, await ctx.actorOf(req), req.params.ws, req.body)),
  );
  app.patch(
    "/api/workspaces/:ws/hashtag-groups/:id",
    { schema: { tags, summary: "Edit a hashtag group", params: byId, body: hashtagGroupPatch, response: { 200: hashtagGroupView } } },
    async (req) => updateHashtagGroup(db, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );
  app.delete("/api/workspaces/:ws/hashtag-groups/:id", { schema: { tags, summary: "Delete a hashtag group", params: byId } }, async (req, reply) => {
    await deleteHashtagGroup(db, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  const brandParams = z.strictObject({ ws: id, brandId: id });
  app.get(
    "/api/workspaces/:ws/brands/:brandId/variables",
    { schema: { tags, summary: "A brand's template variables", params: brandParams, response: { 200: variablesView } } },
    async (req) => listVariables(db, await ctx.actorOf(req), req.params.ws, req.params.brandId),
  );
  app.put(
    "/api/workspaces/:ws/brands/:brandId/variables",
    { schema: { tags, summary: "Replace all of a brand's template variables", params: brandParams, body: variablesBody, response: { 200: variablesView } } },
    async (req) => replaceVariables(db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.body.items),
  );

  app.get(
    "/api/workspaces/:ws/channels/:channelId/slots",
    { schema: { tags, summary: "A channel's weekly posting slots (brand time zone) and its next free slot", params: channelParams, response: { 200: slotsView } } },
    async (req) => getSlots(deps, await ctx.actorOf(req), req.params.ws, req.params.channelId),
  );
  app.put(
    "/api/workspaces/:ws/channels/:channelId/slots",
    {
      schema: {
        tags,
        summary: 'Replace a channel\'s posting slots, e.g. "Mon–Fri 09:30, 18:00" = [{days:[1,2,3,4,5], time:"09:30"}, {days:[1,2,3,4,5], time:"18:00"}]',
        params: channelParams,
        body: slotsBody,
        response: { 200: slotsView },
      },
    },
    async (req) => replaceSlots(deps, await ctx.actorOf(req), req.params.ws, req.params.channelId, req.body.slots),
  );
  app.get(
    "/api/workspaces/:ws/channels/:channelId/best-times",
    {
      schema: {
        tags,
        summary: "Mean ER by reach per weekday × hour (brand zone) over 90 days and the top 5 times; the network's general pattern when history is thin",
        params: channelParams,
        response: { 200: bestTimesView },
      },
    },
    async (req) => channelBestTimes(deps, await ctx.actorOf(req), req.params.ws, req.params.channelId),
  );
  app.post(
    "/api/workspaces/:ws/posts/:postId/queue",
    {
      schema: {
        tags,
        summary: "Give each variant its channel's next free slot; an approved post is then scheduled, a scheduled one moved",
        params: postParams,
        response: { 200: postView },
      },
    },
    async (req) => queuePost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId),
  );
  app.put(
    "/api/workspaces/:ws/posts/:postId/recurrence",
    { schema: { tags, summary: "Make a post recurring (RRULE) or evergreen, or neither", params: postParams, body: recurrenceBody, response: { 200: recurrenceView } } },
    async (req) => setRecurrence(deps, await ctx.actorOf(req), req.params.ws, req.params.postId, req.body),
  );

  app.post(
    "/api/workspaces/:ws/imports/posts",
    {
      // JSON escaping can make a 2 MB CSV larger on the wire; the service checks the CSV's own size.
      bodyLimit: Math.max(ctx.config.bodyLimit, 3 * maxCsvBytes),
      schema: {
        tags,
        summary: "Import posts from CSV (date, time, channels, text, media, rubric, campaign). dryRun=true (default) lists problems by line and creates nothing",
        params: wsParams,
        querystring: importQuery,
        body: importBody,
        response: { 200: importView },
      },
    },
    async (req) => importPosts(deps, await ctx.actorOf(req), req.params.ws, { ...req.body, dryRun: req.query.dryRun !== "false" }),
  );

  app.get(
    "/api/workspaces/:ws/calendar-feeds",
    { schema: { tags, summary: "iCalendar feeds of the workspace (their URLs are shown only once, at creation)", params: wsParams, response: { 200: z.object({ items: z.array(feedView) }) } } },
    async (req) => listCalendarFeeds(db, await ctx.actorOf(req), req.params.ws),
  );
  app.post(
    "/api/workspaces/:ws/calendar-feeds",
    {
      schema: {
        tags,
        summary: "Create a secret iCalendar URL for calendar apps (the whole workspace, or one brand)",
        params: wsParams,
        body: feedBody,
        response: { 201: feedView.extend({ url: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createCalendarFeed(deps, await ctx.actorOf(req), req.params.ws, req.body ?? {})),
  );
  app.delete("/api/workspaces/:ws/calendar-feeds/:id", { schema: { tags, summary: "Revoke a calendar feed: its URL stops working", params: byId } }, async (req, reply) => {
    await revokeCalendarFeed(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.get(
    "/ical/:file",
    { schema: { hide: true, params: z.strictObject({ file: z.string().max(300) }) } },
    async (req, reply) => {
      const token = /^([A-Za-z0-9_-]{20,200})\.ics$/.exec(req.params.file)?.[1];
      if (!token) throw notFound("Calendar feed");
      const body = await renderCalendarFeed(deps, token);
      return reply.type("text/calendar; charset=utf-8").header("cache-control", "private, max-age=300").send(body);
    },
  );
}
