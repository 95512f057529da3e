/**
 * One reading of a competitor's page: the connector's fetchPublicPage, then the page's state on
 * today's day of the brand's zone (competitor_days) and its recent posts with their counters
 * (competitor_posts: new posts added, known ones' counters updated, so a post's row always holds
 * its latest public counters).
 *
 * Followers at a post's time: the page's followers on the post's day, else on the last day before
 * it that was read, else the first reading after (for posts older than Chorus's first reading,
 * the first reading stands in — said in docs/competitors.md). It is set when the post is first
 * seen and kept, so later growth does not lower an old post's ER by followers.
 *
 * The competitor's state says how it went: last run, error in words, failures in a row, next run
 * — a day later when it worked, sooner and then later again (backoff) while it keeps failing.
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { type ChannelContext, type Connector, ConnectorError, type PublicPage } from "../../connectors/types.js";
import { newId } from "../../store/ids.js";
import type { CompetitorsTable } from "../../store/schema-competitors.js";
import type { Database } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";
import { type CompetitorsDeps, nowOf } from "./deps.js";
import { retryHours } from "./figures.js";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** How far back the first reading looks, and how long after a post its counters are read again. */
export const backfillDays = 30;
export const rereadDays = 7;
const chunk = 200;

/** Posts since when: a month back on the first reading; later, the week before the last good one (counters still move then). */
export function sinceFor(lastOkAt: string | null, at: Date): Date {
  const floor = at.getTime() - backfillDays * dayMs;
  if (!lastOkAt) return new Date(floor);
  return new Date(Math.max(floor, Math.min(Date.parse(lastOkAt), at.getTime()) - rereadDays * dayMs));
}

type Target = Pick<CompetitorsTable, "id" | "workspace_id" | "brand_id">;

/** Stores a reading of the page at `at`; the caller's transaction keeps it whole. */
export async function recordPageReading(db: Kysely<Database>, c: Target, zone: string, page: PublicPage, at: Date): Promise<void> {
  const atIso = at.toISOString();
  const today = DateTime.fromJSDate(at, { zone }).toISODate() as string;
  const { profile } = page;
  await db
    .insertInto("competitor_days")
    .values({ competitor_id: c.id, day: today, workspace_id: c.workspace_id, brand_id: c.brand_id, followers: profile.followers, following: profile.following, posts: profile.posts, taken_at: atIso })
    .onConflict((oc) => oc.columns(["competitor_id", "day"]).doUpdateSet({ followers: profile.followers, following: profile.following, posts: profile.posts, taken_at: atIso }))
    .execute();
  await db
    .updateTable("competitors")
    .set({ external_id: profile.externalId, url: profile.url, followers: profile.followers, posts_visible: page.posts === null ? 0 : 1, updated_at: atIso })
    .where("id", "=", c.id)
    .execute();
  if (!page.posts || page.posts.length === 0) return;

  const days = await db.selectFrom("competitor_days").select(["day", "followers"]).where("competitor_id", "=", c.id).where("followers", "is not", null).orderBy("day").execute();
  const followersOn = (day: string): number | null => {
    let before: number | null = null;
    for (const d of days) {
      if (d.day <= day) before = d.followers;
      else return before ?? d.followers;
    }
    return before ?? profile.followers;
  };
  const rows = page.posts.map((p) => ({
    id: newId(),
    competitor_id: c.id,
    workspace_id: c.workspace_id,
    brand_id: c.brand_id,
    external_id: p.externalId,
    url: p.url,
    published_at: new Date(p.publishedAt).toISOString(),
    text: p.text.slice(0, 4000),
    format: p.format,
    likes: p.likes,
    comments: p.comments,
    reposts: p.reposts,
    views: p.views,
    followers: followersOn(DateTime.fromISO(p.publishedAt, { zone }).toISODate() as string),
    first_seen_at: atIso,
    read_at: atIso,
  }));
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .insertInto("competitor_posts")
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) =>
        oc.columns(["competitor_id", "external_id"]).doUpdateSet((eb) => ({
          url: eb.ref("excluded.url"),
          text: eb.ref("excluded.text"),
          format: eb.ref("excluded.format"),
          likes: eb.ref("excluded.likes"),
          comments: eb.ref("excluded.comments"),
          reposts: eb.ref("excluded.reposts"),
          views: eb.ref("excluded.views"),
          // The followers when it went out are the first reading's; a post first seen without them gets them now.
          followers: eb.fn.coalesce("competitor_posts.followers", eb.ref("excluded.followers")),
          read_at: eb.ref("excluded.read_at"),
        })),
      )
      .execute();
  }
}

