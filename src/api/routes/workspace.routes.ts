/** A workspace, its members and invitations, API tokens and the audit trail. */
import { z } from "zod";
import { listAuditEvents } from "../../services/audit-log.service.js";
import { createToken, listTokens, revokeToken } from "../../services/token.service.js";
import {
  changeMember,
  getWorkspace,
  invite,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
} from "../../services/workspace.service.js";
import { type ApiContext, id, pageOf, pageQuery, roleSchema, wsParams, type ZodApp } from "../context.js";

const brandIdsOut = z.array(z.string()).nullable().describe("The brands this member works with; null: every brand");
const brandIdsIn = z
  .array(id)
  .min(1, { message: "Choose at least one brand, or null for every brand" })
  .max(200)
  .nullable()
  .describe("Limit the member to these brands (clients see only their brand); null: every brand. Owners always see every brand.");
const member = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), brandIds: brandIdsOut, createdAt: z.string() });
const invitation = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  brandIds: brandIdsOut,
  createdAt: z.string(),
  expiresAt: z.string(),
  inviterName: z.string().nullable(),
});
const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export function workspaceRoutes(app: ZodApp, ctx: ApiContext) {
  const db = ctx.store.db;

  app.get(
    "/api/workspaces/:ws",
    {
      schema: {
        tags: ["Workspaces"],
        summary: "A workspace, your role in it, the brands you work with and what you may do",
        params: wsParams,
        response: { 200: z.object({ id: z.string(), name: z.string(), role: z.string(), brandIds: brandIdsOut, permissions: z.array(z.string()) }) },
      },
    },
    async (req) => getWorkspace(db, await ctx.actorOf(req), req.params.ws),
  );

  const tags = ["Members"];
  app.get(
    "/api/workspaces/:ws/members",
    { schema: { tags, summary: "Members and their roles", params: wsParams, querystring: pageQuery, response: { 200: pageOf(member) } } },
    async (req) => listMembers(db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  const memberParams = z.strictObject({ ws: id, userId: id });
  app.patch(
    "/api/workspaces/:ws/members/:userId",
    {
      schema: {
        tags,
        summary: "Change a member's role or brands (only owners make or unmake owners; the last owner stays)",
        params: memberParams,
        body: z
          .strictObject({ role: roleSchema.optional(), brandIds: brandIdsIn.optional() })
          .refine((b) => b.role !== undefined || b.brandIds !== undefined, { message: "Send a role, brandIds or both" }),
        response: { 200: member },
      },
    },
    async (req) => changeMember(db, await ctx.actorOf(req), req.params.ws, req.params.userId, req.body),
  );

  app.delete(
    "/api/workspaces/:ws/members/:userId",
    { schema: { tags, summary: "Remove a member from the workspace", params: memberParams } },
    async (req, reply) => {
      await removeMember(db, await ctx.actorOf(req), req.params.ws, req.params.userId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/workspaces/:ws/invitations",
    { schema: { tags, summary: "Pending invitations", params: wsParams, querystring: pageQuery, response: { 200: pageOf(invitation) } } },
    async (req) => listInvitations(db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.post(
    "/api/workspaces/:ws/invitations",
    {
      schema: {
        tags,
        summary: "Invite someone by e-mail; the answer holds the link to send them (valid 7 days)",
        params: wsParams,
        body: z.strictObject({ email: z.email({ message: "Enter a valid e-mail address" }).max(320), role: roleSchema, brandIds: brandIdsIn.optional() }),
        response: { 201: z.object({ invitation, acceptUrl: z.string() }) },
      },
    },
    async (req, reply) => {
      const res = await invite(db, await ctx.actorOf(req), req.params.ws, { ...req.body, publicUrl: ctx.config.publicUrl });
      return reply.status(201).send(res);
    },
  );

  app.delete(
    "/api/workspaces/:ws/invitations/:id",
    { schema: { tags, summary: "Revoke a pending invitation", params: z.strictObject({ ws: id, id }) } },
    async (req, reply) => {
      await revokeInvitation(db, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send();
    },
  );

  const tokenTags = ["API tokens"];
  app.get(
    "/api/workspaces/:ws/tokens",
    { schema: { tags: tokenTags, summary: "Your API tokens in this workspace", params: wsParams, querystring: pageQuery, response: { 200: pageOf(apiToken) } } },
    async (req) => listTokens(db, await ctx.actorOf(req), req.params.ws, req.query),
  );

  app.post(
    "/api/workspaces/:ws/tokens",
    {
      schema: {
        tags: tokenTags,
        summary: "Create an API token; the secret is shown only in this answer",
        params: wsParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() }),
        response: { 201: z.object({ token: z.string(), apiToken }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken(db, await ctx.actorOf(req), req.params.ws, req.body)),
  );

  app.delete(
    "/api/workspaces/:ws/tokens/:id",
    { schema: { tags: tokenTags, summary: "Revoke an API token", params: z.strictObject({ ws: id, id }) } },
    async (req, reply) => {
      await revokeToken(db, await ctx.actorOf(req), req.params.ws, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/workspaces/:ws/audit",
    {
      schema: {
        tags: ["Audit"],
        summary: "The workspace's audit trail, newest first",
        params: wsParams,
        querystring: pageQuery,
        response: {
          200: pageOf(
            z.object({
              id: z.string(),
              action: z.string(),
              actorName: z.string().nullable(),
              targetType: z.string().nullable(),
              targetId: z.string().nullable(),
              data: z.record(z.string(), z.unknown()),
              ip: z.string().nullable(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listAuditEvents(db, await ctx.actorOf(req), req.params.ws, req.query),
  );
}
