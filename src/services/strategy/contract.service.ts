/**
 * Contract mode (DOMAIN.md, "Contracts and briefs"): signing records the community's state at
 * that moment — each channel's followers, the live share of its latest audience audit (so its
 * live followers = followers × live share) and the ER of the 28 days before — and from then the
 * live-subscriber KPIs count from it: live subscribers gained = live followers now − live
 * followers at signing, so bought or bot followers never count towards the target.
 *
 * A channel without an audit at signing has no live baseline: it is recorded as such, and the
 * page says to audit it and sign again. Signing again records a new state; the newest is in force.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { brandOf, channelsOf, localDay } from "./brand.js";
import { followersByChannel, latestAudits, postsByDay, shiftDay } from "./measure.js";

export const erWindowDays = 28;

const contractChannelSchema = z.object({
  channelId: z.string(),
  name: z.string(),
  network: z.string(),
  followers: z.number().nullable(),
  liveShare: z.number().nullable(),
  auditId: z.string().nullable(),
  auditedAt: z.string().nullable(),
  liveFollowers: z.number().nullable(),
});
export type ContractChannel = z.infer<typeof contractChannelSchema>;

export type Contract = {
  id: string;
  signedAt: string;
  signedBy: { id: string; name: string } | null;
  note: string;
  /** Σ followers of the channels at signing. */
  followers: number | null;
  /** Σ live followers of the channels audited by then; null when none was. */
  liveFollowers: number | null;
  /** Percent, over the 28 days before signing. */
  erReach: number | null;
  erFollowers: number | null;
  channels: ContractChannel[];
  /** Channels without an audit at signing: their live followers could not be recorded. */
  unaudited: string[];
};

/** The brand's state at `at`: what signing records. */
export async function stateAt(db: Kysely<Database>, workspaceId: string, brandId: string, at: Date): Promise<Omit<Contract, "id" | "signedAt" | "signedBy" | "note">> {
  const brand = await brandOf(db, workspaceId, brandId);
  const channels = await channelsOf(db, workspaceId, brandId);
  const ids = channels.map((c) => c.id);
  const day = localDay(at, brand.timezone);
  const followers = await followersByChannel(db, ids, { from: day, to: day, zone: brand.timezone });
  const audits = await latestAudits(db, workspaceId, ids, at.toISOString());
  const rows: ContractChannel[] = channels.map((c) => {
    const f = followers.get(c.id)?.get(day) ?? null;
    const a = audits.get(c.id);
    return {
      channelId: c.id,
      name: c.name,
      network: c.network,
      followers: f,
      liveShare: a?.liveShare ?? null,
      auditId: a?.auditId ?? null,
      auditedAt: a?.auditedAt ?? null,
      liveFollowers: f !== null && a ? f * a.liveShare : null,
    };
  });
  const posts = await postsByDay(db, brandId, ids, { from: shiftDay(day, -(erWindowDays - 1)), to: day, zone: brand.timezone });
  const sums = [...posts.values()].reduce((s, d) => ({ iwr: s.iwr + d.interactionsWithReach, reach: s.reach + d.reach, iwf: s.iwf + d.interactionsWithFollowers, fol: s.fol + d.followersAtPosts }), { iwr: 0, reach: 0, iwf: 0, fol: 0 });
  const known = rows.filter((r) => r.followers !== null);
  const live = rows.filter((r) => r.liveFollowers !== null);
  return {
    followers: known.length ? known.reduce((s, r) => s + (r.followers ?? 0), 0) : null,
    liveFollowers: live.length ? live.reduce((s, r) => s + (r.liveFollowers ?? 0), 0) : null,
    erReach: sums.reach > 0 ? (sums.iwr / sums.reach) * 100 : null,
    erFollowers: sums.fol > 0 ? (sums.iwf / sums.fol) * 100 : null,
    channels: rows,
    unaudited: rows.filter((r) => r.auditId === null).map((r) => r.channelId),
  };
}

/** Records the state at `at` as the contract in force (no access check: the service and the demo call it). */
export async function recordContract(db: Kysely<Database>, input: { workspaceId: string; brandId: string; userId: string | null; at: Date; note: string }): Promise<Contract> {
  const state = await stateAt(db, input.workspaceId, input.brandId, input.at);
  const id = newId();
  await db
    .insertInto("strategy_contracts")
    .values({
      id,
      workspace_id: input.workspaceId,
      brand_id: input.brandId,
      signed_at: input.at.toISOString(),
      signed_by: input.userId,
      note: input.note,
      followers: state.followers,
      live_followers: state.liveFollowers,
      er_reach: state.erReach,
      er_followers: state.erFollowers,
      channels: JSON.stringify(state.channels),
      created_at: new Date().toISOString(),
    })
    .execute();
  const contract = await latestContract(db, input.workspaceId, input.brandId);
  if (!contract) throw new Error("the contract just recorded is missing");
  return contract;
}

/** Signs the contract now (brands.manage): records the brand's state and leaves an audit event. */
export async function signContract(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, input: { note?: string | undefined }, now = new Date()): Promise<Contract> {
  await requireAccess(db, actor, workspaceId, "brands.manage");
  await brandOf(db, workspaceId, brandId);
  const contract = await recordContract(db, { workspaceId, brandId, userId: actor.userId, at: now, note: input.note ?? "" });
  await recordAudit(db, {
    workspaceId,
    actorUserId: actor.userId,
    action: "strategy.contract_sign",
    targetType: "brand",
    targetId: brandId,
    data: { contractId: contract.id, followers: contract.followers, liveFollowers: contract.liveFollowers, erReach: contract.erReach, erFollowers: contract.erFollowers },
    ip: actor.ip ?? null,
  });
  return contract;
}

/** The contract in force: the newest signed. */
export async function latestContract(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<Contract | null> {
  const r = await db
    .selectFrom("strategy_contracts as c")
    .leftJoin("users as u", "u.id", "c.signed_by")
    .select(["c.id", "c.signed_at", "c.signed_by", "c.note", "c.followers", "c.live_followers", "c.er_reach", "c.er_followers", "c.channels", "u.name as signer"])
    .where("c.workspace_id", "=", workspaceId)
    .where("c.brand_id", "=", brandId)
    .orderBy("c.signed_at", "desc")
    .orderBy("c.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  const channels = z.array(contractChannelSchema).catch([]).parse(JSON.parse(r.channels));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: r.id,
    signedAt: r.signed_at,
    signedBy: r.signed_by ? { id: r.signed_by, name: r.signer ?? "" } : null,
    note: r.note,
    followers: num(r.followers),
    liveFollowers: num(r.live_followers),
    erReach: num(r.er_reach),
    erFollowers: num(r.er_followers),
    channels,
    unaudited: channels.filter((c) => c.auditId === null).map((c) => c.channelId),
  };
}
