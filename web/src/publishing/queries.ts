/** Posts, their actions, brand settings and media: the publishing screens' server state. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type { Page } from "../types.js";
import type { BrandSettings, MediaAsset, Post, PostBody, PostStatus } from "./types.js";

const ws = (workspaceId: string) => `/api/workspaces/${enc(workspaceId)}`;

export const postKey = (workspaceId: string, postId: string) => ["post", workspaceId, postId];

export function usePost(workspaceId: string, postId: string | undefined) {
  return useQuery({
    queryKey: postKey(workspaceId, postId ?? ""),
    queryFn: () => api.get<Post>(`${ws(workspaceId)}/posts/${enc(postId ?? "")}`),
    enabled: Boolean(postId),
    // While something is on its way out, keep the statuses fresh.
    refetchInterval: (q) => {
      const p = q.state.data;
      if (!p) return false;
      return p.status === "scheduled" || p.status === "publishing" || p.variants.some((v) => v.status === "publishing" || v.status === "scheduled")
        ? 2000
        : false;
    },
  });
}

export function usePostList(workspaceId: string, brandId: string, status: PostStatus | null, cursor: string | null) {
  return useQuery({
    queryKey: ["posts", workspaceId, brandId, status, cursor],
    queryFn: () => api.get<Page<Post>>(`${ws(workspaceId)}/posts${qs({ brandId, status, cursor, limit: 25 })}`),
  });
}

export function useBrandSettings(workspaceId: string, brandId: string) {
  return useQuery({
    queryKey: ["brand-settings", workspaceId, brandId],
    queryFn: () => api.get<BrandSettings>(`${ws(workspaceId)}/brands/${enc(brandId)}/settings`),
    staleTime: 60_000,
  });
}

export function useSaveBrandSettings(workspaceId: string, brandId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BrandSettings) => api.put<BrandSettings>(`${ws(workspaceId)}/brands/${enc(brandId)}/settings`, body),
    onSuccess: (data) => qc.setQueryData(["brand-settings", workspaceId, brandId], data),
  });
}

export function useMediaLibrary(workspaceId: string, brandId: string) {
  return useQuery({
    queryKey: ["media", workspaceId, brandId],
    queryFn: () => api.get<Page<MediaAsset>>(`${ws(workspaceId)}/media${qs({ brandId, limit: 100 })}`),
    retry: false,
  });
}

export function useMediaMutations(workspaceId: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["media", workspaceId, brandId] });
  return {
    alt: useMutation({
      mutationFn: ({ id, alt }: { id: string; alt: string | null }) => api.patch<MediaAsset>(`${ws(workspaceId)}/media/${enc(id)}`, { alt }),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${ws(workspaceId)}/media/${enc(id)}`), onSettled: refresh }),
  };
}

export const thumbnailUrl = (workspaceId: string, mediaId: string) => `${ws(workspaceId)}/media/${enc(mediaId)}/thumbnail`;

/** Every post action answers with the post; the cache takes it and lists and the calendar refresh. */
export function usePostActions(workspaceId: string) {
  const qc = useQueryClient();
  const settle = (post: Post) => {
    qc.setQueryData(postKey(workspaceId, post.id), post);
    void qc.invalidateQueries({ queryKey: ["posts", workspaceId] });
    void qc.invalidateQueries({ queryKey: ["calendar", workspaceId] });
  };
  const base = ws(workspaceId);
  const create = useMutation({
    mutationFn: ({ brandId, body, key }: { brandId: string; body: PostBody; key: string }) =>
      api.post<Post>(`${base}/posts`, { brandId, ...body }, { "idempotency-key": key }),
    onSuccess: settle,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<PostBody> }) => api.patch<Post>(`${base}/posts/${enc(id)}`, body),
    onSuccess: settle,
  });
  const act = useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: "submit" | "approve" | "reject" | "schedule" | "cancel"; body?: unknown }) =>
      api.post<Post>(`${base}/posts/${enc(id)}/${action}`, body ?? {}),
    onSuccess: settle,
  });
  const variant = useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: "reschedule" | "retry" | "mark-published" | "edit-published"; body?: unknown }) =>
      api.post<Post>(`${base}/variants/${enc(id)}/${action}`, body ?? {}),
    onSuccess: settle,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${base}/posts/${enc(id)}`),
    onSuccess: (_d, id) => {
      qc.removeQueries({ queryKey: postKey(workspaceId, id) });
      void qc.invalidateQueries({ queryKey: ["posts", workspaceId] });
      void qc.invalidateQueries({ queryKey: ["calendar", workspaceId] });
    },
  });
  const approvalLink = useMutation({
    mutationFn: (id: string) => api.post<{ url: string; expiresAt: string }>(`${base}/posts/${enc(id)}/approval-link`),
  });
  // Each variant gets its channel's next free posting slot; an approved post is then scheduled.
  const queue = useMutation({ mutationFn: (id: string) => api.post<Post>(`${base}/posts/${enc(id)}/queue`), onSuccess: settle });
  return { create, update, act, variant, remove, approvalLink, queue };
}
