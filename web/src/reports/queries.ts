/** Reports: the list, one report's runs, and the changes (each refreshes the list). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { Report, ReportInput, ReportRun } from "./types.js";

const base = (ws: string) => `/api/workspaces/${enc(ws)}/reports`;

export function useReports(ws: string, brandId: string) {
  return useQuery({ queryKey: ["reports", ws, brandId], queryFn: () => api.get<{ items: Report[] }>(`${base(ws)}${qs({ brandId })}`) });
}

export function useRuns(ws: string, id: string | null) {
  return useQuery({ queryKey: ["report-runs", ws, id], enabled: id !== null, queryFn: () => api.get<{ items: ReportRun[] }>(`${base(ws)}/${enc(id ?? "")}/runs`) });
}

/** The rendered HTML of a report (shown in a sandboxed frame). */
export function usePreview(ws: string, report: Report | null) {
  return useQuery({
    queryKey: ["report-preview", ws, report?.id, report?.updatedAt],
    enabled: report !== null,
    staleTime: 60_000,
    queryFn: async () => {
      const res = await fetch(`${base(ws)}/${enc(report?.id ?? "")}/render`, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.text();
    },
  });
}

export const pdfUrl = (ws: string, id: string) => `${base(ws)}/${enc(id)}/pdf`;
export const exportUrl = (ws: string, id: string, table: string | null, format: "csv" | "xlsx") => `${base(ws)}/${enc(id)}/export${qs({ table, format })}`;

export function useReportActions(ws: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["reports", ws] });
    void qc.invalidateQueries({ queryKey: ["report-runs", ws] });
  };
  return {
    create: useMutation({ mutationFn: (input: ReportInput) => api.post<Report>(base(ws), input), onSuccess: refresh }),
    update: useMutation({ mutationFn: ({ id, ...patch }: Partial<ReportInput> & { id: string }) => api.patch<Report>(`${base(ws)}/${enc(id)}`, patch), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${base(ws)}/${enc(id)}`), onSuccess: refresh }),
    send: useMutation({ mutationFn: (id: string) => api.post<ReportRun>(`${base(ws)}/${enc(id)}/send`, {}), onSettled: refresh }),
  };
}
