/**
 * Social listening on Mastodon: public statuses matching one term, newest first, as the channel's
 * server sees them (https://docs.joinmastodon.org/methods/search/ and /methods/timelines/).
 *
 * - A word or a "quoted phrase": GET /api/v2/search?type=statuses&resolve=false&limit=40. Servers
 *   with full-text search (Elasticsearch) match words and phrases in statuses that are public
 *   and whose authors opted into search, plus the account's own and those it interacted with;
 *   servers without it answer no statuses at all (the page is empty, the search ends). Results
 *   come newest first. Paging: Mastodon turns max_id into a `before:` filter with one-second
 *   precision, so "max_id = the oldest status seen" would skip statuses posted in the same second
 *   as it. Instead the first page fixes an upper bound (the snowflake id of the second after its
 *   newest status, so newer arrivals do not shift the pages) and later pages step `offset` by the
 *   page size (offset needs a user token, which the channel has). The server drops filtered
 *   statuses after choosing the page, so a short page is not the end: an empty one is.
 * - A #hashtag: GET /api/v1/timelines/tag/:hashtag, newest first, paged by max_id from the Link
 *   header (ids there are exact).
 *
 * externalId is the status's ActivityPub `uri`: the same status has a different id on every
 * server, its uri is the same everywhere. Text is the content as plain text (html.ts), the content
 * warning first; links are the content's own links (not mentions or hashtags) and the preview card's.
 */
import { z } from "zod";
import type { ChannelContext, Connector, Page, RemotePost } from "../types.js";
import type { MastodonClient } from "./client.js";
import { compareIds, handleOf, parseLinkHeader, statusText } from "./comments.js";
import { toConnectorError } from "./errors.js";
import { type MastodonCredentials, threadStatusSchema } from "./types.js";

type Deps = {
  clientFor(c: { instanceUrl: string; accessToken: string }): MastodonClient;
  credentialsOf(credentials: Record<string, unknown>): MastodonCredentials;
};

/** The most /api/v2/search and the tag timeline give per page. */
const pageSize = 40;

/** A Status with what listening reads beyond the inbox's fields: counters, language, card. */
const searchStatusSchema = threadStatusSchema.extend({
  favourites_count: z.number().int().default(0),
  reblogs_count: z.number().int().default(0),
  replies_count: z.number().int().default(0),
  language: z.string().nullable().optional(),
  card: z.looseObject({ url: z.string() }).nullable().optional(),
  reblog: z.unknown().optional(),
});
type SearchStatus = z.infer<typeof searchStatusSchema>;
const searchResultsSchema = z.looseObject({ statuses: z.array(z.unknown()).default([]) });

/** Statuses as they come; a reblog stands for the status it shares, one that cannot be read is left out. */
function statusesOf(raw: unknown[]): SearchStatus[] {
  const out: SearchStatus[] = [];
  for (const r of raw) {
    const parsed = searchStatusSchema.safeParse(r);
    if (!parsed.success) continue;
    const inner = parsed.data.reblog ? searchStatusSchema.safeParse(parsed.data.reblog) : null;
    out.push(inner?.success ? inner.data : parsed.data);
  }
  return out;
}

