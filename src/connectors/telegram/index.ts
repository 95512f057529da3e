/**
 * Telegram: publishing to a channel through a bot that is one of its administrators (Bot API,
 * https://core.telegram.org/bots/api). Implemented from the official documentation and tested
 * against a local server answering the documented shapes (test/support/fake-telegram.ts).
 *
 * What the Bot API does not offer, Chorus does not pretend to:
 * - post metrics: a bot cannot read view counts of channel posts, so fetchPostMetrics is absent;
 * - findPublished: a bot cannot read a channel's history, so after an attempt whose outcome is
 *   unknown the publication stays "unconfirmed" for a person to check;
 * - idempotency: the Bot API has no idempotency key, which is why findPublished matters above.
 *
 * The inbox (inbox.ts) reads the comments in the channel's discussion group and private messages
 * to the bot, polled with getUpdates or pushed to a webhook; Telegram has no way to hide a comment,
 * so hide is absent.
 */
import type { Connector, ContentProblem, Limits, MediaInput, PublishResult, VariantInput } from "../types.js";
import { ConnectorError } from "../types.js";
import { createTelegramClient, type TelegramClient } from "./client.js";
import { TelegramApiError, toConnectorError } from "./errors.js";
import { createTelegramInbox } from "./inbox.js";
import { createTelegramPublicPages } from "./public-page.js";
import {
  type ChatMember,
  chatMemberSchema,
  chatSchema,
  connectSchema,
  credentialsSchema,
  defaultBaseUrl,
  memberCountSchema,
  messageSchema,
  type TelegramCredentials,
  type TelegramMessage,
  userSchema,
} from "./types.js";
import { z } from "zod";

const MB = 1024 * 1024;
/** sendMessage: 1-4096 characters after entities parsing; captions 0-1024. Telegram counts UTF-16 code units. */
export const maxTextLength = 4096;
export const maxCaptionLength = 1024;
/** sendMediaGroup takes 2-10 items. */
const maxMedia = 10;
/** Bot upload limits: photos 10 MB, other files 50 MB. */
const maxPhotoBytes = 10 * MB;
const maxFileBytes = 50 * MB;
const photoTypes = ["image/jpeg", "image/png", "image/webp"];
const videoTypes = ["video/mp4"];

const limits: Limits = {
  maxLength: maxTextLength,
  lengthUnit: "utf16",
  maxMedia,
  mediaTypes: [...photoTypes, ...videoTypes],
  maxMediaBytes: maxFileBytes,
};

/** The link goes into the text (a reader must be able to tap it) unless the text already has it. */
export function textWithLink(variant: Pick<VariantInput, "text" | "link">): string {
  const link = variant.link?.trim();
  if (!link || variant.text.includes(link)) return variant.text;
  return variant.text.trim() ? `${variant.text}\n\n${link}` : link;
}

const isPhoto = (m: MediaInput) => photoTypes.includes(m.type);
const mb = (bytes: number) => (bytes / MB).toFixed(1);

