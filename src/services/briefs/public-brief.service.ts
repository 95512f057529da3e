/**
 * The client's side of a brief: the link's token is the only credential. Opening the form marks
 * the link "opened"; a valid submission stores the answers once and closes the link. An invalid
 * submission stores nothing but a count, which throttles a link used to hammer the server.
 *
 * Privacy: nothing about the visitor is kept — no IP address, no browser, no cookie. The audit
 * event of a submission has no actor and no IP.
 */
import type { Kysely } from "kysely";
import type { ZodError } from "zod";
import { briefAnswersSchema, type BriefPrefill } from "../../domain/brief.js";
import { AppError, type FieldProblem, notFound } from "../../errors.js";
import type { Database } from "../../store/schema.js";
import { recordAudit } from "../audit.service.js";
import { hashToken } from "../secrets.js";
import { assertOpen, BriefClosedError } from "./brief-status.js";
import { type BriefsDeps, nowOf } from "./deps.js";
import { prefillOf } from "./present.js";

type Db = Kysely<Database>;

/** Refused submissions a link may take per window before it answers 429 for the rest of it. */
export const maxRejections = 30;
export const rejectionWindowMs = 15 * 60_000;

export type PublicBrief = {
  workspaceName: string;
  brandName: string;
  title: string;
  message: string;
  language: "en" | "ru" | null;
  expiresAt: string;
  prefill: BriefPrefill;
};

async function findByToken(db: Db, token: string) {
  const row = await db
    .selectFrom("briefs")
    .innerJoin("workspaces", "workspaces.id", "briefs.workspace_id")
    .innerJoin("brands", "brands.id", "briefs.brand_id")
    .selectAll("briefs")
    .select(["workspaces.name as workspace_name", "brands.name as brand_name"])
    .where("briefs.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) throw notFound("This brief link");
  return row;
}

/** What the form shows. The first visit marks the link opened (seen by the agency in the list). */
export async function openBrief(deps: BriefsDeps, token: string): Promise<PublicBrief> {
  const { db } = deps;
  const row = await findByToken(db, token);
  const now = nowOf(deps);
  assertOpen(row, now, row.workspace_name);
  if (row.status === "sent") {
    const at = now.toISOString();
    await db.updateTable("briefs").set({ status: "opened", opened_at: at, updated_at: at }).where("id", "=", row.id).where("status", "=", "sent").execute();
  }
  return {
    workspaceName: row.workspace_name,
    brandName: row.brand_name,
    title: row.title,
    message: row.message,
    language: row.language === "en" || row.language === "ru" ? row.language : null,
    expiresAt: row.expires_at,
    prefill: prefillOf(row),
  };
}

/** Zod's issues as the API's field problems: "networks.0", "periodEnd". */
export function fieldProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "body", message: i.message }));
}

/**
 * Stores the client's answers and closes the link. Invalid answers are refused field by field
 * and change nothing but the throttle's count. Of two submissions racing, one wins; the other
 * gets 410 like any later one.
 */
export async function submitBrief(deps: BriefsDeps, token: string, body: unknown): Promise<{ submittedAt: string }> {
  const { db } = deps;
  const row = await findByToken(db, token);
  const now = nowOf(deps);
  assertOpen(row, now, row.workspace_name);
  const windowStart = new Date(now.getTime() - rejectionWindowMs).toISOString();
  const inWindow = row.rejections_since !== null && row.rejections_since > windowStart;
  if (inWindow && row.rejections >= maxRejections) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(row.rejections_since as string) + rejectionWindowMs - now.getTime()) / 1000));
    throw new AppError("rate_limited", "Too many attempts to send this brief. Wait a few minutes and try again.", { retryAfter });
  }
  const parsed = briefAnswersSchema.safeParse(body);
  if (!parsed.success) {
    await db
      .updateTable("briefs")
      .set((eb) => (inWindow ? { rejections: eb("rejections", "+", 1) } : { rejections: 1, rejections_since: now.toISOString() }))
      .where("id", "=", row.id)
      .execute();
    throw new AppError("validation_failed", "Some answers need fixing: see the fields listed in \"errors\".", { errors: fieldProblems(parsed.error) });
  }
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable("briefs")
      .set({ status: "submitted", answers: JSON.stringify(parsed.data), submitted_at: at, updated_at: at, rejections: 0, rejections_since: null })
      .where("id", "=", row.id)
      .where("status", "in", ["sent", "opened"])
      .where("expires_at", ">", at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new BriefClosedError("submitted", row.workspace_name);
    await recordAudit(tx, {
      workspaceId: row.workspace_id,
      actorUserId: null,
      action: "brief.submit",
      targetType: "brief",
      targetId: row.id,
      data: { brandId: row.brand_id },
      ip: null,
    });
  });
  return { submittedAt: at };
}
