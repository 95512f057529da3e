/** Short links (the public redirect and their click counts) and link previews. */
import { z } from "zod";
import { listLinks, recordClick, resolveLink } from "../../services/link.service.js";
import { previewLink } from "../../services/link-preview.service.js";
import { type ApiContext, id, pageOf, pageQuery, wsParams, type ZodApp } from "../context.js";

const link = z.object({
  id: z.string(),
  code: z.string(),
  shortUrl: z.string(),
  targetUrl: z.string(),
  postId: z.string().nullable(),
  variantId: z.string().nullable(),
  channelId: z.string().nullable(),
  createdAt: z.string(),
  clicks: z.number(),
  uniqueVisitors: z.number(),
  botClicks: z.number(),
});
const networkPreview = z.object({ title: z.string().nullable(), description: z.string().nullable(), image: z.string().nullable(), siteName: z.string().nullable() });
const preview = z.object({
  url: z.string(),
  finalUrl: z.string(),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  previews: z.object({ telegram: networkPreview, vk: networkPreview, facebook: networkPreview, bluesky: networkPreview, mastodon: networkPreview }),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

export function linkRoutes(app: ZodApp, ctx: ApiContext) {
  const db = ctx.store.db;

  app.get(
    "/l/:code",
    { schema: { hide: true, params: z.object({ code: z.string().max(64) }) } },
    async (req, reply) => {
      const found = await resolveLink(db, req.params.code);
      if (!found) {
        return reply.status(404).type("text/plain; charset=utf-8").header("cache-control", "no-store").send("This short link does not exist. Check that it was copied in full.");
      }
      // Counting must never cost the visitor the redirect: a failed insert is logged and forgotten.
      try {
        await recordClick(db, {
          linkId: found.id,
          workspaceId: found.workspaceId,
          ip: req.ip,
          userAgent: req.headers["user-agent"],
          referrer: req.headers.referer,
        });
      } catch (err) {
        req.log.warn({ err, code: req.params.code }, "could not record a short-link click");
      }
      // no-store: every click must reach us to be counted.
      return reply.status(302).header("cache-control", "no-store").header("location", found.targetUrl).send();
    },
  );

  app.get(
    "/api/workspaces/:ws/links",
    {
      schema: {
        tags: ["Links"],
        summary: "Short links with clicks (bots excluded), unique visitors per day summed, and bot clicks",
        params: wsParams,
        querystring: pageQuery.extend({ postId: id.optional() }),
        response: { 200: pageOf(link) },
      },
    },
    async (req) => listLinks({ db, publicUrl: ctx.config.publicUrl }, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.post(
    "/api/workspaces/:ws/link-preview",
    {
      schema: {
        tags: ["Links"],
        summary: "What Telegram, VK, Facebook, Bluesky and Mastodon will show for a link, with warnings to fix",
        params: wsParams,
        body: z.strictObject({ url: z.string().min(1).max(2000) }),
        response: { 200: preview },
      },
    },
    async (req) => previewLink({ db, allowPrivateFetch: ctx.config.allowPrivateFetch }, await ctx.actorOf(req), req.params.ws, req.body.url),
  );
}
