/**
 * VK failures → ConnectorError kinds. Every VK answer is HTTP 200; a failure is
 * `{ error: { error_code, error_msg, request_params } }`, and the code decides (dev.vk.com
 * "Коды ошибок"). HTTP 5xx and unreachable servers are transient. The fixtures in vk.test.ts stand
 * behind each rule.
 */
import { ConnectorError } from "../types.js";

export class VkApiError extends Error {
  readonly errorCode: number;
  readonly errorMsg: string;

  constructor(method: string, errorCode: number, errorMsg: string) {
    // Not request_params: Chorus never copies request parameters (the token travels with them) into errors.
    super(`${method}: ${errorCode} ${errorMsg}`);
    this.name = "VkApiError";
    this.errorCode = errorCode;
    this.errorMsg = errorMsg;
  }
}

/** 6 "Too many requests per second" passes in a second; 9 flood control and 29 a method's daily limit take much longer. */
const rateLimits = new Map<number, number>([
  [6, 1],
  [9, 600],
  [29, 3600],
]);
/** Access denied: the token lost a permission, the user is no longer an editor, the community blocked them. */
const revokedCodes = new Set([7, 15, 18, 27, 200, 203, 260]);
const transientCodes = new Set([1, 10]);

/** The permanent refusals people meet while posting, in words they can act on. */
const contentReasons = new Map<number, string>([
  [214, "VK does not allow posting on this community's wall (the wall is closed or posting is restricted)."],
  [219, "VK refused: this advertisement post was already published recently."],
  [220, "VK refused: too many recipients."],
  [222, "VK does not allow links in this post."],
  [224, "VK refused: the limit of advertisement posts was reached."],
]);

export function toConnectorError(err: unknown, doing: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (!(err instanceof VkApiError)) {
    return new ConnectorError("transient", `VK could not be reached while ${doing}. It will be retried.`, { cause: err });
  }
  const { errorCode: code, errorMsg } = err;
  if (code === 5) {
    return new ConnectorError("auth_expired", `VK no longer accepts the access token (${errorMsg}). Reconnect the community with a new token.`, { cause: err });
  }
  const retryAfter = rateLimits.get(code);
  if (retryAfter !== undefined) {
    return new ConnectorError("rate_limited", `VK asked to slow down while ${doing} (${errorMsg}).`, { cause: err, retryAfter });
  }
  if (revokedCodes.has(code)) {
    return new ConnectorError(
      "revoked",
      `VK denied access while ${doing} (${errorMsg}). Reconnect with a token of a community administrator or editor that has the wall, photos, video and groups permissions.`,
      { cause: err },
    );
  }
  if (transientCodes.has(code)) {
    return new ConnectorError("transient", `VK failed while ${doing} (${errorMsg}). It will be retried.`, { cause: err });
  }
  const reason = contentReasons.get(code) ?? (code === 100 ? `VK rejected a parameter of the post: ${errorMsg}.` : `VK refused ${doing}: ${errorMsg} (error ${code}).`);
  return new ConnectorError("invalid_content", reason, { cause: err });
}

/**
 * The refusals people meet answering, liking or deleting comments (dev.vk.com error codes:
 * 211 access to the comment denied, 212 to the post's comments, 213 commenting denied, 222 links
 * forbidden, 223 too many replies, 104 not found; 100 names the parameter that points nowhere).
 */
const commentReasons = new Map<number, string>([
  [104, "the comment or its post is no longer on VK (it was deleted)."],
  [211, "VK denies access to this comment (it was deleted or hidden)."],
  [212, "VK denies access to the post's comments (comments are turned off for this post or community)."],
  [213, "comments are closed on this post, so VK does not accept an answer."],
  [222, "VK does not allow links in comments here."],
]);

export function toCommentError(err: unknown, doing: string): ConnectorError {
  if (!(err instanceof VkApiError)) return toConnectorError(err, doing);
  const reason = commentReasons.get(err.errorCode);
  if (reason) return new ConnectorError("invalid_content", `VK refused ${doing}: ${reason}`, { cause: err });
  if (err.errorCode === 223) {
    return new ConnectorError("rate_limited", `VK refused ${doing}: too many replies in a row from the community (${err.errorMsg}).`, { cause: err, retryAfter: 600 });
  }
  if (err.errorCode === 100 && /comment|post_id|item_id|reply/i.test(err.errorMsg)) {
    return new ConnectorError("invalid_content", `VK refused ${doing}: the comment or its post is no longer on VK, it was deleted (${err.errorMsg}).`, { cause: err });
  }
  return toConnectorError(err, doing);
}
