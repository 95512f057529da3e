/** The plan health API's shapes (src/api/routes/health.routes.ts). */
export type Severity = "critical" | "warning" | "info";
export type ItemRef = { kind: "post" | "variant" | "inbox_item" | "channel"; id: string };
export type Finding = { rule: string; severity: Severity; params: Record<string, string>; evidence: Record<string, number>; items: ItemRef[] };
export type PlanHealthRun = {
  id: string;
  brandId: string;
  trigger: "manual" | "weekly";
  period: { from: string; to: string };
  createdAt: string;
  requestedBy: { id: string; name: string } | null;
  counts: Record<Severity, number>;
  summary: { posts: number; planned: number; published: number; historyPosts: number; comments: number };
  findings: Finding[];
  timezone: string;
};
