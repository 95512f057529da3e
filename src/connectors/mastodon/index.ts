/**
 * Mastodon: publishing statuses to an account on any Mastodon server (https://docs.joinmastodon.org/methods/).
 * Implemented from the official documentation and tested against a local server answering the
 * documented shapes (test/support/fake-mastodon.ts).
 *
 * Every server sets its own limits; connect() reads them from /api/v2/instance into the channel's
 * credentials; validate() given the channel and publish() check against them (without a
 * channel, validate() uses Mastodon's defaults: 500 characters, 4 media, a URL counts as 23).
 *
 * The inbox (inbox.ts) reads replies under the account's posts, mentions and direct messages, and
 * answers them; Mastodon has no way to hide or delete someone else's status. Social listening
 * (search: full-text search and hashtag timelines) lives in search.ts.
 */
import type { ChannelHealth, Connector, ContentProblem, Limits, MediaInput, PublishResult, VariantInput } from "../types.js";
import { ConnectorError } from "../types.js";
import { createMastodonClient, type MastodonClient, type MastodonResponse } from "./client.js";
import { MastodonApiError, toConnectorError } from "./errors.js";
import { htmlToText } from "./html.js";
import { createMastodonInbox } from "./inbox.js";
import { createMastodonPublicPages } from "./public-page.js";
import { createMastodonSearch } from "./search.js";
import {
  accountSchema,
  credentialsSchema,
  defaultInstanceLimits,
  defaultInstanceUrl,
  type InstanceLimits,
  instanceSchema,
  limitsFrom,
  makeConnectSchema,
  type MastodonCredentials,
  type MastodonStatus,
  mediaSchema,
  statusSchema,
} from "./types.js";
import { z } from "zod";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const graphemes = (s: string) => {
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
};
const urlPattern = /https?:\/\/[^\s<>"]+/g;
const remoteMention = /(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * Mastodon's count: every URL is `urlLength` characters whatever its length, a mention of a remote
 * account counts only its @username, everything else counts grapheme clusters.
 */
export function mastodonLength(text: string, urlLength = defaultInstanceLimits.urlLength): number {
  const urls = text.match(urlPattern) ?? [];
  const rest = text.replace(urlPattern, "").replace(remoteMention, "$1");
  return graphemes(rest) + urls.length * urlLength;
}

/** The link goes into the text (Mastodon shows a preview card for it) unless the text already has it. */
export function textWithLink(variant: Pick<VariantInput, "text" | "link">): string {
  const link = variant.link?.trim();
  if (!link || variant.text.includes(link)) return variant.text;
  return variant.text.trim() ? `${variant.text}\n\n${link}` : link;
}

const isVideo = (m: MediaInput) => m.type.startsWith("video/");
const MB = 1024 * 1024;

export function validateMastodonVariant(variant: VariantInput, limits: InstanceLimits = defaultInstanceLimits): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const text = textWithLink(variant);
  const length = mastodonLength(text, limits.urlLength);
  if (length > limits.maxCharacters) {
    problems.push({
      field: "text",
      message: `The text counts ${length} characters (each link counts as ${limits.urlLength}); this Mastodon server allows ${limits.maxCharacters}. Shorten it by ${length - limits.maxCharacters}.`,
    });
  }
  if (text.trim() === "" && variant.media.length === 0) {
    problems.push({ field: "text", message: "Write some text or attach media: an empty post cannot be published." });
  }
  if (variant.media.length > limits.maxMedia) {
    problems.push({ field: "media", message: `${variant.media.length} media files attached; this Mastodon server allows ${limits.maxMedia} per post.` });
  }
  if (variant.media.length > 1 && variant.media.some(isVideo)) {
    problems.push({ field: "media", message: "Mastodon attaches a video only on its own: remove the other files or post them separately." });
  }
  variant.media.forEach((m, i) => {
    const field = `media.${i}`;
    const kind = m.type.split("/")[0];
    if ((kind !== "image" && kind !== "video") || !limits.supportedMimeTypes.includes(m.type)) {
      problems.push({ field, message: `${m.type} is not accepted by this Mastodon server.` });
      return;
    }
    const max = isVideo(m) ? limits.videoSizeLimit : limits.imageSizeLimit;
    if (m.bytes > max) {
      problems.push({ field, message: `The file is ${(m.bytes / MB).toFixed(1)} MB; this Mastodon server accepts ${isVideo(m) ? "videos" : "images"} up to ${(max / MB).toFixed(0)} MB.` });
    }
  });
  return problems;
}

const staticLimits: Limits = {
  maxLength: defaultInstanceLimits.maxCharacters,
  lengthUnit: "graphemes",
  maxMedia: defaultInstanceLimits.maxMedia,
  mediaTypes: defaultInstanceLimits.supportedMimeTypes,
  maxMediaBytes: defaultInstanceLimits.videoSizeLimit,
};

/** A status's HTML content as plain text, for comparing with what was sent (html.ts). */
export const plainText = htmlToText;
/** Letters and digits only: Mastodon rewrites whitespace, links and remote mentions when it renders. */
const comparable = (s: string) => s.replace(remoteMention, "$1").replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase();

/** Mastodon keeps an Idempotency-Key for one hour; a retry within 55 minutes of the attempt is answered with the original status. */
const idempotencyWindowMs = 55 * 60_000;
const maxPages = 5;

function credentialsOf(credentials: Record<string, unknown>): MastodonCredentials {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    throw new ConnectorError("revoked", "The Mastodon account settings are unreadable. Reconnect the channel.", { cause: parsed.error });
  }
  return parsed.data;
}

