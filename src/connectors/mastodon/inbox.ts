/**
 * Mastodon's side of the inbox. Two sources, because a reply deep in a thread need not mention
 * the account: mention notifications (GET /api/v1/notifications?types[]=mention, paged forward
 * from the newest one handled with min_id), and, every few minutes, the threads under the
 * account's recent posts (GET /api/v1/statuses/:id/context of its last 20 posts of 14 days). A
 * post whose thread was read is `complete`: what the inbox holds for it and Mastodon no longer
 * shows was deleted. Answers are statuses (with an Idempotency-Key), likes are favourites;
 * Mastodon lets no one hide or delete someone else's status, so hide and deleteComment are absent.
 */
import { z } from "zod";
import type { ChannelContext, CommentPage, Connector, RemoteComment } from "../types.js";
import { ConnectorError } from "../types.js";
import type { MastodonClient } from "./client.js";
import { compareIds, decodeCursor, encodeCursor, itemOf, type MapOptions, type Place, parseLinkHeader, placeOfMention, threadItems } from "./comments.js";
import { MastodonApiError, toConnectorError } from "./errors.js";
import { contextSchema, type MastodonCredentials, type MastodonNotification, notificationSchema, statusSchema, type ThreadStatus, threadStatusSchema } from "./types.js";

type Deps = {
  clientFor(c: { instanceUrl: string; accessToken: string }): MastodonClient;
  credentialsOf(credentials: Record<string, unknown>): MastodonCredentials;
  lengthOf(text: string, urlLength: number): number;
};

const dayMs = 86_400_000;
const recentDays = 14;
const recentPosts = 20;
/** Threads are read again after this long; mentions arrive with every run. */
const sweepEveryMs = 5 * 60_000;
const notificationPages = 5;
/** Context lookups for mentions that reply in some thread, per call; the rest waits for the next call. */
const lookupsPerCall = 20;
/** Authenticated context requests return up to 4096 descendants; a thread that long may be cut. */
const contextLimit = 4096;

/** From most open to most private: a reply is never more open than what it answers. */
const openness = ["public", "unlisted", "private", "direct"] as const;
type Visibility = (typeof openness)[number];
const morePrivate = (a: string, b: MastodonCredentials["visibility"]): Visibility => {
  const ia = openness.indexOf(a as Visibility);
  return openness[Math.max(ia, openness.indexOf(b))]!;
};

const gone = (doing: string, err: unknown) =>
  new ConnectorError("invalid_content", `Mastodon refused ${doing}: the status is no longer there (it was deleted or is not visible to the account).`, { cause: err });
const isGone = (err: unknown) => err instanceof MastodonApiError && (err.status === 404 || err.status === 410);

/**
 * The channel's server's own id of a status. Listening keeps a status by its URI (the same on every
 * server; see search.ts): a mention sent to the inbox is answered through the channel's server,
 * which names it by its own id — found by resolving the URI (GET /api/v2/search?resolve=true).
 */