export function validateTelegramVariant(variant: VariantInput): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const text = textWithLink(variant);
  // With media the text becomes the caption, which Telegram caps at 1024.
  const max = variant.media.length > 0 ? maxCaptionLength : maxTextLength;
  if (text.length > max) {
    problems.push({
      field: "text",
      message:
        variant.media.length > 0
          ? `With media the text is a caption: ${text.length} characters, Telegram allows ${max}. Shorten it by ${text.length - max}, or publish the text without media.`
          : `The text is ${text.length} characters long; Telegram allows ${max}. Shorten it by ${text.length - max}.`,
    });
  }
  if (text.trim() === "" && variant.media.length === 0) {
    problems.push({ field: "text", message: "Write some text or attach media: an empty post cannot be published." });
  }
  if (variant.media.length > maxMedia) {
    problems.push({ field: "media", message: `${variant.media.length} media files attached; a Telegram album holds up to ${maxMedia}.` });
  }
  variant.media.forEach((m, i) => {
    const field = `media.${i}`;
    if (!limits.mediaTypes.includes(m.type)) {
      problems.push({ field, message: `${m.type} cannot be posted to Telegram by Chorus; use JPEG, PNG, WebP or MP4.` });
      return;
    }
    if (isPhoto(m) && m.bytes > maxPhotoBytes) {
      problems.push({ field, message: `The photo is ${mb(m.bytes)} MB; a bot can upload photos up to 10 MB.` });
    }
    if (!isPhoto(m) && m.bytes > maxFileBytes) {
      problems.push({ field, message: `The video is ${mb(m.bytes)} MB; a bot can upload files up to 50 MB.` });
    }
    if (isPhoto(m) && m.width && m.height) {
      if (m.width + m.height > 10_000) {
        problems.push({ field, message: `The photo is ${m.width}×${m.height}; Telegram needs width + height of at most 10000 pixels.` });
      }
      const ratio = Math.max(m.width, m.height) / Math.min(m.width, m.height);
      if (ratio > 20) problems.push({ field, message: `The photo's sides differ ${ratio.toFixed(0)} times; Telegram allows at most 20.` });
    }
  });
  return problems;
}

