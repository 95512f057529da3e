/**
 * Sending a report: render the period, print the PDF, e-mail it to the recipients with a short
 * HTML body, and record the run (when, period, status, error, recipients, PDF size).
 *
 * Contracts:
 * - A scheduled run carries its due instant as `run_key` (unique per report). The run row is
 *   written before anything is sent; a retried or duplicated job that finds it "sent" stops, so a
 *   report goes out at most once per due time even if two workers pick up copies.
 * - A failure is recorded on the run (status "failed", the error) and thrown again, so the job
 *   queue retries with backoff; the next attempt reuses the same run row.
 * - The sweep claims a due send by moving `reports.last_due_at` forward with a conditional update:
 *   of two workers sweeping the same minute exactly one sees its update count, and only it enqueues.
 */
import type { Kysely } from "kysely";
import { parseSections } from "../../domain/report-definition.js";
import { latestDue, periodOfDue } from "../../domain/report-schedule.js";
import { AppError } from "../../errors.js";
import { newId, nowIso } from "../../store/ids.js";
import type { ReportRunsTable } from "../../store/schema-reports.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { html, mailNotConfigured } from "../notify/email.js";
import { nowOf, type ReportsDeps } from "./deps.js";
import { formatter } from "./format.js";
import { buildReport, type PeriodQuery } from "./produce.js";
import { findReport, presentRun, type ReportRunView } from "./reports.service.js";
import { fill, stringsFor } from "./strings.js";

export type SendInput = {
  workspaceId: string;
  reportId: string;
  trigger: "schedule" | "manual";
  /** The due instant of a scheduled send (ISO); null for "send now". */
  runKey: string | null;
  period?: PeriodQuery | undefined;
  requestedBy?: string | null | undefined;
};

const parseRecipients = (s: string): string[] => {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** The run row for this send: the existing one for a scheduled run key, else a new one. */
async function openRun(db: Kysely<Database>, input: SendInput, period: { from: string; to: string }, recipients: string[]): Promise<ReportRunsTable> {
  if (input.runKey !== null) {
    const existing = await db.selectFrom("report_runs").selectAll().where("report_id", "=", input.reportId).where("run_key", "=", input.runKey).executeTakeFirst();
    if (existing) {
      if (existing.status === "sent") return existing;
      await db.updateTable("report_runs").set({ status: "running", error: null, attempts: existing.attempts + 1, recipients: JSON.stringify(recipients) }).where("id", "=", existing.id).execute();
      return { ...existing, status: "running", attempts: existing.attempts + 1 };
    }
  }
  const row: ReportRunsTable = {
    id: newId(),
    workspace_id: input.workspaceId,
    report_id: input.reportId,
    trigger: input.trigger,
    run_key: input.runKey,
    period_from: period.from,
    period_to: period.to,
    status: "running",
    error: null,
    recipients: JSON.stringify(recipients),
    bytes: null,
    attempts: 1,
    requested_by: input.requestedBy ?? null,
    started_at: nowIso(),
    finished_at: null,
  };
  try {
    await db.insertInto("report_runs").values(row).execute();
  } catch (err) {
    // Another worker inserted the same scheduled run a moment ago: it owns this send.
    if (input.runKey !== null) {
      const other = await db.selectFrom("report_runs").selectAll().where("report_id", "=", input.reportId).where("run_key", "=", input.runKey).executeTakeFirst();
      if (other) return { ...other, status: other.status === "failed" ? "failed" : "sent" };
    }
    throw err;
  }
  return row;
}

/** Renders, prints and e-mails a report, recording the run. Returns the run (already "sent" when a duplicate). */
export async function deliverReport(deps: ReportsDeps, input: SendInput): Promise<ReportRunView> {
  const report = await findReport(deps.db, input.workspaceId, input.reportId);
  if (input.runKey !== null) {
    const done = await deps.db.selectFrom("report_runs").selectAll().where("report_id", "=", input.reportId).where("run_key", "=", input.runKey).where("status", "=", "sent").executeTakeFirst();
    if (done) return presentRun(done);
  }
  const recipients = parseRecipients(report.recipients);
  const built = await buildReport(deps, input.workspaceId, input.reportId, input.period ?? {});
  const run = await openRun(deps.db, input, built.period, recipients);
  if (run.status !== "running") return presentRun(run);
  const finish = async (changes: Partial<ReportRunsTable>) => {
    await deps.db
      .updateTable("report_runs")
      .set({ ...changes, finished_at: nowIso() })
      .where("id", "=", run.id)
      .execute();
  };
  try {
    if (!deps.mailer) throw new AppError("unavailable", mailNotConfigured);
    if (recipients.length === 0) throw new AppError("validation_failed", "The report has no recipients: add at least one e-mail address.", { errors: [{ path: "recipients", message: "Add at least one e-mail address" }] });
    const pdf = await deps.pdf.pdf(built.html);
    const t = stringsFor(built.language);
    const fmt = formatter(t.locale);
    const periodText = fmt.period(built.period.from, built.period.to);
    const kind = built.periodKind === "weekly" ? t.cover.weekly : t.cover.monthly;
    const values = { report: built.name, brand: built.brandName, period: periodText, kind };
    const fileName = `${built.fileBase}.pdf`;
    const body = fill(t.email.body, values);
    const sent = await deps.mailer.send({
      to: recipients,
      subject: fill(t.email.subject, values),
      text: `${body}\n\n${fill(t.email.attached, { file: fileName })}\n`,
      html: html`<!doctype html><html><body style="font-family: Helvetica, Arial, sans-serif; color: #101828; line-height: 1.5">
<div style="border-top: 4px solid ${report.primary_color}; padding: 16px 0; max-width: 560px">
<p style="margin: 0 0 4px; color: #667085; font-size: 13px">${report.agency_name ?? built.brandName}</p>
<h2 style="margin: 0 0 12px; color: ${report.primary_color}">${built.name}</h2>
<p style="margin: 0 0 12px">${body}</p>
<p style="margin: 0; color: #667085; font-size: 13px">${fill(t.email.attached, { file: fileName })}</p>
</div></body></html>`,
      attachments: [{ filename: fileName, content: pdf, contentType: "application/pdf" }],
    });
    if (!sent.ok) throw new AppError(sent.transient ? "unavailable" : "bad_request", sent.error);
    await finish({ status: "sent", error: null, bytes: pdf.length });
    await deps.db.updateTable("reports").set({ last_sent_at: nowIso() }).where("id", "=", report.id).execute();
    await recordAudit(deps.db, {
      workspaceId: input.workspaceId,
      actorUserId: input.requestedBy ?? null,
      action: "report.send",
      targetType: "report",
      targetId: report.id,
      data: { trigger: input.trigger, period: built.period, recipients: recipients.length, bytes: pdf.length },
    });
    return presentRun({ ...run, status: "sent", bytes: pdf.length, finished_at: nowIso() });
  } catch (err) {
    await finish({ status: "failed", error: err instanceof Error ? err.message.slice(0, 2000) : String(err) });
    throw err;
  }
}

/** "Send now": the last complete period (or the one asked for) to the recipients, by a manager. */
export async function sendReportNow(deps: ReportsDeps, actor: Actor, workspaceId: string, reportId: string, period: PeriodQuery): Promise<ReportRunView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findReport(deps.db, workspaceId, reportId);
  return deliverReport(deps, { workspaceId, reportId, trigger: "manual", runKey: null, period, requestedBy: actor.userId });
}

