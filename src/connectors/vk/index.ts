/**
 * VK: publishing on a community's wall (API 5.199, https://dev.vk.com/ru/method). Implemented from
 * the official documentation and tested against a local server answering the documented shapes
 * (test/support/fake-vk.ts).
 *
 * wall.post, photos.getWallUploadServer and video.save are documented for user access tokens, so the
 * token is a community administrator's or editor's user token (wall, photos, video, groups scopes),
 * not a community token. Idempotency: wall.post and wall.createComment take a `guid` that VK
 * documents as preventing the same post from being sent twice; Chorus derives it from the
 * idempotency key, so a retried call does not create a second post. Uploaded photos and videos are
 * not covered by it: a retry uploads them again (unattached copies, invisible on the wall).
 *
 * The inbox (inbox.ts) reads the comments under the community's recent posts and answers them as
 * the community; VK has no way to hide a wall comment, so hide is absent. Social listening
 * (search: newsfeed.search with the same user token) lives in search.ts.
 */
import crypto from "node:crypto";
import type { Connector, ContentProblem, Limits, MediaInput, PostMetrics, PublishResult, VariantInput } from "../types.js";
import { ConnectorError } from "../types.js";
import { createVkClient, type VkClient } from "./client.js";
import { readCommunityStats } from "./stats.js";
import { toConnectorError, VkApiError } from "./errors.js";
import { createVkInbox } from "./inbox.js";
import { createVkPublicPages } from "./public-page.js";
import { createVkSearch } from "./search.js";
import {
  commentSchema,
  connectSchema,
  credentialsSchema,
  defaultBaseUrl,
  groupsByIdSchema,
  okNumberSchema,
  permissionsSchema,
  photoUploadSchema,
  postAttachmentsSchema,
  postsByIdSchema,
  savedPhotosSchema,
  scopeBits,
  uploadServerSchema,
  type VkCredentials,
  type VkGroup,
  videoSaveSchema,
  videoUploadSchema,
  wallCountSchema,
  wallEditSchema,
  wallPostSchema,
} from "./types.js";

const MB = 1024 * 1024;
/** A post's text: up to 16384 characters; up to 10 attachments, the link included. */
const maxLength = 16_384;
const maxAttachments = 10;
/** Wall photos: JPG, PNG, GIF; at most 50 MB, width + height at most 14000 px, sides at most 1:20. */
const photoTypes = ["image/jpeg", "image/png", "image/gif"];
const maxPhotoBytes = 50 * MB;
/** video.save takes AVI, MP4, 3GP, MPEG, MOV, FLV, WMV; VK documents no size limit, Chorus caps uploads at 2 GB. */
const videoTypes = ["video/mp4", "video/quicktime", "video/x-msvideo", "video/mpeg", "video/3gpp", "video/x-flv", "video/x-ms-wmv"];
const maxVideoBytes = 2048 * MB;

const limits: Limits = {
  maxLength,
  lengthUnit: "characters",
  maxMedia: maxAttachments,
  mediaTypes: [...photoTypes, ...videoTypes],
  maxMediaBytes: maxVideoBytes,
};

const isPhoto = (m: MediaInput) => photoTypes.includes(m.type);
const charCount = (text: string) => [...text].length;

export function validateVkVariant(variant: VariantInput): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const length = charCount(variant.text);
  if (length > maxLength) {
    problems.push({ field: "text", message: `The text is ${length} characters long; VK allows ${maxLength}. Shorten it by ${length - maxLength}.` });
  }
  if (variant.text.trim() === "" && variant.media.length === 0 && !variant.link) {
    problems.push({ field: "text", message: "Write some text or attach media: an empty post cannot be published." });
  }
  const attachments = variant.media.length + (variant.link ? 1 : 0);
  if (attachments > maxAttachments) {
    problems.push({
      field: "media",
      message: `${attachments} attachments${variant.link ? " (the link counts as one)" : ""}; a VK post holds up to ${maxAttachments}.`,
    });
  }
  variant.media.forEach((m, i) => {
    const field = `media.${i}`;
    if (!limits.mediaTypes.includes(m.type)) {
      problems.push({ field, message: `${m.type} cannot be posted to VK; use JPEG, PNG or GIF photos, or MP4/MOV video.` });
      return;
    }
    if (!isPhoto(m)) {
      if (m.bytes > maxVideoBytes) problems.push({ field, message: "The video is larger than 2 GB, more than Chorus uploads to VK." });
      return;
    }
    if (m.bytes > maxPhotoBytes) problems.push({ field, message: `The photo is ${(m.bytes / MB).toFixed(1)} MB; VK accepts photos up to 50 MB.` });
    if (m.width && m.height) {
      if (m.width + m.height > 14_000) {
        problems.push({ field, message: `The photo is ${m.width}×${m.height}; VK needs width + height of at most 14000 pixels.` });
      }
      const ratio = Math.max(m.width, m.height) / Math.min(m.width, m.height);
      if (ratio > 20) problems.push({ field, message: `The photo's sides differ ${ratio.toFixed(0)} times; VK allows at most 1:20.` });
    }
  });
  return problems;
}

