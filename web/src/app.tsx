/** Routes: sign-in and invitations are public; everything else lives under /w/:workspaceId/b/:brandId. */
import { Navigate, Route, Routes } from "react-router-dom";
import { InvitePage } from "./auth/invite-page.js";
import { LoginPage } from "./auth/login-page.js";
import { RequireAuth } from "./auth/require-auth.js";
import { ChannelsPage } from "./channels/channels-page.js";
import { HomePage } from "./home/home-page.js";
import { MembersPage } from "./members/members-page.js";
import { PlaceholderPage } from "./placeholders/placeholder-page.js";
import { SettingsPage } from "./settings/settings-page.js";
import { AppShell } from "./shell/app-shell.js";
import { Guard } from "./shell/guard.js";
import { navItems } from "./shell/nav.js";
import { HomeRedirect, WorkspaceRedirect } from "./shell/redirects.js";

const permissionOf = (key: string) => navItems.find((n) => n.key === key)?.permission ?? null;

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route element={<RequireAuth />}>
        <Route index element={<HomeRedirect />} />
        <Route path="w/:workspaceId" element={<WorkspaceRedirect />} />
        <Route path="w/:workspaceId/b/:brandId" element={<AppShell />}>
          <Route index element={<Navigate to="home" replace />} />
          <Route path="home" element={<HomePage />} />
          {navItems
            .filter((n) => n.placeholder)
            .map((n) => (
              <Route
                key={n.key}
                path={n.key}
                element={
                  <Guard permission={n.permission}>
                    <PlaceholderPage area={n.key} />
                  </Guard>
                }
              />
            ))}
          <Route
            path="channels"
            element={
              <Guard permission={permissionOf("channels")}>
                <ChannelsPage />
              </Guard>
            }
          />
          <Route
            path="members"
            element={
              <Guard permission={permissionOf("members")}>
                <MembersPage />
              </Guard>
            }
          />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="*" element={<Navigate to="home" replace />} />
        </Route>
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
