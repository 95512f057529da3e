/**
 * Someone's public Mastodon account, read from its home server, from the official documentation
 * (https://docs.joinmastodon.org/methods/accounts/):
 * - GET /api/v1/accounts/lookup?acct=<username> — the Account (followers_count, following_count,
 *   statuses_count); 404 "Record not found" when there is none; a suspended account says so;
 * - GET /api/v1/accounts/:id/statuses?exclude_replies=true&exclude_reblogs=true&limit=40 — its own
 *   public posts, newest first, paged with max_id until older than `since`.
 * Both are public: no token is needed (a server in "limited federation mode" may still ask for
 * one). The brand's own Mastodon token is sent only to its own server, never to another one; the
 * home server is the one that knows the account's full counts and all its posts. Mastodon shows no
 * views or reach; favourites, replies and boosts are the interactions.
 */
import { z } from "zod";
import { SafeFetchError, type SafeFetchRefusal } from "../../net/safe-fetch.js";
import { type ChannelContext, ConnectorError, type PostFormat, type PublicPage, PublicPageNotFoundError, type PublicPost } from "../types.js";
import type { MastodonClient } from "./client.js";
import { statusText } from "./comments.js";
import { MastodonApiError, toConnectorError } from "./errors.js";
import { type MastodonCredentials, threadStatusSchema } from "./types.js";

type Deps = {
  clientFor(c: { instanceUrl: string; accessToken: string | null }): MastodonClient;
  credentialsOf(credentials: Record<string, unknown>): MastodonCredentials;
};

const pageSize = 40;
const permanentRefusals = new Set<SafeFetchRefusal>(["private_address", "invalid_url", "scheme", "dns"]);
const maxPages = 10;

export type MastodonPageRef = { username: string; host: string | null; origin: string | null };

/** "@name@server", "name@server", "https://server/@name" (or just "@name" on the channel's own server). */
export function parseMastodonPage(raw: string): MastodonPageRef | null {
  const s = raw.trim();
  if (/^https?:\/\//i.test(s)) {
    try {
      const url = new URL(s);
      const name = /^\/@([A-Za-z0-9_]+)(?:@([A-Za-z0-9.-]+(?::\d+)?))?\/?$/.exec(url.pathname);
      if (!name) return null;
      return name[2] ? { username: name[1]!, host: name[2], origin: null } : { username: name[1]!, host: url.host, origin: url.origin };
    } catch {
      return null;
    }
  }
  const m = /^@?([A-Za-z0-9_]+)(?:@([A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?|[0-9.]+:\d+))?$/.exec(s);
  return m ? { username: m[1]!, host: m[2]?.toLowerCase() ?? null, origin: null } : null;
}

const accountSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().default(""),
  url: z.string().nullable().optional(),
  followers_count: z.number().int().nullable().optional(),
  following_count: z.number().int().nullable().optional(),
  statuses_count: z.number().int().nullable().optional(),
  suspended: z.boolean().optional(),
});
const statusSchema = threadStatusSchema.extend({
  favourites_count: z.number().int().default(0),
  reblogs_count: z.number().int().default(0),
  replies_count: z.number().int().default(0),
  card: z.looseObject({ url: z.string() }).nullable().optional(),
  reblog: z.unknown().optional(),
});
type Status = z.infer<typeof statusSchema>;

/** Media decide the format (several images: a carousel; "gifv" is a video), then a preview card (a link). */
export function mastodonFormatOf(s: Pick<Status, "media_attachments" | "card">): PostFormat {
  const types = s.media_attachments.map((m) => m.type);
  if (types.some((t) => t === "video" || t === "gifv")) return "video";
  const images = types.filter((t) => t === "image").length;
  if (images > 1) return "carousel";
  if (images === 1) return "image";
  return s.card ? "link" : "text";
}

