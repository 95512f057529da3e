/**
 * The competitors API: a brand's competitors (other public pages, read daily) — list, add (the
 * page is read once and refused when it is not there), change, pause, remove, read now — and the
 * comparison of the brand with them for a period of its days.
 */
import { z } from "zod";
import { type Comparison, compareCompetitors } from "../../services/competitors/comparison.service.js";
import { addCompetitor, deleteCompetitor, listCompetitors, refreshCompetitor, updateCompetitor } from "../../services/competitors/competitors.service.js";
import type { CompetitorsDeps } from "../../services/competitors/deps.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a day, YYYY-MM-DD");
const brandQuery = z.strictObject({ brandId: id });
const objParams = z.strictObject({ ws: id, id });
const network = z.string().trim().min(1, "Choose a network").max(40);

const competitorView = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  network: z.string(),
  networkName: z.string(),
  page: z.string().describe("The page as the network names it: a handle, @name@server, a community's short name, @channel"),
  url: z.string().nullable(),
  channel: z.object({ id: z.string(), name: z.string(), handle: z.string() }).nullable().describe("The brand's account the page is read through; null where none is needed"),
  enabled: z.boolean(),
  state: z.enum(["new", "ok", "error", "paused"]),
  lastRunAt: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  lastError: z.string().nullable(),
  failures: z.number(),
  nextRunAt: z.string().nullable(),
  followers: z.number().nullable(),
  postsVisible: z.boolean().describe("False where the network shows no posts of the page (Telegram channels to a bot): frequency, formats and interactions are unknown"),
  createdAt: z.string(),
});

const nn = z.number().nullable();
const topPost = z.object({
  id: z.string(),
  url: z.string().nullable(),
  text: z.string(),
  format: z.string(),
  publishedAt: z.string(),
  likes: nn,
  comments: nn,
  reposts: nn,
  views: nn,
  interactions: z.number(),
  followers: nn.describe("The page's followers when the post went out"),
  erFollowers: nn,
});
const pageFigures = z.object({
  kind: z.enum(["brand", "competitor"]),
  id: z.string(),
  name: z.string(),
  networks: z.array(z.string()),
  url: z.string().nullable(),
  postsVisible: z.boolean(),
  followers: z.object({ start: nn, end: nn, growth: nn, growthRate: nn }),
  posts: nn,
  postsPerDay: nn,
  formats: z.array(z.object({ format: z.string(), posts: z.number(), share: z.number() })),
  likes: nn,
  comments: nn,
  reposts: nn,
  interactions: nn,
  interactionsPerPost: nn,
  followersAtPosts: nn,
  erFollowers: nn.describe("ER by followers: the only ER that compares with competitors (their reach is never visible)"),
  loveRate: nn,
  talkRate: nn,
  amplificationRate: nn,
  series: z.array(z.object({ day: z.string(), followers: nn, posts: nn })),
  topPosts: z.array(topPost),
});
const comparisonView = z.object({
  brand: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
  period: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  pages: z.array(pageFigures).describe("The brand first, then its competitors; rates are fractions (0.042 = 4.2%), null when unknown"),
  formulas: z.record(z.string(), z.string()),
});

export function competitorsRoutes(app: ZodApp, ctx: ApiContext) {
  const tags = ["Competitors"];
  const base = "/api/workspaces/:ws/competitors";
  const deps: CompetitorsDeps = { db: ctx.store.db, registry: ctx.registry, secrets: ctx.secrets };

  app.get(
    base,
    { schema: { tags, summary: "The brand's competitors with the state of their daily reading", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(competitorView) }) } } },
    async (req) => ({ items: await listCompetitors(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId) }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: "Watches another public page: reads it once (a page that does not exist is refused, nothing is stored), then once a day",
        params: wsParams,
        body: z.strictObject({
          brandId: id,
          network,
          page: z.string().trim().min(1, "Paste the page: its handle, @name or address").max(300, "A page is at most 300 characters"),
          name: z.string().trim().max(120, "A name is at most 120 characters").optional(),
          channelId: id.optional().describe("The brand's account to read through (Bluesky, VK, Telegram need one; the brand's first is taken when absent)"),
        }),
        response: { 201: competitorView },
      },
    },
    async (req, reply) => reply.status(201).send(await addCompetitor(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Renames, pauses or resumes a competitor, or changes the account it is read through",
        params: objParams,
        body: z.strictObject({ name: z.string().trim().min(1, "A name cannot be empty").max(120).optional(), enabled: z.boolean().optional(), channelId: id.optional() }),
        response: { 200: competitorView },
      },
    },
    async (req) => updateCompetitor(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );

  app.delete(`${base}/:id`, { schema: { tags, summary: "Stops watching a page; its history goes with it", params: objParams } }, async (req, reply) => {
    await deleteCompetitor(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.post(
    `${base}/:id/refresh`,
    { schema: { tags, summary: "Reads the page now; a failure shows on the competitor's state", params: objParams, response: { 200: competitorView } } },
    async (req) => refreshCompetitor(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.get(
    `${base}/comparison`,
    {
      schema: {
        tags,
        summary: "The brand beside its competitors for a period: followers and growth, posts per day, formats, interactions per post, ER by followers, daily series and top posts",
        params: wsParams,
        querystring: z.strictObject({ brandId: id, from: day.describe("First day of the period, in the brand's time zone"), to: day.describe("Last day of the period (inclusive)") }),
        response: { 200: comparisonView },
      },
    },
    async (req): Promise<Comparison> => compareCompetitors(deps, await ctx.actorOf(req), req.params.ws, req.query),
  );
}
