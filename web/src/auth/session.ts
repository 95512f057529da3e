/** The signed-in user: GET /api/me (null when not signed in), log in, log out. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../api.js";
import type { Me, User } from "../types.js";

export const meKey = ["me"] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>("/api/me");
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<{ user: User }>("/api/auth/login", body),
    onSuccess: async () => {
      qc.removeQueries();
      await qc.fetchQuery({ queryKey: meKey, queryFn: () => api.get<Me>("/api/me") });
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>("/api/auth/logout"),
    onSettled: () => {
      // Whatever the server answered, nothing of this session may stay on screen.
      qc.removeQueries();
      qc.setQueryData(meKey, null);
    },
  });
}

/** PATCH /api/me and keep the cached user in step. */
export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; locale?: "en" | "ru" }) => api.patch<{ user: User }>("/api/me", body),
    onSuccess: ({ user }) => {
      qc.setQueryData<Me | null>(meKey, (old) => (old ? { ...old, user } : old));
    },
  });
}