function credentialsOf(credentials: Record<string, unknown>): TelegramCredentials {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    throw new ConnectorError("revoked", "The Telegram channel settings are unreadable. Reconnect the channel.", { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * externalId is "<chat_id>:<message_id>"; an album keeps every message id ("<chat_id>:<first>,<second>,…")
 * so delete removes all of it, while links and replies use the first.
 */
export function parseExternalId(externalId: string): { chatId: string; messageIds: number[] } {
  const m = /^(-?\d+):(\d+(?:,\d+)*)$/.exec(externalId);
  if (!m) throw new ConnectorError("invalid_content", `"${externalId}" is not a Telegram message id that Chorus wrote.`);
  return { chatId: m[1]!, messageIds: m[2]!.split(",").map(Number) };
}

/** Public channels: t.me/<username>/<id>. Private ones: t.me/c/<id without the -100 prefix>/<id>. */
export function messageUrl(chatId: string, username: string | null, messageId: number): string {
  if (username) return `https://t.me/${username}/${messageId}`;
  return `https://t.me/c/${chatId.replace(/^-100/, "").replace(/^-/, "")}/${messageId}`;
}

const canPost = (m: ChatMember) => m.status === "creator" || (m.status === "administrator" && m.can_post_messages === true);
const notAdmin = "The bot is no longer an admin of the channel (or may not post there). Add it as an administrator with the right to post messages.";

async function readMedia(m: MediaInput, i: number): Promise<Blob> {
  if (!m.read) throw new ConnectorError("invalid_content", `Media file ${i + 1} could not be read for upload.`);
  const bytes = await m.read();
  return new Blob([new Uint8Array(bytes)], { type: m.type });
}
const fileNameOf = (m: MediaInput, i: number) => m.fileName ?? `file${i}.${m.type.split("/")[1] ?? "bin"}`;

async function send(client: TelegramClient, creds: TelegramCredentials, variant: VariantInput, replyTo: number | null): Promise<TelegramMessage[]> {
  const text = textWithLink(variant);
  const common: Record<string, unknown> = { chat_id: creds.chatId };
  if (replyTo !== null) common.reply_parameters = { message_id: replyTo };
  const media = variant.media;

  if (media.length === 0) {
    // No parse_mode: the text is sent as typed, so nothing in it is read as HTML or Markdown.
    const link = variant.link?.trim();
    const preview = link ? { url: link } : { is_disabled: true };
    return [await client.call("sendMessage", { ...common, text, link_preview_options: preview }, messageSchema)];
  }

  const form = new FormData();
  for (const [k, v] of Object.entries(common)) form.append(k, typeof v === "string" ? v : JSON.stringify(v));
  if (media.length === 1) {
    const m = media[0]!;
    const field = isPhoto(m) ? "photo" : "video";
    form.append(field, await readMedia(m, 0), fileNameOf(m, 0));
    if (text) form.append("caption", text);
    if (field === "video") form.append("supports_streaming", "true");
    return [await client.call(isPhoto(m) ? "sendPhoto" : "sendVideo", form, messageSchema)];
  }
  // An album: the files are attached as multipart fields and referred to as attach://<field>.
  const items = await Promise.all(
    media.map(async (m, i) => {
      form.append(`file${i}`, await readMedia(m, i), fileNameOf(m, i));
      return { type: isPhoto(m) ? "photo" : "video", media: `attach://file${i}`, ...(i === 0 && text ? { caption: text } : {}) };
    }),
  );
  form.append("media", JSON.stringify(items));
  return client.call("sendMediaGroup", form, z.array(messageSchema).min(1));
}

export function createTelegramConnector(config: { baseUrl?: string; fetch?: typeof fetch } = {}): Connector {
  const baseUrl = config.baseUrl ?? defaultBaseUrl;
  const doFetch = config.fetch ?? globalThis.fetch;
  const clientFor = (botToken: string) => createTelegramClient({ baseUrl, botToken, fetch: doFetch });
  const attempt = async <T>(doing: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toConnectorError(err, doing);
    }
  };
  const botMember = (client: TelegramClient, creds: { chatId: string; botId: number }) =>
    client.call("getChatMember", { chat_id: creds.chatId, user_id: creds.botId }, chatMemberSchema);
  const inbox = createTelegramInbox({ clientFor, credentialsOf, parseExternalId, maxTextLength });
  const publicPages = createTelegramPublicPages({ clientFor, credentialsOf });

  return {
    network: "telegram",
    displayName: "Telegram",
    simulated: false,
    publicPageChannel: "required",
    capabilities: {
      publish: true,
      delete: true,
      edit: true,
      postMetrics: false,
      channelStats: true,
      comments: true,
      reply: true,
      hide: false,
      like: true,
      directMessages: true,
      search: false,
      sampleFollowers: false,
      overhears: true,
      // Title and subscribers only: a bot cannot read the posts of a channel it is not in (public-page.ts).
      publicPages: true,
    },
    limits,
    connectSchema,

    async connect(input) {
      const params = connectSchema.parse(input);
      const client = clientFor(params.botToken);
      return attempt("connecting the channel", async () => {
        const bot = await client.call("getMe", {}, userSchema);
        const chat = await client.call("getChat", { chat_id: params.chatId }, chatSchema);
        if (chat.type !== "channel") {
          throw new ConnectorError("invalid_content", `${params.chatId} is a ${chat.type}, not a channel. Chorus publishes to Telegram channels.`);
        }
        const member = await botMember(client, { chatId: String(chat.id), botId: bot.id });
        if (!canPost(member)) throw new ConnectorError("revoked", notAdmin);
        const username = chat.username ?? null;
        return {
          externalId: String(chat.id),
          handle: username ? `@${username}` : (chat.title ?? String(chat.id)),
          name: chat.title ?? username ?? String(chat.id),
          credentials: {
            botToken: params.botToken,
            chatId: String(chat.id),
            username,
            botId: bot.id,
            linkedChatId: chat.linked_chat_id ?? null,
          } satisfies TelegramCredentials,
        };
      });
    },

    validate: validateTelegramVariant,

    async publish(channel, variant, _idempotencyKey, opts): Promise<PublishResult> {
      const creds = credentialsOf(channel.credentials);
      const problems = validateTelegramVariant(variant);
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const replyTo = opts?.replyTo ? parseExternalId(opts.replyTo.parentExternalId).messageIds[0]! : null;
      const messages = await attempt("publishing the post", () => send(clientFor(creds.botToken), creds, variant, replyTo));
      const first = messages[0]!;
      return {
        externalId: `${creds.chatId}:${messages.map((m) => m.message_id).join(",")}`,
        url: messageUrl(creds.chatId, first.chat.username ?? creds.username, first.message_id),
        publishedAt: new Date(first.date * 1000).toISOString(),
      };
    },

    async delete(channel, externalId) {
      const creds = credentialsOf(channel.credentials);
      const { chatId, messageIds } = parseExternalId(externalId);
      const client = clientFor(creds.botToken);
      try {
        await (messageIds.length === 1
          ? client.call("deleteMessage", { chat_id: chatId, message_id: messageIds[0] }, z.literal(true))
          : client.call("deleteMessages", { chat_id: chatId, message_ids: messageIds }, z.literal(true)));
      } catch (err) {
        // Already deleted (by hand in Telegram) is what deleting asked for.
        if (err instanceof TelegramApiError && err.errorCode === 400 && /message to delete not found/i.test(err.description)) return;
        throw toConnectorError(err, "deleting the post");
      }
    },

    /**
     * editMessageText for a text post; editMessageCaption for a photo, video or album (the caption
     * lives on an album's first message, as publish put it there). As in publish, no parse_mode:
     * the text is sent as typed. Media cannot change here; `variant.media` only says which kind of
     * post it is and caps a caption at 1024.
     */
    async edit(channel, externalId, variant): Promise<PublishResult> {
      const creds = credentialsOf(channel.credentials);
      const problems = validateTelegramVariant(variant);
      if (problems.length > 0) throw new ConnectorError("invalid_content", problems.map((p) => p.message).join(" "));
      const { chatId, messageIds } = parseExternalId(externalId);
      const messageId = messageIds[0]!;
      const client = clientFor(creds.botToken);
      const text = textWithLink(variant);
      // A Message for a message the bot sent in a chat; True is only for inline messages.
      const edited = z.union([messageSchema, z.literal(true)]);
      let result: TelegramMessage | true;
      try {
        if (variant.media.length === 0) {
          const link = variant.link?.trim();
          const preview = link ? { url: link } : { is_disabled: true };
          result = await client.call("editMessageText", { chat_id: chatId, message_id: messageId, text, link_preview_options: preview }, edited);
        } else {
          result = await client.call("editMessageCaption", { chat_id: chatId, message_id: messageId, caption: text }, edited);
        }
      } catch (err) {
        // The same text again: the post already says what was asked.
        if (err instanceof TelegramApiError && err.errorCode === 400 && /message is not modified/i.test(err.description)) result = true;
        else throw toConnectorError(err, "editing the post");
      }
      const username = result === true ? creds.username : (result.chat.username ?? creds.username);
      return {
        externalId,
        url: messageUrl(chatId, username, messageId),
        publishedAt: result === true ? new Date().toISOString() : new Date(result.date * 1000).toISOString(),
      };
    },

    // fetchPostMetrics is deliberately absent: the Bot API exposes no view or reaction counts for
    // channel posts, and Chorus does not invent numbers.

    async fetchChannelStats(channel) {
      const creds = credentialsOf(channel.credentials);
      const followers = await attempt("reading the subscriber count", () =>
        clientFor(creds.botToken).call("getChatMemberCount", { chat_id: creds.chatId }, memberCountSchema),
      );
      // A bot cannot count a channel's posts, and a channel follows no one.
      return { followers, following: null, posts: 0 };
    },

    ...inbox,
    ...publicPages,

    async checkHealth(channel) {
      const creds = credentialsOf(channel.credentials);
      const client = clientFor(creds.botToken);
      try {
        await client.call("getMe", {}, userSchema);
        const member = await botMember(client, creds);
        return canPost(member)
          ? { ok: true, message: null, expiresAt: null, rateLimit: null }
          : { ok: false, message: notAdmin, expiresAt: null, rateLimit: null };
      } catch (err) {
        return { ok: false, message: toConnectorError(err, "checking the channel").message, expiresAt: null, rateLimit: null };
      }
    },
  };
}
