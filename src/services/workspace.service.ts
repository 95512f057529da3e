/** Workspaces, members and their roles, and invitations to join. */
import type { Kysely } from "kysely";
import { type BrandScope, canAssignRole, parseScope, permissionsOf, type Role, scopeCovers } from "../domain/roles.js";
import { AppError, notFound } from "../errors.js";
import { newId, nowIso } from "../store/ids.js";
import { decodeCursor, type PageRequest, type PageResult, pageLimit, toPage } from "../store/paginate.js";
import type { Database } from "../store/schema.js";
import { type Actor, requireBrandAccess, roleIn } from "./access.js";
import { recordAudit } from "./audit.service.js";
import { checkPasswordStrength, createSession, hashPassword, normalizeEmail, type PublicUser, presentUser } from "./auth.service.js";
import { hashToken, randomToken } from "./secrets.js";

const invitationDays = 7;

export type WorkspaceSummary = { id: string; name: string; role: Role };

export async function createWorkspace(
  db: Kysely<Database>,
  input: { name: string; ownerId: string },
): Promise<{ id: string; name: string }> {
  const ws = { id: newId(), name: input.name.trim(), created_at: nowIso() };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("workspaces").values(ws).execute();
    await tx
      .insertInto("memberships")
      .values({ workspace_id: ws.id, user_id: input.ownerId, role: "owner", created_at: ws.created_at })
      .execute();
    await recordAudit(tx, { workspaceId: ws.id, actorUserId: input.ownerId, action: "workspace.create" });
  });
  return { id: ws.id, name: ws.name };
}

export async function listMyWorkspaces(db: Kysely<Database>, actor: Actor): Promise<WorkspaceSummary[]> {
  let q = db
    .selectFrom("memberships")
    .innerJoin("workspaces", "workspaces.id", "memberships.workspace_id")
    .select(["workspaces.id", "workspaces.name", "memberships.role"])
    .where("memberships.user_id", "=", actor.userId);
  if (actor.tokenWorkspaceId) q = q.where("workspaces.id", "=", actor.tokenWorkspaceId);
  return q.orderBy("workspaces.created_at").execute();
}

export async function getWorkspace(db: Kysely<Database>, actor: Actor, workspaceId: string) {
  const { role, brands } = await requireBrandAccess(db, actor, workspaceId, "workspace.read");
  const ws = await db.selectFrom("workspaces").select(["id", "name"]).where("id", "=", workspaceId).executeTakeFirstOrThrow();
  return { ...ws, role, brandIds: brands === null ? null : [...brands], permissions: permissionsOf(role, brands !== null) };
}

type MemberRow = { id: string; email: string; name: string; role: Role; created_at: string; brand_ids: string | null };

const memberColumns = ["users.id", "users.email", "users.name", "memberships.role", "memberships.created_at", "memberships.brand_ids"] as const;

function presentMember(r: MemberRow) {
  return { userId: r.id, email: r.email, name: r.name, role: r.role, brandIds: scopeOf(r.role, r.brand_ids), createdAt: r.created_at };
}

/** Owners always see every brand, whatever is stored. */
function scopeOf(role: Role, stored: string | null): string[] | null {
  const scope = role === "owner" ? null : parseScope(stored);
  return scope === null ? null : [...scope];
}

export async function listMembers(db: Kysely<Database>, actor: Actor, workspaceId: string, page: PageRequest) {
  await requireBrandAccess(db, actor, workspaceId, "members.read");
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  let q = db.selectFrom("memberships").innerJoin("users", "users.id", "memberships.user_id").select(memberColumns).where("memberships.workspace_id", "=", workspaceId);
  if (after) q = q.where("users.id", ">", after);
  const rows = await q.orderBy("users.id").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, presentMember);
}

/**
 * A brand scope given in a request, checked: null (every brand) or 1–200 distinct brands of this
 * workspace. An owner is never limited, and nobody hands out more brands than they see.
 */
