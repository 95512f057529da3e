/**
 * Placements with an opinion leader: a post, story, video, integration or cross-post bought (or
 * bartered) from them, optionally for a campaign of the same brand, with a tracked link and the
 * results (see results.ts and src/domain/opinion-leader.ts).
 *
 * The tracked link is a Chorus short link (<public URL>/l/<code>) to the brand's page tagged
 * utm_source = the leader's handle, utm_medium = "influencer", utm_campaign = the campaign's slug,
 * utm_content = the placement's id — so the site's analytics and the conversions it reports name
 * the placement. Once made, a link is never taken away (the leader may have published it): its
 * target can change (a new page, another campaign), its code does not.
 *
 * Who may: reading "analytics.read"; changing "brands.manage" (see leaders.service.ts).
 */
import type { Kysely } from "kysely";
import { centsOf, currencyPattern, fromCents } from "../../domain/campaign.js";
import { isDay, isHttpUrl, type LeaderProfile, leaderSourceSlug, type PlacementFormat, type PlacementResults, placementMedium, placementResults } from "../../domain/opinion-leader.js";
import { withUtm } from "../../domain/utm.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { CampaignsTable } from "../../store/schema-campaigns.js";
import type { OpinionLeaderPlacementsTable, OpinionLeadersTable } from "../../store/schema-leaders.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { newCode } from "../link.service.js";
import { type LeadersDeps, nowOf, shortUrlOf } from "./deps.js";
import { findLeader } from "./find.js";
import { placementSums } from "./results.js";

export type PlacementView = {
  id: string;
  leaderId: string;
  brandId: string;
  campaign: { id: string; name: string; slug: string } | null;
  day: string;
  price: number;
  currency: string;
  format: PlacementFormat;
  url: string | null;
  targetUrl: string | null;
  trackedLink: { code: string; shortUrl: string; target: string } | null;
  reach: number | null;
  views: number | null;
  notes: string | null;
  results: PlacementResults;
  createdAt: string;
  updatedAt: string;
};

export type PlacementInput = {
  campaignId?: string | null | undefined;
  day: string;
  price: number;
  currency: string;
  format: PlacementFormat;
  url?: string | null | undefined;
  targetUrl?: string | null | undefined;
  reach?: number | null | undefined;
  views?: number | null | undefined;
  notes?: string | null | undefined;
};

export type PlacementPatch = Partial<PlacementInput>;

const text = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** The placements of one leader, newest first, with their results. */
export async function listPlacementsOf(deps: LeadersDeps, workspaceId: string, leader: OpinionLeadersTable): Promise<PlacementView[]> {
  const rows = await deps.db.selectFrom("opinion_leader_placements").selectAll().where("workspace_id", "=", workspaceId).where("leader_id", "=", leader.id).orderBy("day", "desc").orderBy("id", "desc").execute();
  return presentAll(deps, workspaceId, rows);
}

