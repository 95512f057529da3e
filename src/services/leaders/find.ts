/** Finding a leader of the workspace (shared by the leader and placement services). */
import type { Kysely } from "kysely";
import { notFound } from "../../errors.js";
import type { OpinionLeadersTable } from "../../store/schema-leaders.js";
import type { Database } from "../../store/schema.js";

/** The leader, of the workspace, or "not found". */
export async function findLeader(db: Kysely<Database>, workspaceId: string, id: string): Promise<OpinionLeadersTable> {
  const l = await db.selectFrom("opinion_leaders").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  if (!l) throw notFound("Opinion leader");
  return l;
}
