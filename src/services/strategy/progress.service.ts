/**
 * Figures a person enters for a custom KPI (leads counted in the CRM, a survey's result): one per
 * KPI and day, a second entry for the day replaces the first. Only custom KPIs take them — the
 * others are measured from the data, and a typed-in number must never overwrite a measured one.
 */
import type { Kysely } from "kysely";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { brandOf } from "./brand.js";
import { readStrategy } from "./strategy.service.js";

export type ProgressEntry = { kpiId: string; day: string; value: number; note: string; createdBy: string | null; updatedAt: string };

async function customKpi(db: Kysely<Database>, workspaceId: string, brandId: string, kpiId: string) {
  await brandOf(db, workspaceId, brandId);
  const kpi = (await readStrategy(db, workspaceId, brandId))?.strategy.kpis.find((k) => k.id === kpiId);
  if (!kpi) throw notFound("KPI");
  if (kpi.metric !== "custom") throw new AppError("conflict", "Chorus measures this KPI from the data; figures can be entered for custom KPIs only.");
  return kpi;
}

export async function recordProgress(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, kpiId: string, input: { day: string; value: number; note?: string | undefined }): Promise<ProgressEntry> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  await customKpi(db, workspaceId, brandId, kpiId);
  const now = new Date().toISOString();
  const note = input.note ?? "";
  await db
    .insertInto("strategy_kpi_progress")
    .values({ id: newId(), workspace_id: workspaceId, brand_id: brandId, kpi: kpiId, day: input.day, value: input.value, note, created_by: actor.userId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(["brand_id", "kpi", "day"]).doUpdateSet({ value: input.value, note, created_by: actor.userId, updated_at: now }))
    .execute();
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "strategy.kpi_progress", targetType: "brand", targetId: brandId, data: { kpiId, day: input.day, value: input.value }, ip: actor.ip ?? null });
  return { kpiId, day: input.day, value: input.value, note, createdBy: actor.userId, updatedAt: now };
}

export async function listProgress(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, kpiId: string): Promise<ProgressEntry[]> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  await customKpi(db, workspaceId, brandId, kpiId);
  const rows = await db
    .selectFrom("strategy_kpi_progress")
    .select(["kpi", "day", "value", "note", "created_by", "updated_at"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("kpi", "=", kpiId)
    .orderBy("day")
    .execute();
  return rows.map((r) => ({ kpiId: r.kpi, day: r.day, value: Number(r.value), note: r.note, createdBy: r.created_by, updatedAt: r.updated_at }));
}

export async function deleteProgress(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, kpiId: string, day: string): Promise<void> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  await customKpi(db, workspaceId, brandId, kpiId);
  const res = await db.deleteFrom("strategy_kpi_progress").where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).where("kpi", "=", kpiId).where("day", "=", day).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound("Progress entry");
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "strategy.kpi_progress_delete", targetType: "brand", targetId: brandId, data: { kpiId, day }, ip: actor.ip ?? null });
}
