/** Campaigns: the list, one campaign, its spend and conversions, the webhook, and the changes (each refreshes what it touches). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, enc, qs } from "../api.js";
import type { Campaign, CampaignInput, Conversion, FileProblem, Hook, SpendEntry } from "./types.js";

const base = (ws: string) => `/api/workspaces/${enc(ws)}/campaigns`;

export function useCampaigns(ws: string, brandId: string) {
  return useQuery({ queryKey: ["campaigns", ws, brandId], queryFn: () => api.get<{ items: Campaign[]; formulas: Record<string, string> }>(`${base(ws)}${qs({ brandId })}`) });
}

export function useSpend(ws: string, id: string) {
  return useQuery({ queryKey: ["campaign-spend", ws, id], queryFn: () => api.get<{ items: SpendEntry[] }>(`${base(ws)}/${enc(id)}/spend`) });
}

export function useConversions(ws: string, id: string) {
  return useQuery({ queryKey: ["campaign-conversions", ws, id], queryFn: () => api.get<{ items: Conversion[]; total: number; nextCursor: string | null }>(`${base(ws)}/${enc(id)}/conversions?limit=100`) });
}

export function useHook(ws: string, brandId: string) {
  return useQuery({ queryKey: ["campaign-hook", ws, brandId], queryFn: () => api.get<Hook>(`${base(ws)}/webhook${qs({ brandId })}`) });
}

/** A CSV file refused: every problem by line (422). */
export class FileRefused extends Error {
  readonly problems: FileProblem[];
  readonly problemCount: number;
  constructor(detail: string, problems: FileProblem[], problemCount: number) {
    super(detail);
    this.problems = problems;
    this.problemCount = problemCount;
  }
}

/** The file is the body (text/csv), as the API takes it. */
async function postCsv<T>(path: string, text: string): Promise<T> {
  const res = await fetch(path, { method: "POST", credentials: "same-origin", headers: { accept: "application/json", "content-type": "text/csv" }, body: text });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 422 && Array.isArray(body.problems)) throw new FileRefused(String(body.detail ?? ""), body.problems as FileProblem[], Number(body.problemCount ?? 0));
  if (!res.ok) throw new ApiError({ status: res.status, code: typeof body.code === "string" ? body.code : `http_${res.status}`, detail: typeof body.detail === "string" ? body.detail : res.statusText });
  return body as T;
}

export function useCampaignActions(ws: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["campaigns", ws] });
    void qc.invalidateQueries({ queryKey: ["campaign-spend", ws] });
    void qc.invalidateQueries({ queryKey: ["campaign-conversions", ws] });
  };
  return {
    create: useMutation({ mutationFn: (input: CampaignInput & { brandId: string }) => api.post<Campaign>(base(ws), input), onSuccess: refresh }),
    update: useMutation({ mutationFn: ({ id, ...patch }: Partial<CampaignInput> & { id: string }) => api.patch<Campaign>(`${base(ws)}/${enc(id)}`, patch), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${base(ws)}/${enc(id)}`), onSuccess: refresh }),
    addSpend: useMutation({ mutationFn: ({ id, ...entry }: { id: string; day: string; amount: number; note: string | null; channelId: string | null }) => api.post<SpendEntry>(`${base(ws)}/${enc(id)}/spend`, entry), onSuccess: refresh }),
    removeSpend: useMutation({ mutationFn: ({ id, entryId }: { id: string; entryId: string }) => api.del(`${base(ws)}/${enc(id)}/spend/${enc(entryId)}`), onSuccess: refresh }),
    importSpend: useMutation({ mutationFn: ({ id, text }: { id: string; text: string }) => postCsv<{ imported: number; total: number; currency: string }>(`${base(ws)}/${enc(id)}/spend/import`, text), onSuccess: refresh }),
    importConversions: useMutation({
      mutationFn: ({ id, text }: { id: string; text: string }) => postCsv<{ imported: number; duplicates: number; value: number; currency: string }>(`${base(ws)}/${enc(id)}/conversions/import`, text),
      onSuccess: refresh,
    }),
    removeConversion: useMutation({ mutationFn: ({ id, conversionId }: { id: string; conversionId: string }) => api.del(`${base(ws)}/${enc(id)}/conversions/${enc(conversionId)}`), onSuccess: refresh }),
    rotateSecret: useMutation({
      mutationFn: (brandId: string) => api.post<Hook & { secret: string }>(`${base(ws)}/webhook/secret`, { brandId }),
      onSuccess: () => void qc.invalidateQueries({ queryKey: ["campaign-hook", ws] }),
    }),
  };
}

export function useUnattributed(ws: string, brandId: string) {
  return useQuery({
    queryKey: ["campaigns", ws, brandId, "unattributed"],
    queryFn: () => api.get<{ items: { utmCampaign: string | null; conversions: number; value: number; currency: string | null }[] }>(`${base(ws)}/unattributed${qs({ brandId })}`),
  });
}
