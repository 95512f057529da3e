/**
 * The listening area's server state: queries, sources, imports, the mentions feed and the work on
 * it, analytics, alert rules and alerts. Every change refreshes the whole brand's listening data:
 * a sentiment correction moves analytics, a new query changes the feed's chips, and so on.
 */
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc, qs } from "../api.js";
import type {
  AlertRule,
  AnalyticsPeriod,
  ImportResult,
  ListeningAlert,
  ListeningAnalytics,
  ListeningQuery,
  ListeningSource,
  Mention,
  MentionDetail,
  MentionFilters,
  MentionPatch,
  QueryCheck,
  QueryKind,
  QueryPreview,
  RuleInput,
  RuleType,
  SavedRule,
} from "./types.js";

const url = (ws: string) => `/api/workspaces/${enc(ws)}/listening`;

export const listeningKeys = {
  brand: (ws: string, brandId: string) => ["listening", ws, brandId] as const,
  mentions: (ws: string, brandId: string, f: MentionFilters) => ["listening", ws, brandId, "mentions", f] as const,
  mention: (ws: string, brandId: string, id: string) => ["listening", ws, brandId, "mention", id] as const,
  queries: (ws: string, brandId: string) => ["listening", ws, brandId, "queries"] as const,
  sources: (ws: string, brandId: string) => ["listening", ws, brandId, "sources"] as const,
  analytics: (ws: string, brandId: string, period: AnalyticsPeriod, queryId: string | null) => ["listening", ws, brandId, "analytics", period, queryId] as const,
  rules: (ws: string, brandId: string) => ["listening", ws, brandId, "rules"] as const,
  alerts: (ws: string, brandId: string) => ["listening", ws, brandId, "alerts"] as const,
};

const hourMs = 3_600_000;
const periodMs: Record<string, number> = { "24h": 24 * hourMs, "7d": 7 * 24 * hourMs, "30d": 30 * 24 * hourMs, "90d": 90 * 24 * hourMs };

/**
 * The instants a rolling period stands for, computed when the page is fetched (not when the filter
 * was chosen), so "last 24 hours" stays true on every refresh.
 */
export function rollingPeriod(period: string, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - (periodMs[period] ?? periodMs["7d"]!)).toISOString(), to: new Date(now).toISOString() };
}

function mentionRange(f: MentionFilters): { from: string | null; to: string | null } {
  if (f.period === "custom") return { from: f.from, to: f.to };
  if (f.period) return { from: rollingPeriod(f.period).from, to: null };
  return { from: null, to: null };
}

/** How often the feed and the alerts look for news. */
const pollMs = 60_000;

export function useMentions(ws: string, brandId: string, f: MentionFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: listeningKeys.mentions(ws, brandId, f),
    queryFn: ({ pageParam }) => {
      const range = mentionRange(f);
      return api.get<{ items: Mention[]; nextCursor: string | null }>(
        `${url(ws)}/mentions${qs({
          brandId,
          queryId: f.queryId,
          sentiment: f.sentiment,
          network: f.network,
          sourceId: f.sourceId,
          lang: f.lang,
          author: f.author,
          q: f.q.trim(),
          from: range.from,
          to: range.to,
          show: f.show,
          cursor: pageParam,
          limit: 30,
        })}`,
      );
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
    refetchInterval: pollMs,
    enabled,
  });
}

/** One mention with its copies and reposts. */
export function useMention(ws: string, brandId: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: listeningKeys.mention(ws, brandId, id),
    queryFn: () => api.get<MentionDetail>(`${url(ws)}/mentions/${enc(id)}`),
    enabled,
  });
}

/** The mentions an alert named, one by one (an alert names at most 20). */
export function useMentionsByIds(ws: string, brandId: string, ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: listeningKeys.mention(ws, brandId, id),
      queryFn: () => api.get<MentionDetail>(`${url(ws)}/mentions/${enc(id)}`),
    })),
  });
}

export function useMentionActions(ws: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: listeningKeys.brand(ws, brandId) });
  const patch = useMutation({
    mutationFn: ({ id, ...body }: MentionPatch & { id: string }) => api.patch<Mention>(`${url(ws)}/mentions/${enc(id)}`, body),
    onSuccess: refresh,
  });
  const bulk = useMutation({
    mutationFn: (body: MentionPatch & { ids: string[] }) => api.post<{ updated: number }>(`${url(ws)}/mentions/bulk`, body),
    onSuccess: refresh,
  });
  return { patch, bulk };
}

/** Each mention card has its own "send to inbox", so its answer (or refusal) stays beside it. */
export function useSendToInbox(ws: string, brandId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ inboxItemId: string }>(`${url(ws)}/mentions/${enc(id)}/inbox`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: listeningKeys.brand(ws, brandId) });
      void qc.invalidateQueries({ queryKey: ["inbox", ws] });
    },
  });
}

