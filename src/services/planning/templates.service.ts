/**
 * Post templates: reusable texts with {placeholders}, for one brand or the whole workspace, and
 * their rendering for a brand (see domain/template.ts).
 */
import type { Kysely } from "kysely";
import { renderTemplate } from "../../domain/template.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database, TemplatesTable } from "../../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { nowOf, type PublishingDeps } from "../publishing/deps.js";
import { brandVariables } from "./variables.service.js";

type Db = Kysely<Database>;

const present = (t: TemplatesTable) => ({ id: t.id, brandId: t.brand_id, name: t.name, text: t.text, createdAt: t.created_at, updatedAt: t.updated_at });
export type TemplateView = ReturnType<typeof present>;

async function loadTemplate(db: Db, workspaceId: string, id: string) {
  const t = await db.selectFrom("templates").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!t) throw notFound("Template");
  return t;
}

/** A brand's templates and the workspace-wide ones (or, without brandId, all of the workspace). */
export async function listTemplates(deps: PublishingDeps, actor: Actor, workspaceId: string, q: { brandId?: string | undefined }) {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "posts.read");
  let query = db.selectFrom("templates").selectAll().where("workspace_id", "=", workspaceId);
  if (brands) query = query.where((eb) => eb.or([eb("brand_id", "in", brands), eb("brand_id", "is", null)]));
  if (q.brandId) {
    await findBrand(db, workspaceId, q.brandId);
    const brandId = q.brandId;
    query = query.where((eb) => eb.or([eb("brand_id", "=", brandId), eb("brand_id", "is", null)]));
  }
  const rows = await query.orderBy("name").orderBy("id").limit(1000).execute();
  return { items: rows.map(present) };
}

export async function createTemplate(deps: PublishingDeps, actor: Actor, workspaceId: string, input: { brandId?: string | null | undefined; name: string; text: string }) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  if (input.brandId) await findBrand(db, workspaceId, input.brandId);
  const now = nowOf(deps).toISOString();
  const row: TemplatesTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId ?? null,
    name: input.name.trim(),
    text: input.text,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("templates").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "template.create", targetType: "template", targetId: row.id, data: { name: row.name }, ip: actor.ip ?? null });
  });
  return present(row);
}

export async function updateTemplate(
  deps: PublishingDeps,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: { brandId?: string | null | undefined; name?: string | undefined; text?: string | undefined },
) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  await loadTemplate(db, workspaceId, id);
  if (patch.brandId) await findBrand(db, workspaceId, patch.brandId);
  const now = nowOf(deps).toISOString();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable("templates")
      .set({
        ...(patch.brandId !== undefined ? { brand_id: patch.brandId } : {}),
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        updated_at: now,
      })
      .where("id", "=", id)
      .execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "template.edit", targetType: "template", targetId: id, ip: actor.ip ?? null });
  });
  return present(await loadTemplate(db, workspaceId, id));
}

export async function deleteTemplate(deps: PublishingDeps, actor: Actor, workspaceId: string, id: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const t = await loadTemplate(db, workspaceId, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("templates").where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "template.delete", targetType: "template", targetId: id, data: { name: t.name }, ip: actor.ip ?? null });
  });
}

/** The template's text for a brand, with every placeholder that has no value listed in problems. */
export async function renderTemplateFor(deps: PublishingDeps, actor: Actor, workspaceId: string, id: string, input: { brandId: string; link?: string | undefined }) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.read");
  const t = await loadTemplate(db, workspaceId, id);
  const brand = await findBrand(db, workspaceId, input.brandId);
  if (t.brand_id && t.brand_id !== brand.id) {
    throw new AppError("validation_failed", "This template belongs to another brand. Pick that brand, or make the template workspace-wide.", {
      errors: [{ path: "brandId", message: "Not this template's brand" }],
    });
  }
  const variables = await brandVariables(db, workspaceId, brand.id);
  return renderTemplate(t.text, { brand: brand.name, zone: brand.timezone, locale: brand.locale, now: nowOf(deps), link: input.link ?? null, variables });
}
