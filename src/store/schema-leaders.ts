/**
 * The tables of the opinion leaders directory and its placements (see migration 025-opinion-leaders); part of Database in schema.ts.
 *
 * Money is whole hundredths of the currency's unit, as in campaigns, so sums are exact.
 */
import type { LeaderKind, LeaderStatus, PlacementFormat } from "../domain/opinion-leader.js";

/** An influencer, partner community, medium or partner brand a brand works with (or might). */
export interface OpinionLeadersTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  kind: LeaderKind;
  status: LeaderStatus;
  /** JSON array of { network, handle, url }: where the leader publishes (one or several). */
  profiles: string;
  followers: number | null;
  /** Where followers came from: typed in, or listening's figure when added from listening. */
  followers_source: "manual" | "listening";
  /** JSON array of strings: topics and tags ("coffee", "Petersburg"). */
  topics: string;
  /** How to reach them (free text). Personal data: kept minimal, shown only to who may manage. */
  contact: string | null;
  price_note: string | null;
  notes: string | null;
  /** Listening's figures when added from listening: mentions of the brand and average tone (−1 … 1). */
  listening_mentions: number | null;
  listening_tone: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One placement with a leader: what was bought, where it went out, its tracked link and the leader's stats. */
export interface OpinionLeaderPlacementsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  leader_id: string;
  /** A campaign of the same brand, or none. */
  campaign_id: string | null;
  /** The day it goes (or went) out, YYYY-MM-DD. */
  day: string;
  price_cents: number;
  currency: string;
  format: PlacementFormat;
  /** The placement itself on the leader's profile, once published. */
  url: string | null;
  /** Where the tracked link leads (the brand's page); UTM tags are added to the link's target. */
  target_url: string | null;
  /** The Chorus short link made for it (links.id) and its code, or none. */
  link_id: string | null;
  link_code: string | null;
  /** From the leader's own stats, entered by hand. */
  reach: number | null;
  views: number | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LeaderTables {
  opinion_leaders: OpinionLeadersTable;
  opinion_leader_placements: OpinionLeaderPlacementsTable;
}
