/**
 * The giveaways API: a brand's giveaways on its published posts — the posts one can be held on,
 * create, change and delete a draft, check who takes part, freeze the entrants (the commitment is
 * published), draw — and the public verification data of a frozen giveaway (no sign-in: its
 * unguessable public id is the address), from which anyone recomputes the draw
 * (docs/giveaways.md).
 */
import { z } from "zod";
import { entryActions, exclusionReasons } from "../../domain/giveaway.js";
import type { GiveawaysDeps } from "../../services/giveaways/deps.js";
import { createGiveaway, deleteGiveaway, getEntrants, getGiveaway, listCandidatePosts, listGiveaways, maxTeamHandles, maxWinners, updateGiveaway } from "../../services/giveaways/giveaways.service.js";
import { publicGiveaway } from "../../services/giveaways/public.service.js";
import { drawGiveaway, freezeGiveaway, previewEntrants } from "../../services/giveaways/run.service.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";

const itemParams = z.strictObject({ ws: id, id });
const brandQuery = z.strictObject({ brandId: id });

const conditions = z.strictObject({
  action: z.enum(entryActions).describe("How one enters: repost, comment, either, or both"),
  mustFollow: z.boolean().describe("The entrant must follow the brand's account"),
  excludeBots: z.boolean().describe("Leave out accounts the audience audit's score calls likely bots"),
});
const handle = z.string().trim().min(1).max(300);
const inputFields = {
  title: z.string().trim().min(1, "Name the giveaway").max(200),
  conditions,
  winnersCount: z.number().int().min(1).max(maxWinners),
  teamHandles: z.array(handle).max(maxTeamHandles).optional().describe("Handles of the brand's team to leave out, besides the brand's own accounts"),
  announce: z.boolean().optional().describe("Post the commitment and the result as replies under the post, where the network can reply"),
};
const createBody = z.strictObject({ brandId: id, channelPostId: id.describe("One of the brand's published posts (GET …/giveaways/posts)"), ...inputFields });
const patchBody = z.strictObject(inputFields).partial();

