/**
 * Opinion leaders (influencers, partner communities, media, partner brands) and their paid or
 * barter placements: the pure rules. No I/O.
 *
 * A placement's results follow DOMAIN.md ("Metrics") with the placement's price as the spend:
 * CPA = price ÷ conversions, CPC = price ÷ clicks, CPM = price ÷ reach × 1000 (the leader's stats
 * give reach, not impressions), ROMI = (revenue − price) ÷ price. A figure whose denominator is
 * unknown or zero is null ("—"), never 0: a placement without a tracked link has unknown clicks,
 * one without conversions yet has unknown CPA and ROMI, not a discouraging 0 % or −100 %.
 *
 * Money is whole hundredths (kopecks, cents), as in campaigns; Chorus never converts currencies,
 * so a leader's totals are kept per currency.
 */
import type { FieldProblem } from "../errors.js";
import { ratio } from "./metrics.js";
import { slugify } from "./utm.js";

export const leaderKinds = ["influencer", "community", "media", "partner_brand"] as const;
export type LeaderKind = (typeof leaderKinds)[number];

export const leaderStatuses = ["prospect", "contacted", "agreed", "declined", "blacklisted"] as const;
export type LeaderStatus = (typeof leaderStatuses)[number];

export const placementFormats = ["post", "story", "video", "integration", "cross_post"] as const;
export type PlacementFormat = (typeof placementFormats)[number];

/** Networks a profile can be on; "website" and "other" cover blogs, podcasts and the rest. */
export const leaderNetworks = ["vk", "telegram", "instagram", "youtube", "tiktok", "ok", "dzen", "facebook", "x", "bluesky", "mastodon", "livejournal", "linkedin", "pinterest", "sandbox", "website", "other"] as const;
export type LeaderNetwork = (typeof leaderNetworks)[number];

export type LeaderProfile = { network: string; handle: string | null; url: string | null };

/** utm_medium of every placement's tracked link: tells influencer traffic apart from the brand's own posts ("social"). */
export const placementMedium = "influencer";

// Handles as networks allow them: letters, digits, ".", "_", "-"; Mastodon adds "@server".
const handlePattern = /^@?[\p{L}\p{N}._-]{1,100}(@[a-z0-9.-]{1,253})?$/iu;

export const isHttpUrl = (s: string): boolean => {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
};

/** The comparable form of a handle: no "@", lower case. */
export const handleKey = (handle: string): string => handle.trim().replace(/^@/, "").toLowerCase();

