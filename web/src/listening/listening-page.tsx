/**
 * Listening: what people say about the brand and its competitors across networks, feeds and
 * imports. The frame of its five tabs — Mentions (the default), Analytics, Queries, Sources and
 * Alerts, each a sub-route so a filtered view can be bookmarked — with the unread alerts on the last.
 */
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, useLocation } from "react-router-dom";
import { PageHeader } from "../common/page-header.js";
import { useShell } from "../shell/workspace.js";
import { useAlerts } from "./queries.js";

const tabs = ["mentions", "analytics", "queries", "sources", "alerts"] as const;

export function ListeningPage() {
  const { t } = useTranslation();
  const { workspace, brand, base } = useShell();
  const alerts = useAlerts(workspace.id, brand.id);
  const unread = alerts.data?.unread ?? 0;
  const root = `${base}/listening`;

  return (
    <>
      <PageHeader title={t("listening.title")} subtitle={t("listening.subtitle", { brand: brand.name })} />
      <nav className="tabs listen-tabs" aria-label={t("listening.tabsLabel")}>
        {tabs.map((tab) => (
          <NavLink
            key={tab}
            to={tab === "mentions" ? root : `${root}/${tab}`}
            end={tab === "mentions"}
            className={({ isActive }) => (isActive ? "tab is-active" : "tab")}
            data-testid={`listening-tab-${tab}`}
          >
            {t(`listening.tabs.${tab}`)}
            {tab === "alerts" && unread > 0 ? (
              <>
                <span className="listen-tabs__badge" aria-hidden="true" data-testid="alerts-unread">
                  {unread}
                </span>
                <span className="visually-hidden">{t("listening.alerts.unreadCount", { count: unread })}</span>
              </>
            ) : null}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

/** Mentions is the area's front page (/listening): /listening/mentions?… leads there with its filters. */
export function ToMentions() {
  const { base } = useShell();
  const { search } = useLocation();
  return <Navigate to={{ pathname: `${base}/listening`, search }} replace />;
}
