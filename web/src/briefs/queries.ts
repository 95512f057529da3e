/**
 * Briefs: the agency's list and actions (signed in), and the client's two public calls. The public
 * calls read the 410 problem's `reason` (submitted, expired, revoked), which the shared client
 * does not keep, so they go through publicCall here.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, enc, type FieldProblem, qs } from "../api.js";
import type { BriefAnswers, BriefDetail, BriefSummary, CreateBriefInput, PublicBrief } from "./types.js";

const base = (ws: string) => `/api/workspaces/${enc(ws)}/briefs`;

export function useBriefs(ws: string, brandId: string) {
  return useQuery({ queryKey: ["briefs", ws, brandId], queryFn: () => api.get<{ items: BriefSummary[] }>(`${base(ws)}${qs({ brandId })}`) });
}

export function useBrief(ws: string, id: string | null) {
  return useQuery({ queryKey: ["brief", ws, id], enabled: id !== null, queryFn: () => api.get<BriefDetail>(`${base(ws)}/${enc(id ?? "")}`) });
}

export function useBriefActions(ws: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["briefs", ws] });
    void qc.invalidateQueries({ queryKey: ["brief", ws] });
  };
  return {
    create: useMutation({ mutationFn: (input: CreateBriefInput) => api.post<{ brief: BriefDetail; url: string }>(base(ws), input), onSuccess: refresh }),
    extend: useMutation({ mutationFn: (id: string) => api.post<BriefDetail>(`${base(ws)}/${enc(id)}/extend`, { days: 14 }), onSuccess: refresh }),
    revoke: useMutation({ mutationFn: (id: string) => api.post<BriefDetail>(`${base(ws)}/${enc(id)}/revoke`, {}), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`${base(ws)}/${enc(id)}`), onSuccess: refresh }),
  };
}

/** A link that worked once and no longer does: why, and which agency to ask (not named for a withdrawn link). */
export class BriefGoneError extends Error {
  constructor(
    readonly reason: "submitted" | "expired" | "revoked",
    readonly workspaceName: string | null,
  ) {
    super(reason);
    this.name = "BriefGoneError";
  }
}

async function publicCall<T>(method: "GET" | "POST", token: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/briefs/${enc(token)}`, {
      method,
      credentials: "omit",
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: "network", detail: cause instanceof Error ? cause.message : "Network error" });
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return data as T;
  const reason = data.reason;
  if (res.status === 410 && (reason === "submitted" || reason === "expired" || reason === "revoked")) {
    throw new BriefGoneError(reason, typeof data.workspaceName === "string" ? data.workspaceName : null);
  }
  throw new ApiError({
    status: res.status,
    code: typeof data.code === "string" ? data.code : `http_${res.status}`,
    detail: typeof data.detail === "string" ? data.detail : res.statusText,
    errors: Array.isArray(data.errors) ? (data.errors as FieldProblem[]) : [],
  });
}

export function usePublicBrief(token: string) {
  return useQuery({ queryKey: ["public-brief", token], queryFn: () => publicCall<PublicBrief>("GET", token), retry: false, refetchOnWindowFocus: false });
}

export function useSubmitBrief(token: string) {
  return useMutation({ mutationFn: (answers: Partial<BriefAnswers>) => publicCall<{ submittedAt: string }>("POST", token, answers) });
}
