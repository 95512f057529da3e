/**
 * Campaigns of a brand: list (with their results), read, create, change, delete.
 *
 * A campaign's name is the one link to its posts (posts.campaign, written by the composer) and,
 * slugified, to utm_campaign on its links and on the conversions a shop reports — so renaming a
 * campaign renames it on the brand's posts too, and both name and slug are unique per brand.
 * Conversions that arrived with a utm_campaign no campaign had yet are taken by the campaign that
 * gets that slug.
 *
 * Who may: reading is "analytics.read" (clients too: results are what they are shown); creating,
 * changing and deleting is "brands.manage" (owners and managers: budgets are theirs).
 */
import type { Kysely } from "kysely";
import { type CampaignGoal, type CampaignStatus, campaignSlug, centsOf, currencyPattern, fromCents, nameProblems, periodProblems } from "../../domain/campaign.js";
import type { CampaignResults } from "../../domain/campaign-results.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { CampaignsTable } from "../../store/schema-campaigns.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { type CampaignsDeps, nowOf } from "./deps.js";
import { campaignResults, parseChannelIds, resultsOfCampaigns } from "./results.js";

export type CampaignView = {
  id: string;
  brandId: string;
  name: string;
  slug: string;
  goal: CampaignGoal;
  status: CampaignStatus;
  startDay: string;
  endDay: string;
  budget: number | null;
  currency: string;
  channelIds: string[];
  /** What the campaign's links are tagged with; campaign is always the slug. */
  utm: { source: string | null; medium: string | null; campaign: string; content: string | null; term: string | null };
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  results: CampaignResults;
};

export type CampaignInput = {
  brandId: string;
  name: string;
  goal: CampaignGoal;
  status?: CampaignStatus | undefined;
  startDay: string;
  endDay: string;
  budget?: number | null | undefined;
  currency: string;
  channelIds?: string[] | undefined;
  utm?: { source?: string | null | undefined; medium?: string | null | undefined; content?: string | null | undefined; term?: string | null | undefined } | undefined;
  notes?: string | null | undefined;
};

export type CampaignPatch = Partial<Omit<CampaignInput, "brandId">>;

function present(c: CampaignsTable, results: CampaignResults): CampaignView {
  return {
    id: c.id,
    brandId: c.brand_id,
    name: c.name,
    slug: c.slug,
    goal: c.goal,
    status: c.status,
    startDay: c.start_day,
    endDay: c.end_day,
    budget: fromCents(c.budget_cents === null ? null : Number(c.budget_cents)),
    currency: c.currency,
    channelIds: parseChannelIds(c.channel_ids),
    utm: { source: c.utm_source, medium: c.utm_medium, campaign: c.slug, content: c.utm_content, term: c.utm_term },
    notes: c.notes,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    results,
  };
}

/** The campaign, of the workspace, or "not found". */
export async function findCampaign(db: Kysely<Database>, workspaceId: string, id: string): Promise<CampaignsTable> {
  const c = await db.selectFrom("campaigns").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  if (!c) throw notFound("Campaign");
  return c;
}

export async function listCampaigns(deps: CampaignsDeps, actor: Actor, workspaceId: string, brandId: string): Promise<CampaignView[]> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  const brand = await findBrand(deps.db, workspaceId, brandId);
  const rows = await deps.db.selectFrom("campaigns").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).orderBy("start_day", "desc").orderBy("name").execute();
  const results = await resultsOfCampaigns(deps.db, rows, brand.timezone, nowOf(deps));
  return rows.map((c) => present(c, results.get(c.id) as CampaignResults));
}

export async function getCampaign(deps: CampaignsDeps, actor: Actor, workspaceId: string, id: string): Promise<CampaignView> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  const c = await findCampaign(deps.db, workspaceId, id);
  return present(c, await campaignResults(deps.db, workspaceId, id, { now: nowOf(deps) }));
}

const utmValue = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === "" ? null : v.trim());

