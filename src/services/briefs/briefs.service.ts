/**
 * The agency's side of briefs: make a link for a brand's client, list the brand's links with their
 * state, read the answers, extend, withdraw or delete a link.
 *
 * Who may do what:
 * - Making, extending, withdrawing and deleting links is "brands.manage" (owners and managers):
 *   a link lets a stranger write into the brand, and names the agency to them.
 * - Reading briefs and answers is "brands.read": a brief is what the client says about their own
 *   brand (product, audience, goals), the ground the whole team and the client work from, like the
 *   brand's profile — not a measured figure, so not "analytics.read". Members limited to some
 *   brands see only those brands' briefs (src/api/brand-scope.ts, and the list's filter here).
 *
 * The link's secret is made here, returned once, and only its SHA-256 is kept.
 */
import type { Kysely } from "kysely";
import { type BriefPrefill, briefPrefillSchema } from "../../domain/brief.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { BriefsTable } from "../../store/schema-briefs.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { hashToken, randomToken } from "../secrets.js";
import { briefStatus, defaultExpiryDays } from "./brief-status.js";
import { type BriefsDeps, nowOf } from "./deps.js";
import { type BriefDetail, type BriefRow, type BriefSummary, presentDetail, presentSummary } from "./present.js";

type Db = Kysely<Database>;
const dayMs = 86_400_000;

export type CreateBriefInput = {
  brandId: string;
  title: string;
  message?: string | undefined;
  language?: "en" | "ru" | null | undefined;
  expiresInDays?: number | undefined;
  prefill?: BriefPrefill | undefined;
};

export const briefLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, "")}/brief/${token}`;

async function findBriefRow(db: Db, workspaceId: string, id: string): Promise<BriefRow> {
  const row = await db
    .selectFrom("briefs")
    .leftJoin("users", "users.id", "briefs.created_by")
    .selectAll("briefs")
    .select("users.name as creator_name")
    .where("briefs.workspace_id", "=", workspaceId)
    .where("briefs.id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("Brief");
  return row;
}

/** A new link for the brand's client. The URL is in this answer only: the server keeps its hash. */
export async function createBrief(deps: BriefsDeps, actor: Actor, workspaceId: string, input: CreateBriefInput): Promise<{ brief: BriefDetail; url: string }> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "brands.manage");
  await findBrand(db, workspaceId, input.brandId);
  // Checked again here (the route checks too): callers other than the API must not store a prefill the form would refuse.
  const prefill = briefPrefillSchema.parse(input.prefill ?? {});
  const now = nowOf(deps);
  const token = randomToken();
  const row: BriefsTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    title: input.title.trim(),
    message: (input.message ?? "").trim(),
    language: input.language ?? null,
    token_hash: hashToken(token),
    status: "sent",
    expires_at: new Date(now.getTime() + (input.expiresInDays ?? defaultExpiryDays) * dayMs).toISOString(),
    prefill: JSON.stringify(prefill),
    answers: null,
    opened_at: null,
    submitted_at: null,
    revoked_at: null,
    rejections: 0,
    rejections_since: null,
    created_by: actor.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("briefs").values(row).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "brief.create",
      targetType: "brief",
      targetId: row.id,
      data: { brandId: row.brand_id, title: row.title, expiresAt: row.expires_at },
      ip: actor.ip ?? null,
    });
  });
  return { brief: presentDetail(await findBriefRow(db, workspaceId, row.id), now), url: briefLink(deps.publicUrl, token) };
}

/** The workspace's briefs (or one brand's), newest first, without the answers. */
export async function listBriefs(deps: BriefsDeps, actor: Actor, workspaceId: string, filter: { brandId?: string | undefined }): Promise<BriefSummary[]> {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "brands.read");
  let q = db
    .selectFrom("briefs")
    .leftJoin("users", "users.id", "briefs.created_by")
    .selectAll("briefs")
    .select("users.name as creator_name")
    .where("briefs.workspace_id", "=", workspaceId);
  if (filter.brandId) q = q.where("briefs.brand_id", "=", filter.brandId);
  if (brands) q = q.where("briefs.brand_id", "in", brands);
  const rows = await q.orderBy("briefs.created_at", "desc").orderBy("briefs.id", "desc").limit(500).execute();
  const now = nowOf(deps);
  return rows.map((r) => presentSummary(r, now));
}

/** One brief with what the agency prefilled and what the client answered. */
export async function getBrief(deps: BriefsDeps, actor: Actor, workspaceId: string, id: string): Promise<BriefDetail> {
  await requireAccess(deps.db, actor, workspaceId, "brands.read");
  return presentDetail(await findBriefRow(deps.db, workspaceId, id), nowOf(deps));
}

/** Moves a link's expiry to `days` from now; an expired link works again. Not for submitted or withdrawn links. */
export async function extendBrief(deps: BriefsDeps, actor: Actor, workspaceId: string, id: string, days: number): Promise<BriefDetail> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const row = await findBriefRow(db, workspaceId, id);
  if (row.status === "submitted") throw new AppError("conflict", "The client has already sent this brief; its link is closed. Make a new link to ask again.");
  if (row.status === "revoked") throw new AppError("conflict", "This link was withdrawn and cannot be reopened. Make a new link instead.");
  const now = nowOf(deps);
  const expiresAt = new Date(now.getTime() + days * dayMs).toISOString();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("briefs").set({ expires_at: expiresAt, updated_at: now.toISOString() }).where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "brief.extend", targetType: "brief", targetId: id, data: { from: row.expires_at, to: expiresAt }, ip: actor.ip ?? null });
  });
  return presentDetail({ ...row, expires_at: expiresAt, updated_at: now.toISOString() }, now);
}

/** Withdraws a link the client has not used yet: it then answers "withdrawn". Withdrawing twice changes nothing. */
export async function revokeBrief(deps: BriefsDeps, actor: Actor, workspaceId: string, id: string): Promise<BriefDetail> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const row = await findBriefRow(db, workspaceId, id);
  const now = nowOf(deps);
  if (row.status === "revoked") return presentDetail(row, now);
  if (row.status === "submitted") {
    throw new AppError("conflict", "The client has already sent this brief, so its link is closed anyway. Delete the brief to remove the answers.");
  }
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    // Conditional: a submission that lands at the same moment wins, and the answers are kept.
    const res = await tx
      .updateTable("briefs")
      .set({ status: "revoked", revoked_at: at, updated_at: at })
      .where("id", "=", id)
      .where("workspace_id", "=", workspaceId)
      .where("status", "in", ["sent", "opened"])
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError("conflict", "The client sent the brief just now. Reload to see the answers.");
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "brief.revoke", targetType: "brief", targetId: id, data: { wasStatus: briefStatus(row, now) }, ip: actor.ip ?? null });
  });
  return presentDetail({ ...row, status: "revoked", revoked_at: at, updated_at: at }, now);
}

/** Deletes a brief and the client's answers for good (the link then answers "not found"). */
export async function deleteBrief(deps: BriefsDeps, actor: Actor, workspaceId: string, id: string): Promise<void> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "brands.manage");
  const row = await findBriefRow(db, workspaceId, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("briefs").where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "brief.delete",
      targetType: "brief",
      targetId: id,
      data: { brandId: row.brand_id, title: row.title, hadAnswers: row.answers !== null },
      ip: actor.ip ?? null,
    });
  });
}
