/** "This brand" or "All brands of the workspace": where a template or hashtag group can be used. */
import { useTranslation } from "react-i18next";

type Props = { id: string; value: "brand" | "workspace"; onChange: (v: "brand" | "workspace") => void; brandName: string; testId?: string };

export function ScopeSelect({ id, value, onChange, brandName, testId }: Props) {
  const { t } = useTranslation();
  return (
    <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value as "brand" | "workspace")} data-testid={testId}>
      <option value="brand">{t("planning.scopeBrand", { brand: brandName })}</option>
      <option value="workspace">{t("planning.scopeWorkspace")}</option>
    </select>
  );
}

export function ScopeBadge({ brandId }: { brandId: string | null }) {
  const { t } = useTranslation();
  return <span className="badge badge--neutral">{brandId ? t("planning.thisBrand") : t("planning.allBrands")}</span>;
}
