/** API tokens for scripts: shown once, stored as a hash, scoped to one workspace and acting with the owner's role. */
import type { Kysely } from "kysely";
import { notFound } from "../errors.js";
import { newId, nowIso } from "../store/ids.js";
import { decodeCursor, type PageRequest, pageLimit, toPage } from "../store/paginate.js";
import type { ApiTokensTable, Database } from "../store/schema.js";
import { type Actor, requireAccess } from "./access.js";
import { recordAudit } from "./audit.service.js";
import { newApiTokenSecret } from "./auth.service.js";
import { hashToken } from "./secrets.js";

const present = (t: ApiTokensTable) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  expiresAt: t.expires_at,
});

export async function listTokens(db: Kysely<Database>, actor: Actor, workspaceId: string, page: PageRequest) {
  await requireAccess(db, actor, workspaceId, "tokens.manage");
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  let q = db
    .selectFrom("api_tokens")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", actor.userId)
    .where("revoked_at", "is", null);
  if (after) q = q.where("id", ">", after);
  const rows = await q.orderBy("id").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, present);
}

export async function createToken(
  db: Kysely<Database>,
  actor: Actor,
  workspaceId: string,
  input: { name: string; expiresInDays?: number | undefined },
) {
  await requireAccess(db, actor, workspaceId, "tokens.manage");
  const secret = newApiTokenSecret();
  const now = new Date();
  const row: ApiTokensTable = {
    id: newId(),
    workspace_id: workspaceId,
    user_id: actor.userId,
    name: input.name.trim(),
    token_hash: hashToken(secret),
    prefix: secret.slice(0, 12),
    created_at: now.toISOString(),
    expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
    last_used_at: null,
    revoked_at: null,
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("api_tokens").values(row).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "token.create",
      targetType: "api_token",
      targetId: row.id,
      data: { name: row.name },
      ip: actor.ip ?? null,
    });
  });
  return { token: secret, apiToken: present(row) };
}

export async function revokeToken(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(db, actor, workspaceId, "tokens.manage");
  const res = await db
    .updateTable("api_tokens")
    .set({ revoked_at: nowIso() })
    .where("id", "=", id)
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", actor.userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound("API token");
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "token.revoke", targetType: "api_token", targetId: id });
}
