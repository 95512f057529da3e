/**
 * The inbox's server state: the filtered list, the counts per status, one item with its thread,
 * the actions on it, the response-time report and the live stream.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, enc, qs, request } from "../api.js";
import type { Page } from "../types.js";
import type { InboxCounts, InboxDetail, InboxFilters, InboxItem, InboxNote, InboxPatch, InboxReply, InboxReport } from "./types.js";

const inboxUrl = (ws: string) => `/api/workspaces/${enc(ws)}/inbox`;

/** Without the live stream the list and the counts refresh this often. */
export const pollMs = 15_000;
/**
 * With it, still this often: the stream announces new items only, so a colleague's status or
 * assignment change arrives with this slower refresh.
 */
const livePollMs = 60_000;

export const inboxKeys = {
  all: (ws: string) => ["inbox", ws] as const,
  list: (ws: string, brandId: string | undefined, f: InboxFilters) => ["inbox", ws, "list", brandId ?? "all", f] as const,
  counts: (ws: string, brandId: string | undefined) => ["inbox", ws, "counts", brandId ?? "all"] as const,
  item: (ws: string, id: string) => ["inbox", ws, "item", id] as const,
};

export function useInboxList(ws: string, brandId: string | undefined, f: InboxFilters, live: boolean) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(ws, brandId, f),
    queryFn: ({ pageParam }) =>
      api.get<Page<InboxItem>>(
        `${inboxUrl(ws)}${qs({
          brandId,
          status: f.status,
          sentiment: f.sentiment,
          lang: f.lang,
          channelId: f.channelId,
          assignee: f.assignee,
          unanswered: f.unanswered ? "true" : null,
          overdue: f.overdue ? "true" : null,
          kind: f.kind,
          sort: f.sort,
          q: f.q.trim(),
          cursor: pageParam,
          limit: 30,
        })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: live ? livePollMs : pollMs,
    placeholderData: (prev) => prev,
  });
}

export function useInboxCounts(ws: string, brandId: string | undefined, live: boolean) {
  return useQuery({
    queryKey: inboxKeys.counts(ws, brandId),
    queryFn: () => api.get<InboxCounts>(`${inboxUrl(ws)}/counts${qs({ brandId })}`),
    refetchInterval: live ? livePollMs : pollMs,
  });
}

export function useInboxItem(ws: string, id: string | null, live: boolean) {
  return useQuery({
    queryKey: inboxKeys.item(ws, id ?? ""),
    queryFn: () => api.get<InboxDetail>(`${inboxUrl(ws)}/${enc(id ?? "")}`),
    enabled: Boolean(id),
    // A reply on its way out is polled until the network confirms or refuses it.
    refetchInterval: (q) => (q.state.data?.replies.some((r) => r.status === "sending") ? 2000 : live ? livePollMs : pollMs),
  });
}

/** Every change answers with the item: the open item takes it, lists and counts refresh. */
export function useInboxActions(ws: string, id: string) {
  const qc = useQueryClient();
  const key = inboxKeys.item(ws, id);
  const refreshLists = () => {
    void qc.invalidateQueries({ queryKey: ["inbox", ws, "list"] });
    void qc.invalidateQueries({ queryKey: ["inbox", ws, "counts"] });
  };
  // PATCH answers with the whole detail; a plain item (replies as a count) is merged into it.
  const mergeItem = (item: InboxDetail | InboxItem) => {
    qc.setQueryData<InboxDetail>(key, (old) =>
      Array.isArray(item.replies) ? (item as InboxDetail) : old ? { ...old, ...item, replies: old.replies } : old,
    );
    refreshLists();
  };
  const patch = useMutation({
    mutationFn: (body: InboxPatch) => api.patch<InboxDetail | InboxItem>(`${inboxUrl(ws)}/${enc(id)}`, body),
    onSuccess: mergeItem,
  });
  const note = useMutation({
    mutationFn: (text: string) => api.post<InboxNote>(`${inboxUrl(ws)}/${enc(id)}/notes`, { text }),
    onSuccess: (n) => qc.setQueryData<InboxDetail>(key, (old) => (old ? { ...old, notes: [...old.notes, n] } : old)),
  });
  const reply = useMutation({
    mutationFn: (text: string) => api.post<InboxReply>(`${inboxUrl(ws)}/${enc(id)}/reply`, { text }),
    onSuccess: (r) => {
      qc.setQueryData<InboxDetail>(key, (old) => (old ? { ...old, replies: [...old.replies.filter((x) => x.id !== r.id), r] } : old));
      // The refetch starts the polling that follows the reply to "sent" or "failed".
      void qc.invalidateQueries({ queryKey: key });
      refreshLists();
    },
  });
  const hide = useMutation({
    mutationFn: () => api.post<InboxDetail>(`${inboxUrl(ws)}/${enc(id)}/hide`),
    onSuccess: mergeItem,
  });
  const remove = useMutation({
    // The reason travels in the body: it is kept in the audit log.
    mutationFn: (reason: string) => request<void>("DELETE", `${inboxUrl(ws)}/${enc(id)}`, { reason }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: key });
      refreshLists();
    },
  });
  return { patch, note, reply, hide, remove };
}

export function useInboxReport(ws: string, brandId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["inbox", ws, "report", brandId ?? "all"],
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - 30 * 86_400_000);
      return api.get<InboxReport>(`${inboxUrl(ws)}/report${qs({ brandId, from: from.toISOString(), to: to.toISOString() })}`);
    },
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * Live updates: while the stream is open, each `item` event refreshes the lists, the counts and
 * that item. Returns whether the stream is connected; callers poll when it is not.
 */
export function useInboxStream(ws: string, brandId: string | undefined, enabled: boolean): boolean {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const es = new EventSource(`${inboxUrl(ws)}/stream${qs({ brandId })}`, { withCredentials: true });
    es.onopen = () => setConnected(true);
    // EventSource reconnects by itself; until it does, polling covers the gap.
    es.onerror = () => setConnected(false);
    // Each event carries a new item; its id refreshes that item too if it is open.
    es.addEventListener("item", (ev) => {
      void qc.invalidateQueries({ queryKey: ["inbox", ws, "list"] });
      void qc.invalidateQueries({ queryKey: ["inbox", ws, "counts"] });
      try {
        const { id } = JSON.parse((ev as MessageEvent<string>).data) as { id?: unknown };
        if (typeof id === "string") void qc.invalidateQueries({ queryKey: inboxKeys.item(ws, id) });
      } catch {
        // A malformed event still refreshed the lists above.
      }
    });
    return () => {
      es.close();
      setConnected(false);
    };
  }, [ws, brandId, enabled, qc]);
  return connected;
}

/** "Check now": asks the brand's channels for new comments; they arrive on the live stream (or the next poll). */
export function useInboxRefresh(ws: string, brandId: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ channels: number }>(`${inboxUrl(ws)}/refresh`, { brandId }),
    // Without a live stream the list is read again a few seconds later, when the jobs have run.
    onSuccess: () => setTimeout(() => void qc.invalidateQueries({ queryKey: ["inbox", ws] }), 3000),
  });
}
