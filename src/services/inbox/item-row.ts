/**
 * A new inbox_items row for a comment from the network: its kind, the analysis, and its place in the
 * work queue. Ingestion stores comments as "new"; the demo builds a history with other states.
 */
import type { RemoteComment } from "../../connectors/types.js";
import { queuePosition } from "../../domain/inbox-priority.js";
import { newId } from "../../store/ids.js";
import type { InboxStatus } from "../../store/schema.js";
import type { Analysis } from "./deps.js";

export type ItemPlace = { workspaceId: string; brandId: string; channelId: string; publicationId: string | null };
export type ItemState = { status: InboxStatus; firstResponseAt: string | null; resolvedAt: string | null };

const fresh: ItemState = { status: "new", firstResponseAt: null, resolvedAt: null };

export function inboxItemRow(c: RemoteComment, place: ItemPlace, a: Analysis, due: string, now: Date, state: ItemState = fresh) {
  const pos = queuePosition({ status: state.status, firstResponseAt: state.firstResponseAt, sentiment: a.sentiment, authorFollowers: c.authorFollowers, dueAt: due }, now);
  return {
    id: newId(),
    workspace_id: place.workspaceId,
    brand_id: place.brandId,
    channel_id: place.channelId,
    publication_id: place.publicationId,
    kind: c.kind ?? (c.parentExternalId ? ("reply" as const) : ("comment" as const)),
    external_id: c.externalId,
    parent_external_id: c.parentExternalId,
    post_external_id: c.postExternalId,
    author_name: c.authorName,
    author_handle: c.authorHandle,
    author_followers: c.authorFollowers,
    author_avatar_url: c.authorAvatarUrl ?? null,
    url: c.url ?? null,
    text: c.text,
    lang: a.lang,
    sentiment: a.sentiment,
    sentiment_score: a.score,
    sentiment_confidence: a.confidence,
    status: state.status,
    assignee_id: null,
    occurred_at: c.occurredAt,
    ingested_at: now.toISOString(),
    edited_at: c.editedAt ?? null,
    first_response_at: state.firstResponseAt,
    resolved_at: state.resolvedAt,
    due_at: due,
    rank: pos.rank,
    sla_pending_at: pos.slaPendingAt,
  };
}