// Queries

export function useListeningQueries(ws: string, brandId: string) {
  return useQuery({
    queryKey: listeningKeys.queries(ws, brandId),
    queryFn: () => api.get<{ items: ListeningQuery[] }>(`${url(ws)}/queries${qs({ brandId })}`),
    staleTime: 30_000,
  });
}

/** The syntax check as the user types (the editor drops answers to text that has changed since). */
export function checkQuery(ws: string, query: string): Promise<QueryCheck> {
  return api.post<QueryCheck>(`${url(ws)}/queries/check`, { query });
}

export function useQueryPreview(ws: string, brandId: string) {
  return useMutation({
    mutationFn: (query: string) => api.post<QueryPreview>(`${url(ws)}/queries/preview`, { brandId, query }),
  });
}

export type QueryBody = { name: string; kind: QueryKind; query: string; enabled: boolean };

export function useQueryActions(ws: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: listeningKeys.brand(ws, brandId) });
  const create = useMutation({
    mutationFn: (body: QueryBody) => api.post<ListeningQuery>(`${url(ws)}/queries`, { brandId, ...body }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: Partial<QueryBody> & { id: string }) => api.patch<ListeningQuery>(`${url(ws)}/queries/${enc(id)}`, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${url(ws)}/queries/${enc(id)}`),
    onSuccess: refresh,
  });
  return { create, update, remove };
}

// Sources

export function useSources(ws: string, brandId: string) {
  return useQuery({
    queryKey: listeningKeys.sources(ws, brandId),
    queryFn: () => api.get<{ items: ListeningSource[] }>(`${url(ws)}/sources${qs({ brandId })}`),
    // A source that has not run yet (or was just asked to) is worth watching more closely.
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.state === "new") ? 5000 : 30_000),
  });
}

export type SourceBody = { type: "network"; channelId: string; name?: string } | { type: "feed"; url: string; name?: string };

export function useSourceActions(ws: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: listeningKeys.brand(ws, brandId) });
  const create = useMutation({
    mutationFn: (body: SourceBody) => api.post<ListeningSource>(`${url(ws)}/sources`, { brandId, ...body }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; name?: string; enabled?: boolean }) => api.patch<ListeningSource>(`${url(ws)}/sources/${enc(id)}`, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${url(ws)}/sources/${enc(id)}`),
    onSuccess: refresh,
  });
  const run = useMutation({
    mutationFn: (id: string) => api.post<ListeningSource>(`${url(ws)}/sources/${enc(id)}/run`),
    // The run is a job: its result shows a few seconds later.
    onSuccess: () => {
      refresh();
      setTimeout(refresh, 4000);
    },
  });
  const importFile = useMutation({
    mutationFn: (body: { format: "csv" | "json"; content: string; name?: string }) => api.post<ImportResult>(`${url(ws)}/import`, { brandId, ...body }),
    onSuccess: refresh,
  });
  return { create, update, remove, run, importFile };
}

// Analytics

export function useAnalytics(ws: string, brandId: string, period: AnalyticsPeriod, queryId: string | null) {
  return useQuery({
    queryKey: listeningKeys.analytics(ws, brandId, period, queryId),
    queryFn: () => api.get<ListeningAnalytics>(`${url(ws)}/analytics${qs({ brandId, ...rollingPeriod(period), queryId })}`),
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
}

// Alert rules and alerts

export function useAlertRules(ws: string, brandId: string) {
  return useQuery({
    queryKey: listeningKeys.rules(ws, brandId),
    queryFn: () => api.get<{ items: AlertRule[] }>(`${url(ws)}/alert-rules${qs({ brandId })}`),
  });
}

export function useRuleActions(ws: string, brandId: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: listeningKeys.rules(ws, brandId) });
  const create = useMutation({
    mutationFn: (body: RuleInput & { type: RuleType }) => api.post<SavedRule>(`${url(ws)}/alert-rules`, { brandId, ...body }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: Partial<RuleInput> & { id: string; rotateSecret?: boolean }) => api.patch<SavedRule>(`${url(ws)}/alert-rules/${enc(id)}`, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`${url(ws)}/alert-rules/${enc(id)}`),
    onSuccess: refresh,
  });
  return { create, update, remove };
}

export function useAlerts(ws: string, brandId: string) {
  return useQuery({
    queryKey: listeningKeys.alerts(ws, brandId),
    queryFn: () => api.get<{ items: ListeningAlert[]; unread: number }>(`${url(ws)}/alerts${qs({ brandId })}`),
    refetchInterval: pollMs,
  });
}

export function useMarkAlertsRead(ws: string, brandId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | "all") => api.post<void>(`${url(ws)}/alerts/read`, { brandId, ids }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: listeningKeys.alerts(ws, brandId) }),
  });
}
