/**
 * A brief link's life: sent → opened (the client loaded the form) → submitted, or revoked by the
 * agency at any point before submission. "expired" is read, not stored: a link sent or opened
 * whose expiry has passed. One link takes one submission; afterwards it only says so.
 */
import { AppError } from "../../errors.js";
import type { BriefsTable } from "../../store/schema-briefs.js";

export const briefStatuses = ["sent", "opened", "submitted", "expired", "revoked"] as const;
export type BriefStatus = (typeof briefStatuses)[number];

/** How long a link works when the agency does not say, and the bounds it may choose within. */
export const defaultExpiryDays = 14;
export const minExpiryDays = 1;
export const maxExpiryDays = 90;

export function briefStatus(row: Pick<BriefsTable, "status" | "expires_at">, now: Date): BriefStatus {
  if ((row.status === "sent" || row.status === "opened") && row.expires_at <= now.toISOString()) return "expired";
  return row.status;
}

/** Why a link no longer opens: the public page shows a different text for each. */
export type ClosedReason = "submitted" | "expired" | "revoked";

/**
 * 410 Gone for a link that did work once. `reason` and `workspaceName` travel as extension members
 * of the problem (RFC 9457 §3.2), so the form can say "already sent" or "ask <agency> for a new link".
 */
export class BriefClosedError extends AppError {
  readonly reason: ClosedReason;
  readonly workspaceName: string | null;

  constructor(reason: ClosedReason, workspaceName: string | null) {
    const messages: Record<ClosedReason, string> = {
      submitted: "This brief has already been filled in and sent. Each link takes one answer; ask the agency for a new link to change anything.",
      expired: "This brief link has expired. Ask the agency for a new link.",
      revoked: "This brief link was withdrawn by the agency. Ask them for a new link if you still need it.",
    };
    super("gone", messages[reason]);
    this.reason = reason;
    this.workspaceName = workspaceName;
  }
}

/** Throws BriefClosedError unless the link still takes answers. */
export function assertOpen(row: Pick<BriefsTable, "status" | "expires_at">, now: Date, workspaceName: string): void {
  const status = briefStatus(row, now);
  // A withdrawn link does not name the agency: it may have reached the wrong person.
  if (status === "revoked") throw new BriefClosedError("revoked", null);
  if (status === "submitted" || status === "expired") throw new BriefClosedError(status, workspaceName);
}
