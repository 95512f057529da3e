/**
 * Report definitions: create, read, change and delete a brand's reports, and list their runs.
 * Reading and rendering is "analytics.read" (every role, clients included: reports are what they
 * pay to see); creating, changing, deleting and sending is "brands.manage" (owners and managers),
 * since a report goes out to the client under the agency's name.
 */
import type { Kysely } from "kysely";
import { type Branding, defaultBranding, parseSections, type ReportInput, type ReportPatch, reportPatchSchema, scheduleSchema, type SectionSpec } from "../../domain/report-definition.js";
import { nextDue } from "../../domain/report-schedule.js";
import { AppError, notFound } from "../../errors.js";
import { newId, nowIso } from "../../store/ids.js";
import type { ReportRunsTable, ReportsTable } from "../../store/schema-reports.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { sectionBuilders } from "./sections.js";

export type ReportRunView = {
  id: string;
  trigger: "schedule" | "manual";
  periodFrom: string;
  periodTo: string;
  status: "running" | "sent" | "failed";
  error: string | null;
  recipients: string[];
  bytes: number | null;
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
};

export type ReportView = {
  id: string;
  brandId: string;
  name: string;
  language: "en" | "ru";
  sections: SectionSpec[];
  periodKind: "weekly" | "monthly";
  weekday: number | null;
  monthDay: number | null;
  hour: number;
  recipients: string[];
  branding: Branding;
  enabled: boolean;
  lastSentAt: string | null;
  nextRunAt: string | null;
  lastRun: ReportRunView | null;
  /** The tables the report exports (CSV one by one, XLSX all at once). */
  tables: string[];
  createdAt: string;
  updatedAt: string;
};

const parseList = (s: string): string[] => {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export function presentRun(r: ReportRunsTable): ReportRunView {
  return {
    id: r.id,
    trigger: r.trigger,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    status: r.status,
    error: r.error,
    recipients: parseList(r.recipients),
    bytes: r.bytes,
    attempts: r.attempts,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function present(r: ReportsTable, zone: string, lastRun: ReportRunsTable | undefined, now: Date): ReportView {
  const sections = parseSections(r.sections);
  return {
    id: r.id,
    brandId: r.brand_id,
    name: r.name,
    language: r.language === "ru" ? "ru" : "en",
    sections,
    periodKind: r.period_kind,
    weekday: r.weekday,
    monthDay: r.month_day,
    hour: r.hour,
    recipients: parseList(r.recipients),
    branding: { agencyName: r.agency_name, logoMediaId: r.logo_media_id, primaryColor: r.primary_color, accentColor: r.accent_color },
    enabled: r.enabled === 1,
    lastSentAt: r.last_sent_at,
    nextRunAt: r.enabled === 1 ? nextDue({ periodKind: r.period_kind, weekday: r.weekday, monthDay: r.month_day, hour: r.hour }, now, zone).toISOString() : null,
    lastRun: lastRun ? presentRun(lastRun) : null,
    tables: sections.flatMap((s) => [...sectionBuilders[s.kind].tables]),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The report row of a workspace, or not found (another workspace's id looks exactly like an unknown one). */
export async function findReport(db: Kysely<Database>, workspaceId: string, id: string): Promise<ReportsTable> {
  const row = await db.selectFrom("reports").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Report");
  return row;
}

async function lastRuns(db: Kysely<Database>, workspaceId: string, reportIds: string[]): Promise<Map<string, ReportRunsTable>> {
  if (reportIds.length === 0) return new Map();
  const rows = await db.selectFrom("report_runs").selectAll().where("workspace_id", "=", workspaceId).where("report_id", "in", reportIds).orderBy("started_at", "desc").execute();
  const out = new Map<string, ReportRunsTable>();
  for (const r of rows) if (!out.has(r.report_id)) out.set(r.report_id, r);
  return out;
}

async function view(db: Kysely<Database>, workspaceId: string, row: ReportsTable, now: Date): Promise<ReportView> {
  const brand = await findBrand(db, workspaceId, row.brand_id);
  return present(row, brand.timezone, (await lastRuns(db, workspaceId, [row.id])).get(row.id), now);
}

/** A logo must be a live image of the workspace's media library. */
async function checkLogo(db: Kysely<Database>, workspaceId: string, mediaId: string | null | undefined) {
  if (!mediaId) return;
  const m = await db.selectFrom("media_assets").select(["mime"]).where("workspace_id", "=", workspaceId).where("id", "=", mediaId).where("deleted_at", "is", null).executeTakeFirst();
  if (!m?.mime.startsWith("image/")) {
    throw new AppError("validation_failed", "The logo must be an image of this workspace's media library.", { errors: [{ path: "branding.logoMediaId", message: "Not an image of this workspace's media library" }] });
  }
}

export async function listReports(db: Kysely<Database>, actor: Actor, workspaceId: string, q: { brandId?: string | undefined }, now = new Date()): Promise<ReportView[]> {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "analytics.read");
  const rows = await db
    .selectFrom("reports")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(brands !== null, (b) => b.where("brand_id", "in", brands as readonly string[]))
    .$if(q.brandId !== undefined, (b) => b.where("brand_id", "=", q.brandId as string))
    .orderBy("name")
    .orderBy("id")
    .execute();
  const zones = new Map((await db.selectFrom("brands").select(["id", "timezone"]).where("workspace_id", "=", workspaceId).execute()).map((b) => [b.id, b.timezone]));
  const runs = await lastRuns(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => present(r, zones.get(r.brand_id) ?? "UTC", runs.get(r.id), now));
}

export async function getReport(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string, now = new Date()): Promise<ReportView> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  return view(db, workspaceId, await findReport(db, workspaceId, id), now);
}

export async function createReport(db: Kysely<Database>, actor: Actor, workspaceId: string, input: ReportInput, now = new Date()): Promise<ReportView> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const brand = await db.selectFrom("brands").select("id").where("workspace_id", "=", workspaceId).where("id", "=", input.brandId).executeTakeFirst();
  if (!brand) throw new AppError("validation_failed", "Not a brand of this workspace.", { errors: [{ path: "brandId", message: "Not a brand of this workspace" }] });
  await checkLogo(db, workspaceId, input.branding.logoMediaId);
  const at = nowIso();
  const row: ReportsTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    name: input.name,
    language: input.language,
    sections: JSON.stringify(input.sections),
    period_kind: input.periodKind,
    agency_name: input.branding.agencyName || null,
    logo_media_id: input.branding.logoMediaId,
    primary_color: input.branding.primaryColor.toLowerCase(),
    accent_color: input.branding.accentColor.toLowerCase(),
    weekday: input.periodKind === "weekly" ? input.weekday : null,
    month_day: input.periodKind === "monthly" ? input.monthDay : null,
    hour: input.hour,
    recipients: JSON.stringify([...new Set(input.recipients.map((e) => e.toLowerCase()))]),
    enabled: input.enabled ? 1 : 0,
    last_due_at: null,
    last_sent_at: null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("reports").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "report.create", targetType: "report", targetId: row.id, data: { name: row.name, brandId: row.brand_id, periodKind: row.period_kind }, ip: actor.ip ?? null });
  });
  return view(db, workspaceId, row, now);
}

