/** Server state of the planning helpers: templates, hashtag groups, brand variables, slots, best times, feeds and links. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { Page } from "../types.js";
import type { BestTimes, CalendarFeed, HashtagGroup, RenderResult, ShortLink, SlotGroup, Slots, Template, Variable } from "./types.js";

const ws = (workspaceId: string) => `/api/workspaces/${enc(workspaceId)}`;

export function useTemplates(workspaceId: string, brandId: string) {
  return useQuery({
    queryKey: ["templates", workspaceId, brandId],
    queryFn: () => api.get<{ items: Template[] }>(`${ws(workspaceId)}/templates${qs({ brandId })}`),
  });
}

export type TemplateInput = { brandId: string | null; name: string; text: string };

export function useTemplateMutations(workspaceId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["templates", workspaceId] });
  return {
    create: useMutation({ mutationFn: (body: TemplateInput) => api.post<Template>(`${ws(workspaceId)}/templates`, body), onSuccess: refresh }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: TemplateInput }) => api.patch<Template>(`${ws(workspaceId)}/templates/${enc(id)}`, body),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${ws(workspaceId)}/templates/${enc(id)}`), onSettled: refresh }),
  };
}

export function renderTemplate(workspaceId: string, id: string, body: { brandId: string; link?: string }) {
  return api.post<RenderResult>(`${ws(workspaceId)}/templates/${enc(id)}/render`, body);
}

export function useHashtagGroups(workspaceId: string, brandId: string) {
  return useQuery({
    queryKey: ["hashtag-groups", workspaceId, brandId],
    queryFn: () => api.get<{ items: HashtagGroup[] }>(`${ws(workspaceId)}/hashtag-groups${qs({ brandId })}`),
  });
}

export type HashtagGroupInput = { brandId: string | null; name: string; tags: string[] };

export function useHashtagMutations(workspaceId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["hashtag-groups", workspaceId] });
  return {
    create: useMutation({ mutationFn: (body: HashtagGroupInput) => api.post<HashtagGroup>(`${ws(workspaceId)}/hashtag-groups`, body), onSuccess: refresh }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: HashtagGroupInput }) => api.patch<HashtagGroup>(`${ws(workspaceId)}/hashtag-groups/${enc(id)}`, body),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${ws(workspaceId)}/hashtag-groups/${enc(id)}`), onSettled: refresh }),
  };
}

export function useVariables(workspaceId: string, brandId: string) {
  return useQuery({
    queryKey: ["variables", workspaceId, brandId],
    queryFn: () => api.get<{ items: Variable[] }>(`${ws(workspaceId)}/brands/${enc(brandId)}/variables`),
  });
}

export function useSaveVariables(workspaceId: string, brandId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: Variable[]) => api.put<{ items: Variable[] }>(`${ws(workspaceId)}/brands/${enc(brandId)}/variables`, { items }),
    onSuccess: (data) => qc.setQueryData(["variables", workspaceId, brandId], data),
  });
}

export function useSlots(workspaceId: string, channelId: string) {
  return useQuery({
    queryKey: ["slots", workspaceId, channelId],
    queryFn: () => api.get<Slots>(`${ws(workspaceId)}/channels/${enc(channelId)}/slots`),
  });
}

export function useSaveSlots(workspaceId: string, channelId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (slots: SlotGroup[]) => api.put<Slots>(`${ws(workspaceId)}/channels/${enc(channelId)}/slots`, { slots }),
    onSuccess: (data) => qc.setQueryData(["slots", workspaceId, channelId], data),
  });
}

export function useBestTimes(workspaceId: string, channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["best-times", workspaceId, channelId],
    queryFn: () => api.get<BestTimes>(`${ws(workspaceId)}/channels/${enc(channelId)}/best-times`),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

export function useCalendarFeeds(workspaceId: string) {
  return useQuery({
    queryKey: ["calendar-feeds", workspaceId],
    queryFn: () => api.get<{ items: CalendarFeed[] }>(`${ws(workspaceId)}/calendar-feeds`),
  });
}

export function useCalendarFeedMutations(workspaceId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["calendar-feeds", workspaceId] });
  return {
    create: useMutation({
      mutationFn: (brandId: string | null) => api.post<CalendarFeed & { url: string }>(`${ws(workspaceId)}/calendar-feeds`, { brandId }),
      onSuccess: refresh,
    }),
    revoke: useMutation({ mutationFn: (id: string) => api.del(`${ws(workspaceId)}/calendar-feeds/${enc(id)}`), onSettled: refresh }),
  };
}

export function useShortLinks(workspaceId: string) {
  return useQuery({
    queryKey: ["links", workspaceId],
    queryFn: () => api.get<Page<ShortLink>>(`${ws(workspaceId)}/links?limit=100`),
  });
}
