/** The publishing API: posts and variants, approvals (incl. guest links), scheduling, the calendar, live validation. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { brandSettingsSchema } from "../../domain/brand-settings.js";
import { getBrandSettings, updateBrandSettings } from "../../services/brand.service.js";
import { channelHealth } from "../../services/channel.service.js";
import { approvePost, createApprovalLink, decideAsGuest, describeGuestApproval, submitPost } from "../../services/publishing/approval.service.js";
import { AppError } from "../../errors.js";
import { toCsv, toXlsx } from "../../services/analytics/export.js";
import { listAdPlacements, placementsTable } from "../../services/publishing/ad-placements.service.js";
import { calendar } from "../../services/publishing/calendar.service.js";
import { validateDraft } from "../../services/publishing/content.js";
import { editPublished } from "../../services/publishing/edit.service.js";
import { createPost, deletePost, getPost, listPosts, updatePost } from "../../services/publishing/post.service.js";
import { cancelPost, markPublished, rescheduleVariant, retryVariant, schedulePost } from "../../services/publishing/schedule.service.js";
import { type ApiContext, id, pageOf, pageQuery, wsParams, type ZodApp } from "../context.js";
import { withIdempotency } from "../idempotency.js";
import { calendarItem, calendarQuery, createPostBody, instant, postListItem, postStatus, postView, updatePostBody, validateBody } from "./posts.schema.js";

export function postRoutes(app: ZodApp, ctx: ApiContext) {
  const deps = ctx.publishing;
  const tags = ["Publishing"];
  const postParams = z.strictObject({ ws: id, postId: id });
  const variantParams = z.strictObject({ ws: id, variantId: id });
  const idempotencyHeader = z.object({ "idempotency-key": z.string().optional() });

  app.post(
    "/api/workspaces/:ws/posts",
    {
      schema: {
        tags,
        summary: "Create a post with a variant per channel (send Idempotency-Key to make retries safe)",
        params: wsParams,
        headers: idempotencyHeader,
        body: createPostBody,
        response: { 201: postView },
      },
    },
    async (req, reply) => {
      const actor = await ctx.actorOf(req);
      const post = await withIdempotency(ctx.store, req, reply, actor, req.params.ws, 201, () => createPost(deps, actor, req.params.ws, req.body));
      if (reply.statusCode === 200) reply.status(201);
      return reply.send(post);
    },
  );

  app.get(
    "/api/workspaces/:ws/posts",
    {
      schema: {
        tags,
        summary: "Posts, newest first",
        params: wsParams,
        querystring: pageQuery.extend({ brandId: id.optional(), status: postStatus.optional() }),
        response: { 200: pageOf(postListItem) },
      },
    },
    async (req) => listPosts(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.get(
    "/api/workspaces/:ws/posts/:postId",
    { schema: { tags, summary: "A post with its variants, publications, approvals and history", params: postParams, response: { 200: postView } } },
    async (req) => getPost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId),
  );

  app.patch(
    "/api/workspaces/:ws/posts/:postId",
    {
      schema: {
        tags,
        summary: "Edit a post; an approved or scheduled post goes back to draft and needs approval again",
        params: postParams,
        body: updatePostBody,
        response: { 200: postView },
      },
    },
    async (req) => updatePost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId, req.body),
  );

  app.delete(
    "/api/workspaces/:ws/posts/:postId",
    { schema: { tags, summary: "Delete a post that has not gone out", params: postParams } },
    async (req, reply) => {
      await deletePost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/workspaces/:ws/posts/:postId/submit",
    { schema: { tags, summary: "Submit a draft for approval", params: postParams, response: { 200: postView } } },
    async (req) => submitPost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId),
  );

  const decision = z.strictObject({ comment: z.string().max(5000).optional() }).optional();
  app.post(
    "/api/workspaces/:ws/posts/:postId/approve",
    { schema: { tags, summary: "Approve the current approval step", params: postParams, body: decision, response: { 200: postView } } },
    async (req) => approvePost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId, { approve: true, comment: req.body?.comment }),
  );
  app.post(
    "/api/workspaces/:ws/posts/:postId/reject",
    { schema: { tags, summary: "Reject with a comment: the post returns to draft", params: postParams, body: decision, response: { 200: postView } } },
    async (req) => approvePost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId, { approve: false, comment: req.body?.comment }),
  );

  app.post(
    "/api/workspaces/:ws/posts/:postId/approval-link",
    {
      schema: {
        tags,
        summary: "A link a client can open without an account to decide the current step",
        params: postParams,
        response: { 200: z.object({ url: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req) => createApprovalLink(deps, await ctx.actorOf(req), req.params.ws, req.params.postId),
  );

  app.post(
    "/api/workspaces/:ws/posts/:postId/schedule",
    {
      schema: {
        tags,
        summary: "Schedule every variant at its time (content and times are checked first)",
        params: postParams,
        headers: idempotencyHeader,
        response: { 200: postView },
      },
    },
    async (req, reply) => {
      const actor = await ctx.actorOf(req);
      return withIdempotency(ctx.store, req, reply, actor, req.params.ws, 200, () => schedulePost(deps, actor, req.params.ws, req.params.postId));
    },
  );

  app.post(
    "/api/workspaces/:ws/posts/:postId/cancel",
    { schema: { tags, summary: "Take a scheduled post off the schedule (it stays approved)", params: postParams, response: { 200: postView } } },
    async (req) => cancelPost(deps, await ctx.actorOf(req), req.params.ws, req.params.postId),
  );

  app.post(
    "/api/workspaces/:ws/variants/:variantId/reschedule",
    {
      schema: {
        tags,
        summary: "Move one variant to another time (calendar drag and drop)",
        params: variantParams,
        body: z.strictObject({ scheduledAt: instant }),
        response: { 200: postView },
      },
    },
    async (req) => rescheduleVariant(deps, await ctx.actorOf(req), req.params.ws, req.params.variantId, req.body.scheduledAt),
  );

  app.post(
    "/api/workspaces/:ws/variants/:variantId/retry",
    { schema: { tags, summary: "Publish a failed, unconfirmed or held variant now", params: variantParams, response: { 200: postView } } },
    async (req) => retryVariant(deps, await ctx.actorOf(req), req.params.ws, req.params.variantId),
  );

  app.post(
    "/api/workspaces/:ws/variants/:variantId/mark-published",
    {
      schema: {
        tags,
        summary: "Close an unconfirmed variant as published (you found it on the network)",
        params: variantParams,
        body: z.strictObject({ url: z.url().max(2000).optional() }).optional(),
        response: { 200: postView },
      },
    },
    async (req) => markPublished(deps, await ctx.actorOf(req), req.params.ws, req.params.variantId, req.body?.url),
  );

  app.post(
    "/api/workspaces/:ws/variants/:variantId/edit-published",
    {
      schema: {
        tags,
        summary: "Change the text of a published variant on its network (where the network allows editing)",
        params: variantParams,
        body: z.strictObject({ text: z.string().max(100_000) }),
        response: { 200: postView },
      },
    },
    async (req) => editPublished(deps, await ctx.actorOf(req), req.params.ws, req.params.variantId, req.body.text),
  );

  app.post(
    "/api/workspaces/:ws/validate",
    {
      schema: {
        tags,
        summary: "Check one variant against its network's rules (the composer calls this as you type)",
        params: wsParams,
        body: validateBody,
        response: {
          200: z.object({
            problems: z.array(z.object({ field: z.string(), message: z.string() })),
            length: z.object({ count: z.number(), max: z.number(), unit: z.string() }),
          }),
        },
      },
    },
    async (req) => validateDraft(deps, await ctx.actorOf(req), req.params.ws, { ...req.body, link: req.body.link ?? null }),
  );

  app.get(
    "/api/workspaces/:ws/calendar",
    {
      schema: {
        tags,
        summary: "Variants in a time range (at most 62 days), for the calendar",
        params: wsParams,
        querystring: calendarQuery,
        response: { 200: z.object({ items: z.array(calendarItem) }) },
      },
    },
    async (req) => calendar(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.get(
    "/api/workspaces/:ws/brands/:brandId/settings",
    {
      schema: {
        tags: ["Brands"],
        summary: "A brand's rubrics, approval steps and missed-time policy",
        params: z.strictObject({ ws: id, brandId: id }),
        response: { 200: brandSettingsSchema },
      },
    },
    async (req) => getBrandSettings(ctx.store.db, await ctx.actorOf(req), req.params.ws, req.params.brandId),
  );

  app.put(
    "/api/workspaces/:ws/brands/:brandId/settings",
    {
      schema: {
        tags: ["Brands"],
        summary: "Replace a brand's publishing settings",
        params: z.strictObject({ ws: id, brandId: id }),
        body: brandSettingsSchema,
        response: { 200: brandSettingsSchema },
      },
    },
    async (req) => updateBrandSettings(ctx.store.db, await ctx.actorOf(req), req.params.ws, req.params.brandId, req.body),
  );

  app.get(
    "/api/workspaces/:ws/channels/:channelId/health",
    {
      schema: {
        tags: ["Channels"],
        summary: "Whether a channel's credentials work, their expiry, its rate-limit budget and its last calls",
        params: z.strictObject({ ws: id, channelId: id }),
        response: {
          200: z.object({
            ok: z.boolean(),
            message: z.string().nullable(),
            expiresAt: z.string().nullable(),
            rateLimit: z.object({ limit: z.number().nullable(), remaining: z.number().nullable(), resetAt: z.string().nullable() }).nullable(),
            lastSuccessAt: z.string().nullable(),
            lastFailureAt: z.string().nullable(),
            lastError: z.string().nullable(),
          }),
        },
      },
    },
    async (req) =>
      channelHealth({ db: ctx.store.db, registry: ctx.registry, secrets: ctx.secrets }, await ctx.actorOf(req), req.params.ws, req.params.channelId),
  );

  const guest = z.strictObject({ token: z.string().min(10).max(200) });
  app.get(
    "/api/approvals/:token",
    {
      schema: {
        tags,
        summary: "What a guest approval link shows (no sign-in)",
        params: guest,
        response: {
          200: z.object({
            workspaceName: z.string(),
            brandName: z.string(),
            stepName: z.string(),
            expiresAt: z.string().nullable(),
            post: z.object({
              baseText: z.string(),
              format: z.string(),
              variants: z.array(
                z.object({
                  id: z.string(),
                  network: z.string(),
                  networkName: z.string(),
                  channelName: z.string(),
                  handle: z.string(),
                  text: z.string(),
                  media: z.array(z.unknown()),
                  link: z.string().nullable(),
                  scheduledAt: z.string().nullable(),
                }),
              ),
            }),
          }),
        },
      },
    },
    async (req) => describeGuestApproval(deps, req.params.token),
  );
  const guestDecision = z.strictObject({ name: z.string().trim().min(1).max(100), comment: z.string().max(5000).optional() });
  for (const verb of ["approve", "reject"] as const) {
    app.post(
      `/api/approvals/:token/${verb}`,
      {
        schema: {
          tags,
          summary: verb === "approve" ? "Approve as a guest" : "Reject as a guest (comment required)",
          params: guest,
          body: guestDecision,
          response: { 200: z.object({ status: z.string() }) },
        },
      },
      async (req) => decideAsGuest(deps, req.params.token, { approve: verb === "approve", name: req.body.name, comment: req.body.comment, ip: req.ip }),
    );
  }

  // Advertising placements (38-FZ): what the advertising data operator is told each month.
  const day = z.iso.date({ message: "Use a date as YYYY-MM-DD" });
  const placement = z.object({
    publicationId: z.string(),
    postId: z.string(),
    rules: z.string(),
    advertiser: z.string(),
    advertiserTaxId: z.string().nullable(),
    erid: z.string().nullable(),
    creative: z.string(),
    channelName: z.string(),
    network: z.string(),
    url: z.string().nullable(),
    publishedAt: z.string(),
    reach: z.number().nullable(),
    impressions: z.number().nullable(),
    views: z.number().nullable(),
  });
  const placementParams = z.strictObject({ ws: id, brandId: id });
  const period = z.strictObject({ from: day, to: day });
  const placements = async (req: FastifyRequest, p: z.infer<typeof placementParams>, q: z.infer<typeof period>) => {
    if (q.to < q.from) throw new AppError("validation_failed", "The period must end after it starts.", { errors: [{ path: "to", message: "Before from" }] });
    return listAdPlacements(ctx.store.db, await ctx.actorOf(req), p.ws, { brandId: p.brandId, from: q.from, to: q.to });
  };
  app.get(
    "/api/workspaces/:ws/brands/:brandId/ad-placements",
    {
      schema: {
        tags,
        summary: "The brand's advertising placements between two days of its time zone (38-FZ: creative, erid, channel, date, address, reach)",
        params: placementParams,
        querystring: period,
        response: { 200: z.object({ items: z.array(placement) }) },
      },
    },
    async (req) => ({ items: await placements(req, req.params, req.query) }),
  );
  app.get(
    "/api/workspaces/:ws/brands/:brandId/ad-placements/export",
    {
      schema: {
        tags,
        summary: "The placements as CSV or XLSX, for the advertising data operator's monthly report",
        params: placementParams,
        querystring: period.extend({ format: z.enum(["csv", "xlsx"]).default("csv") }),
      },
    },
    async (req, reply) => {
      const table = placementsTable(await placements(req, req.params, req.query));
      const { from, to, format } = req.query;
      reply.header("content-disposition", `attachment; filename="ad-placements-${from}-${to}.${format}"`).header("cache-control", "private, no-store");
      if (format === "xlsx") return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await toXlsx([{ name: "placements", table }]));
      return reply.type("text/csv; charset=utf-8").send(toCsv(table));
    },
  );
}
