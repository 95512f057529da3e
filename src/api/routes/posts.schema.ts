/** Request and response shapes of the publishing API (they are also its OpenAPI description). */
import { z } from "zod";
import { postFormats } from "../../connectors/types.js";
import { adMarkSchema } from "../../domain/ad-disclosure.js";
import { id } from "../context.js";

const instant = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time with a time zone, e.g. 2026-12-01T09:30:00+03:00" });
const mediaRef = z.strictObject({ mediaId: id, alt: z.string().max(2000).nullable().optional() });
const threadItem = z.strictObject({
  text: z.string().max(100_000),
  media: z.array(mediaRef).max(20).optional(),
  delayMinutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
});
const httpUrl = z.url({ protocol: /^https?$/, message: "Use an http(s) address" }).max(2000);

export const variantBody = z.strictObject({
  channelId: id,
  text: z.string().max(100_000).optional(),
  media: z.array(mediaRef).max(20).optional(),
  link: httpUrl.nullable().optional(),
  thread: z.array(threadItem).max(25).optional(),
  scheduledAt: instant.nullable().optional(),
});

const postFields = {
  baseText: z.string().max(100_000),
  rubric: z.string().max(60).nullable().optional(),
  format: z.enum(postFormats),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  campaign: z.string().trim().max(100).nullable().optional(),
  ad: adMarkSchema.nullable().optional().describe("Marks the post as advertising: the label, advertiser and erid token are added when it is sent; null: not an ad"),
  variants: z.array(variantBody).min(1).max(50),
};

export const createPostBody = z.strictObject({ brandId: id, ...postFields });
export const updatePostBody = z.strictObject(postFields).partial();

const publication = z.object({
  item: z.number(),
  status: z.string(),
  url: z.string().nullable(),
  externalId: z.string().nullable(),
  error: z.string().nullable(),
  publishedAt: z.string().nullable(),
  late: z.boolean(),
});
const problem = z.object({ field: z.string(), message: z.string() });

export const variantView = z.object({
  id: z.string(),
  channelId: z.string(),
  network: z.string(),
  networkName: z.string(),
  simulated: z.boolean(),
  channelName: z.string(),
  handle: z.string(),
  text: z.string(),
  customised: z.boolean(),
  media: z.array(z.object({ mediaId: z.string(), alt: z.string().nullable().optional() })),
  link: z.string().nullable(),
  thread: z.array(z.object({ text: z.string(), media: z.array(z.object({ mediaId: z.string(), alt: z.string().nullable().optional() })), delayMinutes: z.number() })),
  scheduledAt: z.string().nullable(),
  status: z.string(),
  error: z.string().nullable(),
  publications: z.array(publication),
  problems: z.array(problem),
});

const postBase = {
  id: z.string(),
  brandId: z.string(),
  status: z.string(),
  baseText: z.string(),
  rubric: z.string().nullable(),
  format: z.string(),
  tags: z.array(z.string()),
  campaign: z.string().nullable(),
  ad: z.object({ rules: z.string(), advertiser: z.string(), advertiserTaxId: z.string().nullable(), erid: z.string().nullable() }).nullable(),
  recurrence: z.object({ rrule: z.string().nullable(), evergreenDays: z.number().nullable(), parentId: z.string().nullable() }),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  variants: z.array(variantView),
  approvals: z.array(
    z.object({
      id: z.string(),
      step: z.number(),
      stepName: z.string(),
      status: z.string(),
      decidedBy: z.string().nullable(),
      comment: z.string().nullable(),
      createdAt: z.string(),
      decidedAt: z.string().nullable(),
      expiresAt: z.string().nullable(),
    }),
  ),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), approve: z.boolean(), schedule: z.boolean(), cancel: z.boolean(), delete: z.boolean() }),
};

export const postView = z.object({
  ...postBase,
  history: z.array(z.object({ action: z.string(), actorName: z.string().nullable(), data: z.record(z.string(), z.unknown()), createdAt: z.string() })),
});
export const postListItem = z.object(postBase);

export const variantStatus = z.enum(["draft", "scheduled", "publishing", "published", "failed", "unconfirmed", "held", "cancelled"]);
export const postStatus = z.enum(["draft", "in_review", "approved", "scheduled", "publishing", "published", "failed", "cancelled"]);

export const calendarQuery = z.strictObject({
  from: instant,
  to: instant,
  brandId: id.optional(),
  channelId: id.optional(),
  rubric: z.string().max(60).optional(),
  status: variantStatus.optional(),
  campaign: z.string().max(100).optional(),
});

export const calendarItem = z.object({
  variantId: z.string(),
  postId: z.string(),
  brandId: z.string(),
  channelId: z.string(),
  network: z.string(),
  networkName: z.string(),
  channelName: z.string(),
  title: z.string(),
  at: z.string(),
  status: z.string(),
  postStatus: z.string(),
  rubric: z.string().nullable(),
  campaign: z.string().nullable(),
  url: z.string().nullable(),
});

export const validateBody = z.strictObject({
  channelId: id,
  text: z.string().max(100_000),
  format: z.enum(postFormats),
  media: z.array(mediaRef).max(20).default([]),
  link: httpUrl.nullable().optional(),
  /** The post's campaign and id, when known: links are measured with the UTM tags they will carry. */
  campaign: z.string().trim().max(100).nullable().optional(),
  postId: id.optional(),
  /** The post's advertising mark: the text is measured with its label, and a missing token is a problem. */
  ad: adMarkSchema.nullable().optional(),
});

export { instant };
