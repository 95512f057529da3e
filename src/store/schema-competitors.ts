/**
 * The tables of competitors (see migration 014-competitors); part of Database in schema.ts.
 *
 * A competitor is someone else's public page a brand watches on one network. Each reading of the
 * page (once a day) leaves the page's state on that day of the brand's time zone in
 * competitor_days, and its recent posts with their public counters in competitor_posts — one row
 * per post, its counters updated by later readings. There is no reach anywhere here: no network
 * shows a page's reach to anyone but its owner.
 */

export type CompetitorState = "new" | "ok" | "error";

export interface CompetitorsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  /** "sandbox", "bluesky", "mastodon", "vk", "telegram". */
  network: string;
  /** The page as the network names it (a handle, @name@server, a short name), unique per brand and network. */
  page: string;
  /** The network's own id of the page (a DID, an account id, "-<community id>"). */
  external_id: string | null;
  url: string | null;
  /** The brand's account it is read through (null for networks that need none, or once that account is removed). */
  channel_id: string | null;
  /** 0 when paused: not read until resumed. */
  enabled: number;
  state: CompetitorState;
  last_run_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  /** Failed readings in a row: the next one waits longer each time (backoff). */
  failures: number;
  next_run_at: string | null;
  /** The latest reading's profile: followers, and 1 when the network shows the page's posts. */
  followers: number | null;
  posts_visible: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A competitor's state on one day of its brand's time zone: the day's last reading. */
export interface CompetitorDaysTable {
  competitor_id: string;
  /** YYYY-MM-DD in the brand's zone. */
  day: string;
  workspace_id: string;
  brand_id: string;
  followers: number | null;
  following: number | null;
  /** All posts the page has made, as the network counts them (null where it does not say). */
  posts: number | null;
  taken_at: string;
}

/** One post of a competitor with its latest public counters. */
export interface CompetitorPostsTable {
  id: string;
  competitor_id: string;
  workspace_id: string;
  brand_id: string;
  /** The network's id of the post: unique per competitor. */
  external_id: string;
  url: string | null;
  published_at: string;
  text: string;
  format: string;
  likes: number | null;
  comments: number | null;
  reposts: number | null;
  views: number | null;
  /** The page's followers when the post went out (the reading nearest to it; see services/competitors/read.ts). */
  followers: number | null;
  first_seen_at: string;
  read_at: string;
}

export interface CompetitorTables {
  competitors: CompetitorsTable;
  competitor_days: CompetitorDaysTable;
  competitor_posts: CompetitorPostsTable;
}
