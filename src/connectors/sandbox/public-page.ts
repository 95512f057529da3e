/**
 * Public pages on the Sandbox: any other account of the simulated network, seen from outside. An
 * account is there once it has posted (sandbox_posts is the network's storage); its audience is not
 * the connect form's (that is private to whoever connected it) but a public model derived from the
 * handle alone — followers, bots, time zone — growing from its first post, so every workspace sees
 * the same page. Counters come from the same audience model as the account's own metrics
 * (audience.ts), read at the network's clock; reach and impressions are never shown, as on a real
 * network, and views are (like VK's).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import { type PostFormat, postFormats, type PublicPage, type PublicPageOptions, PublicPageNotFoundError } from "../types.js";
import { type Audience, followersAt, followingOf, postMetricsAt } from "./audience.js";
import { between, rngFor } from "./random.js";

const dayMs = 86_400_000;
/** The most posts one read returns (newest first), whatever `since` says. */
export const maxPublicPosts = 500;

/** People paste @handle, sandbox://handle or sandbox://handle/posts/…: the handle is what counts. */
export function normalizeSandboxPage(raw: string): string | null {
  const handle = raw
    .trim()
    .replace(/^sandbox:\/\//i, "")
    .replace(/^@/, "")
    .split("/")[0]!
    .toLowerCase();
  return /^[a-z0-9_.]{3,30}$/.test(handle) ? handle : null;
}

/** The public model of an account: 600–12,000 followers when it first posted, 3–20 % bots. */
export function publicAudienceOf(handle: string, firstPostAt: string): Audience {
  const rng = rngFor(handle, "public-page");
  return {
    handle,
    followers: Math.round(600 * 20 ** rng()),
    timezone: "Europe/Moscow",
    botShare: Math.round(between(rng, 0.03, 0.2) * 100) / 100,
    failMode: "none",
    connectedAt: firstPostAt,
  };
}

const formatOf = (format: string): PostFormat => ((postFormats as readonly string[]).includes(format) ? (format as PostFormat) : "text");

export async function fetchSandboxPublicPage(db: Kysely<Database>, page: string, opts: PublicPageOptions, now: Date): Promise<PublicPage> {
  const handle = normalizeSandboxPage(page);
  if (!handle) throw new PublicPageNotFoundError(`"${page}" is not a Sandbox account name: use lower-case latin letters, digits, _ and . (3–30 characters).`);
  const at = opts.at ?? now;
  const atIso = at.toISOString();
  const postsOf = () => db.selectFrom("sandbox_posts").where("account", "=", handle);
  // Posts out at the network's clock: published by then and not deleted before it.
  const live = (qb: ReturnType<typeof postsOf>) => qb.where("published_at", "<=", atIso).where((eb) => eb.or([eb("deleted_at", "is", null), eb("deleted_at", ">", atIso)]));
  const first = await live(postsOf())
    .select([(eb) => eb.fn.min("published_at").as("first"), (eb) => eb.fn.countAll<number>().as("n")])
    .executeTakeFirst();
  if (!first?.first) throw new PublicPageNotFoundError(`Sandbox has no account @${handle} (an account appears once it has posted).`);
  const audience = publicAudienceOf(handle, String(first.first));
  const since = opts.since ?? new Date(at.getTime() - 30 * dayMs);
  const rows = await live(postsOf())
    .select(["id", "text", "format", "published_at as publishedAt"])
    .where("published_at", ">=", since.toISOString())
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .limit(maxPublicPosts)
    .execute();
  return {
    profile: {
      externalId: `sandbox:${handle}`,
      handle,
      name: `${handle} (Sandbox)`,
      url: `sandbox://${handle}`,
      followers: followersAt(audience, at),
      following: followingOf(audience),
      posts: Number(first.n),
    },
    posts: rows.map((p) => {
      const m = postMetricsAt(audience, p, at);
      return {
        externalId: p.id,
        url: `sandbox://${handle}/posts/${p.id}`,
        publishedAt: p.publishedAt,
        text: p.text,
        format: formatOf(p.format),
        likes: m.likes,
        comments: m.comments,
        reposts: m.reposts,
        views: m.views,
      };
    }),
  };
}