async function presentAll(deps: LeadersDeps, workspaceId: string, rows: OpinionLeaderPlacementsTable[]): Promise<PlacementView[]> {
  const sums = await placementSums(deps.db, workspaceId, rows);
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id).filter((v): v is string => v !== null))];
  const campaigns = new Map(
    (campaignIds.length ? await deps.db.selectFrom("campaigns").select(["id", "name", "slug"]).where("workspace_id", "=", workspaceId).where("id", "in", campaignIds).execute() : []).map((c) => [c.id, c]),
  );
  const linkIds = rows.map((r) => r.link_id).filter((v): v is string => v !== null);
  const links = new Map((linkIds.length ? await deps.db.selectFrom("links").select(["id", "code", "target_url"]).where("workspace_id", "=", workspaceId).where("id", "in", linkIds).execute() : []).map((l) => [l.id, l]));
  return rows.map((r) => {
    const link = r.link_id ? links.get(r.link_id) : undefined;
    return {
      id: r.id,
      leaderId: r.leader_id,
      brandId: r.brand_id,
      campaign: r.campaign_id ? (campaigns.get(r.campaign_id) ?? null) : null,
      day: r.day,
      price: fromCents(Number(r.price_cents)) as number,
      currency: r.currency,
      format: r.format,
      url: r.url,
      targetUrl: r.target_url,
      trackedLink: link ? { code: link.code, shortUrl: shortUrlOf(deps.publicUrl, link.code), target: link.target_url } : null,
      reach: num(r.reach),
      views: num(r.views),
      notes: r.notes,
      results: placementResults(sums.get(r.id) as NonNullable<ReturnType<typeof sums.get>>),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

async function findPlacement(db: Kysely<Database>, workspaceId: string, leaderId: string, id: string): Promise<OpinionLeaderPlacementsTable> {
  const p = await db.selectFrom("opinion_leader_placements").selectAll().where("workspace_id", "=", workspaceId).where("leader_id", "=", leaderId).where("id", "=", id).executeTakeFirst();
  if (!p) throw notFound("Placement");
  return p;
}

/** The brand's campaign, or "not found" (another brand's or workspace's campaign does not show). */
async function campaignOf(db: Kysely<Database>, workspaceId: string, brandId: string, id: string | null): Promise<CampaignsTable | null> {
  if (id === null) return null;
  const c = await db.selectFrom("campaigns").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).where("id", "=", id).executeTakeFirst();
  if (!c) throw notFound("Campaign");
  return c;
}

type Resolved = { day: string; priceCents: number; currency: string; url: string | null; targetUrl: string | null; campaign: CampaignsTable | null };

/** Every problem of the placement as it would be stored, at once. */
function problemsOf(v: Resolved & { price: number }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isDay(v.day)) problems.push({ path: "day", message: "Must be a day of the calendar, YYYY-MM-DD" });
  if (!Number.isFinite(v.price) || v.price < 0) problems.push({ path: "price", message: "Must not be negative (0 for barter)" });
  else if (centsOf(v.price) === null) problems.push({ path: "price", message: "An amount with at most two decimals" });
  if (!currencyPattern.test(v.currency)) problems.push({ path: "currency", message: "Three capital letters (ISO 4217), e.g. RUB, EUR, USD" });
  if (v.url !== null && !isHttpUrl(v.url)) problems.push({ path: "url", message: "Must be an http(s) address of the placement, e.g. https://t.me/spb_coffee_walks/812" });
  if (v.targetUrl !== null && !isHttpUrl(v.targetUrl)) problems.push({ path: "targetUrl", message: "Must be an http(s) address of the brand's page" });
  if (v.campaign && v.campaign.currency !== v.currency) problems.push({ path: "currency", message: `The campaign "${v.campaign.name}" counts in ${v.campaign.currency}: Chorus does not convert currencies` });
  return problems;
}

function refuse(problems: FieldProblem[]): never {
  throw new AppError("validation_failed", `The placement is not valid: ${problems[0]?.message ?? "fix the fields listed in \"errors\""}.`, { errors: problems });
}

/** The tracked link's target: the brand's page with the placement's UTM tags (set, not kept: they name this placement). */
export function trackedTarget(leader: OpinionLeadersTable, placementId: string, targetUrl: string, campaign: CampaignsTable | null): string {
  const profiles = JSON.parse(leader.profiles) as LeaderProfile[];
  return withUtm(targetUrl, { source: leaderSourceSlug({ name: leader.name, profiles }), medium: placementMedium, campaign: campaign?.slug ?? null, content: placementId }, { override: true });
}

export async function makeLink(tx: Kysely<Database>, workspaceId: string, target: string, at: string): Promise<{ id: string; code: string }> {
  // 55^8 codes: a clash is rare enough that a few tries suffice (as in link.service.ts).
  let code = newCode();
  for (let i = 0; i < 5 && (await tx.selectFrom("links").select("id").where("code", "=", code).executeTakeFirst()); i++) code = newCode();
  const id = newId();
  await tx.insertInto("links").values({ id, workspace_id: workspaceId, code, target_url: target, post_id: null, variant_id: null, channel_id: null, created_at: at }).execute();
  return { id, code };
}

export async function listPlacements(deps: LeadersDeps, actor: Actor, workspaceId: string, leaderId: string): Promise<PlacementView[]> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  return listPlacementsOf(deps, workspaceId, await findLeader(deps.db, workspaceId, leaderId));
}

async function viewOf(deps: LeadersDeps, workspaceId: string, row: OpinionLeaderPlacementsTable): Promise<PlacementView> {
  const [view] = await presentAll(deps, workspaceId, [row]);
  return view as PlacementView;
}

