/**
 * "Someone is answering": while a teammate's reply box is in use the page sends a heartbeat, kept
 * as a row with an expiry (processes share nothing but the database, so memory would not do). A
 * row counts until `until`; a stopped browser simply stops renewing it. Expired rows are removed
 * as heartbeats arrive, so the table stays as small as the number of people typing.
 */
import type { Kysely } from "kysely";
import type { BrandScope } from "../../domain/roles.js";
import { notFound } from "../../errors.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { nowOf } from "../publishing/deps.js";

type Deps = { db: Kysely<Database>; now?: (() => Date) | undefined };

/** How long one heartbeat counts. The page renews it about every 10 s while the box is in use. */
export const presenceTtlMs = 30_000;

/** A live item of the workspace; another brand's than the caller's is "not found" (should a route miss the brand check). */
async function requireItem(db: Kysely<Database>, workspaceId: string, itemId: string, brands: BrandScope) {
  let q = db.selectFrom("inbox_items").select("id").where("workspace_id", "=", workspaceId).where("id", "=", itemId).where("deleted_at", "is", null);
  if (brands) q = q.where("brand_id", "in", brands);
  if (!(await q.executeTakeFirst())) throw notFound("Inbox item");
}

/** The other people answering the item now (the caller is left out), by name. */
async function othersOn(db: Kysely<Database>, workspaceId: string, itemId: string, actor: Actor, now: Date) {
  const rows = await db
    .selectFrom("inbox_presence as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.user_id", "u.name", "p.until"])
    .where("p.workspace_id", "=", workspaceId)
    .where("p.item_id", "=", itemId)
    .where("p.user_id", "!=", actor.userId)
    .where("p.until", ">", now.toISOString())
    .orderBy("u.name")
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, until: r.until }));
}

export async function getPresence(deps: Deps, actor: Actor, workspaceId: string, itemId: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  await requireItem(deps.db, workspaceId, itemId, brands);
  return { others: await othersOn(deps.db, workspaceId, itemId, actor, nowOf(deps)), ttlSeconds: presenceTtlMs / 1000 };
}

/** A heartbeat: the caller is answering this item for the next presenceTtlMs. Answers who else is. */
export async function heartbeat(deps: Deps, actor: Actor, workspaceId: string, itemId: string) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.reply");
  await requireItem(db, workspaceId, itemId, brands);
  const now = nowOf(deps);
  const until = new Date(now.getTime() + presenceTtlMs).toISOString();
  await db
    .insertInto("inbox_presence")
    .values({ item_id: itemId, user_id: actor.userId, workspace_id: workspaceId, until })
    .onConflict((oc) => oc.columns(["item_id", "user_id"]).doUpdateSet({ until }))
    .execute();
  await db.deleteFrom("inbox_presence").where("workspace_id", "=", workspaceId).where("until", "<=", now.toISOString()).execute();
  return { others: await othersOn(db, workspaceId, itemId, actor, now), ttlSeconds: presenceTtlMs / 1000 };
}

/** The caller stopped answering (sent, cleared the box, left the item). */
export async function leave(deps: Deps, actor: Actor, workspaceId: string, itemId: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  await requireItem(deps.db, workspaceId, itemId, brands);
  await deps.db.deleteFrom("inbox_presence").where("workspace_id", "=", workspaceId).where("item_id", "=", itemId).where("user_id", "=", actor.userId).execute();
}
