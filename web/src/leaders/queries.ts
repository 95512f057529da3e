/** Opinion leaders: the directory, one leader with placements, listening's candidates, and the changes (each refreshes what it touches). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { Candidate, Leader, LeaderInput, Placement, PlacementInput } from "./types.js";

const base = (ws: string) => `/api/workspaces/${enc(ws)}/leaders`;

export function useLeaders(ws: string, brandId: string) {
  return useQuery({ queryKey: ["leaders", ws, brandId], queryFn: () => api.get<{ items: Leader[]; formulas: Record<string, string> }>(`${base(ws)}${qs({ brandId })}`) });
}

export function useLeader(ws: string, id: string | null) {
  return useQuery({
    queryKey: ["leader", ws, id],
    enabled: id !== null,
    queryFn: () => api.get<Leader & { placementList: Placement[] }>(`${base(ws)}/${enc(id ?? "")}`),
  });
}

export function useCandidates(ws: string, brandId: string, period: { from: string; to: string }) {
  return useQuery({ queryKey: ["leader-candidates", ws, brandId, period.from, period.to], queryFn: () => api.get<{ items: Candidate[] }>(`${base(ws)}/candidates${qs({ brandId, ...period })}`) });
}

export function useLeaderActions(ws: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["leaders", ws] });
    void qc.invalidateQueries({ queryKey: ["leader", ws] });
    void qc.invalidateQueries({ queryKey: ["leader-candidates", ws] });
  };
  return {
    create: useMutation({ mutationFn: (input: LeaderInput & { brandId: string }) => api.post<Leader>(base(ws), input), onSuccess: refresh }),
    update: useMutation({ mutationFn: ({ id, ...patch }: Partial<LeaderInput> & { id: string }) => api.patch<Leader>(`${base(ws)}/${enc(id)}`, patch), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${base(ws)}/${enc(id)}`), onSuccess: refresh }),
    addPlacement: useMutation({ mutationFn: ({ leaderId, ...input }: PlacementInput & { leaderId: string }) => api.post<Placement>(`${base(ws)}/${enc(leaderId)}/placements`, input), onSuccess: refresh }),
    updatePlacement: useMutation({
      mutationFn: ({ leaderId, id, ...patch }: Partial<PlacementInput> & { leaderId: string; id: string }) => api.patch<Placement>(`${base(ws)}/${enc(leaderId)}/placements/${enc(id)}`, patch),
      onSuccess: refresh,
    }),
    removePlacement: useMutation({ mutationFn: ({ leaderId, id }: { leaderId: string; id: string }) => api.del(`${base(ws)}/${enc(leaderId)}/placements/${enc(id)}`), onSuccess: refresh }),
  };
}