export async function updateReport(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string, patch: ReportPatch, now = new Date()): Promise<ReportView> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const p = reportPatchSchema.parse(patch);
  const row = await findReport(db, workspaceId, id);
  const periodKind = p.periodKind ?? row.period_kind;
  const schedule = scheduleSchema.safeParse({ periodKind, weekday: p.weekday !== undefined ? p.weekday : row.weekday, monthDay: p.monthDay !== undefined ? p.monthDay : row.month_day });
  if (!schedule.success) {
    throw new AppError("validation_failed", "The schedule is incomplete: fix the fields listed in \"errors\".", { errors: schedule.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
  }
  if (p.branding?.logoMediaId) await checkLogo(db, workspaceId, p.branding.logoMediaId);
  const branding = { agencyName: row.agency_name, logoMediaId: row.logo_media_id, primaryColor: row.primary_color, accentColor: row.accent_color, ...p.branding };
  const changes: Partial<ReportsTable> = {
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.language !== undefined ? { language: p.language } : {}),
    ...(p.sections !== undefined ? { sections: JSON.stringify(p.sections) } : {}),
    ...(p.hour !== undefined ? { hour: p.hour } : {}),
    ...(p.recipients !== undefined ? { recipients: JSON.stringify([...new Set(p.recipients.map((e) => e.toLowerCase()))]) } : {}),
    ...(p.enabled !== undefined ? { enabled: p.enabled ? 1 : 0 } : {}),
    period_kind: periodKind,
    weekday: periodKind === "weekly" ? schedule.data.weekday : null,
    month_day: periodKind === "monthly" ? schedule.data.monthDay : null,
    agency_name: branding.agencyName || null,
    logo_media_id: branding.logoMediaId ?? null,
    primary_color: (branding.primaryColor ?? defaultBranding.primaryColor).toLowerCase(),
    accent_color: (branding.accentColor ?? defaultBranding.accentColor).toLowerCase(),
    updated_at: nowIso(),
  };
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("reports").set(changes).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "report.update", targetType: "report", targetId: id, data: { fields: Object.keys(p) }, ip: actor.ip ?? null });
  });
  return view(db, workspaceId, await findReport(db, workspaceId, id), now);
}

export async function deleteReport(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const row = await findReport(db, workspaceId, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("report_runs").where("workspace_id", "=", workspaceId).where("report_id", "=", id).execute();
    await tx.deleteFrom("reports").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "report.delete", targetType: "report", targetId: id, data: { name: row.name }, ip: actor.ip ?? null });
  });
}

export async function listRuns(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string): Promise<ReportRunView[]> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  await findReport(db, workspaceId, id);
  const rows = await db.selectFrom("report_runs").selectAll().where("workspace_id", "=", workspaceId).where("report_id", "=", id).orderBy("started_at", "desc").limit(50).execute();
  return rows.map(presentRun);
}
