/**
 * Advertising placements: every publication of a post marked as advertising, with its creative,
 * erid, channel, date, address and reach — what the advertising data operator (ОРД) is told each
 * month under 38-FZ art. 18.1. Read from the publications themselves, so nothing is kept twice.
 */
import type { Kysely } from "kysely";
import { parseAdMark } from "../../domain/ad-disclosure.js";
import { dayRange } from "../../domain/day-range.js";
import type { Database } from "../../store/schema.js";
import type { Table } from "../analytics/export.js";
import { type Actor, requireAccess } from "../access.js";
import { findBrand } from "../brand.service.js";

export type AdPlacement = {
  publicationId: string;
  postId: string;
  rules: string;
  advertiser: string;
  advertiserTaxId: string | null;
  erid: string | null;
  creative: string;
  channelName: string;
  network: string;
  url: string | null;
  publishedAt: string;
  reach: number | null;
  impressions: number | null;
  views: number | null;
};

/** The brand's ad placements published between two days (inclusive) of its time zone, oldest first. */
export async function listAdPlacements(db: Kysely<Database>, actor: Actor, workspaceId: string, q: { brandId: string; from: string; to: string }): Promise<AdPlacement[]> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  const brand = await findBrand(db, workspaceId, q.brandId);
  const { start, end } = dayRange(q.from, q.to, brand.timezone);
  const rows = await db
    .selectFrom("publications")
    .innerJoin("variants", "variants.id", "publications.variant_id")
    .innerJoin("posts", "posts.id", "variants.post_id")
    .innerJoin("channels", "channels.id", "publications.channel_id")
    .leftJoin("channel_posts", "channel_posts.publication_id", "publications.id")
    .select([
      "publications.id",
      "posts.id as post_id",
      "posts.ad",
      "variants.text",
      "channels.name as channel_name",
      "channels.network",
      "publications.url",
      "publications.published_at",
      "channel_posts.reach",
      "channel_posts.impressions",
      "channel_posts.views",
    ])
    .where("posts.workspace_id", "=", workspaceId)
    .where("posts.brand_id", "=", brand.id)
    .where("posts.ad", "is not", null)
    .where("publications.item", "=", 0)
    .where("publications.status", "=", "published")
    .where("publications.published_at", ">=", start.toISOString())
    .where("publications.published_at", "<", end.toISOString())
    .orderBy("publications.published_at")
    .orderBy("publications.id")
    .limit(10_000)
    .execute();
  return rows.map((r) => {
    const ad = parseAdMark(r.ad);
    return {
      publicationId: r.id,
      postId: r.post_id,
      rules: ad?.rules ?? "ru",
      advertiser: ad?.advertiser ?? "",
      advertiserTaxId: ad?.advertiserTaxId ?? null,
      erid: ad?.erid ?? null,
      creative: r.text,
      channelName: r.channel_name,
      network: r.network,
      url: r.url,
      publishedAt: r.published_at as string,
      reach: r.reach,
      impressions: r.impressions,
      views: r.views,
    };
  });
}

/** The placements as a table for CSV or XLSX: one row per placement, the columns an operator's monthly report asks for. */
export function placementsTable(items: AdPlacement[]): Table {
  return {
    columns: ["erid", "advertiser", "advertiser_inn", "published_at", "network", "channel", "url", "creative_text", "reach", "impressions", "views", "post_id"],
    rows: items.map((p) => [p.erid, p.advertiser, p.advertiserTaxId, p.publishedAt, p.network, p.channelName, p.url, p.creative, p.reach, p.impressions, p.views, p.postId]),
  };
}
