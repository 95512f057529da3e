/** Loading, error and empty states shared by every screen. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "./errors.js";

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="state state--loading" role="status">
      {t("common.loading")}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state--error" role="alert">
      <p>{t("common.loadFailed", { detail: errorText(error, t) })}</p>
      {onRetry ? (
        <button type="button" className="btn btn--secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <h2 className="empty__title">{title}</h2>
      {children}
    </div>
  );
}

export function FormError({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {errorText(error, t)}
    </p>
  );
}