async function localIdOf(client: MastodonClient, externalId: string): Promise<string> {
  if (!/^https?:\/\//i.test(externalId)) return externalId;
  const params = new URLSearchParams({ q: externalId, type: "statuses", resolve: "true", limit: "1" });
  const { body } = await client.request("GET", `/api/v2/search?${params}`, resolvedSchema);
  const found = body.statuses[0];
  if (!found) throw new ConnectorError("invalid_content", `The channel's Mastodon server cannot find ${externalId}: it may have been deleted, or the server does not federate with its author's.`);
  return found.id;
}

const resolvedSchema = z.looseObject({ statuses: z.array(z.looseObject({ id: z.string() })) });

export function createMastodonInbox(deps: Deps): Pick<Connector, "fetchComments" | "reply" | "like"> {
  /** Where a mention belongs, per status id: a status's thread root does not change. */
  const places = new Map<string, Place>();
  const remember = (id: string, place: Place) => {
    places.set(id, place);
    if (places.size > 5000) places.delete(places.keys().next().value!);
  };

  /** Mention notifications after `since`, oldest first (or, the first time, the newest few pages). */
  async function mentionsAfter(client: MastodonClient, since: string | null, at: Date): Promise<MastodonNotification[]> {
    const found: MastodonNotification[] = [];
    let query = since ? `min_id=${encodeURIComponent(since)}` : "";
    for (let page = 0; page < notificationPages; page++) {
      const { headers, body } = await client.request("GET", `/api/v1/notifications?types[]=mention&limit=40${query ? `&${query}` : ""}`, z.array(notificationSchema));
      if (body.length === 0) break;
      found.push(...body);
      const links = parseLinkHeader(headers.get("link"));
      if (since) {
        // Forward: the "prev" link names the page of newer notifications.
        const newest = body.reduce((a, n) => (compareIds(n.id, a) > 0 ? n.id : a), body[0]!.id);
        const prev = links.prev ? new URL(links.prev).searchParams.get("min_id") : null;
        query = `min_id=${encodeURIComponent(prev ?? newest)}`;
      } else {
        // The first time: back through older pages ("next"), no further than the posts that are read.
        const oldest = body.reduce((a, n) => (compareIds(n.id, a.id) < 0 ? n : a), body[0]!);
        if (Date.parse(oldest.created_at) < at.getTime() - recentDays * dayMs) break;
        const next = links.next ? new URL(links.next).searchParams.get("max_id") : null;
        query = `max_id=${encodeURIComponent(next ?? oldest.id)}`;
      }
    }
    const unique = new Map(found.map((n) => [n.id, n]));
    return [...unique.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  /** The threads under the account's recent posts; `complete` names the posts read whole. */
  async function sweep(client: MastodonClient, creds: MastodonCredentials, opts: MapOptions, at: Date) {
    const query = `exclude_replies=true&exclude_reblogs=true&limit=${recentPosts}`;
    const { body: posts } = await client.request("GET", `/api/v1/accounts/${encodeURIComponent(creds.accountId)}/statuses?${query}`, z.array(threadStatusSchema));
    const items: RemoteComment[] = [];
    const complete: string[] = [];
    for (const post of posts.filter((p) => Date.parse(p.created_at) >= at.getTime() - recentDays * dayMs)) {
      let descendants: ThreadStatus[];
      try {
        ({ descendants } = (await client.request("GET", `/api/v1/statuses/${encodeURIComponent(post.id)}/context`, contextSchema)).body);
      } catch (err) {
        if (isGone(err)) continue; // deleted since the list was read
        throw err;
      }
      for (const item of threadItems(post, descendants, opts)) {
        items.push(item);
        remember(item.externalId, { postExternalId: item.postExternalId, parentExternalId: item.parentExternalId, kind: item.kind ?? "comment" });
      }
      if (descendants.length < contextLimit) complete.push(post.id);
    }
    return { items, complete };
  }

  return {
    async fetchComments(channel: ChannelContext, cursor: string | null, at = new Date()): Promise<CommentPage> {
      const creds = deps.credentialsOf(channel.credentials);
      const client = deps.clientFor(creds);
      const opts: MapOptions = { accountId: creds.accountId, instanceHost: new URL(creds.instanceUrl).host };
      const state = decodeCursor(cursor);
      const due = state.sweptAt === null || at.getTime() - state.sweptAt >= sweepEveryMs || at.getTime() < state.sweptAt;
      try {
        const notifications = await mentionsAfter(client, state.notificationId, at);
        const items = new Map<string, RemoteComment>();
        let complete: string[] = [];
        if (due) {
          const swept = await sweep(client, creds, opts, at);
          for (const item of swept.items) items.set(item.externalId, item);
          complete = swept.complete;
        }
        let handled = state.notificationId;
        let lookups = 0;
        for (const n of notifications) {
          const s = n.status;
          if (s && s.account.id !== creds.accountId && !items.has(s.id)) {
            let place = places.get(s.id) ?? (s.in_reply_to_id ? undefined : placeOfMention(s, [], opts));
            if (!place) {
              if (lookups >= lookupsPerCall) break;
              lookups++;
              try {
                const { body } = await client.request("GET", `/api/v1/statuses/${encodeURIComponent(s.id)}/context`, contextSchema);
                place = placeOfMention(s, body.ancestors, opts);
              } catch (err) {
                if (!isGone(err)) throw err;
              }
            }
            if (place) {
              remember(s.id, place);
              items.set(s.id, itemOf(s, place, opts));
            }
          }
          handled = n.id;
        }
        const moved = handled !== state.notificationId || due;
        return {
          items: [...items.values()],
          // Nothing new and threads read recently: no more for now.
          cursor: moved ? encodeCursor({ notificationId: handled, sweptAt: due ? at.getTime() : state.sweptAt }) : null,
          complete,
        };
      } catch (err) {
        throw toConnectorError(err, "reading replies and mentions");
      }
    },

    /**
     * A status answering the comment, addressed to its author ("@acct " first unless the text
     * names them, as Mastodon apps do; a direct message reaches only whom it names) and never more
     * open than the comment. The Idempotency-Key makes a retried call return the same status.
     */
    async reply(channel, parentExternalId, text, opts = {}) {
      const creds = deps.credentialsOf(channel.credentials);
      const client = deps.clientFor(creds);
      if (text.trim() === "") throw new ConnectorError("invalid_content", "Write something: Mastodon does not post an empty reply.");
      let parent: ThreadStatus;
      try {
        const id = await localIdOf(client, parentExternalId);
        parent = (await client.request("GET", `/api/v1/statuses/${encodeURIComponent(id)}`, threadStatusSchema)).body;
      } catch (err) {
        throw isGone(err) ? gone("the reply", err) : toConnectorError(err, "the reply");
      }
      const mention = `@${parent.account.acct}`;
      const named = new RegExp(`(^|\\s)${mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w@.-])`, "i").test(text);
      const status = parent.account.id === creds.accountId || named ? text : `${mention} ${text}`;
      const length = deps.lengthOf(status, creds.limits.urlLength);
      if (length > creds.limits.maxCharacters) {
        throw new ConnectorError(
          "invalid_content",
          `The reply counts ${length} characters (with ${mention} in front); this Mastodon server allows ${creds.limits.maxCharacters}. Shorten it by ${length - creds.limits.maxCharacters}.`,
        );
      }
      const form = new URLSearchParams({ status, in_reply_to_id: parent.id, visibility: morePrivate(parent.visibility, creds.visibility) });
      try {
        const { body } = await client.request("POST", "/api/v1/statuses", statusSchema, { form, headers: opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : {} });
        return { externalId: body.id, url: body.url ?? body.uri };
      } catch (err) {
        throw isGone(err) ? gone("the reply", err) : toConnectorError(err, "the reply");
      }
    },

    async like(channel, commentExternalId) {
      const creds = deps.credentialsOf(channel.credentials);
      try {
        const client = deps.clientFor(creds);
        const id = await localIdOf(client, commentExternalId);
        await client.request("POST", `/api/v1/statuses/${encodeURIComponent(id)}/favourite`, statusSchema);
      } catch (err) {
        throw isGone(err) ? gone("the like", err) : toConnectorError(err, "the like");
      }
    },
  };
}
