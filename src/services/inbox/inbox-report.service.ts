/**
 * Response-time report: how fast the team answers and resolves (DOMAIN.md: "answer comments fast";
 * slow answers are a known mistake). Over the items that arrived in [from, to):
 * - first response time = first_response_at − occurred_at (the first reply sent through Chorus),
 * - resolution time = resolved_at − occurred_at,
 * both in minutes, as median and 90th percentile (linear interpolation between closest ranks), and
 * per member: replies sent in the period and the median first response of the items they answered first.
 * A member limited to some brands sees the report of those brands' items only.
 */
import type { Kysely } from "kysely";
import type { BrandScope } from "../../domain/roles.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireBrandAccess } from "../access.js";

export type ReportQuery = { brandId?: string | undefined; from?: string | undefined; to?: string | undefined };

/** Percentile p (0..1) of sorted values, interpolated linearly; null for no values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return Math.round((a + (b - a) * (pos - lo)) * 10) / 10;
}

const stats = (minutes: number[]) => {
  const sorted = [...minutes].sort((x, y) => x - y);
  return { median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), count: sorted.length };
};

const minutesBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);

export async function inboxReport(db: Kysely<Database>, actor: Actor, workspaceId: string, q: ReportQuery) {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "inbox.read");
  return computeInboxReport(db, workspaceId, q, brands);
}

export type InboxReport = Awaited<ReturnType<typeof computeInboxReport>>;

/** The report without an access check: for reports a manager set up and the scheduler sends. `brands` (not null) keeps those brands' items. */
export async function computeInboxReport(db: Kysely<Database>, workspaceId: string, q: ReportQuery, brands: BrandScope = null) {
  const to = q.to ?? new Date().toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * 24 * 3_600_000).toISOString();
  let items = db
    .selectFrom("inbox_items")
    .select(["id", "occurred_at", "first_response_at", "resolved_at"])
    .where("workspace_id", "=", workspaceId)
    .where("occurred_at", ">=", from)
    .where("occurred_at", "<", to);
  if (brands) items = items.where("brand_id", "in", brands);
  if (q.brandId) items = items.where("brand_id", "=", q.brandId);
  const rows = await items.execute();
  const firstResponse = rows.flatMap((r) => (r.first_response_at ? [minutesBetween(r.occurred_at, r.first_response_at)] : []));
  const resolution = rows.flatMap((r) => (r.resolved_at ? [minutesBetween(r.occurred_at, r.resolved_at)] : []));

  let replies = db
    .selectFrom("inbox_replies as r")
    .innerJoin("inbox_items as i", "i.id", "r.item_id")
    .leftJoin("users as u", "u.id", "r.author_id")
    .select(["r.item_id", "r.author_id", "r.sent_at", "u.name", "i.occurred_at"])
    .where("r.workspace_id", "=", workspaceId)
    .where("r.status", "=", "sent")
    .where("r.sent_at", ">=", from)
    .where("r.sent_at", "<", to);
  if (brands) replies = replies.where("i.brand_id", "in", brands);
  if (q.brandId) replies = replies.where("i.brand_id", "=", q.brandId);
  const sent = (await replies.orderBy("r.sent_at").execute()).filter((r) => r.author_id !== null);
  const members = new Map<string, { name: string; replies: number; first: number[] }>();
  const answered = new Set<string>();
  for (const r of sent) {
    const m = members.get(r.author_id as string) ?? { name: r.name ?? "", replies: 0, first: [] };
    m.replies++;
    // Sorted by time, so the first reply seen for an item is its first response.
    if (!answered.has(r.item_id) && r.sent_at) {
      answered.add(r.item_id);
      m.first.push(minutesBetween(r.occurred_at, r.sent_at));
    }
    members.set(r.author_id as string, m);
  }
  const byMember = [...members.entries()]
    .map(([userId, m]) => ({ userId, name: m.name, replies: m.replies, medianFirstResponseMinutes: stats(m.first).median }))
    .sort((a, b) => b.replies - a.replies || a.name.localeCompare(b.name));
  return { from, to, firstResponse: stats(firstResponse), resolution: stats(resolution), byMember };
}
