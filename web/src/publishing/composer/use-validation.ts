/**
 * Live validation of one variant as the user types: the input settles for 300 ms, then the server
 * checks it against the network's rules (the same code that guards scheduling), so the counter
 * and the problems never disagree with what Schedule will say.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, api, enc } from "../../api.js";
import type { AdMark, Problem, ValidationResult } from "../types.js";

export type ValidationInput = { channelId: string; text: string; format: string; media: { mediaId: string }[]; link: string | null; ad: AdMark | null };

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const json = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the JSON form is the dependency, so equal inputs do not restart the timer.
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [json, ms]);
  return settled;
}

export function useValidation(workspaceId: string, input: ValidationInput) {
  const settled = useDebounced(input, 300);
  const query = useQuery({
    queryKey: ["validate", workspaceId, settled],
    queryFn: () => api.post<ValidationResult>(`/api/workspaces/${enc(workspaceId)}/validate`, settled),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
  // A request the server refused (a malformed link, say) names its fields: show them as problems.
  const requestProblems: Problem[] =
    query.error instanceof ApiError ? query.error.errors.map((e) => ({ field: e.path, message: e.message })) : [];
  const problems = query.data && !query.isError ? query.data.problems : requestProblems;
  const settling = JSON.stringify(settled) !== JSON.stringify(input) || query.isFetching;
  return { length: query.data?.length ?? null, problems, settling };
}
