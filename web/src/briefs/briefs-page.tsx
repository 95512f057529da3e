/** A page holding BriefsPanel for the current brand, for a route or nav entry of its own (the panel also mounts elsewhere). */
import { useShell } from "../shell/workspace.js";
import { BriefsPanel } from "./briefs-panel.js";

export function BriefsPage() {
  const { workspace, brand, can } = useShell();
  return <BriefsPanel workspaceId={workspace.id} brandId={brand.id} canManage={can("brands.manage")} />;
}
