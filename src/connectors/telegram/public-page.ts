/**
 * Another public Telegram channel, as far as the Bot API allows (https://core.telegram.org/bots/api),
 * with the bot of one of the brand's Telegram channels:
 * - getChat with chat_id "@channelname" — the title and username of any public channel or group,
 *   even one the bot is not in; "Bad Request: chat not found" when there is none (or it is private);
 * - getChatMemberCount — its subscribers.
 * That is all: a bot receives the posts only of channels it is a member of, and the Bot API has no
 * method to read a channel's history or its views. So a Telegram competitor has followers and their
 * growth; its posts, posting frequency, formats and interactions are unknown (posts: null), and
 * Chorus says so instead of showing zeros.
 */
import { type ChannelContext, ConnectorError, type PublicPage, PublicPageNotFoundError } from "../types.js";
import type { TelegramClient } from "./client.js";
import { TelegramApiError, toConnectorError } from "./errors.js";
import { chatSchema, memberCountSchema, normalizeChatId, type TelegramCredentials } from "./types.js";

type Deps = {
  clientFor(botToken: string): TelegramClient;
  credentialsOf(credentials: Record<string, unknown>): TelegramCredentials;
};

export function createTelegramPublicPages(deps: Deps) {
  return {
    async fetchPublicPage(channel: ChannelContext | null, page: string): Promise<PublicPage> {
      if (!channel) throw new ConnectorError("revoked", "Telegram channels are read with the bot of one of the brand's Telegram channels: connect one first.");
      const chatId = normalizeChatId(page);
      if (!/^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(chatId)) {
        throw new PublicPageNotFoundError(`"${page}" is not a public Telegram channel: paste it as @channelname or t.me/channelname (a private channel cannot be read by a bot that is not in it).`);
      }
      const client = deps.clientFor(deps.credentialsOf(channel.credentials).botToken);
      try {
        const chat = await client.call("getChat", { chat_id: chatId }, chatSchema);
        if (chat.type !== "channel") throw new PublicPageNotFoundError(`${chatId} is a ${chat.type}, not a channel.`);
        const followers = await client.call("getChatMemberCount", { chat_id: chatId }, memberCountSchema);
        const username = chat.username ?? chatId.slice(1);
        return {
          profile: { externalId: String(chat.id), handle: `@${username}`, name: chat.title ?? username, url: `https://t.me/${username}`, followers, following: null, posts: null },
          posts: null,
        };
      } catch (err) {
        if (err instanceof TelegramApiError && err.errorCode === 400 && /chat not found|username not found|USERNAME_INVALID/i.test(err.description)) {
          throw new PublicPageNotFoundError(`Telegram has no public channel ${chatId}.`, { cause: err });
        }
        throw toConnectorError(err, "reading a public channel");
      }
    },
  };
}