const rateLimitOf = (headers: Headers): ChannelHealth["rateLimit"] => {
  const num = (name: string) => {
    const v = headers.get(name);
    return v !== null && Number.isFinite(Number(v)) ? Number(v) : null;
  };
  const reset = Date.parse(headers.get("x-ratelimit-reset") ?? "");
  return { limit: num("x-ratelimit-limit"), remaining: num("x-ratelimit-remaining"), resetAt: Number.isFinite(reset) ? new Date(reset).toISOString() : null };
};
const resultOf = (s: MastodonStatus): PublishResult => ({ externalId: s.id, url: s.url ?? s.uri, publishedAt: new Date(s.created_at).toISOString() });

export type MastodonConnectorConfig = {
  /** The server offered by default in the connect form. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** How often, and how long, to wait for a server that processes an upload asynchronously (202). */
  pollIntervalMs?: number;
  maxProcessingMs?: number;
};

export function createMastodonConnector(config: MastodonConnectorConfig = {}): Connector {
  const doFetch = config.fetch ?? globalThis.fetch;
  const pollIntervalMs = config.pollIntervalMs ?? 1000;
  const maxProcessingMs = config.maxProcessingMs ?? 120_000;
  const connectSchema = makeConnectSchema(config.baseUrl ?? defaultInstanceUrl);
  const clientFor = (c: { instanceUrl: string; accessToken: string | null }): MastodonClient =>
    createMastodonClient({ instanceUrl: c.instanceUrl, accessToken: c.accessToken, fetch: doFetch });
  const attempt = async <T>(doing: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toConnectorError(err, doing);
    }
  };
  const verify = (client: MastodonClient) => client.request("GET", "/api/v1/accounts/verify_credentials", accountSchema);
  const inbox = createMastodonInbox({ clientFor, credentialsOf, lengthOf: mastodonLength });
  const search = createMastodonSearch({ clientFor, credentialsOf });
  const publicPages = createMastodonPublicPages({ clientFor, credentialsOf });

  /** POST /api/v2/media; a 202 means the server is still processing: poll GET /api/v1/media/:id until it has a url. */
  async function upload(client: MastodonClient, m: MediaInput, i: number): Promise<string> {
    if (!m.read) throw new ConnectorError("invalid_content", `Media file ${i + 1} could not be read for upload.`);
    const bytes = await m.read();
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type: m.type }), m.fileName ?? `file${i}.${m.type.split("/")[1] ?? "bin"}`);
    if (m.alt) form.append("description", m.alt);
    const first = await client.request("POST", "/api/v2/media", mediaSchema, { form });
    let media = first.body;
    const deadline = Date.now() + maxProcessingMs;
    while (media.url === null) {
      if (Date.now() > deadline) throw new ConnectorError("transient", "The Mastodon server is still processing the uploaded media. It will be retried.");
      await new Promise((r) => setTimeout(r, pollIntervalMs));
      // 206 Partial Content while processing, 200 with the url once done.
      media = (await client.request("GET", `/api/v1/media/${encodeURIComponent(media.id)}`, mediaSchema)).body;
    }
    return media.id;
  }

  /** The account's own statuses created since `since`, newest first; `complete` when the pages reached back that far. */
  async function statusesSince(client: MastodonClient, accountId: string, since: Date): Promise<{ statuses: MastodonStatus[]; complete: boolean }> {
    const statuses: MastodonStatus[] = [];
    let maxId: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const query: string = `limit=40&exclude_reblogs=true${maxId ? `&max_id=${encodeURIComponent(maxId)}` : ""}`;
      const { body }: MastodonResponse<MastodonStatus[]> = await client.request("GET", `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses?${query}`, z.array(statusSchema));
      const recent = body.filter((s) => Date.parse(s.created_at) >= since.getTime());
      statuses.push(...recent);
      if (body.length < 40 || recent.length < body.length) return { statuses, complete: true };
      maxId = body[body.length - 1]!.id;
    }
    return { statuses, complete: false };
  }

  /** What publish() sent per idempotency key, for findPublished in this process (lost when it restarts). */
  const sent = new Map<string, { text: string; at: number }>();
  const remember = (key: string, text: string) => {
    sent.set(key, { text, at: Date.now() });
    for (const [k, v] of sent) if (Date.now() - v.at > 24 * 3_600_000 || sent.size > 10_000) sent.delete(k);
  };

  return {
    network: "mastodon",
    displayName: "Mastodon",
    simulated: false,
    publicPageChannel: "optional",
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
      directMessages: true,
      search: true,
      sampleFollowers: false,
      publicPages: true,
    },
    limits: staticLimits,
    connectSchema,

    async connect(input) {
      const params = connectSchema.parse(input);
      const client = clientFor(params);
      return attempt("connecting the account", async () => {
        const { body: account } = await verify(client);
        const { body: instance } = await client.request("GET", "/api/v2/instance", instanceSchema);
        const host = new URL(params.instanceUrl).host;
        return {
          externalId: account.id,
          handle: `@${account.username}@${instance.domain ?? host}`,
          name: account.display_name || account.username,
          credentials: {
            instanceUrl: params.instanceUrl,
            accessToken: params.accessToken,
            visibility: params.visibility,
            accountId: account.id,
            limits: limitsFrom(instance),
          } satisfies MastodonCredentials,
        };
      });
    },

    validate: (variant, channel) =>
      validateMastodonVariant(variant, channel ? credentialsSchema.safeParse(channel.credentials).data?.limits : undefined),

    async publish(channel, variant, idempotencyKey, opts) {
      const creds = credentialsOf(channel.credentials);
      const problems = validateMastodonVariant(variant, creds.limits);
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const client = clientFor(creds);
      const text = textWithLink(variant);
      remember(idempotencyKey, text);
      return attempt("publishing the post", async () => {
        const mediaIds: string[] = [];
        for (const [i, m] of variant.media.entries()) mediaIds.push(await upload(client, m, i));
        const form = new URLSearchParams();
        if (text) form.set("status", text);
        form.set("visibility", creds.visibility);
        for (const id of mediaIds) form.append("media_ids[]", id);
        if (opts?.replyTo) form.set("in_reply_to_id", opts.replyTo.parentExternalId);
        // Mastodon answers a repeated Idempotency-Key (kept for an hour) with the status it created the first time.
        const { body } = await client.request("POST", "/api/v1/statuses", statusSchema, { form, headers: { "idempotency-key": idempotencyKey } });
        return resultOf(body);
      });
    },

    /**
     * Looks through the account's statuses since `since`. With the text this process sent under the
     * key, a status with the same text is the answer. Without it (the process restarted), the
     * Idempotency-Key still protects a retry for about an hour, so "not found" lets the job publish
     * again safely; later, when statuses exist that Chorus cannot tell apart, it refuses to guess
     * rather than risk a duplicate or a wrong link, and says so.
     */
    async findPublished(channel, idempotencyKey, since) {
      const creds = credentialsOf(channel.credentials);
      const client = clientFor(creds);
      const { statuses, complete } = await attempt("looking for the published post", () => statusesSince(client, creds.accountId, since));
      const known = sent.get(idempotencyKey);
      if (known) {
        const match = statuses.find((s) => comparable(plainText(s.content)) === comparable(known.text));
        if (match) return resultOf(match);
        if (complete) return null;
      } else if (statuses.length === 0 && complete) {
        return null;
      }
      if (Date.now() - since.getTime() < idempotencyWindowMs) return null;
      throw new ConnectorError(
        "invalid_content",
        "Chorus cannot tell whether this post went out on Mastodon: check the account, then publish again or mark it as published.",
      );
    },

    async delete(channel, externalId) {
      const creds = credentialsOf(channel.credentials);
      try {
        await clientFor(creds).request("DELETE", `/api/v1/statuses/${encodeURIComponent(externalId)}`, z.unknown());
      } catch (err) {
        // Already gone is what deleting asked for.
        if (err instanceof MastodonApiError && err.status === 404) return;
        throw toConnectorError(err, "deleting the post");
      }
    },

    /**
     * PUT /api/v1/statuses/:id with the new text. The status's media are read first (GET) and sent
     * back as media_ids[], so they stay attached as they were.
     */
    async edit(channel, externalId, variant) {
      const creds = credentialsOf(channel.credentials);
      // The media are already on the server: only the text is checked against its limits.
      const problems = validateMastodonVariant({ ...variant, media: [] }, creds.limits).filter((p) => p.field === "text" && textWithLink(variant).trim() !== "");
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const client = clientFor(creds);
      const path = `/api/v1/statuses/${encodeURIComponent(externalId)}`;
      const text = textWithLink(variant);
      return attempt("editing the post", async () => {
        const { body: current } = await client.request("GET", path, statusSchema);
        const form = new URLSearchParams();
        if (text) form.set("status", text);
        for (const m of current.media_attachments) form.append("media_ids[]", m.id);
        const { body } = await client.request("PUT", path, statusSchema, { form });
        return resultOf(body);
      });
    },

    /** One GET per status (Mastodon has no batch read for statuses by id); deleted ones are left out. */
    async fetchPostMetrics(channel, externalIds) {
      const creds = credentialsOf(channel.credentials);
      const client = clientFor(creds);
      const out = [];
      for (const id of externalIds) {
        let res: MastodonResponse<MastodonStatus>;
        try {
          res = await client.request("GET", `/api/v1/statuses/${encodeURIComponent(id)}`, statusSchema);
        } catch (err) {
          if (err instanceof MastodonApiError && err.status === 404) continue;
          throw toConnectorError(err, "reading post metrics");
        }
        const s = res.body;
        out.push({ externalId: s.id, reach: null, impressions: null, views: null, likes: s.favourites_count, comments: s.replies_count, reposts: s.reblogs_count, saves: null });
      }
      return out;
    },

    async fetchChannelStats(channel) {
      const creds = credentialsOf(channel.credentials);
      const { body } = await attempt("reading account statistics", () => verify(clientFor(creds)));
      return { followers: body.followers_count, following: body.following_count, posts: body.statuses_count };
    },

    ...inbox,
    ...search,
    ...publicPages,

    async checkHealth(channel) {
      const creds = credentialsOf(channel.credentials);
      try {
        const { headers } = await verify(clientFor(creds));
        return { ok: true, message: null, expiresAt: null, rateLimit: rateLimitOf(headers) };
      } catch (err) {
        const rateLimit = err instanceof MastodonApiError ? rateLimitOf(err.headers) : null;
        return { ok: false, message: toConnectorError(err, "checking the account").message, expiresAt: null, rateLimit };
      }
    },
  };
}