async function checkedScope(db: Kysely<Database>, workspaceId: string, actorScope: BrandScope, role: Role, brandIds: readonly string[] | null): Promise<string[] | null> {
  if (brandIds === null) {
    if (actorScope !== null) {
      throw new AppError("forbidden", "You work with some brands only, so you cannot give anyone every brand. Choose among your brands.", {
        errors: [{ path: "brandIds", message: "Choose among your brands" }],
      });
    }
    return null;
  }
  const ids = [...new Set(brandIds)];
  if (role === "owner") {
    throw new AppError("validation_failed", "An owner always sees every brand. Choose another role to limit someone to some brands.", {
      errors: [{ path: "brandIds", message: "Owners see every brand" }],
    });
  }
  if (ids.length === 0) {
    throw new AppError("validation_failed", "Choose at least one brand, or every brand.", { errors: [{ path: "brandIds", message: "Choose at least one brand" }] });
  }
  const found = await db.selectFrom("brands").select("id").where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
  const known = new Set(found.map((b) => b.id));
  const unknown = ids.filter((b) => !known.has(b));
  if (unknown.length > 0) {
    throw new AppError("validation_failed", "Some of the chosen brands are not brands of this workspace.", {
      errors: unknown.map((b) => ({ path: `brandIds[${ids.indexOf(b)}]`, message: "Not a brand of this workspace" })),
    });
  }
  if (!scopeCovers(actorScope, ids)) {
    throw new AppError("forbidden", "You can only give brands you work with yourself.", { errors: [{ path: "brandIds", message: "Choose among your brands" }] });
  }
  return ids;
}

async function ownerCount(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const r = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "owner")
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Changes a member's role, the brands they work with, or both. `brandIds` absent keeps the
 * brands; null gives every brand. Becoming an owner clears the limit.
 */
export async function changeMember(
  db: Kysely<Database>,
  actor: Actor,
  workspaceId: string,
  userId: string,
  change: { role?: Role | undefined; brandIds?: readonly string[] | null | undefined },
) {
  const { role: actorRole, brands: actorScope } = await requireBrandAccess(db, actor, workspaceId, "members.role");
  return db.transaction().execute(async (tx) => {
    const target = await tx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(memberColumns)
      .where("memberships.workspace_id", "=", workspaceId)
      .where("memberships.user_id", "=", userId)
      .executeTakeFirst();
    if (!target) throw notFound("Member");
    const role = change.role ?? target.role;
    const fromScope = scopeOf(target.role, target.brand_ids);
    if (!scopeCovers(actorScope, fromScope)) {
      throw new AppError("forbidden", "This member works with brands you do not see. Ask an owner or a manager who sees every brand.");
    }
    if (!canAssignRole(actorRole, target.role, role)) {
      throw new AppError("forbidden", "Only an owner can make someone an owner or change an owner's role.");
    }
    const wanted = change.brandIds !== undefined ? change.brandIds : role === "owner" ? null : fromScope;
    const toScope = await checkedScope(tx, workspaceId, actorScope, role, wanted);
    if (target.role === "owner" && role !== "owner" && (await ownerCount(tx, workspaceId)) <= 1) {
      throw new AppError("conflict", "A workspace needs at least one owner. Make someone else an owner first.");
    }
    const brandIds = toScope === null ? null : JSON.stringify(toScope);
    await tx.updateTable("memberships").set({ role, brand_ids: brandIds }).where("workspace_id", "=", workspaceId).where("user_id", "=", userId).execute();
    const audit = (action: string, data: Record<string, unknown>) =>
      recordAudit(tx, { workspaceId, actorUserId: actor.userId, action, targetType: "user", targetId: userId, data, ip: actor.ip ?? null });
    if (role !== target.role) await audit("member.role_change", { from: target.role, to: role });
    if (JSON.stringify(fromScope) !== JSON.stringify(toScope)) await audit("member.brands_change", { from: fromScope, to: toScope });
    return presentMember({ ...target, role, brand_ids: brandIds });
  });
}