/** Every problem of the fields given, at once; channel ids must be the brand's own (else "not found"). */
async function problemsOf(db: Kysely<Database>, c: { workspaceId: string; brandId: string; id: string | null }, v: Required<Pick<CampaignInput, "name" | "startDay" | "endDay" | "currency">> & CampaignPatch): Promise<FieldProblem[]> {
  const problems = [...nameProblems(v.name), ...periodProblems(v.startDay, v.endDay)];
  if (!currencyPattern.test(v.currency)) problems.push({ path: "currency", message: "Three capital letters (ISO 4217), e.g. RUB, EUR, USD" });
  if (v.budget !== undefined && v.budget !== null && centsOf(v.budget) === null) problems.push({ path: "budget", message: "A positive amount with at most two decimals" });
  if (v.channelIds?.length) {
    const found = await db.selectFrom("channels").select("id").where("workspace_id", "=", c.workspaceId).where("brand_id", "=", c.brandId).where("id", "in", v.channelIds).execute();
    // Like any id the caller may not see: "not found", so another workspace's channels do not show.
    if (found.length !== new Set(v.channelIds).size) throw notFound("Channel");
  }
  if (problems.length === 0) {
    const slug = campaignSlug(v.name);
    const clash = await db
      .selectFrom("campaigns")
      .select(["name", "slug"])
      .where("workspace_id", "=", c.workspaceId)
      .where("brand_id", "=", c.brandId)
      .where((eb) => eb.or([eb("name", "=", v.name), eb("slug", "=", slug)]))
      .$if(c.id !== null, (q) => q.where("id", "!=", c.id as string))
      .executeTakeFirst();
    if (clash) {
      throw new AppError("conflict", clash.name === v.name ? `The brand already has a campaign named "${v.name}".` : `"${v.name}" gives the same utm_campaign (${slug}) as the campaign "${clash.name}": choose a name that differs in letters or digits.`, {
        errors: [{ path: "name", message: "Already used by another campaign of this brand" }],
      });
    }
  }
  return problems;
}

function refuse(problems: FieldProblem[]): never {
  const period = problems.find((p) => p.path === "endDay" && p.message.includes("before it starts"));
  throw new AppError("validation_failed", period ? period.message : "The campaign is not valid: fix the fields listed in \"errors\".", { errors: problems });
}

/**
 * Conversions of the brand that arrived with this campaign's slug before it existed (or while
 * another name had it), in its currency or none, become its own.
 */
async function adoptConversions(db: Kysely<Database>, c: Pick<CampaignsTable, "id" | "workspace_id" | "brand_id" | "slug" | "currency">): Promise<void> {
  await db
    .updateTable("conversions")
    .set({ campaign_id: c.id })
    .where("workspace_id", "=", c.workspace_id)
    .where("brand_id", "=", c.brand_id)
    .where("campaign_id", "is", null)
    .where("utm_campaign", "=", c.slug)
    .where((eb) => eb.or([eb("currency", "is", null), eb("currency", "=", c.currency)]))
    .execute();
}

export async function createCampaign(deps: CampaignsDeps, actor: Actor, workspaceId: string, input: CampaignInput): Promise<CampaignView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findBrand(deps.db, workspaceId, input.brandId);
  const v = { ...input, name: input.name.trim(), currency: input.currency.toUpperCase() };
  const problems = await problemsOf(deps.db, { workspaceId, brandId: input.brandId, id: null }, v);
  if (problems.length) refuse(problems);
  const at = nowOf(deps).toISOString();
  const row: CampaignsTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    name: v.name,
    slug: campaignSlug(v.name),
    goal: v.goal,
    status: v.status ?? "planned",
    start_day: v.startDay,
    end_day: v.endDay,
    budget_cents: v.budget === undefined || v.budget === null ? null : centsOf(v.budget),
    currency: v.currency,
    channel_ids: JSON.stringify([...new Set(v.channelIds ?? [])]),
    utm_source: utmValue(v.utm?.source) ?? null,
    utm_medium: utmValue(v.utm?.medium) ?? null,
    utm_content: utmValue(v.utm?.content) ?? null,
    utm_term: utmValue(v.utm?.term) ?? null,
    notes: v.notes?.trim() || null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("campaigns").values(row).execute();
    await adoptConversions(tx, row);
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.create", targetType: "campaign", targetId: row.id, data: { name: row.name, brandId: row.brand_id }, ip: actor.ip ?? null });
  });
  return getCampaign(deps, actor, workspaceId, row.id);
}

