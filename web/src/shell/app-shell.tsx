/** The signed-in frame: top bar, side nav and the current screen for /w/:workspaceId/b/:brandId. */
import { useEffect, useMemo } from "react";
import { Navigate, Outlet, useParams } from "react-router-dom";
import { enc } from "../api.js";
import { useSignedIn } from "../auth/require-auth.js";
import { ErrorState, Loading } from "../common/states.js";
import { SideNav } from "./side-nav.js";
import { TopBar } from "./top-bar.js";
import { ShellCtx, type ShellContext, rememberWorkspace, useBrands, useWorkspace } from "./workspace.js";

export function AppShell() {
  const me = useSignedIn();
  const { workspaceId = "", brandId = "" } = useParams();
  const workspace = useWorkspace(workspaceId);
  const brands = useBrands(workspaceId);

  const ctx = useMemo<ShellContext | null>(() => {
    const brand = brands.data?.items.find((b) => b.id === brandId);
    if (!workspace.data || !brands.data || !brand) return null;
    const permissions = new Set(workspace.data.permissions);
    return {
      me,
      workspace: workspace.data,
      brand,
      brands: brands.data.items,
      can: (action: string) => permissions.has(action),
      base: `/w/${enc(workspace.data.id)}/b/${enc(brand.id)}`,
    };
  }, [me, workspace.data, brands.data, brandId]);

  const currentWorkspace = workspace.data?.id;
  useEffect(() => {
    if (currentWorkspace) rememberWorkspace(currentWorkspace);
  }, [currentWorkspace]);

  if (workspace.isPending || brands.isPending) return <Loading />;
  if (workspace.isError) return <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()} />;
  if (brands.isError) return <ErrorState error={brands.error} onRetry={() => void brands.refetch()} />;
  // A brand that is gone, never was, or is not one of the user's brands (the list is theirs only)
  // sends the user to the first brand they see: an old link never shows a broken page.
  if (!ctx) return <Navigate to={`/w/${enc(workspaceId)}`} replace />;

  return (
    <ShellCtx.Provider value={ctx}>
      <div className="shell">
        <TopBar />
        <div className="shell__body">
          <SideNav />
          <main className="shell__main">
            <Outlet />
          </main>
        </div>
      </div>
    </ShellCtx.Provider>
  );
}
