/** The tables of briefs sent to clients by a link (see migration 022-briefs); part of Database in schema.ts. */

/**
 * Stored states. "expired" is not stored: a link that was sent or opened and whose expires_at has
 * passed reads as expired (src/services/briefs/brief-status.ts).
 */
export type BriefStoredStatus = "sent" | "opened" | "submitted" | "revoked";

export interface BriefsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  /** What the agency calls this brief ("Brief for the spring launch"); the client sees it as the form's title. */
  title: string;
  /** A note to the client shown above the form; plain text. */
  message: string;
  /** "en" or "ru": the language the form opens in when the visitor has not chosen one; null: the browser's. */
  language: string | null;
  /** SHA-256 of the link's secret; null for a brief imported from an archive (its link never works here). */
  token_hash: string | null;
  status: BriefStoredStatus;
  expires_at: string;
  /** JSON: the answers the agency filled in beforehand (briefPrefillSchema). */
  prefill: string;
  /** JSON: the client's answers (briefAnswersSchema), once submitted. */
  answers: string | null;
  opened_at: string | null;
  submitted_at: string | null;
  revoked_at: string | null;
  /** Refused submissions in the current throttle window, and when it began (see public-brief.service.ts). */
  rejections: number;
  rejections_since: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface BriefTables {
  briefs: BriefsTable;
}
