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

/** What Chorus keeps: the numeric chat id (a @name can change), and the username for post links. */
export const credentialsSchema = z.object({
  botToken: z.string().min(1),
  chatId: z.string().regex(/^-?\d+$/),
  username: z.string().nullable(),
  botId: z.number().int(),
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

export const chatSchema = z.looseObject({
  id: z.number().int(),
  type: z.enum(["private", "group", "supergroup", "channel"]),
  title: z.string().optional(),
  username: z.string().optional(),
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
