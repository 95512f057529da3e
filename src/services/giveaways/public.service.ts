/**
 * The public verification view of a giveaway: no sign-in, found by its unguessable public id. It
 * holds everything a third party needs to recompute the draw (docs/giveaways.md): the algorithm,
 * the commitment, the canonical list of eligible entries with its SHA-256, the number of winners,
 * and after the draw the seed and the winners. Everyone who took part is listed with the reasons
 * the ineligible are out, so a person left out can see why. Nothing here names the workspace,
 * its members or its other brands.
 */
import type { Kysely } from "kysely";
import { canonicalList, type Entrant, type ExclusionReason, type GiveawayConditions } from "../../domain/giveaway.js";
import { notFound } from "../../errors.js";
import type { GiveawayStatus } from "../../store/schema-giveaways.js";
import type { Database } from "../../store/schema.js";
import type { GiveawaysDeps } from "./deps.js";
import { entrantsOf, parseJson, type Winner } from "./present.js";

export type PublicGiveaway = {
  algorithm: string;
  title: string;
  brand: string;
  network: string;
  networkName: string;
  simulated: boolean;
  post: { url: string | null; text: string };
  conditions: GiveawayConditions;
  winnersCount: number;
  status: Exclude<GiveawayStatus, "draft">;
  frozenAt: string;
  drawnAt: string | null;
  commitment: string;
  commitmentReplyId: string | null;
  entrants: {
    /** The canonical list of eligible entries (the draw's input) and its SHA-256. */
    canonical: string;
    sha256: string;
    count: number;
    /** Everyone who took part, the ineligible with their reasons. */
    all: { entry: string; handle: string; eligible: boolean; reasons: ExclusionReason[] }[];
  };
  seed: string | null;
  winners: Winner[] | null;
  resultReplyId: string | null;
};

/** A giveaway that was not frozen yet has nothing to verify: it answers 404 like one that does not exist. */
export async function publicGiveaway(deps: Pick<GiveawaysDeps, "db" | "registry">, publicId: string): Promise<PublicGiveaway> {
  const db: Kysely<Database> = deps.db;
  const row = await db
    .selectFrom("giveaways")
    .innerJoin("brands", "brands.id", "giveaways.brand_id")
    .selectAll("giveaways")
    .select("brands.name as brand_name")
    .where("giveaways.public_id", "=", publicId)
    .executeTakeFirst();
  if (!row || row.status === "draft" || !row.commitment || !row.frozen_at) throw notFound("Giveaway");
  const entrants: Entrant[] = entrantsOf(row);
  const list = canonicalList(entrants.filter((e) => e.eligible).map((e) => e.entry));
  const connector = deps.registry.get(row.network);
  return {
    algorithm: row.algorithm,
    title: row.title,
    brand: row.brand_name,
    network: row.network,
    networkName: connector?.displayName ?? row.network,
    simulated: connector?.simulated ?? false,
    post: { url: row.post_url, text: row.post_text },
    conditions: parseJson<GiveawayConditions>(row.conditions, { action: "repost", mustFollow: false, excludeBots: true }),
    winnersCount: row.winners_count,
    status: row.status,
    frozenAt: row.frozen_at,
    drawnAt: row.drawn_at,
    commitment: row.commitment,
    commitmentReplyId: row.commitment_reply_id,
    // The stored hash, not the recomputed one: a list changed in the database must show as a mismatch.
    entrants: { canonical: list.text, sha256: row.list_sha256 ?? list.sha256, count: list.entries.length, all: entrants.map((e) => ({ entry: e.entry, handle: e.handle, eligible: e.eligible, reasons: e.reasons })) },
    seed: row.status === "drawn" ? row.seed : null,
    winners: row.status === "drawn" ? parseJson<Winner[] | null>(row.winners, null) : null,
    resultReplyId: row.result_reply_id,
  };
}
