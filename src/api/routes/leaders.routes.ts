/**
 * The opinion leaders API: a brand's directory of influencers, partner communities, media and
 * partner brands (added by hand or from listening's leaders), their placements with a tracked
 * short link, and each placement's and leader's results (CPA, CPC, CPM, ROMI).
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { leaderKinds, leaderNetworks, leaderStatuses, placementFormats, placementFormulas } from "../../domain/opinion-leader.js";
import { listCandidates } from "../../services/leaders/candidates.service.js";
import type { LeadersDeps } from "../../services/leaders/deps.js";
import { createLeader, deleteLeader, getLeader, listLeaders, updateLeader } from "../../services/leaders/leaders.service.js";
import { createPlacement, deletePlacement, listPlacements, updatePlacement } from "../../services/leaders/placements.service.js";
import { type ApiContext, id, wsParams, type ZodApp } from "../context.js";

const nn = z.number().nullable();
const objParams = z.strictObject({ ws: id, id });
const placementParams = z.strictObject({ ws: id, id, placementId: id });
const count = z.number().int("A whole number").nonnegative("Must not be negative").max(1e12, "Too large");
const instant = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), "Must be a date or time (ISO 8601)");

const profile = z.strictObject({
  network: z.enum(leaderNetworks),
  handle: z.string().trim().max(120, "At most 120 characters").nullable().optional(),
  url: z.string().trim().max(2000, "At most 2000 characters").nullable().optional(),
});

const resultsView = z
  .object({ reach: nn, views: nn, clicks: nn, conversions: z.number(), revenue: nn, price: z.number(), cpa: nn, cpc: nn, cpm: nn, romi: nn, ctr: nn, cr: nn })
  .describe("Money in the currency's units; rates are fractions (0.042 = 4.2%); null when a figure or a denominator is unknown — never 0");

const totalsView = resultsView.extend({ currency: z.string(), placements: z.number(), bestCpa: nn });

const leaderView = z.object({
  id: z.string(),
  brandId: z.string(),
  name: z.string(),
  kind: z.enum(leaderKinds),
  status: z.enum(leaderStatuses),
  profiles: z.array(z.object({ network: z.string(), handle: z.string().nullable(), url: z.string().nullable() })),
  followers: nn,
  followersSource: z.enum(["manual", "listening"]),
  topics: z.array(z.string()),
  contact: z.string().nullable().describe("Personal data: null for members who may not manage leaders"),
  priceNote: z.string().nullable(),
  notes: z.string().nullable(),
  listening: z.object({ mentions: z.number(), tone: nn }).nullable().describe("Listening's figures when the leader was added from listening"),
  placements: z.number(),
  totals: z.array(totalsView).describe("Per currency (Chorus does not convert), the most used first"),
  bestCpa: z.object({ value: z.number(), currency: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const placementView = z.object({
  id: z.string(),
  leaderId: z.string(),
  brandId: z.string(),
  campaign: z.object({ id: z.string(), name: z.string(), slug: z.string() }).nullable(),
  day: z.string(),
  price: z.number(),
  currency: z.string(),
  format: z.enum(placementFormats),
  url: z.string().nullable(),
  targetUrl: z.string().nullable(),
  trackedLink: z.object({ code: z.string(), shortUrl: z.string(), target: z.string().describe("The brand's page with the placement's UTM tags") }).nullable(),
  reach: nn,
  views: nn,
  notes: z.string().nullable(),
  results: resultsView,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const leaderBody = z.strictObject({
  name: z.string().trim().min(1, "Name the leader or community").max(120, "At most 120 characters"),
  kind: z.enum(leaderKinds),
  status: z.enum(leaderStatuses).optional(),
  profiles: z.array(profile).min(1, "Add at least one profile").max(10, "At most 10 profiles"),
  followers: count.nullable().optional(),
  topics: z.array(z.string().trim().min(1).max(40, "A topic is at most 40 characters")).max(20, "At most 20 topics").optional(),
  contact: z.string().max(300, "Keep the contact short: at most 300 characters").nullable().optional().describe("How to reach them; personal data, keep it minimal"),
  priceNote: z.string().max(1000).nullable().optional(),
  notes: z.string().max(4000).nullable().optional(),
});

const placementBody = z.strictObject({
  campaignId: id.nullable().optional().describe("A campaign of the leader's brand"),
  day: z.string().max(10).describe("The day it goes out, YYYY-MM-DD"),
  // Not negative, at most two decimals: checked by the service with the other fields, so every problem shows at once.
  price: z.number({ error: "Enter the price: a number, 0 for barter" }).max(1e13, "Too large an amount"),
  currency: z.string().trim().length(3, "Three letters, e.g. RUB").toUpperCase(),
  format: z.enum(placementFormats),
  url: z.string().trim().max(2000).nullable().optional().describe("The placement itself, once published"),
  targetUrl: z.string().trim().max(2000).nullable().optional().describe("The brand's page: a tracked short link to it is made, tagged with the placement's UTM"),
  reach: count.nullable().optional().describe("From the leader's own stats"),
  views: count.nullable().optional(),
  notes: z.string().max(2000).nullable().optional(),
});

export function leadersRoutes(app: ZodApp, ctx: ApiContext, overrides: Partial<LeadersDeps> = {}) {
  const tags = ["Opinion leaders"];
  const base = "/api/workspaces/:ws/leaders";
  const deps: LeadersDeps = { db: ctx.store.db, publicUrl: ctx.config.publicUrl, ...overrides };
  const actor = (req: FastifyRequest) => ctx.actorOf(req);
  const formulas = { ...placementFormulas };

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The brand's opinion leaders with their totals and best CPA",
        params: wsParams,
        querystring: z.strictObject({ brandId: id, status: z.enum(leaderStatuses).optional(), kind: z.enum(leaderKinds).optional() }),
        response: { 200: z.object({ items: z.array(leaderView), formulas: z.record(z.string(), z.string()) }) },
      },
    },
    async (req) => ({ items: await listLeaders(deps, await actor(req), req.params.ws, req.query), formulas }),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: "Adds an opinion leader by hand, or from listening (fromListening: the author's network and handle and the period listening ranked them in)",
        description: "400 with errors[].path and nothing stored when a profile, the followers or a field is wrong; 409 when one of the profiles is already in the brand's directory.",
        params: wsParams,
        body: leaderBody.extend({
          brandId: id,
          fromListening: z.strictObject({ network: z.string().max(40), handle: z.string().max(200), from: instant, to: instant }).optional(),
        }),
        response: { 201: leaderView },
      },
    },
    async (req, reply) => reply.status(201).send(await createLeader(deps, await actor(req), req.params.ws, req.body)),
  );

  app.get(
    `${base}/candidates`,
    {
      schema: {
        tags,
        summary: "Listening's opinion leaders of the brand over a period, to add to the directory (leaderId: already in it)",
        params: wsParams,
        querystring: z.strictObject({ brandId: id, from: instant, to: instant }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                network: z.string(),
                handle: z.string(),
                name: z.string(),
                followers: nn,
                mentions: z.number(),
                engagement: z.number(),
                relevance: z.number(),
                tone: z.number(),
                toneLabel: z.string(),
                score: z.number(),
                leaderId: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listCandidates(deps, await actor(req), req.params.ws, req.query) }),
  );

  app.get(
    `${base}/:id`,
    { schema: { tags, summary: "An opinion leader with their placements and results", params: objParams, response: { 200: leaderView.extend({ placementList: z.array(placementView) }) } } },
    async (req) => getLeader(deps, await actor(req), req.params.ws, req.params.id),
  );

  app.patch(
    `${base}/:id`,
    { schema: { tags, summary: "Changes an opinion leader (profiles, when given, replace them all)", params: objParams, body: leaderBody.partial(), response: { 200: leaderView } } },
    async (req) => updateLeader(deps, await actor(req), req.params.ws, req.params.id, req.body),
  );

  app.delete(`${base}/:id`, { schema: { tags, summary: "Deletes an opinion leader and their placements (published short links keep redirecting)", params: objParams } }, async (req, reply) => {
    await deleteLeader(deps, await actor(req), req.params.ws, req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${base}/:id/placements`,
    { schema: { tags, summary: "The leader's placements, newest first, with their results", params: objParams, response: { 200: z.object({ items: z.array(placementView), formulas: z.record(z.string(), z.string()) }) } } },
    async (req) => ({ items: await listPlacements(deps, await actor(req), req.params.ws, req.params.id), formulas }),
  );

  app.post(
    `${base}/:id/placements`,
    {
      schema: {
        tags,
        summary: "Adds a placement; with targetUrl, a tracked short link is made (utm_source = the leader's handle, utm_medium = influencer, utm_campaign = the campaign's slug, utm_content = the placement's id)",
        description: "400 with errors[].path and nothing stored for a negative price, a day that is not one, an address that is not http(s), or a currency other than the campaign's.",
        params: objParams,
        body: placementBody,
        response: { 201: placementView },
      },
    },
    async (req, reply) => reply.status(201).send(await createPlacement(deps, await actor(req), req.params.ws, req.params.id, req.body)),
  );

  app.patch(
    `${base}/:id/placements/:placementId`,
    { schema: { tags, summary: "Changes a placement: the leader's stats, the address, the campaign; its short link keeps its code", params: placementParams, body: placementBody.partial(), response: { 200: placementView } } },
    async (req) => updatePlacement(deps, await actor(req), req.params.ws, req.params.id, req.params.placementId, req.body),
  );

  app.delete(`${base}/:id/placements/:placementId`, { schema: { tags, summary: "Removes a placement (its short link keeps redirecting)", params: placementParams } }, async (req, reply) => {
    await deletePlacement(deps, await actor(req), req.params.ws, req.params.id, req.params.placementId);
    return reply.status(204).send();
  });
}
