/**
 * Another VK community's public page, from the official documentation (dev.vk.com, API 5.199),
 * read with the brand's VK channel token (VK answers no method without a token):
 * - groups.getById with group_id (a number or the short name) and fields=members_count — the
 *   community, its members; error 100 for a name that names nothing; `deactivated` for a deleted
 *   or banned one;
 * - wall.get with owner_id=-<group id>, filter=owner (the community's own posts, not suggested
 *   ones), count=100 and offset, newest first (a pinned post comes first whatever its age), until
 *   the posts are older than `since`. `count` is the wall's total. A closed community's wall is
 *   not public (error 15 or 30): the profile is kept, its posts are unknown.
 * Likes, comments, reposts and views are public on VK; reach is not.
 */
import { z } from "zod";
import { type ChannelContext, ConnectorError, type PostFormat, type PublicPage, PublicPageNotFoundError, type PublicPost } from "../types.js";
import type { VkClient } from "./client.js";
import { toConnectorError, VkApiError } from "./errors.js";
import { plainVkText } from "./search.js";
import { groupsByIdSchema, normalizeGroupId, type VkCredentials } from "./types.js";

type Deps = {
  clientFor(accessToken: string): VkClient;
  credentialsOf(credentials: Record<string, unknown>): VkCredentials;
  /** Pause between wall pages: a user token may make 3 calls a second. */
  minIntervalMs: number;
};

const pageSize = 100;
const maxPages = 5;
/** "Access denied" codes for a wall that is not public (closed or private community). */
const closedWall = new Set([15, 30]);

const counter = z.looseObject({ count: z.number().int() }).optional();
const attachment = z.looseObject({ type: z.string() });
const wallItemSchema = z.looseObject({
  id: z.number().int(),
  owner_id: z.number().int(),
  date: z.number().int(),
  text: z.string().default(""),
  is_pinned: z.union([z.number(), z.boolean()]).optional(),
  attachments: z.array(attachment).optional(),
  copy_history: z.array(z.looseObject({ text: z.string().default(""), attachments: z.array(attachment).optional() })).optional(),
  likes: counter,
  reposts: counter,
  comments: counter,
  views: counter,
});
type WallItem = z.infer<typeof wallItemSchema>;
const wallPageSchema = z.looseObject({ count: z.number().int(), items: z.array(z.unknown()).default([]) });

/** Several photos make a carousel; a video or a clip a video; a link attachment a link. */
export function vkFormatOf(attachments: { type: string }[]): PostFormat {
  const types = attachments.map((a) => a.type);
  if (types.some((t) => t === "video" || t === "clip")) return "video";
  const photos = types.filter((t) => t === "photo").length;
  if (photos > 1) return "carousel";
  if (photos === 1) return "image";
  return types.includes("link") ? "link" : "text";
}

function toPublicPost(p: WallItem): PublicPost {
  const shared = p.copy_history?.[0];
  const attachments = p.attachments?.length ? p.attachments : (shared?.attachments ?? []);
  return {
    externalId: `${p.owner_id}_${p.id}`,
    url: `https://vk.com/wall${p.owner_id}_${p.id}`,
    publishedAt: new Date(p.date * 1000).toISOString(),
    text: plainVkText([p.text, shared?.text ?? ""].filter((t) => t.trim() !== "").join("\n\n")),
    format: vkFormatOf(attachments),
    likes: p.likes?.count ?? null,
    comments: p.comments?.count ?? null,
    reposts: p.reposts?.count ?? null,
    views: p.views?.count ?? null,
  };
}

const pause = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export function createVkPublicPages(deps: Deps) {
  return {
    async fetchPublicPage(channel: ChannelContext | null, page: string, opts: { since?: Date | undefined } = {}): Promise<PublicPage> {
      if (!channel) throw new ConnectorError("revoked", "VK communities are read with the token of one of the brand's VK channels: connect one first.");
      const creds = deps.credentialsOf(channel.credentials);
      const client = deps.clientFor(creds.accessToken);
      const id = normalizeGroupId(page);
      if (typeof id === "string" && !/^[A-Za-z0-9_.]{2,64}$/.test(id)) throw new PublicPageNotFoundError(`"${page}" is not a VK community: paste its address (vk.com/name) or id.`);
      const since = opts.since ?? new Date(Date.now() - 30 * 86_400_000);
      try {
        let groups: z.infer<typeof groupsByIdSchema>;
        try {
          groups = await client.call("groups.getById", { group_id: id, fields: "members_count" }, groupsByIdSchema);
        } catch (err) {
          if (err instanceof VkApiError && err.errorCode === 100) throw new PublicPageNotFoundError(`VK has no community ${page}.`, { cause: err });
          throw err;
        }
        const group = groups[0];
        if (!group) throw new PublicPageNotFoundError(`VK has no community ${page}.`);
        if (group.deactivated) throw new PublicPageNotFoundError(`The VK community ${group.name} is ${group.deactivated === "banned" ? "blocked by VK" : "deleted"}.`);
        let total: number | null = null;
        let posts: PublicPost[] | null = [];
        for (let n = 0; n < maxPages; n++) {
          if (n > 0) await pause(deps.minIntervalMs);
          let wall: z.infer<typeof wallPageSchema>;
          try {
            wall = await client.call("wall.get", { owner_id: -group.id, filter: "owner", count: pageSize, offset: n * pageSize }, wallPageSchema);
          } catch (err) {
            if (err instanceof VkApiError && closedWall.has(err.errorCode)) {
              posts = null;
              break;
            }
            throw err;
          }
          total = wall.count;
          let older = false;
          for (const raw of wall.items) {
            const item = wallItemSchema.safeParse(raw);
            if (!item.success) continue;
            if (item.data.date * 1000 < since.getTime()) {
              // A pinned post sits on top whatever its age: only an unpinned old one ends the wall.
              if (!item.data.is_pinned) older = true;
              continue;
            }
            posts.push(toPublicPost(item.data));
          }
          if (older || wall.items.length < pageSize || (n + 1) * pageSize >= wall.count) break;
        }
        return {
          profile: {
            externalId: `-${group.id}`,
            handle: group.screen_name,
            name: group.name,
            url: `https://vk.com/${group.screen_name}`,
            followers: group.members_count ?? null,
            following: null,
            posts: total,
          },
          posts,
        };
      } catch (err) {
        throw toConnectorError(err, "reading a public community");
      }
    },
  };
}
