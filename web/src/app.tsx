/** Routes: sign-in, invitations and guest approval links are public; everything else lives under /w/:workspaceId/b/:brandId. */
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { InvitePage } from "./auth/invite-page.js";
import { BriefPage } from "./briefs/brief-page.js";
import { BriefsPage } from "./briefs/briefs-page.js";
import { LoginPage } from "./auth/login-page.js";
import { RequireAuth } from "./auth/require-auth.js";
import { ChannelsPage } from "./channels/channels-page.js";
import { Loading } from "./common/states.js";
import { HomePage } from "./home/home-page.js";
import { InboxPage } from "./inbox/inbox-page.js";
import { AlertsTab } from "./listening/alerts-tab.js";
import { ListeningPage, ToMentions } from "./listening/listening-page.js";
import { MentionsTab } from "./listening/mentions-tab.js";
import { QueriesTab } from "./listening/queries-tab.js";
import { SourcesTab } from "./listening/sources-tab.js";
import { MediaPage } from "./media/media-page.js";
import { MembersPage } from "./members/members-page.js";
import { PlaceholderPage } from "./placeholders/placeholder-page.js";
import { ImportPage } from "./planning/import-page.js";
import { TemplatesPage } from "./planning/templates-page.js";
import { GuestApprovalPage } from "./publishing/guest-approval-page.js";
import { ComposePage, PostPage } from "./publishing/post-page.js";
import { PublishingPage } from "./publishing/publishing-page.js";
import { SettingsPage } from "./settings/settings-page.js";
import { AppShell } from "./shell/app-shell.js";
import { Guard } from "./shell/guard.js";
import { navItems } from "./shell/nav.js";
import { HomeRedirect, WorkspaceRedirect } from "./shell/redirects.js";

// FullCalendar is large: it loads when the calendar is first opened.
const CalendarPage = lazy(() => import("./calendar/calendar-page.js").then((m) => ({ default: m.CalendarPage })));
// So do the charts of listening analytics.
const LeadersPage = lazy(() => import("./leaders/leaders-page.js").then((m) => ({ default: m.LeadersPage })));
const CampaignsPage = lazy(() => import("./campaigns/campaigns-page.js").then((m) => ({ default: m.CampaignsPage })));
const GiveawaysPage = lazy(() => import("./giveaways/giveaways-page.js").then((m) => ({ default: m.GiveawaysPage })));
const PublicGiveawayPage = lazy(() => import("./giveaways/public-giveaway-page.js").then((m) => ({ default: m.PublicGiveawayPage })));
const StrategyPage = lazy(() => import("./strategy/strategy-page.js").then((m) => ({ default: m.StrategyPage })));
const ReportsPage = lazy(() => import("./reports/reports-page.js").then((m) => ({ default: m.ReportsPage })));
const AnalyticsPage = lazy(() => import("./analytics/analytics-page.js").then((m) => ({ default: m.AnalyticsPage })));
const ListeningAnalyticsTab = lazy(() => import("./listening/analytics-tab.js").then((m) => ({ default: m.AnalyticsTab })));

const permissionOf = (key: string) => navItems.find((n) => n.key === key)?.permission ?? null;

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="/approve/:token" element={<GuestApprovalPage />} />
      <Route path="/brief/:token" element={<BriefPage />} />
      <Route
        path="/g/:publicId"
        element={
          <Suspense fallback={<Loading />}>
            <PublicGiveawayPage />
          </Suspense>
        }
      />
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
            path="calendar"
            element={
              <Guard permission={permissionOf("calendar")}>
                <Suspense fallback={<Loading />}>
                  <CalendarPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="publishing"
            element={
              <Guard permission={permissionOf("publishing")}>
                <PublishingPage />
              </Guard>
            }
          />
          <Route
            path="templates"
            element={
              <Guard permission={permissionOf("templates")}>
                <TemplatesPage />
              </Guard>
            }
          />
          <Route
            path="media"
            element={
              <Guard permission={permissionOf("media")}>
                <MediaPage />
              </Guard>
            }
          />
          <Route
            path="import"
            element={
              <Guard permission="posts.write">
                <ImportPage />
              </Guard>
            }
          />
          <Route
            path="compose"
            element={
              <Guard permission="posts.write">
                <ComposePage />
              </Guard>
            }
          />
          <Route
            path="posts/:postId"
            element={
              <Guard permission={permissionOf("publishing")}>
                <PostPage />
              </Guard>
            }
          />
          <Route
            path="inbox"
            element={
              <Guard permission={permissionOf("inbox")}>
                <InboxPage />
              </Guard>
            }
          />
          <Route
            path="listening"
            element={
              <Guard permission={permissionOf("listening")}>
                <ListeningPage />
              </Guard>
            }
          >
            <Route index element={<MentionsTab />} />
            <Route path="mentions" element={<ToMentions />} />
            <Route
              path="analytics"
              element={
                <Suspense fallback={<Loading />}>
                  <ListeningAnalyticsTab />
                </Suspense>
              }
            />
            <Route path="queries" element={<QueriesTab />} />
            <Route path="sources" element={<SourcesTab />} />
            <Route path="alerts" element={<AlertsTab />} />
          </Route>
          <Route
            path="analytics"
            element={
              <Guard permission={permissionOf("analytics")}>
                <Suspense fallback={<Loading />}>
                  <AnalyticsPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="reports"
            element={
              <Guard permission={permissionOf("reports")}>
                <Suspense fallback={<Loading />}>
                  <ReportsPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="strategy"
            element={
              <Guard permission={permissionOf("strategy")}>
                <Suspense fallback={<Loading />}>
                  <StrategyPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="campaigns"
            element={
              <Guard permission={permissionOf("campaigns")}>
                <Suspense fallback={<Loading />}>
                  <CampaignsPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="leaders"
            element={
              <Guard permission={permissionOf("leaders")}>
                <Suspense fallback={<Loading />}>
                  <LeadersPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="giveaways"
            element={
              <Guard permission={permissionOf("giveaways")}>
                <Suspense fallback={<Loading />}>
                  <GiveawaysPage />
                </Suspense>
              </Guard>
            }
          />
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
          <Route
            path="briefs"
            element={
              <Guard permission="brands.read">
                <BriefsPage />
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