/** The brand's account a competitor is read through, with renewed sessions saved (Bluesky rotates its tokens). */
export async function channelContextOf(db: Kysely<Database>, secrets: Secrets, channelId: string): Promise<ChannelContext | null> {
  const channel = await db.selectFrom("channels").select(["id", "external_id", "handle", "status", "credentials_enc"]).where("id", "=", channelId).executeTakeFirst();
  if (!channel || channel.status === "disconnected" || !channel.credentials_enc) return null;
  return {
    externalId: channel.external_id,
    handle: channel.handle,
    credentials: secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc),
    saveCredentials: async (next) => {
      await db.updateTable("channels").set({ credentials_enc: secrets.encryptJson(next), updated_at: new Date().toISOString() }).where("id", "=", channel.id).execute();
    },
  };
}

/** Reads a page through a competitor's channel as its connector needs: the channel, none, or a clear error. */
export async function fetchPage(deps: CompetitorsDeps, connector: Connector, c: Pick<CompetitorsTable, "page" | "channel_id">, since: Date, at: Date): Promise<PublicPage> {
  if (!connector.fetchPublicPage || !connector.capabilities.publicPages) throw new ConnectorError("invalid_content", `${connector.displayName} cannot read other pages.`);
  const mode = connector.publicPageChannel ?? "required";
  let channel: ChannelContext | null = null;
  if (mode !== "none" && c.channel_id) channel = await channelContextOf(deps.db, deps.secrets, c.channel_id);
  if (mode === "required" && !channel) {
    throw new ConnectorError("revoked", `${connector.displayName} pages are read through one of the brand's ${connector.displayName} accounts, and the one chosen is disconnected or removed: connect one and choose it for this competitor.`);
  }
  return connector.fetchPublicPage(channel, c.page, { since, at });
}

export type ReadOutcome = { ok: boolean; error: string | null };

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Reads a competitor now and records the outcome on it; never throws for the network's failures. */
export async function readCompetitor(deps: CompetitorsDeps, competitorId: string): Promise<ReadOutcome> {
  const c = await deps.db
    .selectFrom("competitors as c")
    .innerJoin("brands as b", "b.id", "c.brand_id")
    .selectAll("c")
    .select("b.timezone")
    .where("c.id", "=", competitorId)
    .executeTakeFirst();
  if (c?.enabled !== 1) return { ok: false, error: null };
  const at = nowOf(deps);
  const atIso = at.toISOString();
  const connector = deps.registry.get(c.network);
  try {
    if (!connector) throw new ConnectorError("invalid_content", `Chorus no longer knows the network ${c.network}.`);
    const page = await fetchPage(deps, connector, c, sinceFor(c.last_ok_at, at), at);
    await deps.db.transaction().execute(async (tx) => {
      await recordPageReading(tx, c, c.timezone, page, at);
      await tx
        .updateTable("competitors")
        .set({ state: "ok", last_run_at: atIso, last_ok_at: atIso, last_error: null, failures: 0, next_run_at: new Date(at.getTime() + dayMs).toISOString() })
        .where("id", "=", c.id)
        .execute();
    });
    return { ok: true, error: null };
  } catch (err) {
    const failures = c.failures + 1;
    let waitMs = retryHours(failures) * hourMs;
    if (err instanceof ConnectorError && err.kind === "rate_limited" && err.retryAfter) waitMs = Math.max(waitMs, err.retryAfter * 1000);
    // Credentials that stopped working, or a page that is gone, will not heal within the hour.
    if (err instanceof ConnectorError && (err.kind === "auth_expired" || err.kind === "revoked" || err.kind === "invalid_content")) waitMs = dayMs;
    const message = describe(err).slice(0, 1000);
    await deps.db
      .updateTable("competitors")
      .set({ state: "error", last_run_at: atIso, last_error: message, failures, next_run_at: new Date(at.getTime() + waitMs).toISOString(), updated_at: atIso })
      .where("id", "=", c.id)
      .execute();
    return { ok: false, error: message };
  }
}

/** Enabled competitors whose next reading is due. */
export async function dueCompetitors(db: Kysely<Database>, now: Date): Promise<{ id: string; next_run_at: string | null }[]> {
  return db.selectFrom("competitors").select(["id", "next_run_at"]).where("enabled", "=", 1).where("next_run_at", "<=", now.toISOString()).orderBy("next_run_at").limit(1000).execute();
}