export async function updateCampaign(deps: CampaignsDeps, actor: Actor, workspaceId: string, id: string, patch: CampaignPatch): Promise<CampaignView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const c = await findCampaign(deps.db, workspaceId, id);
  const v = {
    ...patch,
    name: patch.name?.trim() ?? c.name,
    startDay: patch.startDay ?? c.start_day,
    endDay: patch.endDay ?? c.end_day,
    currency: patch.currency?.toUpperCase() ?? c.currency,
  };
  const problems = await problemsOf(deps.db, { workspaceId, brandId: c.brand_id, id }, v);
  if (v.currency !== c.currency) {
    const money = await deps.db.selectFrom("campaign_spend").select("id").where("campaign_id", "=", id).unionAll(deps.db.selectFrom("conversions").select("id").where("campaign_id", "=", id)).executeTakeFirst();
    if (money) problems.push({ path: "currency", message: "The campaign already has spend or conversions in its currency: Chorus does not convert currencies" });
  }
  if (problems.length) refuse(problems);
  const slug = campaignSlug(v.name);
  const set: Partial<CampaignsTable> = {
    name: v.name,
    slug,
    start_day: v.startDay,
    end_day: v.endDay,
    currency: v.currency,
    updated_at: nowOf(deps).toISOString(),
    ...(patch.goal !== undefined ? { goal: patch.goal } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.budget !== undefined ? { budget_cents: patch.budget === null ? null : centsOf(patch.budget) } : {}),
    ...(patch.channelIds !== undefined ? { channel_ids: JSON.stringify([...new Set(patch.channelIds)]) } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes?.trim() || null } : {}),
    ...(patch.utm?.source !== undefined ? { utm_source: utmValue(patch.utm.source) ?? null } : {}),
    ...(patch.utm?.medium !== undefined ? { utm_medium: utmValue(patch.utm.medium) ?? null } : {}),
    ...(patch.utm?.content !== undefined ? { utm_content: utmValue(patch.utm.content) ?? null } : {}),
    ...(patch.utm?.term !== undefined ? { utm_term: utmValue(patch.utm.term) ?? null } : {}),
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("campaigns").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    if (v.name !== c.name) {
      // One meaning of the name: the posts that carried the old one belong to the campaign still.
      await tx.updateTable("posts").set({ campaign: v.name }).where("workspace_id", "=", workspaceId).where("brand_id", "=", c.brand_id).where("campaign", "=", c.name).execute();
      await tx.updateTable("channel_posts").set({ campaign: v.name }).where("workspace_id", "=", workspaceId).where("brand_id", "=", c.brand_id).where("campaign", "=", c.name).execute();
      await adoptConversions(tx, { ...c, slug, currency: v.currency });
    }
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.update", targetType: "campaign", targetId: id, data: { fields: Object.keys(patch), ...(v.name !== c.name ? { from: c.name, to: v.name } : {}) }, ip: actor.ip ?? null });
  });
  return getCampaign(deps, actor, workspaceId, id);
}

/** Deletes a campaign and its spend; its conversions stay with the brand, unattributed; its posts keep their campaign name. */
export async function deleteCampaign(deps: CampaignsDeps, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const c = await findCampaign(deps.db, workspaceId, id);
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("conversions").set({ campaign_id: null }).where("workspace_id", "=", workspaceId).where("campaign_id", "=", id).execute();
    await tx.deleteFrom("campaign_spend").where("workspace_id", "=", workspaceId).where("campaign_id", "=", id).execute();
    await tx.deleteFrom("campaigns").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.delete", targetType: "campaign", targetId: id, data: { name: c.name, brandId: c.brand_id }, ip: actor.ip ?? null });
  });
}