/** Problems of a leader's profiles: each needs a network and a handle or an http(s) address. */
export function profileProblems(profiles: LeaderProfile[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (profiles.length === 0) problems.push({ path: "profiles", message: "Add at least one profile: a network with a handle or an address" });
  const seen = new Set<string>();
  profiles.forEach((p, i) => {
    if (!(leaderNetworks as readonly string[]).includes(p.network)) problems.push({ path: `profiles.${i}.network`, message: `Unknown network: choose one of ${leaderNetworks.join(", ")}` });
    if (!p.handle && !p.url) problems.push({ path: `profiles.${i}.handle`, message: "Give the handle or the profile's address" });
    if (p.handle && !handlePattern.test(p.handle.trim())) problems.push({ path: `profiles.${i}.handle`, message: "A handle is letters, digits, dots, underscores or hyphens, e.g. @spb_coffee_walks" });
    if (p.url && !isHttpUrl(p.url)) problems.push({ path: `profiles.${i}.url`, message: "Must be an http(s) address, e.g. https://t.me/spb_coffee_walks" });
    const key = `${p.network}|${p.handle ? handleKey(p.handle) : (p.url ?? "")}`;
    if (seen.has(key)) problems.push({ path: `profiles.${i}`, message: "The same profile is listed twice" });
    seen.add(key);
  });
  return problems;
}

/**
 * utm_source of a leader's tracked links: the first profile's handle, slugified ("@SPB_Coffee" →
 * "spb-coffee"), else the leader's name; the same function reads it back when matching.
 */
export function leaderSourceSlug(leader: { name: string; profiles: LeaderProfile[] }): string {
  const handle = leader.profiles.find((p) => p.handle)?.handle;
  return slugify(handle ? handleKey(handle) : leader.name) || "leader";
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(s: string): boolean {
  if (!isoDay.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** What is counted for one placement; money in hundredths. */
export type PlacementSums = {
  priceCents: number;
  /** Entered by hand from the leader's own stats; null: not reported. */
  reach: number | null;
  views: number | null;
  /** People who followed the tracked link (bots excluded); null: the placement has no tracked link. */
  clicks: number | null;
  conversions: number;
  /** Value of the conversions in the placement's currency. */
  revenueCents: number;
};

export type PlacementResults = {
  reach: number | null;
  views: number | null;
  clicks: number | null;
  conversions: number;
  /** Null while no conversion is recorded (conversions may not be tracked yet). */
  revenue: number | null;
  price: number;
  cpa: number | null;
  cpc: number | null;
  cpm: number | null;
  romi: number | null;
  /** Clicks ÷ reach. */
  ctr: number | null;
  /** Conversions ÷ clicks. */
  cr: number | null;
};

export const placementFormulas = {
  clicks: "people who followed the placement's Chorus short link (bots excluded)",
  conversions: "orders and leads whose utm_content is the placement's id or that came through its short link",
  cpa: "price ÷ conversions",
  cpc: "price ÷ clicks",
  cpm: "price ÷ reach × 1000",
  romi: "(revenue − price) ÷ price",
  ctr: "clicks ÷ reach",
  cr: "conversions ÷ clicks",
  bestCpa: "the lowest CPA among the leader's placements in that currency",
} as const;

export function placementResults(s: PlacementSums): PlacementResults {
  const price = s.priceCents / 100;
  // No conversion recorded: CPA, CR, revenue and ROMI are unknown, not 0 (as for campaigns).
  const tracked = s.conversions > 0;
  const revenue = tracked ? s.revenueCents / 100 : null;
  const cpm = ratio(price, s.reach);
  return {
    reach: s.reach,
    views: s.views,
    clicks: s.clicks,
    conversions: s.conversions,
    revenue,
    price,
    cpa: tracked ? ratio(price, s.conversions) : null,
    cpc: ratio(price, s.clicks),
    cpm: cpm === null ? null : cpm * 1000,
    romi: revenue === null ? null : ratio(revenue - price, price),
    ctr: ratio(s.clicks, s.reach),
    cr: tracked ? ratio(s.conversions, s.clicks) : null,
  };
}

export type LeaderTotals = PlacementResults & { currency: string; placements: number; bestCpa: number | null };

const addKnown = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

/**
 * A leader's totals per currency: sums over their placements, rates of the sums (a rate over
 * placements that report the figure: reach summed only where reported), and the best CPA.
 */
export function leaderTotals(placements: (PlacementSums & { currency: string })[]): LeaderTotals[] {
  const byCurrency = new Map<string, (PlacementSums & { currency: string })[]>();
  for (const p of placements) byCurrency.set(p.currency, [...(byCurrency.get(p.currency) ?? []), p]);
  return [...byCurrency.entries()]
    .map(([currency, ps]) => {
      const sum: PlacementSums = ps.reduce<PlacementSums>(
        (a, p) => ({
          priceCents: a.priceCents + p.priceCents,
          reach: addKnown(a.reach, p.reach),
          views: addKnown(a.views, p.views),
          clicks: addKnown(a.clicks, p.clicks),
          conversions: a.conversions + p.conversions,
          revenueCents: a.revenueCents + p.revenueCents,
        }),
        { priceCents: 0, reach: null, views: null, clicks: null, conversions: 0, revenueCents: 0 },
      );
      // CPM over the placements that report reach only: their price, not all of it.
      const withReach = ps.filter((p) => p.reach !== null);
      const totals = placementResults(sum);
      const reachPrice = withReach.reduce((a, p) => a + p.priceCents, 0) / 100;
      const cpm = ratio(reachPrice, sum.reach);
      const withClicks = ps.filter((p) => p.clicks !== null);
      const cpc = ratio(withClicks.reduce((a, p) => a + p.priceCents, 0) / 100, sum.clicks);
      const cpas = ps.map((p) => placementResults(p).cpa).filter((v): v is number => v !== null);
      return { ...totals, cpm: cpm === null ? null : cpm * 1000, cpc, currency, placements: ps.length, bestCpa: cpas.length ? Math.min(...cpas) : null };
    })
    .sort((a, b) => b.placements - a.placements || a.currency.localeCompare(b.currency));
}
