/** Sign in and out, the current user, and accepting an invitation. */
import { z } from "zod";
import { getUser, login, logout, sessionCookie, updateUser } from "../../services/auth.service.js";
import { listMyWorkspaces, acceptInvitation, describeInvitation } from "../../services/workspace.service.js";
import { clearSessionCookie, setSessionCookie } from "../auth.js";
import type { ApiContext, ZodApp } from "../context.js";

const user = z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string() });

export function authRoutes(app: ZodApp, ctx: ApiContext) {
  const { store, config } = ctx;
  const tags = ["Account"];

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags,
        summary: "Sign in with e-mail and password; sets the session cookie",
        body: z.strictObject({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1000) }),
        response: { 200: z.object({ user }) },
      },
    },
    async (req, reply) => {
      const res = await login(store.db, { ...req.body, ip: req.ip, sessionDays: config.sessionDays });
      setSessionCookie(reply, config, res.token, res.expiresAt);
      return { user: res.user };
    },
  );

  app.post("/api/auth/logout", { schema: { tags, summary: "Sign out: ends the session" } }, async (req, reply) => {
    const token = req.cookies[sessionCookie];
    if (token) await logout(store.db, token);
    clearSessionCookie(reply, config);
    return reply.status(204).send();
  });

  app.get(
    "/api/me",
    {
      schema: {
        tags,
        summary: "The signed-in user and the workspaces they belong to",
        response: { 200: z.object({ user, workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) }) },
      },
    },
    async (req) => {
      const actor = await ctx.actorOf(req);
      return { user: await getUser(store.db, actor.userId), workspaces: await listMyWorkspaces(store.db, actor) };
    },
  );

  app.patch(
    "/api/me",
    {
      schema: {
        tags,
        summary: "Change your name or interface language",
        body: z.strictObject({ name: z.string().trim().min(1).max(100).optional(), locale: z.enum(["en", "ru"]).optional() }),
        response: { 200: z.object({ user }) },
      },
    },
    async (req) => {
      const actor = await ctx.actorOf(req);
      return { user: await updateUser(store.db, actor.userId, req.body) };
    },
  );

  const tokenParams = z.strictObject({ token: z.string().min(10).max(200) });

  app.get(
    "/api/invitations/:token",
    {
      schema: {
        tags,
        summary: "What an invitation link offers (no sign-in needed)",
        params: tokenParams,
        response: {
          200: z.object({
            workspaceName: z.string(),
            email: z.string(),
            role: z.string(),
            brands: z.array(z.string()).nullable().describe("Names of the brands the invitation gives; null: every brand"),
            userExists: z.boolean(),
          }),
        },
      },
    },
    async (req) => describeInvitation(store.db, req.params.token),
  );

  app.post(
    "/api/invitations/:token/accept",
    {
      schema: {
        tags,
        summary: "Accept an invitation: creates the account if the e-mail is new, and signs in",
        params: tokenParams,
        body: z.strictObject({ name: z.string().trim().max(100).optional(), password: z.string().max(1000).optional() }).optional(),
        response: { 200: z.object({ user, workspaceId: z.string() }) },
      },
    },
    async (req, reply) => {
      // An existing user accepts while signed in; a new one has no session yet.
      const actor = req.cookies[sessionCookie] || req.headers.authorization ? await ctx.actorOf(req).catch(() => undefined) : undefined;
      const res = await acceptInvitation(store.db, req.params.token, {
        actor,
        name: req.body?.name,
        password: req.body?.password,
        sessionDays: config.sessionDays,
      });
      if (res.session) setSessionCookie(reply, config, res.session.token, res.session.expiresAt);
      return { user: res.user, workspaceId: res.workspaceId };
    },
  );
}
