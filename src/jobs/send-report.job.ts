/**
 * Scheduled reports. Once a minute a sweep claims the reports that fell due (each report's
 * weekday or day of the month at its hour, in its brand's zone: src/domain/report-schedule.ts) and
 * enqueues one "reports.send" per due send, keyed by report and due instant. A send renders the
 * period, prints the PDF and e-mails it (src/services/reports/send.service.ts); a failure is
 * recorded on the run and retried by the queue with backoff, never sent twice once it went out.
 */
import type { ReportsDeps } from "../services/reports/deps.js";
import { claimDueReports, type DueSend, deliverScheduled } from "../services/reports/send.service.js";
import { NonRetryableError, type JobQueue } from "./queue.js";
import { AppError } from "../errors.js";

export const reportsSweepKind = "reports.sweep";
export const sendReportKind = "reports.send";

const minuteMs = 60_000;

export async function scheduleReportsSweep(queue: JobQueue, at: Date): Promise<void> {
  const minute = new Date(Math.floor(at.getTime() / minuteMs) * minuteMs);
  await queue.enqueue(reportsSweepKind, {}, { runAt: at, key: `reports-sweep:${minute.toISOString()}`, maxAttempts: 2 });
}

/** Claims the due sends and enqueues them; returns what it enqueued. */
export async function sweepReports(deps: ReportsDeps, queue: JobQueue): Promise<DueSend[]> {
  const due = await claimDueReports(deps);
  for (const d of due) await queue.enqueue(sendReportKind, d, { key: `report:${d.reportId}:${d.due}`, maxAttempts: 4 });
  return due;
}

export function registerReports(queue: JobQueue, deps: ReportsDeps): void {
  queue.work<DueSend>(sendReportKind, async (payload) => {
    try {
      await deliverScheduled(deps, payload);
    } catch (err) {
      // No recipients or a refused message will not fix itself by waiting; the run records why.
      if (err instanceof AppError && (err.code === "validation_failed" || err.code === "bad_request")) throw new NonRetryableError(err.message, { cause: err });
      throw err;
    }
  });
  queue.work(reportsSweepKind, async () => {
    await sweepReports(deps, queue);
    await scheduleReportsSweep(queue, new Date(Math.floor(Date.now() / minuteMs) * minuteMs + minuteMs));
  });
}
