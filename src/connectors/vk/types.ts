/**
 * VK API (version 5.199, https://dev.vk.com/ru/method) shapes as Chorus sees them: what the user
 * fills in to connect a community, what is kept, and the answers read back, zod-parsed so a server
 * that answers something else fails loudly instead of half-working.
 */
import { z } from "zod";

export const defaultBaseUrl = "https://api.vk.com";
export const apiVersion = "5.199";

/**
 * People paste the community as 12345, -12345, club12345, public12345, a screen name or its
 * address (https://vk.com/north_coffee): numeric ids become numbers, the rest a screen name.
 */
export function normalizeGroupId(raw: string | number): number | string {
  if (typeof raw === "number") return Math.abs(raw);
  const s = raw
    .trim()
    .replace(/^(https?:\/\/)?(m\.)?vk\.(com|ru)\//i, "")
    .replace(/^@/, "")
    .replace(/\/+$/, "");
  const numeric = /^(?:-|club|public|event)?(\d+)$/i.exec(s);
  return numeric ? Number(numeric[1]) : s;
}

export const connectSchema = z
  .object({
    accessToken: z
      .string()
      .trim()
      .min(1, "Paste an access token of a community administrator or editor with the wall, photos, video and groups permissions."),
    groupId: z
      .union([z.string(), z.number()])
      .transform(normalizeGroupId)
      .pipe(
        z.union([
          z.number().int().positive(),
          z.string().regex(/^[A-Za-z0-9_.]{2,64}$/, "Enter the community's id (12345), address (vk.com/name) or short name."),
        ]),
      ),
  })
  .strict();

export const credentialsSchema = z.object({
  accessToken: z.string().min(1),
  groupId: z.number().int().positive(),
  screenName: z.string(),
});
export type VkCredentials = z.infer<typeof credentialsSchema>;

/** Every answer is `{ response }` or `{ error: { error_code, error_msg, request_params } }`. */
export const errorEnvelopeSchema = z.object({
  error: z.looseObject({
    error_code: z.number().int(),
    error_msg: z.string().default(""),
    request_params: z.array(z.looseObject({ key: z.string(), value: z.string() })).optional(),
  }),
});
export const okEnvelopeSchema = z.object({ response: z.unknown() });

export const groupSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  screen_name: z.string(),
  members_count: z.number().int().optional(),
  deactivated: z.string().optional(),
  is_admin: z.number().int().optional(),
  admin_level: z.number().int().optional(),
});
export type VkGroup = z.infer<typeof groupSchema>;
/** groups.getById answers `{ groups, profiles }` in 5.199; older versions answered the bare array. */
export const groupsByIdSchema = z
  .union([z.looseObject({ groups: z.array(groupSchema) }), z.array(groupSchema)])
  .transform((r) => (Array.isArray(r) ? r : r.groups));

/** account.getAppPermissions: a bit mask of the token's scopes (dev.vk.com "Права доступа"). */
export const permissionsSchema = z.number().int();
export const scopeBits = { photos: 4, video: 16, wall: 8192, groups: 262144 } as const;

export const uploadServerSchema = z.looseObject({ upload_url: z.url() });
/** What the upload server answers for a wall photo; `photo` is "[]" when it kept nothing. */
export const photoUploadSchema = z.looseObject({ server: z.number().int(), photo: z.string(), hash: z.string() });
export const savedPhotosSchema = z.array(z.looseObject({ id: z.number().int(), owner_id: z.number().int() })).min(1);
export const videoSaveSchema = z.looseObject({ upload_url: z.url(), video_id: z.number().int(), owner_id: z.number().int() });
export const videoUploadSchema = z.looseObject({ video_id: z.number().int().optional(), size: z.number().optional() });

export const wallPostSchema = z.looseObject({ post_id: z.number().int() });
export const commentSchema = z.looseObject({ comment_id: z.number().int() });

const counter = z.looseObject({ count: z.number().int() }).optional();
export const postSchema = z.looseObject({
  id: z.number().int(),
  owner_id: z.number().int(),
  date: z.number().int(),
  views: counter,
  likes: counter,
  reposts: counter,
  comments: counter,
});
/** wall.getById answers `{ items }` in recent versions and the bare array in older ones. */
export const postsByIdSchema = z
  .union([z.looseObject({ items: z.array(postSchema) }), z.array(postSchema)])
  .transform((r) => (Array.isArray(r) ? r : r.items));
/** A post's attachments as wall.getById returns them: `{ type, <type>: { id, owner_id, access_key? } }`, a link as `{ type: "link", link: { url } }`. */
export const attachmentSchema = z.looseObject({ type: z.string() });
const postWithAttachments = z.looseObject({ id: z.number().int(), owner_id: z.number().int(), attachments: z.array(attachmentSchema).optional() });
export const postAttachmentsSchema = z
  .union([z.looseObject({ items: z.array(postWithAttachments) }), z.array(postWithAttachments)])
  .transform((r) => (Array.isArray(r) ? r : r.items));
/** wall.edit answers `{ post_id }` in 5.199 (1 in older versions). */
export const wallEditSchema = z.union([z.looseObject({ post_id: z.number().int() }), z.literal(1)]);
export const wallCountSchema = z.looseObject({ count: z.number().int() });
export const okNumberSchema = z.literal(1);

/** wall.get for the inbox: the wall's recent posts with their comment counters. */
export const wallPostsSchema = z.looseObject({
  count: z.number().int(),
  items: z.array(z.looseObject({ id: z.number().int(), owner_id: z.number().int(), date: z.number().int(), comments: counter })).default([]),
});

/** A wall comment (wall.getComments). A deleted one keeps its place, with `deleted: true` and no text, while it has replies. */
const commentFields = {
  id: z.number().int(),
  from_id: z.number().int().default(0),
  date: z.number().int(),
  text: z.string().default(""),
  reply_to_comment: z.number().int().optional(),
  parents_stack: z.array(z.number().int()).optional(),
  deleted: z.union([z.boolean(), z.number()]).optional(),
  attachments: z.array(attachmentSchema).optional(),
};
export const threadItemSchema = z.looseObject(commentFields);
export type VkComment = z.infer<typeof threadItemSchema>;
export const topCommentSchema = z.looseObject({
  ...commentFields,
  thread: z.looseObject({ count: z.number().int().default(0), items: z.array(threadItemSchema).default([]) }).optional(),
});
export type VkTopComment = z.infer<typeof topCommentSchema>;

/** extended=1 adds the authors: people in `profiles`, communities in `groups`. */
export const profileSchema = z.looseObject({
  id: z.number().int(),
  first_name: z.string().default(""),
  last_name: z.string().default(""),
  screen_name: z.string().optional(),
  photo_100: z.string().optional(),
  followers_count: z.number().int().optional(),
});
export const commentGroupSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().default(""),
  screen_name: z.string().optional(),
  photo_100: z.string().optional(),
  members_count: z.number().int().optional(),
});
export const commentsPageSchema = z.looseObject({
  count: z.number().int().default(0),
  current_level_count: z.number().int().optional(),
  items: z.array(topCommentSchema).default([]),
  profiles: z.array(profileSchema).default([]),
  groups: z.array(commentGroupSchema).default([]),
});
export type VkCommentsPage = z.infer<typeof commentsPageSchema>;
export const likesAddSchema = z.looseObject({ likes: z.number().int() });
