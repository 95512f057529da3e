/**
 * Who may do what in which workspace. Every service call that touches tenant data goes through
 * requireAccess: a non-member gets "not found" (existence never leaks), a member whose role
 * lacks the action gets "forbidden" with the reason.
 */
import type { Kysely } from "kysely";
import { type Action, can, type Role } from "../domain/roles.js";
import { AppError, notFound } from "../errors.js";
import type { Database } from "../store/schema.js";

export type Actor = {
  userId: string;
  /** Set when the request is authenticated with an API token: the token works in this workspace only. */
  tokenWorkspaceId?: string | undefined;
  ip?: string | null | undefined;
};

export async function roleIn(db: Kysely<Database>, actor: Actor, workspaceId: string): Promise<Role | undefined> {
  if (actor.tokenWorkspaceId && actor.tokenWorkspaceId !== workspaceId) return undefined;
  const row = await db
    .selectFrom("memberships")
    .select("role")
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  return row?.role;
}

export async function requireAccess(
  db: Kysely<Database>,
  actor: Actor,
  workspaceId: string,
  action: Action,
): Promise<Role> {
  const role = await roleIn(db, actor, workspaceId);
  if (!role) throw notFound("Workspace");
  if (!can(role, action)) {
    throw new AppError("forbidden", `Your role (${role}) does not allow "${action}" in this workspace. Ask an owner or manager.`);
  }
  return role;
}
