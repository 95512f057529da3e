/**
 * A brand's strategy: read it (analytics.read: everyone who may see the brand's figures, clients
 * included), save it (brands.manage), or make it from a client's brief. Saving checks the whole
 * strategy with the one schema (src/domain/strategy.ts) — a KPI without a number or a deadline is
 * refused field by field and nothing changes — checks that named channels are the brand's, keeps
 * KPI ids (manual progress hangs on them) and leaves an audit event with the strategy saved.
 */
import type { Kysely } from "kysely";
import { type BriefAnswers, briefAnswersSchema } from "../../domain/brief.js";
import { normalised, type Strategy, type StrategyWarning, strategySchema, strategyWarnings } from "../../domain/strategy.js";
import { strategyFromBrief } from "../../domain/strategy-from-brief.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import { inTransaction } from "../../store/db.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { brandOf, channelsOf, localDay } from "./brand.js";
import { type Contract, latestContract } from "./contract.service.js";

export type StrategyView = {
  brandId: string;
  strategy: Strategy | null;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
  warnings: StrategyWarning[];
  contract: Contract | null;
  /** The brand's rubrics (brand settings), for the content mix. */
  rubrics: string[];
  channels: { id: string; name: string; network: string }[];
  /** Submitted briefs of the brand a strategy can be made from, newest first. */
  briefs: { id: string; title: string; submittedAt: string | null }[];
};

/** The stored strategy (no access check), null when the brand has none yet. */
export async function readStrategy(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<{ strategy: Strategy; updatedAt: string; updatedBy: string | null; updatedByName: string | null } | null> {
  const row = await db
    .selectFrom("strategies as s")
    .leftJoin("users as u", "u.id", "s.updated_by")
    .select(["s.data", "s.updated_at", "s.updated_by", "u.name"])
    .where("s.workspace_id", "=", workspaceId)
    .where("s.brand_id", "=", brandId)
    .executeTakeFirst();
  if (!row) return null;
  // Stored only after this schema accepted it; a row it no longer accepts is shown as none rather than half.
  const parsed = strategySchema.safeParse(JSON.parse(row.data));
  if (!parsed.success) return null;
  return { strategy: parsed.data, updatedAt: row.updated_at, updatedBy: row.updated_by, updatedByName: row.name };
}

export async function getStrategy(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string): Promise<StrategyView> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  return viewOf(db, workspaceId, brandId);
}

async function viewOf(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<StrategyView> {
  const brand = await brandOf(db, workspaceId, brandId);
  const stored = await readStrategy(db, workspaceId, brandId);
  const briefs = await db
    .selectFrom("briefs")
    .select(["id", "title", "submitted_at"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("answers", "is not", null)
    .orderBy("submitted_at", "desc")
    .limit(20)
    .execute();
  return {
    brandId,
    strategy: stored?.strategy ?? null,
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedBy ? { id: stored.updatedBy, name: stored.updatedByName ?? "" } : null,
    warnings: stored ? strategyWarnings(stored.strategy) : [],
    contract: await latestContract(db, workspaceId, brandId),
    rubrics: brand.rubrics,
    channels: (await channelsOf(db, workspaceId, brandId)).map((c) => ({ id: c.id, name: c.name, network: c.network })),
    briefs: briefs.map((b) => ({ id: b.id, title: b.title, submittedAt: b.submitted_at })),
  };
}

/** Checks a strategy against the schema, throwing the fields to fix (paths as the API names them). */
export function parseStrategy(input: unknown): Strategy {
  const parsed = strategySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors: FieldProblem[] = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "body", message: i.message }));
  throw new AppError("validation_failed", `The strategy is not valid: fix the fields listed in "errors". Nothing was saved.`, { errors });
}

/** The channels a strategy names must be the brand's. */
async function checkChannels(db: Kysely<Database>, workspaceId: string, brandId: string, s: Strategy): Promise<void> {
  const own = new Set((await channelsOf(db, workspaceId, brandId)).map((c) => c.id));
  const errors: FieldProblem[] = [];
  s.kpis.forEach((k, i) => {
    if (k.channelId && !own.has(k.channelId)) errors.push({ path: `kpis.${i}.channelId`, message: "Not a connected channel of this brand" });
  });
  s.frequency.forEach((f, i) => {
    if (f.channelId && !own.has(f.channelId)) errors.push({ path: `frequency.${i}.channelId`, message: "Not a connected channel of this brand" });
  });
  if (errors.length) throw new AppError("validation_failed", `The strategy names channels that are not this brand's. Nothing was saved.`, { errors });
}

