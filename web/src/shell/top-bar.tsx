/** Top bar: workspace and brand switchers (both live in the URL), language, account menu. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { enc } from "../api.js";
import { LanguageSelect } from "../auth/language-select.js";
import { useLogout } from "../auth/session.js";
import { useShell } from "./workspace.js";

/** The screen part of the path after /w/:ws/b/:brand, kept when switching brand. */
function currentSection(pathname: string): string {
  const m = /^\/w\/[^/]+\/b\/[^/]+\/([^/]+)/.exec(pathname);
  return m?.[1] ?? "home";
}

function UserMenu() {
  const { t } = useTranslation();
  const { me, base } = useShell();
  const navigate = useNavigate();
  const logout = useLogout();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  const initial = (me.user.name || me.user.email).trim().charAt(0).toUpperCase();
  return (
    <div className="usermenu" ref={ref}>
      <button
        type="button"
        className="usermenu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("shell.userMenu")}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <span className="avatar" aria-hidden="true">
          {initial}
        </span>
        <span className="usermenu__name">{me.user.name || me.user.email}</span>
      </button>
      {open ? (
        <div className="usermenu__panel" role="menu">
          <div className="usermenu__who">
            <strong>{me.user.name}</strong>
            <span className="muted">{me.user.email}</span>
          </div>
          <Link role="menuitem" className="usermenu__item" to={`${base}/settings`} onClick={() => setOpen(false)}>
            {t("shell.settings")}
          </Link>
          <button
            type="button"
            role="menuitem"
            className="usermenu__item"
            data-testid="logout"
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/login", { replace: true }) })}
          >
            {t("shell.logout")}
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function TopBar() {
  const { t } = useTranslation();
  const { me, workspace, brand, brands } = useShell();
  const navigate = useNavigate();
  const location = useLocation();
  const section = currentSection(location.pathname);
  return (
    <header className="topbar">
      <Link to="/" className="topbar__brand">
        <span className="logo" aria-hidden="true">
          C
        </span>
        <span>{t("app.name")}</span>
      </Link>
      <label className="topbar__switch">
        <span className="topbar__label">{t("shell.workspace")}</span>
        <select
          className="select select--compact"
          value={workspace.id}
          onChange={(e) => navigate(`/w/${enc(e.target.value)}`)}
          data-testid="workspace-switch"
        >
          {me.workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <label className="topbar__switch">
        <span className="topbar__label">{t("shell.brand")}</span>
        <select
          className="select select--compact"
          value={brand.id}
          onChange={(e) => navigate(`/w/${enc(workspace.id)}/b/${enc(e.target.value)}/${section}`)}
          data-testid="brand-switch"
        >
          {brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      <div className="topbar__spacer" />
      <LanguageSelect />
      <UserMenu />
    </header>
  );
}
