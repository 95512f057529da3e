/** The left navigation; areas the role cannot use are not shown. */
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { navItems } from "./nav.js";
import { useShell } from "./workspace.js";

const icons: Record<string, string> = {
  home: "⌂",
  calendar: "▦",
  publishing: "✎",
  templates: "❏",
  media: "▣",
  inbox: "✉",
  listening: "◎",
  analytics: "▲",
  reports: "▤",
  campaigns: "◈",
  leaders: "☆",
  giveaways: "✦",
  strategy: "◆",
  channels: "⇄",
  members: "☺",
  settings: "⚙",
};

export function SideNav() {
  const { t } = useTranslation();
  const { can, base } = useShell();
  return (
    <nav className="sidenav" aria-label={t("shell.mainNav")}>
      <ul>
        {navItems
          .filter((item) => item.permission === null || can(item.permission))
          .map((item) => (
            <li key={item.key} className={item.key === "channels" ? "sidenav__sep" : undefined}>
              <NavLink
                to={`${base}/${item.key}`}
                className={({ isActive }) => (isActive ? "sidenav__link is-active" : "sidenav__link")}
                data-testid={`nav-${item.key}`}
              >
                <span className="sidenav__icon" aria-hidden="true">
                  {icons[item.key]}
                </span>
                {t(`nav.${item.key}`)}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}
