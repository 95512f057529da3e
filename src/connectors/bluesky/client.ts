/**
 * Talking to a Bluesky PDS with @atproto/api: a session per call built from the stored tokens,
 * the deterministic record key that makes publishing idempotent, the external-id format, and the
 * post record (rich-text facets, image/video/link embeds, reply refs).
 */
import crypto from "node:crypto";
import {
  Agent,
  type AppBskyEmbedExternal,
  type AppBskyEmbedImages,
  type AppBskyEmbedVideo,
  type AppBskyFeedPost,
  type AtpSessionData,
  type AtpSessionEvent,
  type BlobRef,
  CredentialSession,
  RichText,
  XRPCError,
} from "@atproto/api";
import { type ChannelContext, ConnectorError, type MediaInput, type VariantInput } from "../types.js";
import { toConnectorError } from "./errors.js";
import { type BlueskyCredentials, credentialsSchema, type PostRef, postRecordSchema } from "./types.js";

export const postCollection = "app.bsky.feed.post";

/** app.bsky.feed.post text: 300 graphemes and, for long emoji sequences, 3000 UTF-8 bytes. */
export const maxTextGraphemes = 300;
export const maxTextBytes = 3000;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export type FetchLike = typeof fetch;

export function credentialsOf(channel: ChannelContext): BlueskyCredentials {
  const parsed = credentialsSchema.safeParse(channel.credentials);
  if (!parsed.success) {
    throw new ConnectorError("auth_expired", "The Bluesky channel's saved session is unreadable. Reconnect it with an app password.", {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/**
 * Runs `fn` with an agent signed in with the channel's stored session. No refresh is forced up
 * front: @atproto/api refreshes by itself when the PDS answers "expired", and every rotated token
 * pair is saved before this returns, because the PDS revokes the previous refresh token two hours
 * after a rotation and a lost rotation would disconnect the channel.
 *
 * So a caller that cannot save (no saveCredentials) never rotates: the session is handed to
 * @atproto/api without its refresh token, and an expired access token becomes a transient error
 * — the next call that can save renews the session.
 */
export async function withAgent<T>(
  channel: ChannelContext,
  fetchImpl: FetchLike | undefined,
  doing: string,
  fn: (agent: Agent, did: string, refreshJwt: () => string) => Promise<T>,
): Promise<T> {
  const creds = credentialsOf(channel);
  const save = channel.saveCredentials;
  const saves: Promise<void>[] = [];
  let manager: CredentialSession;
  const persist = (event: AtpSessionEvent, session: AtpSessionData | undefined) => {
    if (event !== "update" || !session || !save) return;
    const next: BlueskyCredentials = {
      service: creds.service,
      did: session.did,
      handle: session.handle,
      accessJwt: session.accessJwt,
      refreshJwt: session.refreshJwt,
      ...(manager.pdsUrl ? { pdsUrl: manager.pdsUrl.toString() } : {}),
    };
    saves.push(save(next));
  };
  manager = new CredentialSession(new URL(creds.service), fetchImpl, persist);
  // @atproto/api only refreshes a session that has a refresh token.
  const refreshJwt = save ? creds.refreshJwt : "";
  manager.session = { did: creds.did, handle: creds.handle, accessJwt: creds.accessJwt, refreshJwt, active: true };
  if (creds.pdsUrl) manager.pdsUrl = new URL(creds.pdsUrl);
  const agent = new Agent(manager);

  let result: T;
  try {
    result = await fn(agent, creds.did, () => manager.session?.refreshJwt || creds.refreshJwt);
  } catch (err) {
    await Promise.allSettled(saves);
    if (!save && err instanceof XRPCError && err.error === "ExpiredToken") {
      throw new ConnectorError("transient", `The Bluesky session needs renewing, which ${doing} cannot save; the next publish renews it.`, {
        cause: err,
      });
    }
    throw toConnectorError(err, doing);
  }
  try {
    await Promise.all(saves);
  } catch (err) {
    // The call itself succeeded; the retry this causes is safe (publish is idempotent), and
    // the previous refresh token still works for two hours, so the next call can save again.
    throw new ConnectorError("transient", "Bluesky renewed the channel's session but it could not be saved.", { cause: err });
  }
  return result;
}

/** Signs in with an app password; the session (not the password) is what Chorus keeps. */
export async function login(
  params: { service: string; identifier: string; appPassword: string },
  fetchImpl: FetchLike | undefined,
): Promise<{ agent: Agent; credentials: BlueskyCredentials }> {
  const manager = new CredentialSession(new URL(params.service), fetchImpl);
  try {
    await manager.login({ identifier: params.identifier, password: params.appPassword });
  } catch (err) {
    if (err instanceof XRPCError && (err.status === 401 || err.error === "AuthFactorTokenRequired")) {
      throw new ConnectorError(
        "auth_expired",
        "Bluesky did not accept this handle and app password. Check both, and use an app password (Settings → Privacy and security → App passwords), not the account password.",
        { cause: err },
      );
    }
    throw toConnectorError(err, "signing in");
  }
  const session = manager.session!;
  return {
    agent: new Agent(manager),
    credentials: {
      service: params.service,
      did: session.did,
      handle: session.handle,
      accessJwt: session.accessJwt,
      refreshJwt: session.refreshJwt,
      ...(manager.pdsUrl ? { pdsUrl: manager.pdsUrl.toString() } : {}),
    },
  };
}

/** A session token's `exp` claim (read, not verified: only the PDS can verify it). */
export function tokenExpiry(jwt: string): Date | null {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" ? new Date(payload.exp * 1000) : null;
  } catch {
    return null;
  }
}

// ---- Idempotency: the record key -------------------------------------------------------------

const s32 = "234567abcdefghijklmnopqrstuvwxyz";
/** 2023-01-01T00:00:00Z in microseconds. */
const rkeyEpochMicros = BigInt(Date.UTC(2023, 0, 1)) * 1000n;
/**
 * The record key for a post published under `idempotencyKey`. app.bsky.feed.post's lexicon says
 * its keys are TIDs (13 base32-sortable characters: a 53-bit microsecond timestamp and a 10-bit
 * clock id), and the PDS enforces it. The key is derived from a SHA-256 of the idempotency key so
 * a retried publish addresses the same record, which the PDS will not create twice. 55 bits come
 * from the hash (collision odds are negligible within one account); the timestamp falls between
 * 2023-01-01 and 2024-02, in the past, so a derived key can never sort ahead of the account's
 * future posts in repo order (feeds order by createdAt, which is the real time).
 */
export function rkeyFor(idempotencyKey: string): string {
  const digest = crypto.createHash("sha256").update(`chorus:bluesky:${idempotencyKey}`).digest();
  const bits = digest.readBigUInt64BE(0) >> 9n; // 55 bits
  const clockId = bits & 0x3ffn;
  const micros = rkeyEpochMicros + (bits >> 10n);
  let n = (micros << 10n) | clockId;
  let out = "";
  for (let i = 0; i < 13; i++) {
    out = s32[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export const tidPattern = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

// ---- External ids --------------------------------------------------------------------------------

/** A reply needs both the URI and the CID of its parent and root, so the external id carries both. */
export const encodeExternalId = (ref: PostRef): string => `${ref.uri}|${ref.cid}`;

export function decodeExternalId(externalId: string): PostRef & { did: string; rkey: string } {
  const match = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]+)\|([a-z0-9]+)$/.exec(externalId);
  if (!match) throw new ConnectorError("invalid_content", `"${externalId}" is not a Bluesky post id (at://…/app.bsky.feed.post/…|cid).`);
  const [, did, rkey, cid] = match as unknown as [string, string, string, string];
  return { uri: `at://${did}/${postCollection}/${rkey}`, cid, did, rkey };
}

/** The documented web address of a post; the handle form is what people share. */
export const postUrl = (handle: string, rkey: string): string =>
  `https://bsky.app/profile/${encodeURIComponent(handle)}/post/${encodeURIComponent(rkey)}`;

// ---- Reading and writing posts -------------------------------------------------------------------

/** The post at `rkey` in the account's repo, or null when there is none. */
export async function getPost(agent: Agent, did: string, rkey: string): Promise<(PostRef & { createdAt: string }) | null> {
  try {
    const res = await agent.com.atproto.repo.getRecord({ repo: did, collection: postCollection, rkey });
    const rec = postRecordSchema.parse(res.data);
    return { uri: rec.uri, cid: rec.cid, createdAt: rec.value.createdAt };
  } catch (err) {
    if (err instanceof XRPCError && err.error === "RecordNotFound") return null;
    throw err;
  }
}

/**
 * Creates the post at `rkey` once: a previous attempt may have gone through (its answer lost), and
 * then that post is the answer. `build` runs only when there is none yet. A concurrent attempt may
 * take the key between the look-up and the create (the PDS answers a create at a taken key with a
 * bare 500, not "already exists"): after a failed create the key is looked up again, and only when
 * it is still free does the error stand.
 */
export async function createPostOnce(
  agent: Agent,
  did: string,
  rkey: string,
  build: () => Promise<AppBskyFeedPost.Record>,
): Promise<PostRef & { createdAt: string }> {
  const before = await getPost(agent, did, rkey);
  if (before) return before;
  const record = await build();
  try {
    const res = await agent.com.atproto.repo.createRecord({ repo: did, collection: postCollection, rkey, record });
    return { uri: res.data.uri, cid: res.data.cid, createdAt: record.createdAt };
  } catch (err) {
    const after = await getPost(agent, did, rkey).catch(() => null);
    if (after) return after;
    throw err;
  }
}

type Embed = AppBskyFeedPost.Record["embed"];

async function readMedia(m: MediaInput, i: number): Promise<Buffer> {
  if (!m.read) throw new ConnectorError("invalid_content", `Media ${i + 1} cannot be read for upload.`);
  return m.read();
}

const aspectRatioOf = (m: MediaInput): { width: number; height: number } | undefined =>
  m.width && m.height && m.width > 0 && m.height > 0 ? { width: Math.round(m.width), height: Math.round(m.height) } : undefined;

async function upload(agent: Agent, m: MediaInput, i: number): Promise<BlobRef> {
  const res = await agent.uploadBlob(await readMedia(m, i), { encoding: m.type });
  return res.data.blob;
}

/**
 * The embed: images, or a video, or — for a post with a link and no media — a link card. The card
 * carries the URL only (title and description left empty) until Chorus fetches link previews.
 */
async function buildEmbed(agent: Agent, variant: VariantInput, facetLink: string | undefined): Promise<Embed> {
  const images = variant.media.filter((m) => m.type.startsWith("image/"));
  const video = variant.media.find((m) => m.type.startsWith("video/"));
  if (images.length > 0) {
    const items: AppBskyEmbedImages.Image[] = [];
    for (const [i, m] of images.entries()) {
      const aspectRatio = aspectRatioOf(m);
      items.push({ image: await upload(agent, m, i), alt: m.alt ?? "", ...(aspectRatio ? { aspectRatio } : {}) });
    }
    return { $type: "app.bsky.embed.images", images: items } satisfies AppBskyEmbedImages.Main;
  }
  if (video) {
    const aspectRatio = aspectRatioOf(video);
    return {
      $type: "app.bsky.embed.video",
      video: await upload(agent, video, 0),
      ...(video.alt ? { alt: video.alt } : {}),
      ...(aspectRatio ? { aspectRatio } : {}),
    } satisfies AppBskyEmbedVideo.Main;
  }
  const link = variant.link ?? facetLink;
  if (link) {
    return { $type: "app.bsky.embed.external", external: { uri: link, title: "", description: "" } } satisfies AppBskyEmbedExternal.Main;
  }
  return undefined;
}

/** The post record: text with facets (links, mentions resolved to DIDs, hashtags), embed, reply refs. */
export async function buildPost(
  agent: Agent,
  variant: VariantInput,
  replyTo: { parent: PostRef; root: PostRef } | undefined,
  now: Date,
): Promise<AppBskyFeedPost.Record> {
  const rt = new RichText({ text: variant.text });
  // Mentions of handles that do not resolve are left as plain text, as Bluesky's own app does.
  await rt.detectFacets(agent);
  const facetLink = rt.facets
    ?.flatMap((f) => f.features)
    .map((f) => (f.$type === "app.bsky.richtext.facet#link" ? (f as { uri?: unknown }).uri : undefined))
    .find((uri): uri is string => typeof uri === "string");
  const embed = await buildEmbed(agent, variant, facetLink);
  return {
    $type: "app.bsky.feed.post",
    text: rt.text,
    createdAt: now.toISOString(),
    ...(rt.facets && rt.facets.length > 0 ? { facets: rt.facets } : {}),
    ...(embed ? { embed } : {}),
    ...(replyTo ? { reply: { root: replyTo.root, parent: replyTo.parent } } : {}),
  };
}
