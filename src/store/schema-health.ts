/** The tables of plan health checks of a brand (each run's findings) (see migration 024-plan-health); part of Database in schema.ts. */
export type PlanHealthTrigger = "manual" | "weekly";

export interface PlanHealthRunsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  trigger: PlanHealthTrigger;
  /** The due instant of a weekly run (unique per brand); null for "run now". */
  run_key: string | null;
  /** First and last day of the period checked, the brand's days (YYYY-MM-DD). */
  period_from: string;
  period_to: string;
  /** JSON: Finding[] (src/domain/plan-health.ts), most severe first. */
  findings: string;
  critical: number;
  warning: number;
  info: number;
  /** JSON: what was looked at (posts, comments, history samples). */
  summary: string;
  requested_by: string | null;
  created_at: string;
}

export interface HealthTables {
  plan_health_runs: PlanHealthRunsTable;
}
