/**
 * Reading the inbox: the list with its filters, one item with its thread, notes and replies, and
 * the counters per status. Deleted items are never listed (they stay in the table for the audit).
 * Criticism is never filtered out by default: every filter is one the user chose.
 * A member limited to some brands (memberships.brand_ids) reads, counts and streams only their
 * brands' items: itemsQuery takes the scope, so no list can forget it.
 */
import { type Kysely, type SqlBool, sql } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import { bandSize, rankIsOverdue } from "../../domain/inbox-priority.js";
import type { BrandScope } from "../../domain/roles.js";
import { AppError, notFound } from "../../errors.js";
import { decodeCursor, pageLimit, type PageResult, toPage } from "../../store/paginate.js";
import type { Database, InboxStatus, Sentiment } from "../../store/schema.js";
import { ingestNow } from "../../jobs/ingest-comments.job.js";
import type { JobQueue } from "../../jobs/queue.js";
import { type Actor, requireBrandAccess } from "../access.js";
import { inboxSearch } from "./search.js";

export type InboxReadDeps = { db: Kysely<Database>; registry: ConnectorRegistry };

export type InboxFilter = {
  brandId?: string | undefined;
  channelId?: string | undefined;
  status?: InboxStatus | undefined;
  sentiment?: Sentiment | undefined;
  lang?: string | undefined;
  /** "me", "none" or a user id. */
  assignee?: string | undefined;
  q?: string | undefined;
  unanswered?: boolean | undefined;
  /** Unanswered past the brand's response SLA. */
  overdue?: boolean | undefined;
  kind?: "comment" | "reply" | "mention" | "message" | undefined;
  /** newest (default): occurred_at desc. priority: overdue negative first, then overdue, large authors first within each. */
  sort?: "newest" | "priority" | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};