const named: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", "#39": "'" };
const decodeAttr = (v: string) => v.replace(/&(amp|quot|apos|lt|gt|#39);/g, (_, n: string) => named[n] ?? "");

/** The content's links, leaving out mentions and hashtags (Mastodon marks both with class "mention"). */
export function contentLinks(html: string): string[] {
  const links: string[] = [];
  for (const [tag] of html.matchAll(/<a\b[^>]*>/gi)) {
    const href = /\shref\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    const cls = /\sclass\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? "";
    if (!href || /\bmention\b/.test(cls)) continue;
    const url = decodeAttr(href);
    if (/^https?:\/\//i.test(url)) links.push(url);
  }
  return links;
}

export function toRemotePost(s: SearchStatus, instanceHost: string): RemotePost {
  const links = [...new Set([...contentLinks(s.content), ...(s.card?.url ? [s.card.url] : [])])];
  return {
    externalId: s.uri || s.url || s.id,
    url: s.url ?? (s.uri || null),
    authorName: s.account.display_name || s.account.username || s.account.acct,
    authorHandle: handleOf(s.account, instanceHost),
    authorFollowers: s.account.followers_count ?? null,
    text: statusText(s),
    occurredAt: new Date(s.created_at).toISOString(),
    lang: s.language ?? null,
    likes: s.favourites_count,
    reposts: s.reblogs_count,
    replies: s.replies_count,
    ...(links.length > 0 ? { links } : {}),
  };
}

/** The q for a word or phrase: a word Mastodon would read as an operator (from:, -word, +word) is quoted. */
export function searchQueryFor(term: string): string {
  const t = term.trim();
  if (t.startsWith('"')) return t;
  return /[:]|^[-+]/.test(t) ? `"${t.replace(/"/g, "")}"` : t;
}

/**
 * An upper bound above every status of the first page: the snowflake (milliseconds << 16) of the
 * second after the newest one, since Mastodon compares max_id's time to the second. Null for ids
 * that are not Mastodon snowflakes (other server software): later pages then rely on offset alone.
 */
export function boundAfter(newestId: string): string | null {
  if (!/^\d{6,}$/.test(newestId)) return null;
  const ms = BigInt(newestId) >> 16n;
  return String(((ms / 1000n + 1n) * 1000n) << 16n);
}

/** Word search cursor: "s:<offset>:<bound>"; tag timeline cursor: "t:<max_id>". Anything else starts over. */
function parseCursor(cursor: string | null): { offset: number; bound: string | null } | { maxId: string } | null {
  const word = cursor ? /^s:(\d+):(\d*)$/.exec(cursor) : null;
  if (word) return { offset: Number(word[1]), bound: word[2] || null };
  const tag = cursor ? /^t:(.+)$/.exec(cursor) : null;
  return tag ? { maxId: tag[1]! } : null;
}

async function searchWords(client: MastodonClient, term: string, cursor: string | null, host: string): Promise<Page<RemotePost>> {
  const state = parseCursor(cursor);
  const at = state && "offset" in state ? state : { offset: 0, bound: null };
  const params = new URLSearchParams({ q: searchQueryFor(term), type: "statuses", resolve: "false", limit: String(pageSize) });
  if (at.offset > 0) params.set("offset", String(at.offset));
  if (at.bound) params.set("max_id", at.bound);
  const { body } = await client.request("GET", `/api/v2/search?${params}`, searchResultsSchema);
  const statuses = statusesOf(body.statuses);
  if (body.statuses.length === 0) return { items: [], cursor: null };
  let bound = at.bound;
  if (at.offset === 0 && !bound) {
    const newest = statuses.reduce<string | null>((a, s) => (a === null || compareIds(s.id, a) > 0 ? s.id : a), null);
    bound = newest ? boundAfter(newest) : null;
  }
  return { items: statuses.map((s) => toRemotePost(s, host)), cursor: `s:${at.offset + pageSize}:${bound ?? ""}` };
}

async function searchTag(client: MastodonClient, tag: string, cursor: string | null, host: string): Promise<Page<RemotePost>> {
  const state = parseCursor(cursor);
  const maxId = state && "maxId" in state ? state.maxId : null;
  const params = new URLSearchParams({ limit: String(pageSize) });
  if (maxId) params.set("max_id", maxId);
  const { headers, body } = await client.request("GET", `/api/v1/timelines/tag/${encodeURIComponent(tag)}?${params}`, z.array(z.unknown()));
  if (body.length === 0) return { items: [], cursor: null };
  const statuses = statusesOf(body);
  // The Link header's "next" names the older page; the oldest id on this page does the same.
  const next = parseLinkHeader(headers.get("link")).next;
  const nextMax = (next ? new URL(next).searchParams.get("max_id") : null) ?? statuses.reduce<string | null>((a, s) => (a === null || compareIds(s.id, a) < 0 ? s.id : a), null);
  return { items: statuses.map((s) => toRemotePost(s, host)), cursor: nextMax ? `t:${nextMax}` : null };
}

export function createMastodonSearch(deps: Deps): Pick<Connector, "search"> {
  return {
    /** `at` is ignored: the server's clock is real. */
    async search(channel: ChannelContext, term: string, cursor: string | null): Promise<Page<RemotePost>> {
      const creds = deps.credentialsOf(channel.credentials);
      const client = deps.clientFor(creds);
      const host = new URL(creds.instanceUrl).host;
      const t = term.trim();
      if (t === "") return { items: [], cursor: null };
      try {
        if (t.startsWith("#")) {
          const tag = t.slice(1).trim();
          return tag ? await searchTag(client, tag, cursor, host) : { items: [], cursor: null };
        }
        return await searchWords(client, t, cursor, host);
      } catch (err) {
        throw toConnectorError(err, "searching posts");
      }
    },
  };
}
