/** Workspace-level data the shell and every screen share: permissions and brands. */
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { api, enc } from "../api.js";
import type { Brand, Me, Page, Workspace } from "../types.js";

export function useWorkspace(workspaceId: string) {
  return useQuery({
    queryKey: ["workspace", workspaceId],
    queryFn: () => api.get<Workspace>(`/api/workspaces/${enc(workspaceId)}`),
  });
}

export function useBrands(workspaceId: string) {
  return useQuery({
    queryKey: ["brands", workspaceId],
    queryFn: () => api.get<Page<Brand>>(`/api/workspaces/${enc(workspaceId)}/brands?limit=100`),
  });
}

export type ShellContext = {
  me: Me;
  workspace: Workspace;
  brand: Brand;
  brands: Brand[];
  /** The UI only hides what the role cannot do; the server decides. */
  can: (action: string) => boolean;
  /** Base URL of the current workspace and brand, e.g. /w/ws_1/b/br_1. */
  base: string;
};

export const ShellCtx = createContext<ShellContext | null>(null);

export function useShell(): ShellContext {
  const ctx = useContext(ShellCtx);
  if (!ctx) throw new Error("useShell outside the app shell");
  return ctx;
}

const lastWorkspaceKey = "chorus.workspace";

export function rememberWorkspace(id: string): void {
  try {
    localStorage.setItem(lastWorkspaceKey, id);
  } catch {
    // Only a convenience.
  }
}

export function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(lastWorkspaceKey);
  } catch {
    return null;
  }
}