export async function createPlacement(deps: LeadersDeps, actor: Actor, workspaceId: string, leaderId: string, input: PlacementInput): Promise<PlacementView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const leader = await findLeader(deps.db, workspaceId, leaderId);
  const campaign = await campaignOf(deps.db, workspaceId, leader.brand_id, input.campaignId ?? null);
  const v: Resolved = { day: input.day, priceCents: centsOf(input.price) ?? 0, currency: input.currency.toUpperCase(), url: text(input.url) ?? null, targetUrl: text(input.targetUrl) ?? null, campaign };
  const problems = problemsOf({ ...v, price: input.price });
  if (problems.length) refuse(problems);
  const at = nowOf(deps).toISOString();
  const id = newId();
  const row = await deps.db.transaction().execute(async (tx) => {
    const link = v.targetUrl ? await makeLink(tx, workspaceId, trackedTarget(leader, id, v.targetUrl, campaign), at) : null;
    const row: OpinionLeaderPlacementsTable = {
      id,
      workspace_id: workspaceId,
      brand_id: leader.brand_id,
      leader_id: leader.id,
      campaign_id: campaign?.id ?? null,
      day: v.day,
      price_cents: v.priceCents,
      currency: v.currency,
      format: input.format,
      url: v.url,
      target_url: v.targetUrl,
      link_id: link?.id ?? null,
      link_code: link?.code ?? null,
      reach: input.reach ?? null,
      views: input.views ?? null,
      notes: text(input.notes) ?? null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    };
    await tx.insertInto("opinion_leader_placements").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "placement.create", targetType: "opinion_leader_placement", targetId: id, data: { leaderId: leader.id, price: input.price, currency: v.currency, campaignId: campaign?.id ?? null }, ip: actor.ip ?? null });
    return row;
  });
  return viewOf(deps, workspaceId, row);
}

export async function updatePlacement(deps: LeadersDeps, actor: Actor, workspaceId: string, leaderId: string, id: string, patch: PlacementPatch): Promise<PlacementView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const leader = await findLeader(deps.db, workspaceId, leaderId);
  const p = await findPlacement(deps.db, workspaceId, leaderId, id);
  const campaign = await campaignOf(deps.db, workspaceId, p.brand_id, patch.campaignId === undefined ? p.campaign_id : patch.campaignId);
  const price = patch.price ?? Number(p.price_cents) / 100;
  const v: Resolved = {
    day: patch.day ?? p.day,
    priceCents: centsOf(price) ?? 0,
    currency: patch.currency?.toUpperCase() ?? p.currency,
    url: patch.url === undefined ? p.url : (text(patch.url) ?? null),
    targetUrl: patch.targetUrl === undefined ? p.target_url : (text(patch.targetUrl) ?? null),
    campaign,
  };
  const problems = problemsOf({ ...v, price });
  if (p.link_id && v.targetUrl === null) problems.push({ path: "targetUrl", message: "The tracked link may already be published: change where it leads instead of removing it" });
  if (problems.length) refuse(problems);
  const at = nowOf(deps).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    let link = p.link_id ? { id: p.link_id, code: p.link_code as string } : null;
    if (v.targetUrl) {
      const target = trackedTarget(leader, id, v.targetUrl, campaign);
      if (link) await tx.updateTable("links").set({ target_url: target }).where("workspace_id", "=", workspaceId).where("id", "=", link.id).execute();
      else link = await makeLink(tx, workspaceId, target, at);
    }
    await tx
      .updateTable("opinion_leader_placements")
      .set({
        campaign_id: campaign?.id ?? null,
        day: v.day,
        price_cents: v.priceCents,
        currency: v.currency,
        url: v.url,
        target_url: v.targetUrl,
        link_id: link?.id ?? null,
        link_code: link?.code ?? null,
        updated_at: at,
        ...(patch.format !== undefined ? { format: patch.format } : {}),
        ...(patch.reach !== undefined ? { reach: patch.reach } : {}),
        ...(patch.views !== undefined ? { views: patch.views } : {}),
        ...(patch.notes !== undefined ? { notes: text(patch.notes) ?? null } : {}),
      })
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "placement.update", targetType: "opinion_leader_placement", targetId: id, data: { leaderId, fields: Object.keys(patch) }, ip: actor.ip ?? null });
  });
  return viewOf(deps, workspaceId, await findPlacement(deps.db, workspaceId, leaderId, id));
}

/** Removes a placement; its short link keeps redirecting (it may be published), uncounted. */
export async function deletePlacement(deps: LeadersDeps, actor: Actor, workspaceId: string, leaderId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findLeader(deps.db, workspaceId, leaderId);
  const p = await findPlacement(deps.db, workspaceId, leaderId, id);
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("opinion_leader_placements").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "placement.delete", targetType: "opinion_leader_placement", targetId: id, data: { leaderId, price: Number(p.price_cents) / 100, currency: p.currency }, ip: actor.ip ?? null });
  });
}