function toPublicPost(s: Status): PublicPost {
  return {
    externalId: s.uri || s.id,
    url: s.url ?? (s.uri || null),
    publishedAt: new Date(s.created_at).toISOString(),
    text: statusText(s),
    format: mastodonFormatOf(s),
    likes: s.favourites_count,
    comments: s.replies_count,
    reposts: s.reblogs_count,
    views: null,
  };
}

export function createMastodonPublicPages(deps: Deps) {
  return {
    async fetchPublicPage(channel: ChannelContext | null, page: string, opts: { since?: Date | undefined } = {}): Promise<PublicPage> {
      const ref = parseMastodonPage(page);
      if (!ref) throw new PublicPageNotFoundError(`"${page}" is not a Mastodon account: paste it as @name@server or the profile's address.`);
      const creds = channel ? deps.credentialsOf(channel.credentials) : null;
      const own = creds ? new URL(creds.instanceUrl) : null;
      const host = ref.host ?? own?.host ?? null;
      if (!host) throw new PublicPageNotFoundError(`Name the server of ${page}: @${ref.username}@server.`);
      const onOwnServer = own !== null && own.host === host;
      const origin = ref.origin ?? (onOwnServer && own ? own.origin : `https://${host}`);
      // The token goes to the brand's own server only.
      const client = deps.clientFor({ instanceUrl: origin, accessToken: onOwnServer && creds ? creds.accessToken : null });
      const since = opts.since ?? new Date(Date.now() - 30 * 86_400_000);
      try {
        let account: z.infer<typeof accountSchema>;
        try {
          account = (await client.request("GET", `/api/v1/accounts/lookup?${new URLSearchParams({ acct: ref.username })}`, accountSchema)).body;
        } catch (err) {
          if (err instanceof MastodonApiError && (err.status === 404 || err.status === 410)) throw new PublicPageNotFoundError(`${host} has no account @${ref.username}.`, { cause: err });
          throw err;
        }
        if (account.suspended) throw new PublicPageNotFoundError(`@${ref.username}@${host} is suspended.`);
        const posts: PublicPost[] = [];
        let maxId: string | null = null;
        for (let n = 0; n < maxPages; n++) {
          const q = new URLSearchParams({ limit: String(pageSize), exclude_replies: "true", exclude_reblogs: "true", ...(maxId ? { max_id: maxId } : {}) });
          const { body } = await client.request("GET", `/api/v1/accounts/${encodeURIComponent(account.id)}/statuses?${q}`, z.array(z.unknown()));
          let older = false;
          for (const raw of body) {
            const s = statusSchema.safeParse(raw);
            if (!s.success || s.data.reblog) continue;
            if (Date.parse(s.data.created_at) < since.getTime()) {
              older = true;
              continue;
            }
            if (s.data.visibility === "public" || s.data.visibility === "unlisted") posts.push(toPublicPost(s.data));
          }
          const last = body.at(-1) as { id?: unknown } | undefined;
          if (older || body.length < pageSize || typeof last?.id !== "string") break;
          maxId = last.id;
        }
        return {
          profile: {
            externalId: account.id,
            handle: `@${account.username}@${host}`,
            name: account.display_name || account.username,
            url: account.url ?? `${origin}/@${account.username}`,
            followers: account.followers_count ?? null,
            following: account.following_count ?? null,
            posts: account.statuses_count ?? null,
          },
          posts,
        };
      } catch (err) {
        if (err instanceof ConnectorError) throw err;
        // The guarded fetch refuses private addresses (unless CHORUS_ALLOW_PRIVATE_FETCH) and names that do not resolve: asking again will not help.
        if (err instanceof SafeFetchError && permanentRefusals.has(err.reason)) throw new PublicPageNotFoundError(err.message, { cause: err });
        if (err instanceof MastodonApiError && err.status === 401 && !onOwnServer) {
          throw new PublicPageNotFoundError(`${host} shows its accounts only to people signed in there, so @${ref.username} is not public to Chorus. Connect a Mastodon account on ${host} to read it.`, { cause: err });
        }
        throw toConnectorError(err, "reading a public account");
      }
    },
  };
}
