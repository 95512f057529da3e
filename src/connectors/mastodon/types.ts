/**
 * Mastodon API shapes as Chorus sees them (https://docs.joinmastodon.org/methods/): what the user
 * fills in to connect, what is kept (the instance's own limits included), and the answers read back,
 * zod-parsed so a server that answers something else fails loudly instead of half-working.
 */
import { z } from "zod";

export const defaultInstanceUrl = "https://mastodon.social";

/** People type "mastodon.social", "https://mastodon.social/", or paste their profile's address. */
export function normalizeInstanceUrl(raw: string): string {
  const s = raw.trim();
  try {
    return new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`).origin;
  } catch {
    return s;
  }
}

export const visibilities = ["public", "unlisted", "private"] as const;

export function makeConnectSchema(defaultInstance: string) {
  return z
    .object({
      instanceUrl: z
        .string()
        .trim()
        .default(defaultInstance)
        .transform(normalizeInstanceUrl)
        .pipe(z.url({ protocol: /^https?$/, error: "Enter your Mastodon server's address, e.g. https://mastodon.social." })),
      accessToken: z
        .string()
        .trim()
        .min(1, "Create an application under Preferences → Development (scopes read and write) and paste its access token."),
      visibility: z.enum(visibilities).default("public"),
    })
    .strict();
}

/** The numbers validate() needs, read from the instance at connect time (defaults are Mastodon's own). */
export const instanceLimitsSchema = z.object({
  maxCharacters: z.number().int().positive(),
  maxMedia: z.number().int().nonnegative(),
  urlLength: z.number().int().nonnegative(),
  supportedMimeTypes: z.array(z.string()),
  imageSizeLimit: z.number().int().positive(),
  videoSizeLimit: z.number().int().positive(),
});
export type InstanceLimits = z.infer<typeof instanceLimitsSchema>;

export const defaultInstanceLimits: InstanceLimits = {
  maxCharacters: 500,
  maxMedia: 4,
  urlLength: 23,
  supportedMimeTypes: ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/quicktime", "video/webm"],
  imageSizeLimit: 16 * 1024 * 1024,
  videoSizeLimit: 99 * 1024 * 1024,
};

export const credentialsSchema = z.object({
  instanceUrl: z.url(),
  accessToken: z.string().min(1),
  visibility: z.enum(visibilities),
  accountId: z.string().min(1),
  limits: instanceLimitsSchema,
});
export type MastodonCredentials = z.infer<typeof credentialsSchema>;

/** Error answers: `{ error: "…" }`, OAuth ones with `error_description` too. */
export const errorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

export const accountSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().default(""),
  followers_count: z.number().int().default(0),
  following_count: z.number().int().default(0),
  statuses_count: z.number().int().default(0),
});

/** GET /api/v2/instance: only `configuration`, every number optional (older servers omit some). */
export const instanceSchema = z.looseObject({
  domain: z.string().optional(),
  configuration: z
    .looseObject({
      statuses: z
        .looseObject({
          max_characters: z.number().int().optional(),
          max_media_attachments: z.number().int().optional(),
          characters_reserved_per_url: z.number().int().optional(),
        })
        .optional(),
      media_attachments: z
        .looseObject({
          supported_mime_types: z.array(z.string()).optional(),
          image_size_limit: z.number().int().optional(),
          video_size_limit: z.number().int().optional(),
        })
        .optional(),
    })
    .optional(),
});

export function limitsFrom(instance: z.infer<typeof instanceSchema>): InstanceLimits {
  const s = instance.configuration?.statuses;
  const m = instance.configuration?.media_attachments;
  const d = defaultInstanceLimits;
  return {
    maxCharacters: s?.max_characters ?? d.maxCharacters,
    maxMedia: s?.max_media_attachments ?? d.maxMedia,
    urlLength: s?.characters_reserved_per_url ?? d.urlLength,
    supportedMimeTypes: m?.supported_mime_types ?? d.supportedMimeTypes,
    imageSizeLimit: m?.image_size_limit ?? d.imageSizeLimit,
    videoSizeLimit: m?.video_size_limit ?? d.videoSizeLimit,
  };
}

/** MediaAttachment: `url` is null while the server is still processing an upload. */
export const mediaSchema = z.looseObject({ id: z.string(), type: z.string(), url: z.string().nullable() });

export const statusSchema = z.looseObject({
  id: z.string(),
  created_at: z.string(),
  uri: z.string(),
  url: z.string().nullable().optional(),
  content: z.string().default(""),
  visibility: z.string().optional(),
  reblog: z.unknown().optional(),
  favourites_count: z.number().int().default(0),
  reblogs_count: z.number().int().default(0),
  replies_count: z.number().int().default(0),
  media_attachments: z.array(z.looseObject({ id: z.string() })).default([]),
});
export type MastodonStatus = z.infer<typeof statusSchema>;

/** Someone's Account as a status or notification names it (followers_count may be hidden: null). */
export const authorSchema = z.looseObject({
  id: z.string(),
  username: z.string().default(""),
  acct: z.string(),
  display_name: z.string().default(""),
  followers_count: z.number().int().nullable().optional(),
  avatar: z.string().optional(),
  url: z.string().nullable().optional(),
});
export type MastodonAuthor = z.infer<typeof authorSchema>;

/** A Status as the inbox reads it: who wrote it, where in a thread it is, and what it says (HTML). */
export const threadStatusSchema = z.looseObject({
  id: z.string(),
  created_at: z.string(),
  edited_at: z.string().nullable().optional(),
  in_reply_to_id: z.string().nullable().optional(),
  in_reply_to_account_id: z.string().nullable().optional(),
  visibility: z.string().default("public"),
  spoiler_text: z.string().default(""),
  content: z.string().default(""),
  uri: z.string().default(""),
  url: z.string().nullable().optional(),
  account: authorSchema,
  media_attachments: z.array(z.looseObject({ type: z.string() })).default([]),
});
export type ThreadStatus = z.infer<typeof threadStatusSchema>;

/** GET /api/v1/statuses/:id/context: the thread above a status (root first) and below it (in thread order). */
export const contextSchema = z.looseObject({ ancestors: z.array(threadStatusSchema).default([]), descendants: z.array(threadStatusSchema).default([]) });

/** A Notification; for type "mention" its status is the status that mentions the account. */
export const notificationSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
  status: threadStatusSchema.nullable().optional(),
});
export type MastodonNotification = z.infer<typeof notificationSchema>;