/** The workspace's live items with what the list shows; `brands` (not null) keeps those brands' items only. */
export function itemsQuery(db: Kysely<Database>, workspaceId: string, brands: BrandScope) {
  const q = db
    .selectFrom("inbox_items as i")
    .innerJoin("channels as c", "c.id", "i.channel_id")
    .leftJoin("users as u", "u.id", "i.assignee_id")
    .leftJoin("publications as p", "p.id", "i.publication_id")
    .leftJoin("variants as v", "v.id", "p.variant_id")
    .leftJoin("posts as po", "po.id", "v.post_id")
    .selectAll("i")
    .select(["c.network", "c.name as channel_name", "u.name as assignee_name", "p.url as post_url", "po.id as post_id", "v.text as post_text"])
    .select((eb) =>
      eb
        .selectFrom("inbox_replies as r")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("r.item_id", "=", "i.id")
        .where("r.status", "!=", "failed")
        .as("reply_count"),
    )
    .where("i.workspace_id", "=", workspaceId)
    .where("i.deleted_at", "is", null);
  return brands ? q.where("i.brand_id", "in", brands) : q;
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>["executeTakeFirstOrThrow"]>>;

/** A post's title for the inbox: its first line, cut at 80 characters. */
const titleOf = (text: string | null): string => {
  const line = (text ?? "").split("\n")[0]?.trim() ?? "";
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

/** Tags as stored (a JSON array); anything unreadable is no tags. */
export const parseTags = (stored: string): string[] => {
  try {
    const v: unknown = JSON.parse(stored);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
};

export function presentItem(registry: ConnectorRegistry) {
  return (r: ItemRow) => ({
    id: r.id,
    brandId: r.brand_id,
    channelId: r.channel_id,
    network: r.network,
    networkName: registry.get(r.network)?.displayName ?? r.network,
    channelName: r.channel_name,
    kind: r.kind,
    author: { name: r.author_name, handle: r.author_handle, followers: r.author_followers, avatarUrl: r.author_avatar_url },
    text: r.text,
    lang: r.lang,
    sentiment: r.sentiment,
    sentimentConfidence: r.sentiment_confidence,
    status: r.status,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "" } : null,
    tags: parseTags(r.tags),
    occurredAt: r.occurred_at,
    post: r.post_id ? { id: r.post_id, url: r.post_url, title: titleOf(r.post_text) } : null,
    replies: Number(r.reply_count ?? 0),
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    url: r.url,
    editedAt: r.edited_at,
    dueAt: r.due_at,
    overdue: rankIsOverdue(r.rank),
    likedAt: r.liked_at,
    hiddenAt: r.hidden_at,
  });
}

export type InboxItemView = ReturnType<ReturnType<typeof presentItem>>;

export async function listInbox(deps: InboxReadDeps, actor: Actor, workspaceId: string, f: InboxFilter): Promise<PageResult<InboxItemView>> {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  const limit = pageLimit(f.limit);
  let q = itemsQuery(deps.db, workspaceId, brands);
  if (f.brandId) q = q.where("i.brand_id", "=", f.brandId);
  if (f.channelId) q = q.where("i.channel_id", "=", f.channelId);
  if (f.status) q = q.where("i.status", "=", f.status);
  if (f.sentiment) q = q.where("i.sentiment", "=", f.sentiment);
  if (f.lang) q = q.where("i.lang", "=", f.lang);
  if (f.assignee === "none") q = q.where("i.assignee_id", "is", null);
  else if (f.assignee === "me") q = q.where("i.assignee_id", "=", actor.userId);
  else if (f.assignee) q = q.where("i.assignee_id", "=", f.assignee);
  if (f.unanswered) q = q.where("i.first_response_at", "is", null);
  if (f.overdue) q = q.where("i.rank", ">=", bandSize);
  if (f.kind) q = q.where("i.kind", "=", f.kind);
  if (f.q?.trim()) q = q.where(await inboxSearch(deps.db, workspaceId, f.q, brands));
  // Overdue items are a work queue: listed in queue order whatever the sort (an index walk at any size).
  if (f.sort === "priority" || f.overdue) return priorityPage(deps, q, f.cursor, limit);
  const afterId = decodeCursor(f.cursor);
  if (afterId) {
    const after = await deps.db.selectFrom("inbox_items").select(["occurred_at"]).where("id", "=", afterId).where("workspace_id", "=", workspaceId).executeTakeFirst();
    if (!after) throw new AppError("validation_failed", "The cursor is not valid: pass the nextCursor value of a previous page.", { errors: [{ path: "cursor", message: "Invalid cursor" }] });
    q = q.where((eb) => eb.or([eb("i.occurred_at", "<", after.occurred_at), eb.and([eb("i.occurred_at", "=", after.occurred_at), eb("i.id", "<", afterId)])]));
  }
  const rows = await q.orderBy("i.occurred_at", "desc").orderBy("i.id", "desc").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, presentItem(deps.registry));
}

type ItemsQuery = ReturnType<typeof itemsQuery>;

/**
 * The work queue view: overdue items (unanswered, not resolved, past the brand's response SLA)
 * first — negative ones before the rest — and within each group the authors with the most
 * followers first, then the newest. The order is stored (rank, see src/domain/inbox-priority.ts;
 * the minute sweep moves items that turn overdue), so a page is a walk along an index and the
 * cursor is the last item's (rank, time, id).
 */
async function priorityPage(deps: InboxReadDeps, q: ItemsQuery, cursor: string | undefined, limit: number): Promise<PageResult<InboxItemView>> {
  if (cursor) {
    const after = parsePriorityCursor(cursor);
    q = q.where(sql<SqlBool>`(i.rank, i.occurred_at, i.id) < (${after.rank}, ${after.at}, ${after.id})`);
  }
  const rows = await q.orderBy("i.rank", "desc").orderBy("i.occurred_at", "desc").orderBy("i.id", "desc").limit(limit + 1).execute();
  const page = toPage(rows, limit, (r) => r.id, presentItem(deps.registry));
  const last = rows[limit - 1];
  return { items: page.items, nextCursor: page.nextCursor && last ? Buffer.from(JSON.stringify([Number(last.rank), last.occurred_at, last.id]), "utf8").toString("base64url") : null };
}

function parsePriorityCursor(cursor: string): { rank: number; at: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 3 && Number.isSafeInteger(v[0]) && typeof v[1] === "string" && typeof v[2] === "string") return { rank: v[0], at: v[1], id: v[2] };
  } catch {
    // fall through to the error below
  }
  throw new AppError("validation_failed", "The cursor is not valid: pass the nextCursor value of a previous page.", { errors: [{ path: "cursor", message: "Invalid cursor" }] });
}

/**
 * Items ingested after `afterId` (ids are UUIDv7, so creation order), oldest first, for the live
 * stream. Without `afterId` it answers nothing and the id to start from: the newest item's.
 * The stream calls this at every poll, so access and the brand scope are read again each time: a
 * member limited to some brands gets only their items' events, and loses them as soon as their
 * membership changes.
 */
export async function inboxItemsAfter(deps: InboxReadDeps, actor: Actor, workspaceId: string, opts: { afterId: string | null; brandId?: string | undefined }) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  if (!opts.afterId) {
    let newest = deps.db.selectFrom("inbox_items").select("id").where("workspace_id", "=", workspaceId);
    if (brands) newest = newest.where("brand_id", "in", brands);
    if (opts.brandId) newest = newest.where("brand_id", "=", opts.brandId);
    const row = await newest.orderBy("id", "desc").limit(1).executeTakeFirst();
    return { items: [], lastId: row?.id ?? "00000000-0000-0000-0000-000000000000" };
  }
  let q = itemsQuery(deps.db, workspaceId, brands).where("i.id", ">", opts.afterId);
  if (opts.brandId) q = q.where("i.brand_id", "=", opts.brandId);
  const rows = await q.orderBy("i.id").limit(100).execute();
  return { items: rows.map(presentItem(deps.registry)), lastId: rows[rows.length - 1]?.id ?? opts.afterId };
}

