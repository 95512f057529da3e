/** The dashboard's data, keyed by everything that shapes it. */
import { useQuery } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { api, enc, qs } from "../api.js";
import type { Dashboard, PeriodPreset, RankMetric } from "./types.js";

export type DashboardFilters = { brandId: string | null; channelId: string | null; campaign: string | null; from: string; to: string; rankBy: RankMetric };

/** The days of a preset in the brand's zone: the last N whole days, up to yesterday. */
export function presetDays(preset: Exclude<PeriodPreset, "custom">, zone: string, now = DateTime.now()): { from: string; to: string } {
  const days = Number.parseInt(preset, 10);
  const to = now.setZone(zone).minus({ days: 1 }).startOf("day");
  return { from: to.minus({ days: days - 1 }).toISODate() as string, to: to.toISODate() as string };
}

export const dashboardQuery = (f: DashboardFilters) => ({ brandId: f.brandId, channelId: f.channelId, campaign: f.campaign, from: f.from, to: f.to, rankBy: f.rankBy });

export function useDashboard(ws: string, f: DashboardFilters) {
  return useQuery({
    queryKey: ["analytics", ws, f],
    queryFn: () => api.get<Dashboard>(`/api/workspaces/${enc(ws)}/analytics/dashboard${qs(dashboardQuery(f))}`),
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
}

export const exportUrl = (ws: string, f: DashboardFilters, table: string, format: "csv" | "xlsx") =>
  `/api/workspaces/${enc(ws)}/analytics/dashboard/export${qs({ ...dashboardQuery(f), table, format })}`;
