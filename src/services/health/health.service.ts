/**
 * The plan health check of a brand (docs/plan-health.md): gathers the period's plan and practice
 * (inputs.ts), runs the rules (src/domain/plan-health-check.ts), stores the run and returns it.
 *
 * Who: reading the latest run and running one now both need "analytics.read" — every role, the
 * client included. A run changes nothing in the plan, the inbox or on a network: it is a reading
 * of data the same person may already see on the dashboard and the strategy page, kept so the
 * home page can show it. No audit event for the same reason. A second "run now" of the same
 * period within a minute returns the first run instead of storing another.
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import type { Finding } from "../../domain/plan-health.js";
import { runPlanHealth } from "../../domain/plan-health-check.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import type { PlanHealthTrigger } from "../../store/schema-health.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { type BrandRow, gatherInputs } from "./inputs.js";

export type HealthDeps = { db: Kysely<Database>; now?: () => Date };

export type PlanHealthRun = {
  id: string;
  brandId: string;
  trigger: PlanHealthTrigger;
  period: { from: string; to: string };
  createdAt: string;
  requestedBy: { id: string; name: string } | null;
  counts: { critical: number; warning: number; info: number };
  summary: { posts: number; planned: number; published: number; historyPosts: number; comments: number };
  findings: Finding[];
  /** The brand's time zone, in which the days of the findings are counted. */
  timezone: string;
};

/** By default the last four weeks and the next two: what went out and what is planned. */
export const defaultBackDays = 28;
export const defaultAheadDays = 14;
const maxSpanDays = 120;
const dedupeMs = 60_000;

const nowOf = (deps: HealthDeps) => (deps.now ? deps.now() : new Date());

async function brandRow(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<BrandRow> {
  const b = await db
    .selectFrom("brands")
    .select(["id", "workspace_id", "name", "timezone", "locale", "settings"])
    .where("id", "=", brandId)
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!b) throw notFound("Brand");
  return b;
}

/** The period asked for, or the default around today in the brand's zone; refused when it is backwards or too long. */
export function periodOf(zone: string, now: Date, asked: { from?: string | undefined; to?: string | undefined } = {}): { from: string; to: string } {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const from = asked.from ?? (today.minus({ days: defaultBackDays }).toISODate() as string);
  const to = asked.to ?? (today.plus({ days: defaultAheadDays }).toISODate() as string);
  if (to < from) throw new AppError("validation_failed", "The period must end on or after its first day.", { errors: [{ path: "to", message: "Must not be before from" }] });
  const span = DateTime.fromISO(to).diff(DateTime.fromISO(from), "days").days;
  if (span > maxSpanDays) throw new AppError("validation_failed", `Check at most ${maxSpanDays} days at once.`, { errors: [{ path: "to", message: `At most ${maxSpanDays} days after from` }] });
  return { from, to };
}

type RunRow = Database["plan_health_runs"];

function present(row: RunRow, timezone: string, requester: { id: string; name: string } | null): PlanHealthRun {
  return {
    id: row.id,
    brandId: row.brand_id,
    trigger: row.trigger,
    period: { from: row.period_from, to: row.period_to },
    createdAt: row.created_at,
    requestedBy: requester,
    counts: { critical: Number(row.critical), warning: Number(row.warning), info: Number(row.info) },
    summary: JSON.parse(row.summary) as PlanHealthRun["summary"],
    findings: JSON.parse(row.findings) as Finding[],
    timezone,
  };
}

async function requesterOf(db: Kysely<Database>, userId: string | null) {
  if (!userId) return null;
  const u = await db.selectFrom("users").select(["id", "name"]).where("id", "=", userId).executeTakeFirst();
  return u ?? null;
}

/**
 * Runs the check and stores it, without an access check (the weekly job, and the services below).
 * A weekly run is keyed by its due instant: when another worker stored it first, that run is returned.
 */
export async function checkPlanHealth(
  deps: HealthDeps,
  o: { workspaceId: string; brandId: string; trigger: PlanHealthTrigger; runKey?: string | null; period?: { from?: string | undefined; to?: string | undefined }; requestedBy?: string | null },
): Promise<PlanHealthRun> {
  const { db } = deps;
  const now = nowOf(deps);
  const brand = await brandRow(db, o.workspaceId, o.brandId);
  const period = periodOf(brand.timezone, now, o.period);
  const { input, summary } = await gatherInputs(db, brand, period, now);
  const { findings, counts } = runPlanHealth(input);
  const row: RunRow = {
    id: newId(),
    workspace_id: o.workspaceId,
    brand_id: o.brandId,
    trigger: o.trigger,
    run_key: o.runKey ?? null,
    period_from: period.from,
    period_to: period.to,
    findings: JSON.stringify(findings),
    critical: counts.critical,
    warning: counts.warning,
    info: counts.info,
    summary: JSON.stringify(summary),
    requested_by: o.requestedBy ?? null,
    created_at: now.toISOString(),
  };
  const inserted = await db
    .insertInto("plan_health_runs")
    .values(row)
    .onConflict((c) => c.columns(["brand_id", "run_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted && row.run_key) {
    const existing = await db.selectFrom("plan_health_runs").selectAll().where("brand_id", "=", o.brandId).where("run_key", "=", row.run_key).executeTakeFirstOrThrow();
    return present(existing, brand.timezone, await requesterOf(db, existing.requested_by));
  }
  return present(row, brand.timezone, await requesterOf(db, row.requested_by));
}

async function requireBrand(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string) {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "analytics.read");
  if (brands && !brands.includes(brandId)) throw notFound("Brand");
}

/** "Run now" for the brand and period (default: the last 4 weeks and the next 2). */
export async function runPlanHealthNow(deps: HealthDeps, actor: Actor, workspaceId: string, brandId: string, period: { from?: string | undefined; to?: string | undefined } = {}): Promise<PlanHealthRun> {
  await requireBrand(deps.db, actor, workspaceId, brandId);
  const brand = await brandRow(deps.db, workspaceId, brandId);
  const now = nowOf(deps);
  const asked = periodOf(brand.timezone, now, period);
  const recent = await deps.db
    .selectFrom("plan_health_runs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("trigger", "=", "manual")
    .where("period_from", "=", asked.from)
    .where("period_to", "=", asked.to)
    .where("created_at", ">", new Date(now.getTime() - dedupeMs).toISOString())
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (recent) return present(recent, brand.timezone, await requesterOf(deps.db, recent.requested_by));
  return checkPlanHealth(deps, { workspaceId, brandId, trigger: "manual", period: asked, requestedBy: actor.userId });
}

/** The brand's latest run, or null before the first. */
export async function latestPlanHealth(deps: HealthDeps, actor: Actor, workspaceId: string, brandId: string): Promise<PlanHealthRun | null> {
  await requireBrand(deps.db, actor, workspaceId, brandId);
  const brand = await brandRow(deps.db, workspaceId, brandId);
  const row = await deps.db
    .selectFrom("plan_health_runs")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? present(row, brand.timezone, await requesterOf(deps.db, row.requested_by)) : null;
}