/** externalId: "<owner_id>_<post_id>" for a post, "<owner_id>_<post_id>_<comment_id>" for a comment under it. */
export function parseVkId(externalId: string): { ownerId: number; postId: number; commentId: number | null } {
  const m = /^(-?\d+)_(\d+)(?:_(\d+))?$/.exec(externalId);
  if (!m) throw new ConnectorError("invalid_content", `"${externalId}" is not a VK post id that Chorus wrote.`);
  return { ownerId: Number(m[1]), postId: Number(m[2]), commentId: m[3] ? Number(m[3]) : null };
}
export const postUrl = (ownerId: number, postId: number, commentId: number | null = null) =>
  `https://vk.com/wall${ownerId}_${postId}${commentId ? `?reply=${commentId}` : ""}`;

/**
 * The attachments parameter that keeps a post's attachments as they are: wall.edit replaces them
 * with what it is sent, so an edit sends back what wall.getById reports (`<type><owner_id>_<id>`,
 * with the access key when there is one; a link as its URL). Null for one Chorus cannot name.
 */
export function attachmentString(a: { type: string } & Record<string, unknown>): string | null {
  const body = a[a.type];
  if (!body || typeof body !== "object") return null;
  const o = body as { id?: unknown; owner_id?: unknown; access_key?: unknown; url?: unknown };
  if (a.type === "link") return typeof o.url === "string" ? o.url : null;
  if (typeof o.id !== "number" || typeof o.owner_id !== "number") return null;
  return `${a.type}${o.owner_id}_${o.id}${typeof o.access_key === "string" && o.access_key ? `_${o.access_key}` : ""}`;
}

/** A guid from the idempotency key: the same key always gives the same guid. */
export const guidFor = (idempotencyKey: string) => crypto.createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32);

function credentialsOf(credentials: Record<string, unknown>): VkCredentials {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    throw new ConnectorError("revoked", "The VK community settings are unreadable. Reconnect the channel.", { cause: parsed.error });
  }
  return parsed.data;
}

async function fileOf(m: MediaInput, i: number): Promise<{ blob: Blob; name: string }> {
  if (!m.read) throw new ConnectorError("invalid_content", `Media file ${i + 1} could not be read for upload.`);
  const bytes = await m.read();
  return { blob: new Blob([new Uint8Array(bytes)], { type: m.type }), name: m.fileName ?? `file${i}.${m.type.split("/")[1] ?? "bin"}` };
}

/**
 * The documented upload flows, one file after another (VK allows a user token 3 requests a second):
 * photos.getWallUploadServer → POST "photo" → photos.saveWallPhoto → photo<owner>_<id>;
 * video.save → POST "video_file" → video<owner>_<id>.
 */
async function uploadMedia(client: VkClient, groupId: number, media: MediaInput[]): Promise<string[]> {
  const attachments: string[] = [];
  let photoServer: string | null = null;
  for (const [i, m] of media.entries()) {
    const file = await fileOf(m, i);
    if (isPhoto(m)) {
      photoServer ??= (await client.call("photos.getWallUploadServer", { group_id: groupId }, uploadServerSchema)).upload_url;
      const uploaded = await client.upload(photoServer, "photo", file, photoUploadSchema);
      if (uploaded.photo === "[]" || uploaded.photo === "") {
        throw new ConnectorError("invalid_content", `VK did not accept ${file.name} as a photo (wrong format, size or sides).`);
      }
      const [saved] = await client.call(
        "photos.saveWallPhoto",
        { group_id: groupId, photo: uploaded.photo, server: uploaded.server, hash: uploaded.hash },
        savedPhotosSchema,
      );
      attachments.push(`photo${saved!.owner_id}_${saved!.id}`);
    } else {
      const target = await client.call("video.save", { group_id: groupId, name: file.name.slice(0, 128), wallpost: 0 }, videoSaveSchema);
      await client.upload(target.upload_url, "video_file", file, videoUploadSchema);
      attachments.push(`video${target.owner_id}_${target.video_id}`);
    }
  }
  return attachments;
}

