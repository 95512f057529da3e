/** The tables of reports (see migration 015-reports); part of Database in schema.ts. */

export type ReportPeriodKind = "weekly" | "monthly";
export type ReportRunStatus = "running" | "sent" | "failed";
export type ReportRunTrigger = "schedule" | "manual";

export interface ReportsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  /** "en" or "ru": the language of the report's headings, legends and e-mail. */
  language: string;
  /** JSON: [{ kind, options }] in the order they print (see src/domain/report-definition.ts). */
  sections: string;
  period_kind: ReportPeriodKind;
  agency_name: string | null;
  logo_media_id: string | null;
  /** "#rrggbb" */
  primary_color: string;
  accent_color: string;
  /** 1 = Monday … 7 = Sunday (weekly reports). */
  weekday: number | null;
  /** 1 … 28 (monthly reports). */
  month_day: number | null;
  /** 0 … 23 in the brand's time zone. */
  hour: number;
  /** JSON: e-mail addresses. */
  recipients: string;
  enabled: number;
  /** The latest scheduled send claimed by a sweep (its due instant). */
  last_due_at: string | null;
  last_sent_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportRunsTable {
  id: string;
  workspace_id: string;
  report_id: string;
  trigger: ReportRunTrigger;
  /** The due instant of a scheduled run; null for "send now". */
  run_key: string | null;
  /** First and last day of the period, the brand's days (YYYY-MM-DD). */
  period_from: string;
  period_to: string;
  status: ReportRunStatus;
  error: string | null;
  /** JSON: the addresses it went to. */
  recipients: string;
  /** Size of the PDF, in bytes. */
  bytes: number | null;
  attempts: number;
  requested_by: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface ReportTables {
  reports: ReportsTable;
  report_runs: ReportRunsTable;
}
