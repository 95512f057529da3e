/** Hashtag groups: named sets of tags the composer inserts at once, per brand or workspace-wide. */
import type { Kysely } from "kysely";
import { notFound } from "../../errors.js";
import { newId, nowIso } from "../../store/ids.js";
import type { Database, HashtagGroupsTable } from "../../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";

type Db = Kysely<Database>;

const present = (g: HashtagGroupsTable) => ({ id: g.id, brandId: g.brand_id, name: g.name, tags: JSON.parse(g.tags) as string[], createdAt: g.created_at, updatedAt: g.updated_at });

/** "#Кофе", "кофе" and " #кофе " are one tag, written "#Кофе" as first given; duplicates go (case-insensitively). */
export function normaliseTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = `#${raw.trim().replace(/^#+/, "")}`;
    if (tag === "#" || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

async function loadGroup(db: Db, workspaceId: string, id: string) {
  const g = await db.selectFrom("hashtag_groups").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!g) throw notFound("Hashtag group");
  return g;
}

export async function listHashtagGroups(db: Db, actor: Actor, workspaceId: string, q: { brandId?: string | undefined }) {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.read");
  let query = db.selectFrom("hashtag_groups").selectAll().where("workspace_id", "=", workspaceId);
  if (brands) query = query.where((eb) => eb.or([eb("brand_id", "in", brands), eb("brand_id", "is", null)]));
  if (q.brandId) {
    await findBrand(db, workspaceId, q.brandId);
    const brandId = q.brandId;
    query = query.where((eb) => eb.or([eb("brand_id", "=", brandId), eb("brand_id", "is", null)]));
  }
  return { items: (await query.orderBy("name").orderBy("id").limit(1000).execute()).map(present) };
}

export async function createHashtagGroup(db: Db, actor: Actor, workspaceId: string, input: { brandId?: string | null | undefined; name: string; tags: string[] }) {
  await requireAccess(db, actor, workspaceId, "posts.write");
  if (input.brandId) await findBrand(db, workspaceId, input.brandId);
  const now = nowIso();
  const row: HashtagGroupsTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId ?? null,
    name: input.name.trim(),
    tags: JSON.stringify(normaliseTags(input.tags)),
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("hashtag_groups").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "hashtags.create", targetType: "hashtag_group", targetId: row.id, data: { name: row.name }, ip: actor.ip ?? null });
  });
  return present(row);
}

export async function updateHashtagGroup(
  db: Db,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: { brandId?: string | null | undefined; name?: string | undefined; tags?: string[] | undefined },
) {
  await requireAccess(db, actor, workspaceId, "posts.write");
  await loadGroup(db, workspaceId, id);
  if (patch.brandId) await findBrand(db, workspaceId, patch.brandId);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("hashtag_groups")
      .set({
        ...(patch.brandId !== undefined ? { brand_id: patch.brandId } : {}),
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.tags !== undefined ? { tags: JSON.stringify(normaliseTags(patch.tags)) } : {}),
        updated_at: nowIso(),
      })
      .where("id", "=", id)
      .execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "hashtags.edit", targetType: "hashtag_group", targetId: id, ip: actor.ip ?? null });
  });
  return present(await loadGroup(db, workspaceId, id));
}

export async function deleteHashtagGroup(db: Db, actor: Actor, workspaceId: string, id: string) {
  await requireAccess(db, actor, workspaceId, "posts.write");
  const g = await loadGroup(db, workspaceId, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("hashtag_groups").where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "hashtags.delete", targetType: "hashtag_group", targetId: id, data: { name: g.name }, ip: actor.ip ?? null });
  });
}
