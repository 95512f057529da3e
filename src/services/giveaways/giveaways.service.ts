/**
 * Giveaways of a brand: the posts one can be held on, creating one (a published post of one of the
 * brand's accounts, the conditions, the number of winners, the team to leave out), changing or
 * deleting it while it is a draft, and reading it with its entrants. Freezing and drawing are in
 * run.service.ts; the public verification view in public.service.ts.
 *
 * Who may: running a giveaway is "posts.write" (owners, managers, editors) — it is content work on
 * the brand's own posts, done by the people who publish them, and it may post replies under the
 * post as the brand. Reading giveaways is "posts.read" (everyone, clients too: the client sees the
 * contest held for them, and anyone on the internet sees the public page anyway).
 */
import type { Kysely } from "kysely";
import type { Connector } from "../../connectors/types.js";
import { drawAlgorithm, type Entrant, type GiveawayConditions, normalizeHandle, reasonCounts } from "../../domain/giveaway.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { randomToken } from "../secrets.js";
import { type GiveawaysDeps, nowOf } from "./deps.js";
import { entrantsOf, type GiveawayRow, type GiveawayView, presentGiveaway } from "./present.js";

export const maxWinners = 100;
export const maxTeamHandles = 200;

export type GiveawayInput = {
  brandId: string;
  channelPostId: string;
  title: string;
  conditions: GiveawayConditions;
  winnersCount: number;
  teamHandles?: string[] | undefined;
  announce?: boolean | undefined;
};
export type GiveawayPatch = Partial<Omit<GiveawayInput, "brandId" | "channelPostId">>;

export function selectGiveaways(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom("giveaways")
    .innerJoin("channels", "channels.id", "giveaways.channel_id")
    .selectAll("giveaways")
    .select(["channels.name as channel_name", "channels.handle as channel_handle"])
    .where("giveaways.workspace_id", "=", workspaceId);
}

/** The row, with a public id given to one that lost its own (a brand archive leaves them out: they are unique per server). */
export async function loadGiveaway(db: Kysely<Database>, workspaceId: string, id: string): Promise<GiveawayRow> {
  const row = await selectGiveaways(db, workspaceId).where("giveaways.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Giveaway");
  if (row.public_id === null) {
    await db.updateTable("giveaways").set({ public_id: randomToken(16) }).where("id", "=", id).where("public_id", "is", null).execute();
    return loadGiveaway(db, workspaceId, id);
  }
  return row;
}

/** The network can list a post's reposters and commenters. */
export type RunnableConnector = Connector & Required<Pick<Connector, "fetchPostParticipants">>;
export const canRunOn = (c: Connector | undefined): c is RunnableConnector =>
  Boolean(c?.fetchPostParticipants && c.capabilities.postParticipants);

export type CandidatePost = { channelPostId: string; channel: { id: string; name: string; handle: string; network: string; networkName: string }; externalId: string; url: string | null; text: string; publishedAt: string };

/** The brand's published posts a giveaway can be held on: newest first, on networks that list who took part. */
export async function listCandidatePosts(deps: GiveawaysDeps, actor: Actor, workspaceId: string, brandId: string): Promise<CandidatePost[]> {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  await findBrand(deps.db, workspaceId, brandId);
  const networks = deps.registry.all().filter(canRunOn).map((c) => c.network);
  if (networks.length === 0) return [];
  const rows = await deps.db
    .selectFrom("channel_posts as cp")
    .innerJoin("channels as c", "c.id", "cp.channel_id")
    .select(["cp.id", "cp.external_id", "cp.url", "cp.text", "cp.published_at", "c.id as channel_id", "c.name", "c.handle", "c.network"])
    .where("cp.workspace_id", "=", workspaceId)
    .where("cp.brand_id", "=", brandId)
    .where("cp.external_id", "is not", null)
    .where("c.status", "!=", "disconnected")
    .where("c.network", "in", networks)
    .orderBy("cp.published_at", "desc")
    .orderBy("cp.id", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    channelPostId: r.id,
    channel: { id: r.channel_id, name: r.name, handle: r.handle, network: r.network, networkName: deps.registry.get(r.network)?.displayName ?? r.network },
    externalId: r.external_id as string,
    url: r.url,
    text: r.text,
    publishedAt: r.published_at,
  }));
}

export async function listGiveaways(deps: GiveawaysDeps, actor: Actor, workspaceId: string, brandId: string): Promise<GiveawayView[]> {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  await findBrand(deps.db, workspaceId, brandId);
  const rows = await selectGiveaways(deps.db, workspaceId).where("giveaways.brand_id", "=", brandId).orderBy("giveaways.created_at", "desc").orderBy("giveaways.id", "desc").execute();
  return rows.map((r) => presentGiveaway(deps, r));
}

export async function getGiveaway(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string): Promise<GiveawayView> {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  return presentGiveaway(deps, await loadGiveaway(deps.db, workspaceId, id));
}

export type EntrantsView = { frozen: boolean; entrants: Entrant[]; counts: { total: number; eligible: number; reasons: ReturnType<typeof reasonCounts> } };

export const summarize = (entrants: Entrant[], frozen: boolean): EntrantsView => ({
  frozen,
  entrants,
  counts: { total: entrants.length, eligible: entrants.filter((e) => e.eligible).length, reasons: reasonCounts(entrants) },
});

