/**
 * The composer's advertising section: marks the post as an ad under Russian law (Реклама, the
 * advertiser with its ИНН, the erid token from the advertising data operator) or with a plain
 * #ad. The label is added when the post is sent; the preview shows it here so nobody is surprised.
 */
import { useTranslation } from "react-i18next";
import { Field } from "../../common/field.js";
import type { AdDraft } from "./draft.js";

type Props = { ad: AdDraft; readOnly: boolean; errors: Record<string, string>; onChange: (ad: AdDraft) => void };

export function AdSection({ ad, readOnly, errors, onChange }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<AdDraft>) => onChange({ ...ad, ...patch });
  const label =
    ad.rules === "ru"
      ? `Реклама. ${ad.advertiser.trim() || "…"}${ad.advertiserTaxId.trim() ? `, ИНН ${ad.advertiserTaxId.trim()}` : ""}.${ad.erid.trim() ? ` erid: ${ad.erid.trim()}` : ""}`
      : "#ad";
  return (
    <div className="stack" data-testid="ad-section">
      <label className="check">
        <input type="checkbox" checked={ad.on} disabled={readOnly} onChange={(e) => set({ on: e.target.checked })} data-testid="ad-on" />
        {t("composer.ad.on")}
      </label>
      {ad.on ? (
        <div className="form-grid">
          <Field label={t("composer.ad.rules")}>
            {(id) => (
              <select id={id} className="select" value={ad.rules} disabled={readOnly} onChange={(e) => set({ rules: e.target.value as AdDraft["rules"] })} data-testid="ad-rules">
                <option value="ru">{t("composer.ad.rulesRu")}</option>
                <option value="generic">{t("composer.ad.rulesGeneric")}</option>
              </select>
            )}
          </Field>
          <Field label={t("composer.ad.advertiser")} error={errors["ad.advertiser"]}>
            {(id, d) => (
              <input id={id} aria-describedby={d} className="input" value={ad.advertiser} readOnly={readOnly} maxLength={200} onChange={(e) => set({ advertiser: e.target.value })} data-testid="ad-advertiser" />
            )}
          </Field>
          {ad.rules === "ru" ? (
            <>
              <Field label={t("composer.ad.taxId")} hint={t("composer.ad.taxIdHint")} error={errors["ad.advertiserTaxId"]}>
                {(id, d) => (
                  <input id={id} aria-describedby={d} className="input" inputMode="numeric" value={ad.advertiserTaxId} readOnly={readOnly} maxLength={12} onChange={(e) => set({ advertiserTaxId: e.target.value })} data-testid="ad-tax-id" />
                )}
              </Field>
              <Field label={t("composer.ad.erid")} hint={t("composer.ad.eridHint")} error={errors["ad.erid"]}>
                {(id, d) => <input id={id} aria-describedby={d} className="input" value={ad.erid} readOnly={readOnly} maxLength={64} onChange={(e) => set({ erid: e.target.value })} data-testid="ad-erid" />}
              </Field>
            </>
          ) : null}
          <p className="muted" data-testid="ad-label">
            {t("composer.ad.labelPreview", { label })}
          </p>
        </div>
      ) : null}
    </div>
  );
}
