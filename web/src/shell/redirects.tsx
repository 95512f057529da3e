/**
 * Entry redirects: / picks a workspace, /w/:workspaceId picks its first brand the user sees (or
 * offers to create one). The shell sends any brand the user does not see here too.
 */
import { useTranslation } from "react-i18next";
import { Navigate, useParams } from "react-router-dom";
import { enc } from "../api.js";
import { useSignedIn } from "../auth/require-auth.js";
import { EmptyState, ErrorState, Loading } from "../common/states.js";
import { CreateBrandForm } from "./create-brand-form.js";
import { lastWorkspace, useBrands, useWorkspace } from "./workspace.js";

export function HomeRedirect() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const last = lastWorkspace();
  const ws = me.workspaces.find((w) => w.id === last) ?? me.workspaces[0];
  if (!ws) {
    return (
      <main className="auth-page">
        <EmptyState title={t("shell.noWorkspaces")} testId="no-workspaces" />
      </main>
    );
  }
  return <Navigate to={`/w/${enc(ws.id)}`} replace />;
}

export function WorkspaceRedirect() {
  const { t } = useTranslation();
  const { workspaceId = "" } = useParams();
  const workspace = useWorkspace(workspaceId);
  const brands = useBrands(workspaceId);
  if (workspace.isPending || brands.isPending) return <Loading />;
  if (workspace.isError) return <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()} />;
  if (brands.isError) return <ErrorState error={brands.error} onRetry={() => void brands.refetch()} />;
  const first = brands.data.items[0];
  if (first) return <Navigate to={`/w/${enc(workspaceId)}/b/${enc(first.id)}/home`} replace />;
  // Someone limited to some brands sees none of them any more (they were deleted, say): they cannot create one either.
  const limited = workspace.data.brandIds !== null;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>{workspace.data.name}</h1>
        <p className="muted" data-testid="no-brands">
          {limited ? t("shell.noBrandsForYou") : t("shell.noBrands")}
        </p>
        {workspace.data.permissions.includes("brands.create") ? <CreateBrandForm workspaceId={workspaceId} /> : null}
      </div>
    </main>
  );
}
