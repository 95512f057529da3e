/**
 * The composer's working copy of a post: what the form edits, how it starts from a saved post (or
 * from nothing), and how it becomes the API's body. A variant's text is null while it follows the
 * base text, so the server can tell a customised variant from one that is not.
 */
import { ApiError } from "../../api.js";
import { fromZoneInput, toZoneInput } from "../../common/zone.js";
import type { AdMark, Post, PostBody, PostFormat } from "../types.js";

export type MediaDraft = { mediaId: string; alt: string };
export type ThreadDraft = { key: string; text: string; delayMinutes: string };

export type VariantDraft = {
  channelId: string;
  /** null: follows the base text. */
  text: string | null;
  media: MediaDraft[];
  link: string;
  thread: ThreadDraft[];
  /** datetime-local value on the brand's clock. */
  time: string;
};

/** The advertising section as typed; `on` false: not an ad. */
export type AdDraft = { on: boolean; rules: AdMark["rules"]; advertiser: string; advertiserTaxId: string; erid: string };

export type Draft = {
  ad: AdDraft;
  baseText: string;
  format: PostFormat;
  rubric: string;
  tags: string;
  campaign: string;
  /** Selected channels, in the order they were picked (the variants' order in the body). */
  channelIds: string[];
  variants: Record<string, VariantDraft>;
  /** One time for every channel, or one per variant. */
  sameTime: boolean;
  time: string;
};

let keySeq = 0;
export const newKey = () => `k${++keySeq}`;

export function emptyVariant(channelId: string): VariantDraft {
  return { channelId, text: null, media: [], link: "", thread: [], time: "" };
}

const noAd: AdDraft = { on: false, rules: "ru", advertiser: "", advertiserTaxId: "", erid: "" };

/** The mark the body carries: null when the post is not an ad. */
export function adOf(draft: Draft): AdMark | null {
  const a = draft.ad;
  if (!a.on) return null;
  return { rules: a.rules, advertiser: a.advertiser.trim(), advertiserTaxId: a.advertiserTaxId.trim() || null, erid: a.erid.trim() || null };
}

export function emptyDraft(time = ""): Draft {
  return { ad: noAd, baseText: "", format: "text", rubric: "", tags: "", campaign: "", channelIds: [], variants: {}, sameTime: true, time };
}

export function draftFromPost(post: Post, zone: string): Draft {
  const times = new Set(post.variants.map((v) => v.scheduledAt ?? ""));
  const sameTime = times.size <= 1;
  const variants: Record<string, VariantDraft> = {};
  for (const v of post.variants) {
    variants[v.channelId] = {
      channelId: v.channelId,
      // A text that differs from the base text is the variant's own, whatever the flag says.
      text: v.customised || v.text !== post.baseText ? v.text : null,
      media: v.media.map((m) => ({ mediaId: m.mediaId, alt: m.alt ?? "" })),
      link: v.link ?? "",
      thread: v.thread.map((t) => ({ key: newKey(), text: t.text, delayMinutes: t.delayMinutes ? String(t.delayMinutes) : "" })),
      time: toZoneInput(v.scheduledAt, zone),
    };
  }
  return {
    ad: post.ad ? { on: true, rules: post.ad.rules, advertiser: post.ad.advertiser, advertiserTaxId: post.ad.advertiserTaxId ?? "", erid: post.ad.erid ?? "" } : noAd,
    baseText: post.baseText,
    format: post.format,
    rubric: post.rubric ?? "",
    tags: post.tags.join(", "),
    campaign: post.campaign ?? "",
    channelIds: post.variants.map((v) => v.channelId),
    variants,
    sameTime,
    time: sameTime ? toZoneInput(post.variants[0]?.scheduledAt, zone) : "",
  };
}

export const variantText = (draft: Draft, v: VariantDraft) => v.text ?? draft.baseText;

export const variantTime = (draft: Draft, v: VariantDraft) => (draft.sameTime ? draft.time : v.time);

export function toBody(draft: Draft, zone: string): PostBody {
  return {
    baseText: draft.baseText,
    format: draft.format,
    rubric: draft.rubric || null,
    tags: draft.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    campaign: draft.campaign.trim() || null,
    ad: adOf(draft),
    variants: draft.channelIds.map((channelId) => {
      const v = draft.variants[channelId] ?? emptyVariant(channelId);
      return {
        channelId,
        ...(v.text !== null ? { text: v.text } : {}),
        media: v.media.map((m) => ({ mediaId: m.mediaId, alt: m.alt.trim() || null })),
        link: v.link.trim() || null,
        thread: v.thread.map((t) => ({ text: t.text, delayMinutes: t.delayMinutes ? Number(t.delayMinutes) : 0 })),
        scheduledAt: fromZoneInput(variantTime(draft, v), zone),
      };
    }),
  };
}

/** The body without times: what needs a new approval when it changes. */
export function contentOf(body: PostBody): string {
  return JSON.stringify({ ...body, variants: body.variants.map(({ scheduledAt: _s, ...rest }) => rest) });
}

export type FieldErrors = { post: Record<string, string>; byChannel: Record<string, Record<string, string>> };

/**
 * Spreads the server's `errors[]` over the form: `variants.<i>.<field>` goes to the i-th
 * channel of `order` (the order of the body sent, or of the saved post's variants).
 */
export function spreadErrors(err: unknown, order: string[]): FieldErrors {
  const out: FieldErrors = { post: {}, byChannel: {} };
  if (!(err instanceof ApiError)) return out;
  for (const e of err.errors) {
    const m = /^variants\.(\d+)\.(.+)$/.exec(e.path);
    const channelId = m ? order[Number(m[1])] : undefined;
    if (m && channelId) {
      const field = m[2] as string;
      const slot = out.byChannel[channelId] ?? {};
      slot[field] = slot[field] ? `${slot[field]} ${e.message}` : e.message;
      out.byChannel[channelId] = slot;
    } else {
      out.post[e.path] = e.message;
    }
  }
  return out;
}