export async function getInboxItem(deps: InboxReadDeps, actor: Actor, workspaceId: string, itemId: string) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  const present = presentItem(deps.registry);
  // Another brand's item is "not found" here too, should a route ever miss the brand check.
  const row = await itemsQuery(deps.db, workspaceId, brands).where("i.id", "=", itemId).executeTakeFirst();
  if (!row) throw notFound("Inbox item");
  const thread = row.post_external_id
    ? await itemsQuery(deps.db, workspaceId, brands)
        .where("i.channel_id", "=", row.channel_id)
        .where("i.post_external_id", "=", row.post_external_id)
        .orderBy("i.occurred_at")
        .orderBy("i.id")
        .limit(200)
        .execute()
    : [row];
  const notes = await deps.db
    .selectFrom("inbox_notes as n")
    .leftJoin("users as u", "u.id", "n.author_id")
    .select(["n.id", "n.text", "n.created_at", "u.name"])
    .where("n.workspace_id", "=", workspaceId)
    .where("n.item_id", "=", itemId)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
  const replies = await repliesOf(deps.db, workspaceId, itemId);
  return {
    ...present(row),
    thread: thread.map(present),
    notes: notes.map((n) => ({ id: n.id, authorName: n.name ?? "", text: n.text, createdAt: n.created_at })),
    replies,
  };
}

export async function repliesOf(db: Kysely<Database>, workspaceId: string, itemId: string, replyId?: string) {
  let q = db
    .selectFrom("inbox_replies as r")
    .leftJoin("users as u", "u.id", "r.author_id")
    .select(["r.id", "r.text", "r.status", "r.error", "r.created_at", "r.sent_at", "u.name"])
    .where("r.workspace_id", "=", workspaceId)
    .where("r.item_id", "=", itemId);
  if (replyId) q = q.where("r.id", "=", replyId);
  const rows = await q.orderBy("r.created_at").orderBy("r.id").execute();
  return rows.map((r) => ({ id: r.id, authorName: r.name ?? "", text: r.text, status: r.status, error: r.error, createdAt: r.created_at, sentAt: r.sent_at }));
}

export async function inboxCounts(deps: InboxReadDeps, actor: Actor, workspaceId: string, opts: { brandId?: string | undefined }) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  let q = deps.db
    .selectFrom("inbox_items")
    .select((eb) => [
      "status",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(eb.case().when("sentiment", "=", "negative").then(1).else(0).end()).as("negative"),
      eb.fn.sum<number>(eb.case().when("assignee_id", "is", null).then(1).else(0).end()).as("unassigned"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("deleted_at", "is", null);
  if (brands) q = q.where("brand_id", "in", brands);
  if (opts.brandId) q = q.where("brand_id", "=", opts.brandId);
  const rows = await q.groupBy("status").execute();
  const out = { new: 0, open: 0, waiting: 0, resolved: 0, negativeOpen: 0, unassigned: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    out[r.status] = n;
    // "Open" work for these two counters is whatever is not resolved yet.
    if (r.status !== "resolved") {
      if (r.status !== "waiting") out.negativeOpen += Number(r.negative ?? 0);
      out.unassigned += Number(r.unassigned ?? 0);
    }
  }
  return out;
}

/**
 * Asks every channel of the workspace (or brand) for new comments now; answers how many channels
 * were asked. "Every" is every brand the caller works with.
 */
export async function refreshInbox(deps: InboxReadDeps & { queue: JobQueue }, actor: Actor, workspaceId: string, opts: { brandId?: string | undefined }) {
  const { brands } = await requireBrandAccess(deps.db, actor, workspaceId, "inbox.read");
  if (opts.brandId) {
    let q = deps.db.selectFrom("brands").select("id").where("id", "=", opts.brandId).where("workspace_id", "=", workspaceId);
    if (brands) q = q.where("id", "in", brands);
    if (!(await q.executeTakeFirst())) throw notFound("Brand");
    return { channels: await ingestNow(deps, workspaceId, opts.brandId) };
  }
  if (!brands) return { channels: await ingestNow(deps, workspaceId) };
  // One call per brand: a member works with a few brands, and each call is one query.
  let channels = 0;
  for (const brandId of brands) channels += await ingestNow(deps, workspaceId, brandId);
  return { channels };
}
