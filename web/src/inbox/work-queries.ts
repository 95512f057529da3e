/**
 * Server state of the inbox's teamwork: saved replies, saved views, bulk actions, the author card,
 * presence heartbeats and likes. Presence is polled (every 5 s) rather than pushed: the database
 * is all the server processes share, and a poll survives any proxy.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, enc, qs, request } from "../api.js";
import { inboxKeys } from "./queries.js";
import type {
  AuthorCard,
  AuthorNote,
  AuthorRef,
  BulkAction,
  BulkResult,
  LikeResult,
  Presence,
  RenderedReply,
  SavedReply,
  SavedView,
  ViewFilters,
} from "./work-types.js";

const inboxUrl = (ws: string) => `/api/workspaces/${enc(ws)}/inbox`;

/** How often an open item asks who else is answering. */
export const presencePollMs = 5000;
/** How often a heartbeat renews "I am answering" (the server counts one for 30 s). */
export const heartbeatMs = 10_000;

const workKeys = {
  savedReplies: (ws: string, brandId: string) => ["inbox", ws, "saved-replies", brandId] as const,
  views: (ws: string, brandId: string) => ["inbox", ws, "views", brandId] as const,
  author: (ws: string, ref: AuthorRef) => ["inbox", ws, "author", "itemId" in ref ? ref.itemId : `${ref.network}/${ref.handle}`] as const,
  presence: (ws: string, itemId: string) => ["inbox", ws, "presence", itemId] as const,
};

export function useSavedReplies(ws: string, brandId: string, enabled = true) {
  return useQuery({
    queryKey: workKeys.savedReplies(ws, brandId),
    queryFn: () => api.get<{ items: SavedReply[] }>(`${inboxUrl(ws)}/saved-replies${qs({ brandId })}`),
    enabled,
    staleTime: 30_000,
  });
}

export function useSavedReplyActions(ws: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ["inbox", ws, "saved-replies"] });
  const create = useMutation({
    mutationFn: (body: { title: string; text: string; brandId: string | null }) => api.post<SavedReply>(`${inboxUrl(ws)}/saved-replies`, body),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; title: string; text: string; brandId: string | null }) =>
      api.patch<SavedReply>(`${inboxUrl(ws)}/saved-replies/${enc(id)}`, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${inboxUrl(ws)}/saved-replies/${enc(id)}`),
    onSuccess: refresh,
  });
  return { create, update, remove, brandId };
}

/** The saved reply written for one item (variables filled in, the ones without a value listed). */
export function renderSavedReply(ws: string, replyId: string, itemId: string): Promise<RenderedReply> {
  return api.post<RenderedReply>(`${inboxUrl(ws)}/saved-replies/${enc(replyId)}/render`, { itemId });
}

export function useSavedViews(ws: string, brandId: string) {
  return useQuery({
    queryKey: workKeys.views(ws, brandId),
    queryFn: () => api.get<{ items: SavedView[] }>(`${inboxUrl(ws)}/views${qs({ brandId })}`),
    staleTime: 60_000,
  });
}

export function useSavedViewActions(ws: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ["inbox", ws, "views"] });
  const create = useMutation({
    mutationFn: (body: { name: string; shared: boolean; filters: ViewFilters }) => api.post<SavedView>(`${inboxUrl(ws)}/views`, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${inboxUrl(ws)}/views/${enc(id)}`),
    onSuccess: refresh,
  });
  return { create, remove };
}

export function useBulk(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkAction & { itemIds: string[] }) => api.post<BulkResult>(`${inboxUrl(ws)}/bulk`, body),
    // Lists, counts and any open item may all have changed.
    onSuccess: () => void qc.invalidateQueries({ queryKey: inboxKeys.all(ws) }),
  });
}

export function useAuthorCard(ws: string, ref: AuthorRef | null) {
  return useQuery({
    queryKey: ref ? workKeys.author(ws, ref) : ["inbox", ws, "author", "none"],
    queryFn: () => api.get<AuthorCard>(`${inboxUrl(ws)}/authors${qs(ref && "itemId" in ref ? { itemId: ref.itemId } : { network: ref?.network, handle: ref?.handle })}`),
    enabled: ref !== null,
  });
}

export function useAuthorNoteActions(ws: string, ref: AuthorRef) {
  const qc = useQueryClient();
  const key = workKeys.author(ws, ref);
  const add = useMutation({
    mutationFn: (body: { network: string; handle: string; text: string }) => api.post<AuthorNote>(`${inboxUrl(ws)}/authors/notes`, body),
    onSuccess: (note) => qc.setQueryData<AuthorCard>(key, (old) => (old ? { ...old, notes: [...old.notes, note] } : old)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${inboxUrl(ws)}/authors/notes/${enc(id)}`),
    onSuccess: (_v, id) => qc.setQueryData<AuthorCard>(key, (old) => (old ? { ...old, notes: old.notes.filter((n) => n.id !== id) } : old)),
  });
  return { add, remove };
}

/**
 * Who else is answering the item, polled; and, while `answering` (the reply box has focus or
 * text), a heartbeat that tells the others. Stopping (or leaving the item) says so at once.
 */
export function usePresence(ws: string, itemId: string, answering: boolean) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: workKeys.presence(ws, itemId),
    queryFn: () => api.get<Presence>(`${inboxUrl(ws)}/${enc(itemId)}/presence`),
    refetchInterval: presencePollMs,
    retry: false,
  });
  useEffect(() => {
    if (!answering) return;
    let stopped = false;
    const url = `${inboxUrl(ws)}/${enc(itemId)}/presence`;
    const beat = () =>
      api
        .post<Presence>(url)
        .then((p) => {
          if (!stopped) qc.setQueryData(workKeys.presence(ws, itemId), p);
        })
        // A missed heartbeat only delays what colleagues see; the next one tries again.
        .catch(() => undefined);
    let last = beat();
    const timer = setInterval(() => {
      last = beat();
    }, heartbeatMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      // After the last heartbeat has landed, so it cannot bring the presence back.
      void last.then(() => request<void>("DELETE", url)).catch(() => undefined);
    };
  }, [answering, ws, itemId, qc]);
  return query.data?.others ?? [];
}

export function useLike(ws: string, itemId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<LikeResult>(`${inboxUrl(ws)}/${enc(itemId)}/like`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: inboxKeys.item(ws, itemId) }),
  });
}
