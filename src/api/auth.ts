/**
 * Who is calling: a session cookie (the web UI) or `Authorization: Bearer chorus_…` (scripts).
 * Routes call `actorOf(req)`; what the actor may do is decided by the services (RBAC lives there,
 * not here), so a route cannot forget it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";
import type { Actor } from "../services/access.js";
import { authenticateApiToken, authenticateSession, sessionCookie } from "../services/auth.service.js";
import type { Store } from "../store/db.js";

declare module "fastify" {
  interface FastifyRequest {
    chorusActor?: Actor;
  }
}

export function makeActorOf(store: Store) {
  return async function actorOf(req: FastifyRequest): Promise<Actor> {
    if (req.chorusActor) return req.chorusActor;
    const header = req.headers.authorization;
    let actor: Actor;
    if (header) {
      const [scheme, token] = header.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !token) {
        throw new AppError("unauthenticated", "Use the header Authorization: Bearer <API token>.");
      }
      actor = await authenticateApiToken(store.db, token);
    } else {
      const token = req.cookies[sessionCookie];
      if (!token) throw new AppError("unauthenticated", "You are not signed in. Sign in and try again.");
      actor = await authenticateSession(store.db, token);
      assertSameOrigin(req);
    }
    actor.ip = req.ip;
    req.chorusActor = actor;
    return actor;
  };
}

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Lax already stops most
 * cross-site requests; checking Origin closes the rest (older browsers, same-site subdomains).
 */
function assertSameOrigin(req: FastifyRequest) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
  const origin = req.headers.origin;
  if (!origin) return;
  const host = req.headers["x-forwarded-host"] ?? req.headers.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (originHost !== host) {
    throw new AppError("forbidden", "This request came from another site and was refused. Use Chorus from its own address.");
  }
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date) {
  reply.setCookie(sessionCookie, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.cookieSecure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(sessionCookie, { path: "/", httpOnly: true, sameSite: "lax", secure: config.cookieSecure });
}
