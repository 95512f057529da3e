/**
 * Telegram Bot API shapes as Chorus sees them (https://core.telegram.org/bots/api): what the user
 * fills in to connect, what is kept about a connected channel, and the answers read back, zod-parsed
 * so a server that answers something else fails loudly instead of half-working.
 */
import { z } from "zod";

export const defaultBaseUrl = "https://api.telegram.org";

/** People paste the channel as @name, name, t.me/name or its numeric id (-100…). */
export function normalizeChatId(raw: string): string {
  const s = raw.trim();
  if (/^-?\d+$/.test(s)) return s;
  const name = s.replace(/^(https?:\/\/)?(www\.)?(t\.me|telegram\.me)\//i, "").replace(/^@/, "");
  return `@${name}`;
}

export const connectSchema = z
  .object({
    botToken: z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "Paste the token @BotFather gave your bot (it looks like 123456789:AAE…)."),
    chatId: z
      .string()
      .trim()
      .min(1, "Enter the channel: @channelname for a public channel, or its id (-100…) for a private one.")
      .transform(normalizeChatId)
      .pipe(
        z
          .string()
          .regex(
            /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d+)$/,
            "Enter the channel as @channelname (public) or its numeric id such as -1001234567890 (private).",
          ),
      ),
  })
  .strict();

/**
 * What Chorus keeps: the numeric chat id (a @name can change), the username for post links, and
 * the channel's discussion group (where its comments live) as getChat said at connect time;
 * channels connected before comments were read have none stored, and it is looked up then.
 */
export const credentialsSchema = z.object({
  botToken: z.string().min(1),
  chatId: z.string().regex(/^-?\d+$/),
  username: z.string().nullable(),
  botId: z.number().int(),
  linkedChatId: z.number().int().nullable().optional(),
  /**
   * Set while Telegram pushes the bot's updates to this Chorus URL (setWebhook): the inbox is fed by
   * parseWebhook and fetchComments reads nothing, since getUpdates answers 409 while a webhook is set.
   */
  webhookUrl: z.string().nullable().optional(),
});
export type TelegramCredentials = z.infer<typeof credentialsSchema>;

/** Every Bot API answer: `ok` with a result, or an error with a code, a description and parameters. */
export const errorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error_code: z.number().int(),
  description: z.string().default(""),
  parameters: z.looseObject({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
});
export const okEnvelopeSchema = z.object({ ok: z.literal(true), result: z.unknown() });

export const userSchema = z.looseObject({ id: z.number().int(), is_bot: z.boolean(), username: z.string().optional() });

/** Chat, or ChatFullInfo from getChat: a channel's linked_chat_id is its discussion group. */
export const chatSchema = z.looseObject({
  id: z.number().int(),
  type: z.enum(["private", "group", "supergroup", "channel"]),
  title: z.string().optional(),
  username: z.string().optional(),
  linked_chat_id: z.number().int().optional(),
});

/** ChatMember: only what decides whether the bot may post (ChatMemberAdministrator.can_post_messages). */
export const chatMemberSchema = z.looseObject({
  status: z.enum(["creator", "administrator", "member", "restricted", "left", "kicked"]),
  can_post_messages: z.boolean().optional(),
  can_delete_messages: z.boolean().optional(),
});
export type ChatMember = z.infer<typeof chatMemberSchema>;

export const messageSchema = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat: z.looseObject({ id: z.number().int(), username: z.string().optional() }),
});
export type TelegramMessage = z.infer<typeof messageSchema>;

export const memberCountSchema = z.number().int().nonnegative();

/** A Chat or User as a message names it (sender, forward origin, chat). */
const chatRefSchema = z.looseObject({
  id: z.number().int(),
  type: z.string().optional(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
const senderSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().default(""),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
/** MessageOrigin: only "channel" matters here (an automatic forward of a channel post). */
const originSchema = z.looseObject({ type: z.string(), chat: chatRefSchema.optional(), message_id: z.number().int().optional() });

/**
 * An incoming Message as far as the inbox reads it. `forward_from_chat`/`forward_from_message_id`
 * are the fields Bot API 7.0 replaced by `forward_origin`; older servers still send them.
 */
const messageFields = {
  message_id: z.number().int(),
  date: z.number().int(),
  chat: chatRefSchema,
  from: senderSchema.optional(),
  sender_chat: chatRefSchema.optional(),
  message_thread_id: z.number().int().optional(),
  is_automatic_forward: z.boolean().optional(),
  forward_origin: originSchema.optional(),
  forward_from_chat: chatRefSchema.optional(),
  forward_from_message_id: z.number().int().optional(),
  media_group_id: z.string().optional(),
  edit_date: z.number().int().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
};
const repliedMessageSchema = z.looseObject(messageFields);
/** reply_to_message carries no reply_to_message of its own (the Bot API says so). */
export const incomingMessageSchema = z.looseObject({ ...messageFields, reply_to_message: repliedMessageSchema.optional() });
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;
export type RepliedMessage = z.infer<typeof repliedMessageSchema>;

/** An Update: the inbox reads messages and their edits, listening other channels' posts; every other kind is skipped. */
export const updateSchema = z.looseObject({
  update_id: z.number().int(),
  message: incomingMessageSchema.optional(),
  edited_message: incomingMessageSchema.optional(),
  /** A post in a channel the bot administers (other than the brand's own): listening hears it. */
  channel_post: incomingMessageSchema.optional(),
});
export type TelegramUpdate = z.infer<typeof updateSchema>;
/** getUpdates: read the ids first, so one update of an unexpected shape is skipped instead of stopping the stream. */
export const updateIdsSchema = z.array(z.looseObject({ update_id: z.number().int() }));
