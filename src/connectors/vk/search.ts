/**
 * Social listening on VK: public posts matching one term through newsfeed.search
 * (https://dev.vk.com/ru/method/newsfeed.search), newest first, 200 a page (the most it gives),
 * next_from → start_from, extended=1 with the authors' followers_count / members_count where VK
 * shares them. The term goes as q as it is: a word, a "quoted phrase" or a #hashtag (VK's search
 * reads hashtags itself).
 *
 * The token: newsfeed.search is documented for user and service tokens. A VK channel already holds
 * a user token (of the community's administrator or editor: connect() refuses community tokens),
 * and that is what searches; no extra permission is needed. With a community (group) token VK
 * answers error 27 ("method is unavailable with group auth"), which becomes a `revoked` error
 * saying to reconnect with a user token.
 *
 * Limits VK sets: without start_time it searches only the last 24 hours, so the first page fixes a
 * window of `windowDays` before `at` and keeps it in the cursor for the pages after; and only the
 * first 1000 results of a search can be reached, however it is paged.
 */
import { z } from "zod";
import type { ChannelContext, Connector, Page, RemotePost } from "../types.js";
import { ConnectorError } from "../types.js";
import type { VkClient } from "./client.js";
import { toConnectorError, VkApiError } from "./errors.js";
import { commentGroupSchema, profileSchema, type VkCredentials } from "./types.js";

type Deps = {
  clientFor(accessToken: string): VkClient;
  credentialsOf(credentials: Record<string, unknown>): VkCredentials;
};

/** newsfeed.search's maximum count. */
const pageSize = 200;
const dayMs = 86_400_000;
/** How far back the first page of a search reaches (VK's own default is one day). */
export const windowDays = 30;
/** Asked for with extended=1: the authors' handles and audiences. */
const authorFields = "screen_name,followers_count,members_count";

const counter = z.looseObject({ count: z.number().int() }).optional();
/** wall_wallpost_full as newsfeed.search returns it; a repost's own text may be empty (its copy_history holds the original). */
const searchPostSchema = z.looseObject({
  id: z.number().int(),
  owner_id: z.number().int(),
  from_id: z.number().int().optional(),
  date: z.number().int(),
  text: z.string().default(""),
  likes: counter,
  reposts: counter,
  comments: counter,
  attachments: z.array(z.looseObject({ type: z.string(), link: z.looseObject({ url: z.string() }).optional() })).optional(),
  copy_history: z.array(z.looseObject({ text: z.string().default("") })).optional(),
});
type SearchPost = z.infer<typeof searchPostSchema>;
const searchPageSchema = z.looseObject({
  items: z.array(z.unknown()).default([]),
  profiles: z.array(profileSchema).default([]),
  groups: z.array(commentGroupSchema).default([]),
  next_from: z.string().optional(),
});
type SearchPage = z.infer<typeof searchPageSchema>;

/** The cursor: "<start_time>:<next_from>", so every page of one search covers the same window. */
function parseCursor(cursor: string | null): { startTime: number; startFrom: string } | null {
  const m = cursor ? /^(\d+):(.+)$/.exec(cursor) : null;
  return m ? { startTime: Number(m[1]), startFrom: m[2]! } : null;
}

/** VK's in-text links to people and communities ("[id1|Павел]", "[club1|VK]") read as their names. */
export const plainVkText = (text: string): string => text.replace(/\[(?:id|club|public|event)\d+\|([^\]]*)\]/g, "$1");

function authorOf(fromId: number, page: SearchPage): Pick<RemotePost, "authorName" | "authorHandle" | "authorFollowers"> {
  if (fromId > 0) {
    const p = page.profiles.find((x) => x.id === fromId);
    const name = p ? `${p.first_name} ${p.last_name}`.trim() : "";
    return { authorName: name || `id${fromId}`, authorHandle: p?.screen_name ?? `id${fromId}`, authorFollowers: p?.followers_count ?? null };
  }
  const g = page.groups.find((x) => x.id === -fromId);
  return { authorName: g?.name || `club${-fromId}`, authorHandle: g?.screen_name ?? `club${-fromId}`, authorFollowers: g?.members_count ?? null };
}

export function toRemotePost(post: SearchPost, page: SearchPage): RemotePost {
  const links = [...new Set((post.attachments ?? []).flatMap((a) => (a.type === "link" && a.link ? [a.link.url] : [])))];
  return {
    externalId: `${post.owner_id}_${post.id}`,
    url: `https://vk.com/wall${post.owner_id}_${post.id}`,
    // from_id is who wrote it (a person on a community's wall, say); the wall's owner otherwise.
    ...authorOf(post.from_id ?? post.owner_id, page),
    // A repost's own words, then the shared post's: the search may have matched either.
    text: plainVkText([post.text, post.copy_history?.[0]?.text ?? ""].filter((t) => t.trim() !== "").join("\n\n")),
    occurredAt: new Date(post.date * 1000).toISOString(),
    likes: post.likes?.count ?? 0,
    reposts: post.reposts?.count ?? 0,
    replies: post.comments?.count ?? 0,
    ...(links.length > 0 ? { links } : {}),
  };
}

export function createVkSearch(deps: Deps): Pick<Connector, "search"> {
  return {
    async search(channel: ChannelContext, term: string, cursor: string | null, at = new Date()): Promise<Page<RemotePost>> {
      const creds = deps.credentialsOf(channel.credentials);
      const q = term.trim();
      if (q === "") return { items: [], cursor: null };
      const state = parseCursor(cursor);
      const startTime = state?.startTime ?? Math.floor((at.getTime() - windowDays * dayMs) / 1000);
      let page: SearchPage;
      try {
        page = await deps.clientFor(creds.accessToken).call(
          "newsfeed.search",
          { q, count: pageSize, extended: 1, fields: authorFields, start_time: startTime, start_from: state?.startFrom },
          searchPageSchema,
        );
      } catch (err) {
        if (err instanceof VkApiError && err.errorCode === 27) {
          throw new ConnectorError("revoked", "VK searches posts only with a user token, and this channel holds a community token. Reconnect the community with a user token of its administrator or editor.", { cause: err });
        }
        throw toConnectorError(err, "searching posts");
      }
      const items: RemotePost[] = [];
      for (const raw of page.items) {
        const post = searchPostSchema.safeParse(raw);
        if (post.success) items.push(toRemotePost(post.data, page));
      }
      const next = page.next_from && page.items.length > 0 ? `${startTime}:${page.next_from}` : null;
      return { items, cursor: next };
    },
  };
}
