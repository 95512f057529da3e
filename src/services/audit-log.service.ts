/** Reading the audit trail of a workspace, newest first. */
import type { Kysely } from "kysely";
import { decodeCursor, type PageRequest, pageLimit, toPage } from "../store/paginate.js";
import type { Database } from "../store/schema.js";
import { type Actor, requireAccess } from "./access.js";

export async function listAuditEvents(db: Kysely<Database>, actor: Actor, workspaceId: string, page: PageRequest) {
  await requireAccess(db, actor, workspaceId, "audit.read");
  const limit = pageLimit(page.limit);
  const before = decodeCursor(page.cursor);
  let q = db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .selectAll("audit_events")
    .select("users.name as actor_name")
    .where("audit_events.workspace_id", "=", workspaceId);
  if (before) q = q.where("audit_events.id", "<", before);
  const rows = await q.orderBy("audit_events.id", "desc").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, (r) => ({
    id: r.id,
    action: r.action,
    actorName: r.actor_name ?? null,
    targetType: r.target_type,
    targetId: r.target_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    ip: r.ip,
    createdAt: r.created_at,
  }));
}