/** The frozen list with everyone's reasons (empty for a draft: see previewEntrants). */
export async function getEntrants(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string): Promise<EntrantsView> {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  const row = await loadGiveaway(deps.db, workspaceId, id);
  return summarize(entrantsOf(row), row.status !== "draft");
}

function cleanTeam(handles: string[] | undefined): string[] {
  return [...new Set((handles ?? []).map(normalizeHandle).filter((h) => h !== ""))].slice(0, maxTeamHandles);
}

function checkWinners(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > maxWinners) {
    throw new AppError("validation_failed", `The number of winners is a whole number from 1 to ${maxWinners}.`, { errors: [{ path: "winnersCount", message: `From 1 to ${maxWinners}` }] });
  }
}

export async function createGiveaway(deps: GiveawaysDeps, actor: Actor, workspaceId: string, input: GiveawayInput): Promise<GiveawayView> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  await findBrand(db, workspaceId, input.brandId);
  checkWinners(input.winnersCount);
  const post = await db
    .selectFrom("channel_posts as cp")
    .innerJoin("channels as c", "c.id", "cp.channel_id")
    .select(["cp.id", "cp.brand_id", "cp.external_id", "cp.url", "cp.text", "c.id as channel_id", "c.network", "c.status"])
    .where("cp.id", "=", input.channelPostId)
    .where("cp.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!post) throw notFound("Post");
  const invalid = (message: string) => new AppError("validation_failed", message, { errors: [{ path: "channelPostId", message }] });
  if (post.brand_id !== input.brandId) throw invalid("The post belongs to another brand: choose one of this brand's posts.");
  if (!post.external_id) throw invalid("The post has no id on its network (it was imported from a file): choose a post Chorus published or read from the network.");
  if (post.status === "disconnected") throw invalid("The post's account is disconnected: reconnect it first.");
  const connector = deps.registry.get(post.network);
  if (!canRunOn(connector)) throw invalid(`${connector?.displayName ?? post.network} does not let Chorus list who reposted and commented a post, so a giveaway cannot be held there.`);
  const at = nowOf(deps).toISOString();
  const id = newId();
  await db
    .insertInto("giveaways")
    .values({
      id,
      workspace_id: workspaceId,
      brand_id: input.brandId,
      public_id: randomToken(16),
      channel_id: post.channel_id,
      channel_post_id: post.id,
      network: post.network,
      post_external_id: post.external_id,
      post_url: post.url,
      post_text: post.text,
      title: input.title.trim(),
      conditions: JSON.stringify(input.conditions),
      winners_count: input.winnersCount,
      team_handles: JSON.stringify(cleanTeam(input.teamHandles)),
      announce: input.announce ? 1 : 0,
      status: "draft",
      algorithm: drawAlgorithm,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "giveaway.create", targetType: "giveaway", targetId: id, data: { brandId: input.brandId, channelPostId: post.id, winnersCount: input.winnersCount }, ip: actor.ip ?? null });
  return presentGiveaway(deps, await loadGiveaway(db, workspaceId, id));
}

const frozenAlready = (frozenAt: string | null) =>
  new AppError("conflict", `The giveaway's entrants were frozen${frozenAt ? ` at ${frozenAt}` : ""} and its commitment published: it can no longer be changed.`);

export async function updateGiveaway(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string, patch: GiveawayPatch): Promise<GiveawayView> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const row = await loadGiveaway(db, workspaceId, id);
  if (row.status !== "draft") throw frozenAlready(row.frozen_at);
  if (patch.winnersCount !== undefined) checkWinners(patch.winnersCount);
  const set = {
    ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
    ...(patch.conditions !== undefined ? { conditions: JSON.stringify(patch.conditions) } : {}),
    ...(patch.winnersCount !== undefined ? { winners_count: patch.winnersCount } : {}),
    ...(patch.teamHandles !== undefined ? { team_handles: JSON.stringify(cleanTeam(patch.teamHandles)) } : {}),
    ...(patch.announce !== undefined ? { announce: patch.announce ? 1 : 0 } : {}),
    updated_at: nowOf(deps).toISOString(),
  };
  // Only a draft changes: a freeze that won the race keeps what it froze.
  const res = await db.updateTable("giveaways").set(set).where("id", "=", id).where("workspace_id", "=", workspaceId).where("status", "=", "draft").executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw frozenAlready(null);
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "giveaway.update", targetType: "giveaway", targetId: id, data: { fields: Object.keys(patch) }, ip: actor.ip ?? null });
  return presentGiveaway(deps, await loadGiveaway(db, workspaceId, id));
}

/** Only a draft may go: a frozen giveaway's public page is the proof people were promised. */
export async function deleteGiveaway(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string): Promise<void> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const row = await loadGiveaway(db, workspaceId, id);
  if (row.status !== "draft") throw new AppError("conflict", "A frozen or drawn giveaway stays: its public page is the proof its entrants were promised.");
  const res = await db.deleteFrom("giveaways").where("id", "=", id).where("workspace_id", "=", workspaceId).where("status", "=", "draft").executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw frozenAlready(null);
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "giveaway.delete", targetType: "giveaway", targetId: id, data: { title: row.title }, ip: actor.ip ?? null });
}