export async function removeMember(db: Kysely<Database>, actor: Actor, workspaceId: string, userId: string): Promise<void> {
  const { role: actorRole, brands: actorScope } = await requireBrandAccess(db, actor, workspaceId, "members.remove");
  await db.transaction().execute(async (tx) => {
    const target = await tx
      .selectFrom("memberships")
      .select(["role", "brand_ids"])
      .where("workspace_id", "=", workspaceId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!target) throw notFound("Member");
    if (!scopeCovers(actorScope, scopeOf(target.role, target.brand_ids))) {
      throw new AppError("forbidden", "This member works with brands you do not see. Ask an owner or a manager who sees every brand.");
    }
    if (target.role === "owner" && actorRole !== "owner") throw new AppError("forbidden", "Only an owner can remove an owner.");
    if (target.role === "owner" && (await ownerCount(tx, workspaceId)) <= 1) {
      throw new AppError("conflict", "A workspace needs at least one owner. Make someone else an owner first.");
    }
    await tx.deleteFrom("memberships").where("workspace_id", "=", workspaceId).where("user_id", "=", userId).execute();
    await tx.deleteFrom("api_tokens").where("workspace_id", "=", workspaceId).where("user_id", "=", userId).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "member.remove",
      targetType: "user",
      targetId: userId,
      data: { role: target.role },
      ip: actor.ip ?? null,
    });
  });
}

type InvitationRow = Omit<Database["invitations"], "brand_ids"> & { brand_ids: string | null; inviter_name?: string | null };

const presentInvitation = (r: InvitationRow) => ({
  id: r.id,
  email: r.email,
  role: r.role,
  brandIds: scopeOf(r.role, r.brand_ids),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  inviterName: r.inviter_name ?? null,
});

export async function listInvitations(db: Kysely<Database>, actor: Actor, workspaceId: string, page: PageRequest) {
  await requireBrandAccess(db, actor, workspaceId, "members.invite");
  const limit = pageLimit(page.limit);
  const after = decodeCursor(page.cursor);
  let q = db
    .selectFrom("invitations")
    .leftJoin("users", "users.id", "invitations.invited_by")
    .selectAll("invitations")
    .select("users.name as inviter_name")
    .where("invitations.workspace_id", "=", workspaceId)
    .where("invitations.accepted_at", "is", null)
    .where("invitations.revoked_at", "is", null)
    .where("invitations.expires_at", ">", nowIso());
  if (after) q = q.where("invitations.id", ">", after);
  const rows = await q.orderBy("invitations.id").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, presentInvitation);
}

export async function invite(
  db: Kysely<Database>,
  actor: Actor,
  workspaceId: string,
  input: { email: string; role: Role; brandIds?: readonly string[] | null | undefined; publicUrl: string },
) {
  const { role: actorRole, brands: actorScope } = await requireBrandAccess(db, actor, workspaceId, "members.invite");
  if (input.role === "owner" && actorRole !== "owner") throw new AppError("forbidden", "Only an owner can invite another owner.");
  // Absent: every brand, or the inviter's own brands when they see only some.
  const scope = await checkedScope(db, workspaceId, actorScope, input.role, input.brandIds === undefined ? (input.role === "owner" ? null : actorScope) : input.brandIds);
  const email = normalizeEmail(input.email);
  const already = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.id")
    .where("memberships.workspace_id", "=", workspaceId)
    .where("users.email", "=", email)
    .executeTakeFirst();
  if (already) throw new AppError("conflict", `${email} is already a member of this workspace.`);
  const token = randomToken();
  const now = new Date();
  const row = {
    id: newId(),
    workspace_id: workspaceId,
    email,
    role: input.role,
    token_hash: hashToken(token),
    invited_by: actor.userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + invitationDays * 86_400_000).toISOString(),
    accepted_at: null,
    revoked_at: null,
    brand_ids: scope === null ? null : JSON.stringify(scope),
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("invitations").values(row).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "member.invite",
      targetType: "invitation",
      targetId: row.id,
      data: { email, role: input.role, brandIds: scope },
      ip: actor.ip ?? null,
    });
  });
  return { invitation: presentInvitation(row), acceptUrl: `${input.publicUrl.replace(/\/$/, "")}/invite/${token}` };
}

export async function revokeInvitation(db: Kysely<Database>, actor: Actor, workspaceId: string, id: string): Promise<void> {
  const { brands: actorScope } = await requireBrandAccess(db, actor, workspaceId, "members.invite");
  const inv = await db.selectFrom("invitations").select(["role", "brand_ids"]).where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (inv && !scopeCovers(actorScope, scopeOf(inv.role, inv.brand_ids))) {
    throw new AppError("forbidden", "This invitation gives brands you do not see. Ask an owner or a manager who sees every brand.");
  }
  const res = await db
    .updateTable("invitations")
    .set({ revoked_at: nowIso() })
    .where("id", "=", id)
    .where("workspace_id", "=", workspaceId)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound("Invitation");
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "member.invite_revoke", targetType: "invitation", targetId: id });
}

