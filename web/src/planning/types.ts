/** Shapes of the planning API's answers: templates, hashtags, variables, slots, best times, import, feeds, links. */

export type Template = { id: string; brandId: string | null; name: string; text: string; createdAt: string; updatedAt: string };

export type RenderResult = { text: string; problems: { variable: string; message: string }[] };

export type HashtagGroup = { id: string; brandId: string | null; name: string; tags: string[]; createdAt: string; updatedAt: string };

export type Variable = { key: string; value: string };

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export type SlotGroup = { days: number[]; time: string };

export type Slots = { timezone: string; slots: SlotGroup[]; nextFree: string | null };

export type BestTimes = {
  timezone: string;
  network: string;
  windowDays: number;
  formula: string;
  source: "history" | "general";
  sampleSize: number;
  cells: { weekday: number; hour: number; engagement: number; n: number }[];
  suggestions: { weekday: number; hour: number; engagement: number | null; n: number }[];
};

export type Recurrence = {
  postId: string;
  rrule: string | null;
  evergreenDays: number | null;
  timezone: string;
  upcoming: string[];
  note: string | null;
};

export type ImportResult = {
  dryRun: boolean;
  rows: number;
  posts: { line: number; date: string; time: string; at: string | null; channels: string[]; textPreview: string }[];
  problems: { line: number; column: string | null; message: string }[];
  postIds: string[];
};

export type CalendarFeed = { id: string; brandId: string | null; createdBy: string; createdAt: string; revokedAt: string | null };

export type ShortLink = {
  id: string;
  code: string;
  shortUrl: string;
  targetUrl: string;
  postId: string | null;
  variantId: string | null;
  channelId: string | null;
  createdAt: string;
  clicks: number;
  uniqueVisitors: number;
  botClicks: number;
};

export const previewNetworks = ["telegram", "vk", "facebook", "bluesky", "mastodon"] as const;
export type PreviewNetwork = (typeof previewNetworks)[number];
export type NetworkPreview = { title: string | null; description: string | null; image: string | null; siteName: string | null };
export type LinkPreview = {
  url: string;
  finalUrl: string;
  previews: Record<PreviewNetwork, NetworkPreview>;
  warnings: { code: string; message: string }[];
};
