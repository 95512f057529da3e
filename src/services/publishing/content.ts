/**
 * Checking a variant's content against its network before anything is scheduled: the network's
 * own rules (length in its unit, media count, type and size, links) plus Chorus's own (a channel
 * of the post's brand, a time in the future).
 */
import type { ChannelContext, Connector, ContentProblem, MediaInput } from "../../connectors/types.js";
import { type AdMark, adProblems, discloseAd } from "../../domain/ad-disclosure.js";
import { type FieldProblem, notFound } from "../../errors.js";
import { requireAccess } from "../access.js";
import type { MediaRef, PublishingDeps } from "./deps.js";

export type ThreadItem = { text: string; media: MediaRef[]; delayMinutes: number };

export type VariantContent = {
  text: string;
  format: string;
  media: MediaRef[];
  link: string | null;
  thread: ThreadItem[];
};

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Stands in for the id of a post not saved yet: same length, so tagged links measure the same. */
const placeholderPostId = "00000000-0000-7000-8000-000000000000";

/** Length in the unit the network counts: Bluesky graphemes, Telegram UTF-16 code units, others characters. */
export function lengthIn(text: string, unit: Connector["limits"]["lengthUnit"]): number {
  if (unit === "utf16") return text.length;
  if (unit === "characters") return [...text].length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

async function mediaOf(deps: PublishingDeps, workspaceId: string, refs: MediaRef[], prefix: string): Promise<MediaInput[] | FieldProblem[]> {
  if (refs.length === 0) return [];
  try {
    return await deps.media(workspaceId, refs, { withReader: false });
  } catch (err) {
    const errors = (err as { errors?: FieldProblem[] }).errors;
    // The resolver names paths "media.<i>"; re-root them under this item (thread.2.media.<i>).
    if (errors) return errors.map((e) => ({ path: e.path.replace(/^media\./, `${prefix}.`), message: e.message }));
    throw err;
  }
}

const isProblemList = (x: MediaInput[] | FieldProblem[]): x is FieldProblem[] => x.length > 0 && "path" in (x[0] as object);

/** Every problem of one variant, with paths relative to the variant (text, media.0, thread.1.text …). */
export async function contentProblems(
  deps: PublishingDeps,
  connector: Connector,
  workspaceId: string,
  content: VariantContent,
  channel?: ChannelContext,
  sent?: { channelId: string; network: string; campaign: string | null; postId: string | null; ad?: AdMark | null | undefined },
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const check = async (prefix: string, raw: { text: string; media: MediaRef[]; link: string | null; format: string }) => {
    // Measure what will be sent: links gain UTM tags (or become short links) right before publishing,
    // and an advertising post its label (on the first item only: that is where readers see it).
    const linked = sent
      ? await deps.linksPreview({ ...sent, postId: sent.postId ?? placeholderPostId, text: raw.text, link: raw.link })
      : { text: raw.text, link: raw.link };
    const asSent = prefix === "" ? discloseAd(linked, sent?.ad ?? null) : linked;
    const item = { ...raw, text: asSent.text, link: asSent.link };
    const media = await mediaOf(deps, workspaceId, item.media, prefix ? `${prefix}.media` : "media");
    if (isProblemList(media)) {
      problems.push(...media);
      return;
    }
    if (!item.text.trim() && media.length === 0) {
      problems.push({ path: prefix ? `${prefix}.text` : "text", message: "Write some text or attach media: an empty post cannot be published." });
      return;
    }
    const found: ContentProblem[] = connector.validate({ text: item.text, format: item.format, media, link: item.link }, channel);
    for (const p of found) problems.push({ path: prefix ? `${prefix}.${p.field}` : p.field, message: p.message });
  };
  await check("", { text: content.text, media: content.media, link: content.link, format: content.format });
  for (const [i, item] of content.thread.entries()) {
    await check(`thread.${i}`, { text: item.text, media: item.media, link: null, format: item.media.length ? "image" : "text" });
  }
  return problems;
}

/** Live validation for the composer: the problems of one variant and its length in the network's unit. */
export async function validateDraft(
  deps: PublishingDeps,
  actor: { userId: string; tokenWorkspaceId?: string | undefined },
  workspaceId: string,
  input: {
    channelId: string;
    text: string;
    format: string;
    media: MediaRef[];
    link: string | null;
    campaign?: string | null | undefined;
    postId?: string | null | undefined;
    ad?: AdMark | null | undefined;
  },
) {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  const channel = await deps.db
    .selectFrom("channels")
    .select(["network", "external_id", "handle", "credentials_enc"])
    .where("id", "=", input.channelId)
    .where("workspace_id", "=", workspaceId)
    .where("status", "!=", "disconnected")
    .executeTakeFirst();
  if (!channel) throw notFound("Channel");
  const connector = deps.registry.get(channel.network);
  if (!connector) throw notFound("Network");
  const sent = { channelId: input.channelId, network: channel.network, campaign: input.campaign ?? null, postId: input.postId ?? null, ad: input.ad ?? null };
  const problems = [...adProblems(sent.ad), ...(await contentProblems(deps, connector, workspaceId, { ...input, thread: [] }, channelContextOf(deps, channel), sent))];
  const linked = await deps.linksPreview({ ...sent, postId: sent.postId ?? placeholderPostId, text: input.text, link: input.link });
  const measured = discloseAd(linked, sent.ad).text;
  return {
    problems: problems.map((p) => ({ field: p.path, message: p.message })),
    length: { count: lengthIn(measured, connector.limits.lengthUnit), max: connector.limits.maxLength, unit: connector.limits.lengthUnit },
  };
}

/** The channel as validate() sees it (credentials decrypted for the call), or undefined without credentials. */
export function channelContextOf(
  deps: Pick<PublishingDeps, "secrets">,
  c: { external_id: string; handle: string; credentials_enc: string | null },
): ChannelContext | undefined {
  if (!c.credentials_enc) return undefined;
  return { externalId: c.external_id, handle: c.handle, credentials: deps.secrets.decryptJson<Record<string, unknown>>(c.credentials_enc) };
}
