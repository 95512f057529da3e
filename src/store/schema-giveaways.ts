/** The tables of giveaways with a verifiable draw (see migration 021-giveaways); part of Database in schema.ts. */

export type GiveawayStatus = "draft" | "frozen" | "drawn";

/**
 * A giveaway on one of a brand's published posts. Draft: its conditions may change. Frozen: the
 * entrants are read from the network and kept, the seed is drawn (kept encrypted) and its
 * commitment published; nothing about it changes any more but the draw. Drawn: the winners are
 * kept and the seed revealed.
 */
export interface GiveawaysTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  /** The unguessable id of the public verification page and API (/g/:publicId); null only after an import, until first read. */
  public_id: string | null;
  channel_id: string;
  /** The post as tracked in analytics; null once that row is gone (the post's own fields below stay). */
  channel_post_id: string | null;
  network: string;
  post_external_id: string;
  post_url: string | null;
  post_text: string;
  title: string;
  /** JSON: domain/giveaway.ts GiveawayConditions. */
  conditions: string;
  winners_count: number;
  /** JSON array of handles excluded as the brand's team, besides the brand's own accounts. */
  team_handles: string;
  /** 1: post the commitment and the result as replies under the post (where the network can reply). */
  announce: number;
  status: GiveawayStatus;
  algorithm: string;
  /** JSON array of domain/giveaway.ts Entrant, sorted by entry: everyone who took part, with their reasons. */
  entrants: string | null;
  entrant_count: number | null;
  eligible_count: number | null;
  /** SHA-256 (hex) of the canonical list of eligible entries. */
  list_sha256: string | null;
  commitment: string | null;
  /** The seed, encrypted (services/secrets.ts) between the freeze and the draw. */
  seed_enc: string | null;
  /** The seed, revealed at the draw. */
  seed: string | null;
  /** JSON array of { place, entry, handle }. */
  winners: string | null;
  /** Replies posted under the post: the commitment's and the result's external ids, and why one failed. */
  commitment_reply_id: string | null;
  result_reply_id: string | null;
  announce_error: string | null;
  frozen_at: string | null;
  drawn_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface GiveawayTables {
  giveaways: GiveawaysTable;
}
