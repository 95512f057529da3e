/** The opinion leaders API's shapes, as the screens use them (src/api/routes/leaders.routes.ts). */
export const kinds = ["influencer", "community", "media", "partner_brand"] as const;
export type Kind = (typeof kinds)[number];
export const statuses = ["prospect", "contacted", "agreed", "declined", "blacklisted"] as const;
export type Status = (typeof statuses)[number];
export const formats = ["post", "story", "video", "integration", "cross_post"] as const;
export type Format = (typeof formats)[number];
export const networks = ["vk", "telegram", "instagram", "youtube", "tiktok", "ok", "dzen", "facebook", "x", "bluesky", "mastodon", "livejournal", "linkedin", "pinterest", "sandbox", "website", "other"] as const;

export type Profile = { network: string; handle: string | null; url: string | null };

export type Results = {
  reach: number | null;
  views: number | null;
  clicks: number | null;
  conversions: number;
  revenue: number | null;
  price: number;
  cpa: number | null;
  cpc: number | null;
  cpm: number | null;
  romi: number | null;
  ctr: number | null;
  cr: number | null;
};

export type Totals = Results & { currency: string; placements: number; bestCpa: number | null };

export type Leader = {
  id: string;
  brandId: string;
  name: string;
  kind: Kind;
  status: Status;
  profiles: Profile[];
  followers: number | null;
  followersSource: "manual" | "listening";
  topics: string[];
  contact: string | null;
  priceNote: string | null;
  notes: string | null;
  listening: { mentions: number; tone: number | null } | null;
  placements: number;
  totals: Totals[];
  bestCpa: { value: number; currency: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type Placement = {
  id: string;
  leaderId: string;
  campaign: { id: string; name: string; slug: string } | null;
  day: string;
  price: number;
  currency: string;
  format: Format;
  url: string | null;
  targetUrl: string | null;
  trackedLink: { code: string; shortUrl: string; target: string } | null;
  reach: number | null;
  views: number | null;
  notes: string | null;
  results: Results;
};

export type Candidate = {
  network: string;
  handle: string;
  name: string;
  followers: number | null;
  mentions: number;
  tone: number;
  toneLabel: string;
  score: number;
  leaderId: string | null;
};

export type LeaderInput = {
  name: string;
  kind: Kind;
  status: Status;
  profiles: { network: string; handle: string | null; url: string | null }[];
  followers?: number | null;
  topics: string[];
  contact: string | null;
  priceNote: string | null;
  notes: string | null;
  fromListening?: { network: string; handle: string; from: string; to: string };
};

export type PlacementInput = {
  campaignId: string | null;
  day: string;
  price: number;
  currency: string;
  format: Format;
  url: string | null;
  targetUrl: string | null;
  reach: number | null;
  views: number | null;
  notes: string | null;
};
