/** A brand's variables: {key} → value pairs that templates fill in (a promo code, a city, an address). */
import type { Kysely } from "kysely";
import { builtInVariables } from "../../domain/template.js";
import { AppError, type FieldProblem } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";

export async function brandVariables(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom("variables").select(["key", "value"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function listVariables(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string) {
  await requireAccess(db, actor, workspaceId, "posts.read");
  await findBrand(db, workspaceId, brandId);
  const rows = await db.selectFrom("variables").select(["key", "value"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).orderBy("key").execute();
  return { items: rows };
}

/** Replaces all of a brand's variables at once (the settings form saves the whole list). */
export async function replaceVariables(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, items: { key: string; value: string }[]) {
  await requireAccess(db, actor, workspaceId, "posts.write");
  await findBrand(db, workspaceId, brandId);
  const errors: FieldProblem[] = [];
  const seen = new Set<string>();
  items.forEach((v, i) => {
    if ((builtInVariables as readonly string[]).includes(v.key)) errors.push({ path: `items.${i}.key`, message: `{${v.key}} is built in; choose another name.` });
    if (seen.has(v.key)) errors.push({ path: `items.${i}.key`, message: `{${v.key}} appears twice.` });
    seen.add(v.key);
  });
  if (errors.length) throw new AppError("validation_failed", "Some variables cannot be saved: see errors.", { errors });
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("variables").where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).execute();
    if (items.length) {
      await tx
        .insertInto("variables")
        .values(items.map((v) => ({ id: newId(), workspace_id: workspaceId, brand_id: brandId, key: v.key, value: v.value })))
        .execute();
    }
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "brand.variables", targetType: "brand", targetId: brandId, data: { keys: items.map((v) => v.key) }, ip: actor.ip ?? null });
  });
  return listVariables(db, actor, workspaceId, brandId);
}
