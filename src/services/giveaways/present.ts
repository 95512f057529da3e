/** A giveaway row as the API shows it to the brand's team (the public view is public.service.ts). */
import type { Entrant, GiveawayConditions } from "../../domain/giveaway.js";
import type { GiveawaysTable, GiveawayStatus } from "../../store/schema-giveaways.js";
import { type GiveawaysDeps, publicPageUrl } from "./deps.js";

export type Winner = { place: number; entry: string; handle: string };

export type GiveawayView = {
  id: string;
  brandId: string;
  publicId: string | null;
  /** The public verification page; null only for an imported giveaway not yet read. */
  publicUrl: string | null;
  channel: { id: string; name: string; handle: string; network: string; networkName: string; simulated: boolean };
  post: { channelPostId: string | null; externalId: string; url: string | null; text: string };
  title: string;
  conditions: GiveawayConditions;
  winnersCount: number;
  teamHandles: string[];
  announce: boolean;
  /** Whether the network can post the announcements as replies. */
  canAnnounce: boolean;
  status: GiveawayStatus;
  algorithm: string;
  entrantCount: number | null;
  eligibleCount: number | null;
  listSha256: string | null;
  commitment: string | null;
  /** Revealed by the draw; null before. */
  seed: string | null;
  winners: Winner[] | null;
  commitmentReplyId: string | null;
  resultReplyId: string | null;
  announceError: string | null;
  frozenAt: string | null;
  drawnAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type GiveawayRow = GiveawaysTable & { channel_name: string; channel_handle: string };

export const parseJson = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

export function presentGiveaway(deps: Pick<GiveawaysDeps, "registry" | "publicUrl">, r: GiveawayRow): GiveawayView {
  const connector = deps.registry.get(r.network);
  return {
    id: r.id,
    brandId: r.brand_id,
    publicId: r.public_id,
    publicUrl: r.public_id ? publicPageUrl(deps, r.public_id) : null,
    channel: { id: r.channel_id, name: r.channel_name, handle: r.channel_handle, network: r.network, networkName: connector?.displayName ?? r.network, simulated: connector?.simulated ?? false },
    post: { channelPostId: r.channel_post_id, externalId: r.post_external_id, url: r.post_url, text: r.post_text },
    title: r.title,
    conditions: parseJson<GiveawayConditions>(r.conditions, { action: "repost", mustFollow: false, excludeBots: true }),
    winnersCount: r.winners_count,
    teamHandles: parseJson<string[]>(r.team_handles, []),
    announce: r.announce === 1,
    canAnnounce: Boolean(connector?.reply && connector.capabilities.reply),
    status: r.status,
    algorithm: r.algorithm,
    entrantCount: r.entrant_count,
    eligibleCount: r.eligible_count,
    listSha256: r.list_sha256,
    commitment: r.commitment,
    seed: r.status === "drawn" ? r.seed : null,
    winners: parseJson<Winner[] | null>(r.winners, null),
    commitmentReplyId: r.commitment_reply_id,
    resultReplyId: r.result_reply_id,
    announceError: r.announce_error,
    frozenAt: r.frozen_at,
    drawnAt: r.drawn_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const entrantsOf = (r: Pick<GiveawaysTable, "entrants">): Entrant[] => parseJson<Entrant[]>(r.entrants, []);
