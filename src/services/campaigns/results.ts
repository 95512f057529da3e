/**
 * A campaign's results, summed in SQL: its posts (the brand's channel posts whose campaign is the
 * campaign's name) split into paid and organic by channel_posts.paid, the human clicks on the
 * short links of its posts, its spend, its conversions and revenue, and the followers its channels
 * gained over its period. The rates come from src/domain/campaign-results.ts.
 *
 * For other areas (analytics dashboards, reports), with no access check — their callers have made
 * it: `campaignResults(db, workspaceId, campaignId)` for one campaign over its whole life (or a
 * period of the brand's days), and `brandCampaignResults(db, workspaceId, {brandId, from, to})`
 * for every campaign of a brand running in a period, with the brand's total.
 */
import { type Kysely, sql } from "kysely";
import { DateTime } from "luxon";
import { addSums, type CampaignResults, type CampaignSums, emptySplit, emptySums, resultsOf, type Split } from "../../domain/campaign-results.js";
import { notFound } from "../../errors.js";
import type { CampaignsTable } from "../../store/schema-campaigns.js";
import type { Database } from "../../store/schema.js";

export type Period = { from: string; to: string };
type Campaign = Pick<CampaignsTable, "id" | "workspace_id" | "brand_id" | "name" | "channel_ids" | "start_day" | "end_day">;

const shiftDay = (day: string, days: number) => DateTime.fromISO(day, { zone: "UTC" }).plus({ days }).toISODate() as string;
// Days compare as text (YYYY-MM-DD).
const earlier = (a: string, b: string): string => (a.localeCompare(b) <= 0 ? a : b);
const later = (a: string, b: string): string => (a.localeCompare(b) >= 0 ? a : b);
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The instants a period of the zone's days covers: [start of from, start of the day after to). */
function instants(p: Period, zone: string): { start: string; end: string } {
  return {
    start: DateTime.fromISO(p.from, { zone }).startOf("day").toUTC().toISO() as string,
    end: DateTime.fromISO(p.to, { zone }).plus({ days: 1 }).startOf("day").toUTC().toISO() as string,
  };
}

