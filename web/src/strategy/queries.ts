/** The strategy screen's data: the strategy, its KPI tracking, the content mix, and the changes (each refreshes them all). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { Contract, ContentMix, KpiTracking, ProgressEntry, Strategy, StrategyView } from "./types.js";

const base = (ws: string, brandId: string) => `/api/workspaces/${enc(ws)}/brands/${enc(brandId)}/strategy`;

export function useStrategy(ws: string, brandId: string) {
  return useQuery({ queryKey: ["strategy", ws, brandId], queryFn: () => api.get<StrategyView>(base(ws, brandId)) });
}

export function useKpis(ws: string, brandId: string) {
  return useQuery({ queryKey: ["strategy-kpis", ws, brandId], queryFn: () => api.get<KpiTracking>(`${base(ws, brandId)}/kpis`) });
}

export function useContentMix(ws: string, brandId: string, from: string, to: string) {
  return useQuery({ queryKey: ["strategy-mix", ws, brandId, from, to], queryFn: () => api.get<ContentMix>(`${base(ws, brandId)}/content-mix${qs({ from, to })}`) });
}

export function useProgress(ws: string, brandId: string, kpiId: string | null) {
  return useQuery({ queryKey: ["strategy-progress", ws, brandId, kpiId], enabled: kpiId !== null, queryFn: () => api.get<{ items: ProgressEntry[] }>(`${base(ws, brandId)}/kpis/${enc(kpiId ?? "")}/progress`) });
}

export function useStrategyActions(ws: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => {
    for (const key of ["strategy", "strategy-kpis", "strategy-mix", "strategy-progress"]) void qc.invalidateQueries({ queryKey: [key, ws, brandId] });
  };
  return {
    save: useMutation({ mutationFn: (s: Strategy) => api.put<StrategyView>(base(ws, brandId), s), onSuccess: refresh }),
    fromBrief: useMutation({ mutationFn: (input: { briefId: string; replace: boolean }) => api.post<StrategyView>(`${base(ws, brandId)}/from-brief`, input), onSuccess: refresh }),
    sign: useMutation({ mutationFn: (note: string) => api.post<Contract>(`${base(ws, brandId)}/contract`, { note }), onSuccess: refresh }),
    addProgress: useMutation({
      mutationFn: ({ kpiId, ...body }: { kpiId: string; day: string; value: number; note: string }) => api.post<ProgressEntry>(`${base(ws, brandId)}/kpis/${enc(kpiId)}/progress`, body),
      onSuccess: refresh,
    }),
  };
}
