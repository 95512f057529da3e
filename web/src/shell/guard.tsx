/** Shows a page only when the role allows it; direct links to hidden areas get a clear message. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../common/states.js";
import { useShell } from "./workspace.js";

export function Guard({ permission, children }: { permission: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useShell();
  if (permission && !can(permission)) return <EmptyState title={t("common.noAccess")} testId="no-access" />;
  return <>{children}</>;
}
