/** Members and invitations of the current workspace. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc } from "../api.js";
import type { BrandScope, Invitation, Member, Page, Role } from "../types.js";

const membersKey = (ws: string) => ["members", ws] as const;
const invitationsKey = (ws: string) => ["invitations", ws] as const;

export function useMembers(ws: string) {
  return useQuery({
    queryKey: membersKey(ws),
    queryFn: () => api.get<Page<Member>>(`/api/workspaces/${enc(ws)}/members?limit=100`),
  });
}

export function useInvitations(ws: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(ws),
    queryFn: () => api.get<Page<Invitation>>(`/api/workspaces/${enc(ws)}/invitations?limit=100`),
    enabled,
  });
}

/** A member's role, brands or both; what is left out stays as it is. */
export type MemberChange = { role?: Role; brandIds?: BrandScope };

export function useChangeMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, change }: { userId: string; change: MemberChange }) =>
      api.patch<Member>(`/api/workspaces/${enc(ws)}/members/${enc(userId)}`, change),
    onSettled: () => qc.invalidateQueries({ queryKey: membersKey(ws) }),
  });
}

export function useRemoveMember(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.del(`/api/workspaces/${enc(ws)}/members/${enc(userId)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: membersKey(ws) }),
  });
}

export function useInvite(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Role; brandIds?: BrandScope }) =>
      api.post<{ invitation: Invitation; acceptUrl: string }>(`/api/workspaces/${enc(ws)}/invitations`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: invitationsKey(ws) }),
  });
}

export function useRevokeInvitation(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/workspaces/${enc(ws)}/invitations/${enc(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: invitationsKey(ws) }),
  });
}
