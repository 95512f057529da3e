/**
 * Accounts and sign-in: argon2id passwords, server-side sessions (the cookie holds a random token,
 * the database only its hash), API tokens for scripts, and login rate limiting kept in the
 * database so every server process sees the same counts.
 */
import argon2 from "argon2";
import type { Kysely } from "kysely";
import { AppError } from "../errors.js";
import { newId, nowIso } from "../store/ids.js";
import type { Database } from "../store/schema.js";
import type { Actor } from "./access.js";
import { recordAudit } from "./audit.service.js";
import { hashToken, randomToken } from "./secrets.js";

export const sessionCookie = "chorus_session";
export const tokenPrefix = "chorus_";

const loginWindowMs = 15 * 60 * 1000;
const maxFailuresPerEmail = 5;
const maxFailuresPerIp = 30;

export type PublicUser = { id: string; email: string; name: string; locale: string };

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function hashPassword(password: string): Promise<string> {
  // OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export function checkPasswordStrength(password: string): void {
  if (password.length < 10) {
    throw new AppError("validation_failed", "The password is too short: use at least 10 characters.", {
      errors: [{ path: "password", message: "At least 10 characters" }],
    });
  }
}

export function presentUser(u: { id: string; email: string; name: string; locale: string }): PublicUser {
  return { id: u.id, email: u.email, name: u.name, locale: u.locale };
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; password: string; locale?: string },
): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  checkPasswordStrength(input.password);
  const existing = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) throw new AppError("conflict", `A user with the e-mail ${email} already exists.`);
  const user = {
    id: newId(),
    email,
    name: input.name.trim() || email,
    password_hash: await hashPassword(input.password),
    locale: input.locale ?? "en",
    created_at: nowIso(),
    disabled_at: null,
  };
  await db.insertInto("users").values(user).execute();
  return presentUser(user);
}

async function recentFailures(db: Kysely<Database>, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("key", "=", key)
    .where("at", ">", since)
    .where("success", "=", 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function login(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string | null; sessionDays: number },
): Promise<{ user: PublicUser; token: string; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  const since = new Date(Date.now() - loginWindowMs).toISOString();
  const emailKey = `email:${email}`;
  const ipKey = `ip:${input.ip ?? "unknown"}`;
  if (
    (await recentFailures(db, emailKey, since)) >= maxFailuresPerEmail ||
    (await recentFailures(db, ipKey, since)) >= maxFailuresPerIp
  ) {
    throw new AppError("rate_limited", "Too many failed sign-in attempts. Wait 15 minutes and try again.", {
      retryAfter: loginWindowMs / 1000,
    });
  }
  const user = await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  const ok = user && !user.disabled_at ? await argon2.verify(user.password_hash, input.password) : false;
  const at = nowIso();
  await db
    .insertInto("login_attempts")
    .values([
      { id: newId(), key: emailKey, at, success: ok ? 1 : 0 },
      { id: newId(), key: ipKey, at, success: ok ? 1 : 0 },
    ])
    .execute();
  if (!ok || !user) {
    await recordAudit(db, {
      workspaceId: null,
      actorUserId: user?.id ?? null,
      action: "auth.login_failed",
      data: { email },
      ip: input.ip,
    });
    throw new AppError("invalid_credentials", "The e-mail or password is wrong. Check both and try again.");
  }
  const session = await createSession(db, user.id, input.sessionDays);
  await recordAudit(db, { workspaceId: null, actorUserId: user.id, action: "auth.login", ip: input.ip });
  return { user: presentUser(user), ...session };
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  sessionDays: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + sessionDays * 86_400_000);
  await db
    .insertInto("sessions")
    .values({
      id: newId(),
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}

export async function logout(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
}

/** Resolves a session cookie to an actor; an unknown or expired session is an error the UI can act on. */
export async function authenticateSession(db: Kysely<Database>, token: string): Promise<Actor> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.id", "sessions.user_id", "sessions.expires_at", "sessions.last_seen_at", "users.disabled_at"])
    .where("sessions.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabled_at) throw new AppError("unauthenticated", "You are not signed in. Sign in and try again.");
  const now = new Date();
  if (row.expires_at <= now.toISOString()) {
    await db.deleteFrom("sessions").where("id", "=", row.id).execute();
    throw new AppError("session_expired", "Your session has expired. Sign in again.");
  }
  // Touch at most once a minute so a busy UI does not turn every read into a write.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable("sessions").set({ last_seen_at: now.toISOString() }).where("id", "=", row.id).execute();
  }
  return { userId: row.user_id };
}

export async function authenticateApiToken(db: Kysely<Database>, token: string): Promise<Actor> {
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select(["api_tokens.id", "api_tokens.user_id", "api_tokens.workspace_id", "api_tokens.expires_at", "api_tokens.revoked_at", "users.disabled_at"])
    .where("api_tokens.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled_at) {
    throw new AppError("unauthenticated", "The API token is unknown or revoked. Create a new one in Settings → API tokens.");
  }
  if (row.expires_at && row.expires_at <= nowIso()) {
    throw new AppError("session_expired", "The API token has expired. Create a new one in Settings → API tokens.");
  }
  await db.updateTable("api_tokens").set({ last_used_at: nowIso() }).where("id", "=", row.id).execute();
  return { userId: row.user_id, tokenWorkspaceId: row.workspace_id };
}

export async function getUser(db: Kysely<Database>, userId: string): Promise<PublicUser> {
  const u = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  return presentUser(u);
}

export async function updateUser(
  db: Kysely<Database>,
  userId: string,
  patch: { name?: string | undefined; locale?: string | undefined },
): Promise<PublicUser> {
  const set: { name?: string; locale?: string } = {};
  if (patch.name !== undefined) set.name = patch.name.trim();
  if (patch.locale !== undefined) set.locale = patch.locale;
  if (Object.keys(set).length > 0) await db.updateTable("users").set(set).where("id", "=", userId).execute();
  return getUser(db, userId);
}

export const newApiTokenSecret = (): string => `${tokenPrefix}${randomToken(24)}`;
