/**
 * Who may do what in which workspace. Every service call that touches tenant data goes through
 * requireAccess: a non-member gets "not found" (existence never leaks), a member whose role
 * lacks the action gets "forbidden" with the reason.
 *
 * A member may also be limited to some brands (memberships.brand_ids). Requests that name one
 * brand's objects are checked against that in src/api/brand-scope.ts before any service runs;
 * services that list across brands read the scope with requireBrandAccess and filter by it.
 */
import type { Kysely } from "kysely";
import { type Action, type BrandScope, can, parseScope, type Role } from "../domain/roles.js";
import { AppError, notFound } from "../errors.js";
import type { Database } from "../store/schema.js";

export type Actor = {
  userId: string;
  /** Set when the request is authenticated with an API token: the token works in this workspace only. */
  tokenWorkspaceId?: string | undefined;
  ip?: string | null | undefined;
};

/** A member's role and the brands they work with (null: every brand). */
export type Access = { role: Role; brands: BrandScope };

/** Matches no brand: a stored scope that names none (it cannot be saved so) sees nothing. */
const noBrand = "-";

export async function accessIn(db: Kysely<Database>, actor: Actor, workspaceId: string): Promise<Access | undefined> {
  if (actor.tokenWorkspaceId && actor.tokenWorkspaceId !== workspaceId) return undefined;
  const row = await db
    .selectFrom("memberships")
    .select(["role", "brand_ids"])
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const brands = row.role === "owner" ? null : parseScope(row.brand_ids);
  return { role: row.role, brands: brands?.length === 0 ? [noBrand] : brands };
}

export async function roleIn(db: Kysely<Database>, actor: Actor, workspaceId: string): Promise<Role | undefined> {
  return (await accessIn(db, actor, workspaceId))?.role;
}

export async function requireAccess(db: Kysely<Database>, actor: Actor, workspaceId: string, action: Action): Promise<Role> {
  return (await requireBrandAccess(db, actor, workspaceId, action)).role;
}

/** requireAccess for services that list across brands: the caller filters by `brands` when it is set. */
export async function requireBrandAccess(db: Kysely<Database>, actor: Actor, workspaceId: string, action: Action): Promise<Access> {
  const access = await accessIn(db, actor, workspaceId);
  if (!access) throw notFound("Workspace");
  const { role, brands } = access;
  if (!can(role, action, brands !== null)) {
    throw new AppError(
      "forbidden",
      can(role, action)
        ? `"${action}" reaches past the brands you work with. Ask an owner or a manager who sees every brand.`
        : `Your role (${role}) does not allow "${action}" in this workspace. Ask an owner or manager.`,
    );
  }
  return access;
}