export const parseChannelIds = (stored: string): string[] => {
  try {
    const v: unknown = JSON.parse(stored);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

async function postSplits(db: Kysely<Database>, c: Campaign, span: { start: string; end: string } | null): Promise<{ paid: Split; organic: Split; channelIds: string[] }> {
  const rows = await db
    .selectFrom("channel_posts")
    .select([
      "paid",
      sql<number>`count(*)`.as("posts"),
      sql<number | null>`sum(impressions)`.as("impressions"),
      sql<number | null>`sum(reach)`.as("reach"),
      sql<number>`sum(coalesce(likes, 0) + coalesce(comments, 0) + coalesce(reposts, 0) + coalesce(saves, 0))`.as("interactions"),
      sql<number | null>`sum(clicks)`.as("clicks"),
    ])
    .where("workspace_id", "=", c.workspace_id)
    .where("brand_id", "=", c.brand_id)
    .where("campaign", "=", c.name)
    .$if(span !== null, (q) => q.where("published_at", ">=", span!.start).where("published_at", "<", span!.end))
    .groupBy("paid")
    .execute();
  const out = { paid: emptySplit(), organic: emptySplit() };
  for (const r of rows) {
    const split: Split = { posts: num(r.posts), impressions: numOrNull(r.impressions), reach: numOrNull(r.reach), interactions: num(r.interactions), networkClicks: numOrNull(r.clicks), linkClicks: 0 };
    out[num(r.paid) === 1 ? "paid" : "organic"] = split;
  }
  const channels = await db
    .selectFrom("channel_posts")
    .select("channel_id")
    .distinct()
    .where("workspace_id", "=", c.workspace_id)
    .where("brand_id", "=", c.brand_id)
    .where("campaign", "=", c.name)
    .execute();
  return { ...out, channelIds: channels.map((r) => r.channel_id) };
}

/**
 * Human clicks on the short links of the campaign's posts, by whether the post they were published
 * as is paid. A link belongs to a variant; the variant's publication is the channel post.
 */
async function linkClicks(db: Kysely<Database>, c: Campaign, span: { start: string; end: string } | null): Promise<{ links: number; paid: number; organic: number }> {
  const links = await db
    .selectFrom("links")
    .innerJoin("posts", "posts.id", "links.post_id")
    .select(sql<number>`count(*)`.as("n"))
    .where("links.workspace_id", "=", c.workspace_id)
    .where("posts.brand_id", "=", c.brand_id)
    .where("posts.campaign", "=", c.name)
    .executeTakeFirst();
  const rows = await db
    .selectFrom("link_clicks")
    .innerJoin("links", "links.id", "link_clicks.link_id")
    .innerJoin("posts", "posts.id", "links.post_id")
    .select([
      sql<number>`case when exists (select 1 from publications pub inner join channel_posts cp on cp.publication_id = pub.id where pub.variant_id = links.variant_id and cp.paid = 1) then 1 else 0 end`.as("paid"),
      sql<number>`count(*)`.as("n"),
    ])
    .where("links.workspace_id", "=", c.workspace_id)
    .where("link_clicks.workspace_id", "=", c.workspace_id)
    .where("posts.brand_id", "=", c.brand_id)
    .where("posts.campaign", "=", c.name)
    .where("link_clicks.bot", "=", 0)
    .$if(span !== null, (q) => q.where("link_clicks.clicked_at", ">=", span!.start).where("link_clicks.clicked_at", "<", span!.end))
    .groupBy(sql`1`)
    .execute();
  return {
    links: num(links?.n),
    paid: num(rows.find((r) => num(r.paid) === 1)?.n),
    organic: num(rows.find((r) => num(r.paid) !== 1)?.n),
  };
}

/**
 * Net followers gained on channels over a period of days: each channel's count at the end of the
 * last day against its count before the first (or its first reading in the period, for a channel
 * connected meanwhile). Only channels read at both ends count; none: unknown.
 */
export async function followersGained(db: Kysely<Database>, channelIds: string[], p: Period): Promise<number | null> {
  if (channelIds.length === 0 || p.to < p.from) return null;
  const rows = await db
    .selectFrom("channel_days")
    .select(["channel_id", "day", "followers"])
    .where("channel_id", "in", channelIds)
    .where("day", ">=", shiftDay(p.from, -31))
    .where("day", "<=", p.to)
    .where("followers", "is not", null)
    .orderBy("day")
    .execute();
  let gained: number | null = null;
  for (const id of channelIds) {
    const days = rows.filter((r) => r.channel_id === id);
    const before = days.filter((r) => r.day < p.from).at(-1) ?? days.find((r) => r.day >= p.from);
    const after = days.at(-1);
    if (!before || !after || before === after) continue;
    gained = (gained ?? 0) + num(after.followers) - num(before.followers);
  }
  return gained;
}

/** The days a campaign's followers are counted over: its period, up to today in the brand's zone. */
function countedDays(c: Campaign, zone: string, now: Date, window: Period | null): Period {
  const from = window ? later(window.from, c.start_day) : c.start_day;
  const today = DateTime.fromJSDate(now, { zone }).toISODate() as string;
  const ends = [c.end_day, today, ...(window ? [window.to] : [])].sort();
  return { from, to: ends[0] as string };
}

async function sumsOf(db: Kysely<Database>, c: Campaign, zone: string, now: Date, window: Period | null): Promise<{ sums: CampaignSums; channelIds: string[] }> {
  const span = window ? instants(window, zone) : null;
  const posts = await postSplits(db, c, span);
  const clicks = await linkClicks(db, c, span);
  const spend = await db
    .selectFrom("campaign_spend")
    .select([sql<number>`count(*)`.as("n"), sql<number | null>`sum(amount_cents)`.as("cents")])
    .where("workspace_id", "=", c.workspace_id)
    .where("campaign_id", "=", c.id)
    .$if(window !== null, (q) => q.where("day", ">=", window!.from).where("day", "<=", window!.to))
    .executeTakeFirst();
  const conversions = await db
    .selectFrom("conversions")
    .select([sql<number>`count(*)`.as("n"), sql<number | null>`sum(value_cents)`.as("cents")])
    .where("workspace_id", "=", c.workspace_id)
    .where("campaign_id", "=", c.id)
    .$if(span !== null, (q) => q.where("occurred_at", ">=", span!.start).where("occurred_at", "<", span!.end))
    .executeTakeFirst();
  const chosen = parseChannelIds(c.channel_ids);
  const channelIds = chosen.length ? chosen : posts.channelIds;
  const sums: CampaignSums = {
    paid: { ...posts.paid, linkClicks: clicks.paid },
    organic: { ...posts.organic, linkClicks: clicks.organic },
    links: clicks.links,
    spendCents: num(spend?.cents),
    spendEntries: num(spend?.n),
    conversions: num(conversions?.n),
    revenueCents: num(conversions?.cents),
    newSubscribers: await followersGained(db, channelIds, countedDays(c, zone, now, window)),
  };
  return { sums, channelIds };
}

async function zoneOf(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<string> {
  const brand = await db.selectFrom("brands").select("timezone").where("workspace_id", "=", workspaceId).where("id", "=", brandId).executeTakeFirst();
  if (!brand) throw notFound("Brand");
  return brand.timezone;
}

/** One campaign's results over its whole life, or over a period of the brand's days. */
export async function campaignResults(db: Kysely<Database>, workspaceId: string, campaignId: string, opts: { period?: Period; now?: Date } = {}): Promise<CampaignResults> {
  const c = await db.selectFrom("campaigns").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", campaignId).executeTakeFirst();
  if (!c) throw notFound("Campaign");
  const zone = await zoneOf(db, workspaceId, c.brand_id);
  return resultsOf((await sumsOf(db, c, zone, opts.now ?? new Date(), opts.period ?? null)).sums);
}

/** Results of campaigns already loaded (the list screen): one read of the brand's zone for all. */
export async function resultsOfCampaigns(db: Kysely<Database>, campaigns: Campaign[], zone: string, now: Date): Promise<Map<string, CampaignResults>> {
  const out = new Map<string, CampaignResults>();
  for (const c of campaigns) out.set(c.id, resultsOf((await sumsOf(db, c, zone, now, null)).sums));
  return out;
}

export type BrandCampaignResults = {
  period: Period;
  campaigns: { id: string; name: string; slug: string; goal: string; status: string; currency: string; startDay: string; endDay: string; results: CampaignResults }[];
  /** All the period's campaigns together, per currency (amounts in different currencies never add up). */
  totals: { currency: string; results: CampaignResults }[];
};

/** Every campaign of a brand that runs on some day of the period, each counted within the period, with totals per currency. */
export async function brandCampaignResults(db: Kysely<Database>, workspaceId: string, q: { brandId: string } & Period, opts: { now?: Date } = {}): Promise<BrandCampaignResults> {
  const zone = await zoneOf(db, workspaceId, q.brandId);
  const now = opts.now ?? new Date();
  const campaigns = await db
    .selectFrom("campaigns")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", q.brandId)
    .where("start_day", "<=", q.to)
    .where("end_day", ">=", q.from)
    .orderBy("start_day")
    .orderBy("name")
    .execute();
  const window = { from: q.from, to: q.to };
  const byCurrency = new Map<string, { sums: CampaignSums; channels: Set<string> }>();
  const items: BrandCampaignResults["campaigns"] = [];
  for (const c of campaigns) {
    const { sums, channelIds } = await sumsOf(db, c, zone, now, window);
    items.push({ id: c.id, name: c.name, slug: c.slug, goal: c.goal, status: c.status, currency: c.currency, startDay: c.start_day, endDay: c.end_day, results: resultsOf(sums) });
    const total = byCurrency.get(c.currency) ?? { sums: emptySums(), channels: new Set<string>() };
    total.sums = addSums(total.sums, { ...sums, newSubscribers: null });
    for (const id of channelIds) total.channels.add(id);
    byCurrency.set(c.currency, total);
  }
  const totals = [];
  for (const [currency, t] of byCurrency) {
    // Campaigns sharing a channel share its followers: the total counts each channel once.
    const first = campaigns.filter((c) => c.currency === currency).map((c) => later(c.start_day, q.from)).sort()[0] ?? q.from;
    const today = DateTime.fromJSDate(now, { zone }).toISODate() as string;
    const newSubscribers = await followersGained(db, [...t.channels], { from: first, to: earlier(q.to, today) });
    totals.push({ currency, results: resultsOf({ ...t.sums, newSubscribers }) });
  }
  return { period: window, campaigns: items, totals };
}