const winner = z.object({ place: z.number(), entry: z.string(), handle: z.string() });
const giveawayView = z.object({
  id: z.string(),
  brandId: z.string(),
  publicId: z.string().nullable(),
  publicUrl: z.string().nullable().describe("The public verification page"),
  channel: z.object({ id: z.string(), name: z.string(), handle: z.string(), network: z.string(), networkName: z.string(), simulated: z.boolean() }),
  post: z.object({ channelPostId: z.string().nullable(), externalId: z.string(), url: z.string().nullable(), text: z.string() }),
  title: z.string(),
  conditions,
  winnersCount: z.number(),
  teamHandles: z.array(z.string()),
  announce: z.boolean(),
  canAnnounce: z.boolean(),
  status: z.enum(["draft", "frozen", "drawn"]),
  algorithm: z.string(),
  entrantCount: z.number().nullable(),
  eligibleCount: z.number().nullable(),
  listSha256: z.string().nullable(),
  commitment: z.string().nullable(),
  seed: z.string().nullable(),
  winners: z.array(winner).nullable(),
  commitmentReplyId: z.string().nullable(),
  resultReplyId: z.string().nullable(),
  announceError: z.string().nullable(),
  frozenAt: z.string().nullable(),
  drawnAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const reasons = z.array(z.enum(exclusionReasons));
const entrantsView = z.object({
  frozen: z.boolean().describe("False: a preview read from the network now, nothing kept"),
  entrants: z.array(
    z.object({
      entry: z.string(),
      handle: z.string(),
      name: z.string(),
      reposted: z.boolean(),
      commented: z.boolean(),
      follows: z.boolean().nullable(),
      botScore: z.number().nullable(),
      eligible: z.boolean(),
      reasons,
    }),
  ),
  counts: z.object({ total: z.number(), eligible: z.number(), reasons: z.record(z.string(), z.number()) }),
});
const candidateView = z.object({
  channelPostId: z.string(),
  channel: z.object({ id: z.string(), name: z.string(), handle: z.string(), network: z.string(), networkName: z.string() }),
  externalId: z.string(),
  url: z.string().nullable(),
  text: z.string(),
  publishedAt: z.string(),
});
const publicView = z.object({
  algorithm: z.string(),
  title: z.string(),
  brand: z.string(),
  network: z.string(),
  networkName: z.string(),
  simulated: z.boolean(),
  post: z.object({ url: z.string().nullable(), text: z.string() }),
  conditions,
  winnersCount: z.number(),
  status: z.enum(["frozen", "drawn"]),
  frozenAt: z.string(),
  drawnAt: z.string().nullable(),
  commitment: z.string().describe("SHA-256 (hex) of the seed's 32 bytes, published at the freeze"),
  commitmentReplyId: z.string().nullable(),
  entrants: z.object({
    canonical: z.string().describe("The eligible entries, sorted by bytes, joined with \\n: the draw's input"),
    sha256: z.string().describe("SHA-256 (hex) of `canonical`'s UTF-8 bytes, published at the freeze"),
    count: z.number(),
    all: z.array(z.object({ entry: z.string(), handle: z.string(), eligible: z.boolean(), reasons })),
  }),
  seed: z.string().nullable().describe("64 hex digits, revealed by the draw"),
  winners: z.array(winner).nullable(),
  resultReplyId: z.string().nullable(),
});

export function giveawaysRoutes(app: ZodApp, ctx: ApiContext, deps: GiveawaysDeps = { db: ctx.store.db, registry: ctx.registry, secrets: ctx.secrets, publicUrl: ctx.config.publicUrl }) {
  const tags = ["Giveaways"];
  const base = "/api/workspaces/:ws/giveaways";

  app.get(
    base,
    { schema: { tags, summary: "A brand's giveaways, newest first", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(giveawayView) }) } } },
    async (req) => ({ items: await listGiveaways(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId) }),
  );

  app.get(
    `${base}/posts`,
    { schema: { tags, summary: "The brand's published posts a giveaway can be held on (networks that list reposters and commenters)", params: wsParams, querystring: brandQuery, response: { 200: z.object({ items: z.array(candidateView) }) } } },
    async (req) => ({ items: await listCandidatePosts(deps, await ctx.actorOf(req), req.params.ws, req.query.brandId) }),
  );

  app.post(
    base,
    { schema: { tags, summary: "Create a giveaway on one of the brand's published posts (owners, managers, editors)", params: wsParams, body: createBody, response: { 201: giveawayView } } },
    async (req, reply) => reply.status(201).send(await createGiveaway(deps, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.get(`${base}/:id`, { schema: { tags, summary: "One giveaway", params: itemParams, response: { 200: giveawayView } } }, async (req) => getGiveaway(deps, await ctx.actorOf(req), req.params.ws, req.params.id));

  app.patch(
    `${base}/:id`,
    { schema: { tags, summary: "Change a draft giveaway (refused once frozen)", params: itemParams, body: patchBody, response: { 200: giveawayView } } },
    async (req) => updateGiveaway(deps, await ctx.actorOf(req), req.params.ws, req.params.id, req.body),
  );

  app.delete(`${base}/:id`, { schema: { tags, summary: "Delete a draft giveaway (a frozen one stays: its page is the proof)", params: itemParams } }, async (req, reply) => {
    await deleteGiveaway(deps, await ctx.actorOf(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${base}/:id/entrants`,
    { schema: { tags, summary: "The frozen entrants with everyone's reasons (empty for a draft)", params: itemParams, response: { 200: entrantsView } } },
    async (req) => getEntrants(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.post(
    `${base}/:id/preview`,
    { schema: { tags, summary: "Who would take part if frozen now, read from the network; nothing is kept", params: itemParams, response: { 200: entrantsView } } },
    async (req) => previewEntrants(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.post(
    `${base}/:id/freeze`,
    { schema: { tags, summary: "Freeze the entrants and publish the commitment to the draw's seed (once)", params: itemParams, response: { 200: giveawayView } } },
    async (req) => freezeGiveaway(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.post(
    `${base}/:id/draw`,
    { schema: { tags, summary: "Draw the winners and reveal the seed (once)", params: itemParams, response: { 200: giveawayView } } },
    async (req) => drawGiveaway(deps, await ctx.actorOf(req), req.params.ws, req.params.id),
  );

  app.get(
    "/api/giveaways/:publicId",
    {
      schema: {
        tags,
        summary: "A frozen giveaway's public verification data (no sign-in): recompute the draw from it (docs/giveaways.md)",
        security: [],
        params: z.strictObject({ publicId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Not a giveaway's public id") }),
        response: { 200: publicView },
      },
    },
    async (req, reply) => {
      const view = await publicGiveaway(deps, req.params.publicId);
      // A drawn giveaway never changes again; a frozen one changes once (the draw).
      reply.header("cache-control", view.status === "drawn" ? "public, max-age=300" : "no-store");
      reply.header("access-control-allow-origin", "*");
      return view;
    },
  );
}