/** Writes the strategy as the brand's current one (no access check); returns it as stored. */
export async function storeStrategy(db: Kysely<Database>, input: { workspaceId: string; brandId: string; userId: string | null; strategy: Strategy; action: string; ip?: string | null | undefined; data?: Record<string, unknown> }): Promise<Strategy> {
  const strategy = normalised(input.strategy, newId);
  const now = new Date().toISOString();
  await inTransaction(db, async (tx) => {
    const existing = await tx.selectFrom("strategies").select("id").where("workspace_id", "=", input.workspaceId).where("brand_id", "=", input.brandId).executeTakeFirst();
    if (existing) {
      await tx.updateTable("strategies").set({ data: JSON.stringify(strategy), updated_at: now, updated_by: input.userId }).where("id", "=", existing.id).execute();
    } else {
      await tx
        .insertInto("strategies")
        .values({ id: newId(), workspace_id: input.workspaceId, brand_id: input.brandId, data: JSON.stringify(strategy), created_by: input.userId, created_at: now, updated_by: input.userId, updated_at: now })
        .execute();
    }
    // Progress of KPIs no longer in the strategy goes with them.
    const kept = strategy.kpis.map((k) => k.id as string);
    let gone = tx.deleteFrom("strategy_kpi_progress").where("workspace_id", "=", input.workspaceId).where("brand_id", "=", input.brandId);
    if (kept.length) gone = gone.where("kpi", "not in", kept);
    await gone.execute();
    await recordAudit(tx, { workspaceId: input.workspaceId, actorUserId: input.userId, action: input.action, targetType: "brand", targetId: input.brandId, data: { ...input.data, strategy }, ip: input.ip ?? null });
  });
  return strategy;
}

export async function saveStrategy(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, input: unknown): Promise<StrategyView> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  await brandOf(db, workspaceId, brandId);
  const strategy = parseStrategy(input);
  await checkChannels(db, workspaceId, brandId, strategy);
  await storeStrategy(db, { workspaceId, brandId, userId: actor.userId, strategy, action: "strategy.save", ip: actor.ip });
  return viewOf(db, workspaceId, brandId);
}

export type FromBriefInput = { answers?: unknown; briefId?: string | undefined; replace?: boolean | undefined };

/**
 * Makes the brand's strategy from a brief — the answers given, or a submitted brief of the brand —
 * and saves it. A brand that has a strategy keeps it unless `replace` is set (409 otherwise).
 */
export async function strategyFromBriefAnswers(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, input: FromBriefInput, now = new Date()): Promise<StrategyView> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const brand = await brandOf(db, workspaceId, brandId);
  const answers = await answersOf(db, workspaceId, brandId, input);
  if (!input.replace && (await readStrategy(db, workspaceId, brandId))) {
    throw new AppError("conflict", "This brand has a strategy already. Send replace: true to replace it with one made from the brief.");
  }
  const draft = strategyFromBrief(answers, { today: localDay(now, brand.timezone), locale: brand.locale === "ru" ? "ru" : "en", rubrics: brand.rubrics });
  // The draft is built to pass the schema; checking again keeps a stored strategy always valid.
  const strategy = parseStrategy(draft);
  await storeStrategy(db, { workspaceId, brandId, userId: actor.userId, strategy, action: "strategy.from_brief", ip: actor.ip, data: { briefId: input.briefId ?? null } });
  return viewOf(db, workspaceId, brandId);
}

async function answersOf(db: Kysely<Database>, workspaceId: string, brandId: string, input: FromBriefInput): Promise<BriefAnswers> {
  if (input.briefId) {
    const row = await db.selectFrom("briefs").select(["answers"]).where("id", "=", input.briefId).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).executeTakeFirst();
    if (!row) throw notFound("Brief");
    if (!row.answers) throw new AppError("conflict", "The client has not submitted this brief yet: there are no answers to make a strategy from.");
    return briefAnswersSchema.parse(JSON.parse(row.answers));
  }
  const parsed = briefAnswersSchema.safeParse(input.answers);
  if (parsed.success) return parsed.data;
  const errors: FieldProblem[] = parsed.error.issues.map((i) => ({ path: ["answers", ...i.path].join("."), message: i.message }));
  throw new AppError("validation_failed", `The brief's answers are not valid: fix the fields listed in "errors".`, { errors });
}
