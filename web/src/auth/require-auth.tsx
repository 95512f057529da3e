/** Guards the signed-in part of the app and brings the UI to the user's saved language. */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation, useOutletContext } from "react-router-dom";
import { Loading, ErrorState } from "../common/states.js";
import { applyLocale, isLocale } from "../i18n/index.js";
import type { Me } from "../types.js";
import { useMe } from "./session.js";

export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const locale = me.data?.user.locale;
  useEffect(() => {
    if (isLocale(locale)) applyLocale(locale);
  }, [locale]);
  useTranslation(); // re-render on language change

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet context={me.data} />;
}

export function useSignedIn(): Me {
  return useOutletContext<Me>();
}