export function createVkConnector(config: { baseUrl?: string; fetch?: typeof fetch; minIntervalMs?: number } = {}): Connector {
  const baseUrl = config.baseUrl ?? defaultBaseUrl;
  const doFetch = config.fetch ?? globalThis.fetch;
  const clientFor = (accessToken: string) => createVkClient({ baseUrl, accessToken, fetch: doFetch });
  const attempt = async <T>(doing: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toConnectorError(err, doing);
    }
  };
  const inbox = createVkInbox({ clientFor, credentialsOf, parseVkId, guidFor, minIntervalMs: config.minIntervalMs ?? 350 });
  const search = createVkSearch({ clientFor, credentialsOf });
  const publicPages = createVkPublicPages({ clientFor, credentialsOf, minIntervalMs: config.minIntervalMs ?? 350 });
  const groupOf = async (client: VkClient, groupId: number | string, fields: string): Promise<VkGroup> => {
    const [group] = await client.call("groups.getById", { group_id: groupId, fields }, groupsByIdSchema);
    if (!group) throw new ConnectorError("invalid_content", `VK has no community ${groupId}.`);
    if (group.deactivated) throw new ConnectorError("revoked", `The VK community ${group.name} is ${group.deactivated}.`);
    return group;
  };
  /** is_admin/admin_level come back only for a user token with the groups scope; 2 is an editor, 3 an administrator. */
  const editorProblem = (group: VkGroup): string | null =>
    group.is_admin === 0 || (group.admin_level !== undefined && group.admin_level < 2)
      ? `The account behind the token is no longer an editor or administrator of ${group.name}.`
      : null;
  const scopeProblem = (mask: number): string | null => {
    const missing = Object.entries(scopeBits)
      .filter(([, bit]) => (mask & bit) === 0)
      .map(([name]) => name);
    return missing.length ? `The token lacks the ${missing.join(", ")} permission${missing.length > 1 ? "s" : ""}. Create a token with wall, photos, video and groups.` : null;
  };

  return {
    network: "vk",
    displayName: "VK",
    simulated: false,
    publicPageChannel: "required",
    capabilities: {
      publish: true,
      delete: true,
      edit: true,
      postMetrics: true,
      channelStats: true,
      comments: true,
      reply: true,
      hide: false,
      like: true,
      directMessages: false,
      search: true,
      sampleFollowers: false,
      publicPages: true,
    },
    limits,
    connectSchema,

    async connect(input) {
      const params = connectSchema.parse(input);
      const client = clientFor(params.accessToken);
      try {
        const group = await groupOf(client, params.groupId, "members_count,is_admin,admin_level");
        // A cheap authorised call: it fails for a revoked token and tells which scopes the token has.
        const mask = await client.call("account.getAppPermissions", {}, permissionsSchema);
        const problem = scopeProblem(mask) ?? editorProblem(group);
        if (problem) throw new ConnectorError("revoked", problem);
        return {
          externalId: `-${group.id}`,
          handle: group.screen_name,
          name: group.name,
          credentials: { accessToken: params.accessToken, groupId: group.id, screenName: group.screen_name } satisfies VkCredentials,
        };
      } catch (err) {
        if (err instanceof VkApiError && err.errorCode === 27) {
          throw new ConnectorError("revoked", "This is a community token; VK lets only a user token (of a community administrator or editor) post on the wall.", {
            cause: err,
          });
        }
        throw toConnectorError(err, "connecting the community");
      }
    },

    validate: validateVkVariant,

    async publish(channel, variant, idempotencyKey, opts): Promise<PublishResult> {
      const creds = credentialsOf(channel.credentials);
      const problems = validateVkVariant(variant);
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const client = clientFor(creds.accessToken);
      const ownerId = -creds.groupId;
      const attachments = await attempt("uploading media", () => uploadMedia(client, creds.groupId, variant.media));
      // One external link per post, sent as an attachment: VK shows it as a card.
      if (variant.link) attachments.push(variant.link);
      const common = {
        message: variant.text || undefined,
        attachments: attachments.length ? attachments.join(",") : undefined,
        guid: guidFor(idempotencyKey),
      };
      const publishedAt = new Date().toISOString();

      if (opts?.replyTo) {
        // A thread item or first comment: a comment under the root post, as the community.
        const root = parseVkId(opts.replyTo.rootExternalId);
        const parent = parseVkId(opts.replyTo.parentExternalId);
        const { comment_id } = await attempt("publishing the comment", () =>
          client.call(
            "wall.createComment",
            { owner_id: root.ownerId, post_id: root.postId, from_group: creds.groupId, reply_to_comment: parent.commentId ?? undefined, ...common },
            commentSchema,
          ),
        );
        return { externalId: `${root.ownerId}_${root.postId}_${comment_id}`, url: postUrl(root.ownerId, root.postId, comment_id), publishedAt };
      }
      const { post_id } = await attempt("publishing the post", () =>
        client.call("wall.post", { owner_id: ownerId, from_group: 1, ...common }, wallPostSchema),
      );
      return { externalId: `${ownerId}_${post_id}`, url: postUrl(ownerId, post_id), publishedAt };
    },

    async delete(channel, externalId) {
      const creds = credentialsOf(channel.credentials);
      const { ownerId, postId, commentId } = parseVkId(externalId);
      const client = clientFor(creds.accessToken);
      await attempt("deleting the post", () =>
        commentId
          ? client.call("wall.deleteComment", { owner_id: ownerId, comment_id: commentId }, okNumberSchema)
          : client.call("wall.delete", { owner_id: ownerId, post_id: postId }, okNumberSchema),
      );
    },

    /**
     * wall.edit: the new message, the attachments kept as they are on VK (read with wall.getById
     * right before, since wall.edit replaces whatever it is not sent). Only posts: a thread item
     * published as a comment is not edited here.
     */
    async edit(channel, externalId, variant): Promise<PublishResult> {
      const creds = credentialsOf(channel.credentials);
      const { ownerId, postId, commentId } = parseVkId(externalId);
      if (commentId !== null) throw new ConnectorError("invalid_content", "Chorus edits VK posts, not comments under them.");
      // The media are the post's own on VK already: only the text is checked.
      const problems = validateVkVariant({ ...variant, media: [], link: null }).filter((p) => p.field === "text" && variant.text.trim() !== "");
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const client = clientFor(creds.accessToken);
      return attempt("editing the post", async () => {
        const [post] = await client.call("wall.getById", { posts: `${ownerId}_${postId}` }, postAttachmentsSchema);
        if (!post) throw new ConnectorError("invalid_content", "The post is no longer on the community's wall (it was deleted).");
        const kept = (post.attachments ?? []).map(attachmentString);
        if (kept.some((a) => a === null)) {
          throw new ConnectorError("invalid_content", "The post has an attachment Chorus cannot keep while editing; edit it on VK instead.");
        }
        if (!variant.text.trim() && kept.length === 0) throw new ConnectorError("invalid_content", "Write some text: an empty post cannot be saved.");
        await client.call(
          "wall.edit",
          { owner_id: ownerId, post_id: postId, message: variant.text, attachments: kept.length ? kept.join(",") : undefined },
          wallEditSchema,
        );
        return { externalId, url: postUrl(ownerId, postId), publishedAt: new Date().toISOString() };
      });
    },

    /** Posts only (comments have no counters here); deleted and unknown posts are left out. VK reports no reach per post to this call. */
    async fetchPostMetrics(channel, externalIds) {
      const creds = credentialsOf(channel.credentials);
      const client = clientFor(creds.accessToken);
      const postIds = externalIds.filter((id) => parseVkId(id).commentId === null);
      const found = new Map<string, PostMetrics>();
      for (let i = 0; i < postIds.length; i += 100) {
        const batch = postIds.slice(i, i + 100);
        const posts = await attempt("reading post metrics", () => client.call("wall.getById", { posts: batch.join(",") }, postsByIdSchema));
        for (const p of posts) {
          const externalId = `${p.owner_id}_${p.id}`;
          found.set(externalId, {
            externalId,
            reach: null,
            impressions: null,
            views: p.views?.count ?? null,
            likes: p.likes?.count ?? 0,
            comments: p.comments?.count ?? 0,
            reposts: p.reposts?.count ?? 0,
            saves: null,
          });
        }
      }
      return postIds.flatMap((id) => found.get(id) ?? []);
    },

    async fetchChannelStats(channel, at = new Date()) {
      const creds = credentialsOf(channel.credentials);
      const client = clientFor(creds.accessToken);
      return attempt("reading community statistics", async () => {
        const group = await groupOf(client, creds.groupId, "members_count");
        // count=1 keeps the answer small; `count` is the wall's total either way.
        const wall = await client.call("wall.get", { owner_id: -creds.groupId, count: 1 }, wallCountSchema);
        // Subscribed, unsubscribed, reach and the audience's breakdowns, where the token may read them (stats.ts).
        const daily = await readCommunityStats(client, creds.groupId, at);
        return { followers: group.members_count ?? 0, following: null, posts: wall.count, ...(daily ?? {}) };
      });
    },

    ...inbox,
    ...search,
    ...publicPages,

    async checkHealth(channel) {
      const creds = credentialsOf(channel.credentials);
      const client = clientFor(creds.accessToken);
      try {
        const group = await groupOf(client, creds.groupId, "is_admin,admin_level");
        const mask = await client.call("account.getAppPermissions", {}, permissionsSchema);
        const problem = scopeProblem(mask) ?? editorProblem(group);
        return { ok: problem === null, message: problem, expiresAt: null, rateLimit: null };
      } catch (err) {
        return { ok: false, message: toConnectorError(err, "checking the community").message, expiresAt: null, rateLimit: null };
      }
    },
  };
}
