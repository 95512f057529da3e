/** Giveaways: the brand's list, the posts to hold one on, entrants, and the actions (each refreshes the list). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { CandidatePost, Entrants, Giveaway, GiveawayInput, PublicGiveaway } from "./types.js";

const base = (ws: string) => `/api/workspaces/${enc(ws)}/giveaways`;

export function useGiveaways(ws: string, brandId: string) {
  return useQuery({ queryKey: ["giveaways", ws, brandId], queryFn: () => api.get<{ items: Giveaway[] }>(`${base(ws)}${qs({ brandId })}`) });
}

export function useCandidatePosts(ws: string, brandId: string, enabled: boolean) {
  return useQuery({ queryKey: ["giveaway-posts", ws, brandId], enabled, queryFn: () => api.get<{ items: CandidatePost[] }>(`${base(ws)}/posts${qs({ brandId })}`) });
}

export function useEntrants(ws: string, g: Giveaway) {
  return useQuery({ queryKey: ["giveaway-entrants", ws, g.id, g.status], enabled: g.status !== "draft", queryFn: () => api.get<Entrants>(`${base(ws)}/${enc(g.id)}/entrants`) });
}

export function usePublicGiveaway(publicId: string) {
  return useQuery({ queryKey: ["public-giveaway", publicId], retry: false, queryFn: () => api.get<PublicGiveaway>(`/api/giveaways/${enc(publicId)}`) });
}

export function useGiveawayActions(ws: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["giveaways", ws] });
    void qc.invalidateQueries({ queryKey: ["giveaway-entrants", ws] });
  };
  return {
    create: useMutation({ mutationFn: (input: GiveawayInput) => api.post<Giveaway>(base(ws), input), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${base(ws)}/${enc(id)}`), onSuccess: refresh }),
    preview: useMutation({ mutationFn: (id: string) => api.post<Entrants>(`${base(ws)}/${enc(id)}/preview`) }),
    freeze: useMutation({ mutationFn: (id: string) => api.post<Giveaway>(`${base(ws)}/${enc(id)}/freeze`), onSettled: refresh }),
    draw: useMutation({ mutationFn: (id: string) => api.post<Giveaway>(`${base(ws)}/${enc(id)}/draw`), onSettled: refresh }),
  };
}
