/** Audit trail: every change of state that matters leaves one row, written in the same unit of work. */
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { newId, nowIso } from "../store/ids.js";

export type AuditInput = {
  workspaceId: string | null;
  actorUserId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string | null;
};

export async function recordAudit(db: Kysely<Database>, e: AuditInput): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      id: newId(),
      workspace_id: e.workspaceId,
      actor_user_id: e.actorUserId,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      data: JSON.stringify(e.data ?? {}),
      ip: e.ip ?? null,
      created_at: nowIso(),
    })
    .execute();
}
