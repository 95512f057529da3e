/** Areas still being built: a calm empty state that says what will live here. */
import { useTranslation } from "react-i18next";
import { PageHeader } from "../common/page-header.js";

export function PlaceholderPage({ area }: { area: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${area}`)} />
      <div className="empty empty--large" data-testid={`placeholder-${area}`}>
        <span className="badge badge--neutral">{t("placeholders.comingSoon")}</span>
        <p className="empty__text">{t(`placeholders.${area}`)}</p>
      </div>
    </>
  );
}