export type DueSend = { workspaceId: string; reportId: string; due: string };

/**
 * The sends that fell due since each enabled report's last claimed one, claimed here (see the
 * header): a report created after its due time waits for the next one.
 */
export async function claimDueReports(deps: Pick<ReportsDeps, "db" | "now">): Promise<DueSend[]> {
  const now = nowOf(deps);
  const rows = await deps.db
    .selectFrom("reports as r")
    .innerJoin("brands as b", "b.id", "r.brand_id")
    .select(["r.id", "r.workspace_id", "r.period_kind", "r.weekday", "r.month_day", "r.hour", "r.last_due_at", "r.created_at", "r.sections", "b.timezone"])
    .where("r.enabled", "=", 1)
    .execute();
  const out: DueSend[] = [];
  for (const r of rows) {
    if (parseSections(r.sections).length === 0) continue;
    const due = latestDue({ periodKind: r.period_kind, weekday: r.weekday, monthDay: r.month_day, hour: r.hour }, now, r.timezone).toISOString();
    if (due <= r.created_at || (r.last_due_at !== null && r.last_due_at >= due)) continue;
    const claimed = await deps.db
      .updateTable("reports")
      .set({ last_due_at: due })
      .where("id", "=", r.id)
      .where((eb) => eb.or([eb("last_due_at", "is", null), eb("last_due_at", "<", due)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) > 0) out.push({ workspaceId: r.workspace_id, reportId: r.id, due });
  }
  return out;
}

/** A scheduled send: the period of its due instant, keyed by it. A report deleted or disabled since is skipped. */
export async function deliverScheduled(deps: ReportsDeps, s: DueSend): Promise<ReportRunView | null> {
  const report = await deps.db
    .selectFrom("reports as r")
    .innerJoin("brands as b", "b.id", "r.brand_id")
    .select(["r.enabled", "r.period_kind", "b.timezone"])
    .where("r.id", "=", s.reportId)
    .where("r.workspace_id", "=", s.workspaceId)
    .executeTakeFirst();
  if (report?.enabled !== 1) return null;
  const period = periodOfDue(report.period_kind, new Date(s.due), report.timezone);
  return deliverReport(deps, { workspaceId: s.workspaceId, reportId: s.reportId, trigger: "schedule", runKey: s.due, period });
}
