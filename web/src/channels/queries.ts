/** Channels and networks of the current brand. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { Channel, Network, Page } from "../types.js";

export function useNetworks() {
  return useQuery({
    queryKey: ["networks"],
    queryFn: () => api.get<{ items: Network[] }>("/api/networks"),
    staleTime: 10 * 60_000,
  });
}

/** The brand's channels, or every channel of the workspace without a brand. */
export function useChannels(workspaceId: string, brandId: string | undefined) {
  return useQuery({
    queryKey: ["channels", workspaceId, brandId ?? "all"],
    queryFn: () => api.get<Page<Channel>>(`/api/workspaces/${enc(workspaceId)}/channels${qs({ brandId, limit: 100 })}`),
  });
}

export function useConnectChannel(workspaceId: string, brandId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { network: string; fields: Record<string, unknown> }) =>
      api.post<Channel>(`/api/workspaces/${enc(workspaceId)}/channels`, { brandId, ...body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["channels", workspaceId, brandId] });
      void qc.invalidateQueries({ queryKey: ["overview", workspaceId, brandId] });
    },
  });
}

export function useDisconnectChannel(workspaceId: string, brandId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/workspaces/${enc(workspaceId)}/channels/${enc(id)}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["channels", workspaceId, brandId] });
      void qc.invalidateQueries({ queryKey: ["overview", workspaceId, brandId] });
    },
  });
}
