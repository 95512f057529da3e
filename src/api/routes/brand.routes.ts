/** Brands, their channels and the networks channels can be on. */
import { z } from "zod";
import { brandOverview, createBrand, listBrands } from "../../services/brand.service.js";
import { connectChannel, disconnectChannel, listChannels, listNetworks } from "../../services/channel.service.js";
import { type ApiContext, id, pageOf, pageQuery, wsParams, type ZodApp } from "../context.js";

const brand = z.object({ id: z.string(), name: z.string(), timezone: z.string(), locale: z.string(), createdAt: z.string() });
const capabilities = z.record(z.string(), z.boolean());
const channel = z.object({
  id: z.string(),
  brandId: z.string(),
  network: z.string(),
  networkName: z.string(),
  simulated: z.boolean(),
  name: z.string(),
  handle: z.string(),
  status: z.enum(["active", "error", "disconnected"]),
  capabilities: capabilities.nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});

export function brandRoutes(app: ZodApp, ctx: ApiContext) {
  const { store, registry, secrets } = ctx;
  const db = store.db;
  const tags = ["Brands"];

  app.get(
    "/api/workspaces/:ws/brands",
    { schema: { tags, summary: "Brands of the workspace", params: wsParams, querystring: pageQuery, response: { 200: pageOf(brand) } } },
    async (req) => listBrands(db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.post(
    "/api/workspaces/:ws/brands",
    {
      schema: {
        tags,
        summary: "Add a brand",
        params: wsParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          timezone: z.string().min(1).max(64).default("UTC"),
          locale: z.enum(["en", "ru", "uk"]).default("en"),
        }),
        response: { 201: brand },
      },
    },
    async (req, reply) => reply.status(201).send(await createBrand(db, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.get(
    "/api/workspaces/:ws/brands/:brandId/overview",
    {
      schema: {
        tags,
        summary: "A brand's headline figures: audience, output, engagement (ER by reach, %), open comments",
        params: z.strictObject({ ws: id, brandId: id }),
        response: {
          200: z.object({
            brand,
            channels: z.number(),
            followers: z.number(),
            postsLast30Days: z.number(),
            scheduledNext7Days: z.number(),
            engagementRate: z.number().nullable(),
            openComments: z.number(),
            negativeComments: z.number().nullable(),
          }),
        },
      },
    },
    async (req) => brandOverview(db, await ctx.actorOf(req), req.params.ws, req.params.brandId),
  );

  app.get(
    "/api/networks",
    {
      schema: {
        tags: ["Channels"],
        summary: "Networks Chorus can connect to, what each can do, its limits and its connect form",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                network: z.string(),
                displayName: z.string(),
                simulated: z.boolean(),
                capabilities,
                limits: z.record(z.string(), z.unknown()),
                fields: z.array(
                  z.object({
                    name: z.string(),
                    type: z.enum(["string", "number", "select"]),
                    required: z.boolean(),
                    options: z.array(z.string()).optional(),
                    default: z.unknown().optional(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      await ctx.actorOf(req);
      return { items: listNetworks(registry) };
    },
  );

  app.get(
    "/api/workspaces/:ws/channels",
    {
      schema: {
        tags: ["Channels"],
        summary: "Connected channels, optionally of one brand",
        params: wsParams,
        querystring: pageQuery.extend({ brandId: id.optional() }),
        response: { 200: pageOf(channel) },
      },
    },
    async (req) => listChannels(db, registry, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.post(
    "/api/workspaces/:ws/channels",
    {
      schema: {
        tags: ["Channels"],
        summary: "Connect an account on a network to a brand; `fields` follow the network's connect form",
        params: wsParams,
        body: z.strictObject({ brandId: id, network: z.string().min(1).max(40), fields: z.record(z.string(), z.unknown()) }),
        response: { 201: channel },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await connectChannel({ db, registry, secrets, publicUrl: ctx.config.publicUrl }, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.delete(
    "/api/workspaces/:ws/channels/:id",
    { schema: { tags: ["Channels"], summary: "Disconnect a channel (its credentials are erased)", params: z.strictObject({ ws: id, id }) } },
    async (req, reply) => {
      await disconnectChannel({ db, registry, secrets }, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send();
    },
  );
}
