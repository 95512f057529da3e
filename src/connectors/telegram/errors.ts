/**
 * Telegram failures → ConnectorError kinds. The Bot API answers `{ ok: false, error_code,
 * description, parameters: { retry_after } }`; the code decides (429, 401, 403, 5xx), and for 400
 * the description says whether the content or the chat is the problem. The fixtures in
 * telegram.test.ts stand behind each rule.
 */
import { ConnectorError } from "../types.js";

export class TelegramApiError extends Error {
  readonly errorCode: number;
  readonly description: string;
  readonly retryAfter: number | undefined;

  constructor(method: string, errorCode: number, description: string, retryAfter?: number) {
    // The method name only: the request URL carries the bot token and must never reach a log.
    super(`${method}: ${errorCode} ${description}`);
    this.name = "TelegramApiError";
    this.errorCode = errorCode;
    this.description = description;
    this.retryAfter = retryAfter;
  }
}

/** 400 answers that mean the bot cannot reach or write to the chat, not that the post is wrong. */
const chatProblems = /chat not found|not enough rights|need administrator rights|have no rights to send|bot is not a member|CHAT_WRITE_FORBIDDEN|CHAT_ADMIN_REQUIRED/i;

export function toConnectorError(err: unknown, doing: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (!(err instanceof TelegramApiError)) {
    // fetch() rejects with a TypeError when Telegram cannot be reached; the job retries with backoff.
    return new ConnectorError("transient", `Telegram could not be reached while ${doing}. It will be retried.`, { cause: err });
  }
  const { errorCode: code, description } = err;
  if (code === 429) {
    return new ConnectorError("rate_limited", `Telegram asked to slow down while ${doing}.`, {
      cause: err,
      ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
    });
  }
  // getUpdates while a webhook is set, or while another program long-polls the same bot.
  if (code === 409) {
    return /webhook/i.test(description)
      ? new ConnectorError(
          "invalid_content",
          "Telegram sends this bot's updates to a webhook, so Chorus cannot read its comments and messages (getUpdates answers 409 Conflict). Remove the webhook (deleteWebhook) or give Chorus a bot of its own.",
          { cause: err },
        )
      : new ConnectorError("transient", `Another program is reading this bot's updates at the same time (${description}). Give Chorus a bot of its own; it will be retried.`, { cause: err });
  }
  // A person who blocked the bot (or deleted their account) cannot be written to; the channel is fine.
  if (code === 403 && /blocked by the user|user is deactivated|can't initiate conversation/i.test(description)) {
    return new ConnectorError("invalid_content", `Telegram refused ${doing}: the person blocked the bot or deleted their account.`, { cause: err });
  }
  // 404 is what the Bot API answers for a malformed or deleted token.
  if (code === 401 || code === 404) {
    return new ConnectorError("auth_expired", `Telegram no longer accepts the bot token (${description}): the bot token was revoked. Paste the new token from @BotFather.`, {
      cause: err,
    });
  }
  if (code === 403 || (code === 400 && chatProblems.test(description))) {
    return new ConnectorError(
      "revoked",
      `Telegram refused ${doing} (${description}): the bot was kicked from the channel or lost its admin rights. Add it back as an administrator allowed to post.`,
      { cause: err },
    );
  }
  if (code >= 500) {
    return new ConnectorError("transient", `Telegram failed while ${doing} (${code} ${description}). It will be retried.`, { cause: err });
  }
  // "message is too long", "caption is too long", "wrong file identifier/HTTP URL specified",
  // "PHOTO_INVALID_DIMENSIONS", "message to delete not found" …: the same request gets the same answer.
  return new ConnectorError("invalid_content", `Telegram refused ${doing}: ${plainWords(description)}`, { cause: err });
}

/** The common 400 descriptions in words a user can act on; the rest as Telegram wrote them. */
function plainWords(description: string): string {
  if (/message is too long/i.test(description)) return "the text is longer than 4096 characters.";
  if (/caption is too long/i.test(description)) return "the caption is longer than 1024 characters.";
  if (/wrong file|failed to get HTTP URL content|IMAGE_PROCESS_FAILED|PHOTO_INVALID_DIMENSIONS/i.test(description)) {
    return `Telegram could not use the attached file (${description}).`;
  }
  if (/message can't be deleted/i.test(description)) return "Telegram no longer lets the bot delete this message (it may be older than 48 hours).";
  if (/message to edit not found/i.test(description)) return "the message is no longer in the channel (it was deleted).";
  if (/message can't be edited/i.test(description)) return "Telegram no longer lets the bot edit this message.";
  if (/no text in the message to edit|no caption in the message to edit/i.test(description)) {
    return `the message on Telegram is of another kind than Chorus expected (${description}).`;
  }
  return description;
}

/**
 * Failures of the inbox's calls in the discussion group or a private chat. The group is not the
 * channel: a bot that lost its rights there says so in words about the group.
 */
export function toInboxError(err: unknown, doing: string): ConnectorError {
  if (err instanceof TelegramApiError && err.errorCode === 400) {
    const d = err.description;
    if (/message to be replied not found|reply message not found|replied message not found/i.test(d)) {
      return new ConnectorError("invalid_content", `Telegram refused ${doing}: the comment is no longer on Telegram (it was deleted), so there is nothing to answer.`, { cause: err });
    }
    if (/REACTION_INVALID|REACTIONS_TOO_MANY|reaction.*not allowed|reactions are disabled/i.test(d)) {
      return new ConnectorError("invalid_content", `Telegram refused ${doing}: the group does not allow the 👍 reaction.`, { cause: err });
    }
    if (/message to react not found|message not found|MESSAGE_ID_INVALID/i.test(d)) {
      return new ConnectorError("invalid_content", `Telegram refused ${doing}: the message is no longer on Telegram (it was deleted).`, { cause: err });
    }
  }
  if (err instanceof TelegramApiError && (err.errorCode === 403 || (err.errorCode === 400 && chatProblems.test(err.description)))) {
    const mapped = toConnectorError(err, doing);
    if (mapped.kind !== "revoked") return mapped;
    return new ConnectorError(
      "revoked",
      `Telegram refused ${doing} (${err.description}): the bot is not an administrator of the channel's discussion group. Add it to the group as an administrator allowed to delete messages.`,
      { cause: err },
    );
  }
  return toConnectorError(err, doing);
}