async function findOpenInvitation(db: Kysely<Database>, token: string) {
  const inv = await db
    .selectFrom("invitations")
    .innerJoin("workspaces", "workspaces.id", "invitations.workspace_id")
    .selectAll("invitations")
    .select("workspaces.name as workspace_name")
    .where("invitations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!inv || inv.revoked_at) throw notFound("Invitation");
  if (inv.accepted_at) throw new AppError("gone", "This invitation has already been used. Sign in instead.");
  if (inv.expires_at <= nowIso()) throw new AppError("gone", "This invitation has expired. Ask for a new one.");
  return inv;
}

export async function describeInvitation(db: Kysely<Database>, token: string) {
  const inv = await findOpenInvitation(db, token);
  const user = await db.selectFrom("users").select("id").where("email", "=", inv.email).executeTakeFirst();
  const scope = scopeOf(inv.role, inv.brand_ids);
  // The link's holder is told which brands they will work with: names only, of this workspace.
  const brands = scope
    ? (await db.selectFrom("brands").select("name").where("workspace_id", "=", inv.workspace_id).where("id", "in", scope).orderBy("name").execute()).map((b) => b.name)
    : null;
  return { workspaceName: inv.workspace_name, email: inv.email, role: inv.role, brands, userExists: Boolean(user) };
}

/**
 * Accepting creates the account when the e-mail is new (name + password required); an existing
 * user must be signed in as that e-mail, so a leaked link cannot attach someone else's account.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  input: { actor: Actor | undefined; name?: string | undefined; password?: string | undefined; sessionDays: number },
): Promise<{ user: PublicUser; workspaceId: string; session?: { token: string; expiresAt: Date } }> {
  const inv = await findOpenInvitation(db, token);
  const existing = await db.selectFrom("users").selectAll().where("email", "=", inv.email).executeTakeFirst();
  let user: PublicUser;
  let passwordHash: string | undefined;
  if (existing) {
    if (!input.actor || input.actor.userId !== existing.id) {
      throw new AppError("unauthenticated", `Sign in as ${inv.email} first, then open the invitation link again.`);
    }
    user = presentUser(existing);
  } else {
    if (!input.name?.trim() || !input.password) {
      throw new AppError("validation_failed", "Enter your name and a password to create your account.", {
        errors: [
          ...(input.name?.trim() ? [] : [{ path: "name", message: "Required" }]),
          ...(input.password ? [] : [{ path: "password", message: "Required" }]),
        ],
      });
    }
    checkPasswordStrength(input.password);
    passwordHash = await hashPassword(input.password);
    user = { id: "", email: inv.email, name: input.name.trim(), locale: "en" };
  }
  const result = await db.transaction().execute(async (tx) => {
    const now = nowIso();
    const taken = await tx
      .updateTable("invitations")
      .set({ accepted_at: now })
      .where("id", "=", inv.id)
      .where("accepted_at", "is", null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw new AppError("gone", "This invitation has already been used.");
    if (passwordHash) {
      const created = { id: newId(), email: inv.email, name: user.name, password_hash: passwordHash, locale: "en", created_at: now, disabled_at: null };
      await tx.insertInto("users").values(created).execute();
      user = presentUser(created);
    }
    const already = await roleIn(tx, { userId: user.id }, inv.workspace_id);
    if (!already) {
      await tx.insertInto("memberships").values({ workspace_id: inv.workspace_id, user_id: user.id, role: inv.role, created_at: now, brand_ids: inv.brand_ids }).execute();
    }
    await recordAudit(tx, {
      workspaceId: inv.workspace_id,
      actorUserId: user.id,
      action: "member.join",
      targetType: "user",
      targetId: user.id,
      data: { role: inv.role, brandIds: scopeOf(inv.role, inv.brand_ids), invitationId: inv.id },
    });
    return { user, workspaceId: inv.workspace_id };
  });
  if (input.actor) return result;
  return { ...result, session: await createSession(db, result.user.id, input.sessionDays) };
}

export type { PageResult };
