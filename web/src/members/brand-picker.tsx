/**
 * Which brands a member or an invitation covers: "All brands", or some of the brands the actor
 * sees (the brand list from the server is already limited to those). Brand names are shown as text.
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Brand, BrandScope } from "../types.js";
import { toggleBrand } from "./scope.js";

type PickerProps = {
  label: string;
  value: BrandScope;
  onChange: (scope: BrandScope) => void;
  brands: Brand[];
  /** Only someone who sees every brand may give every brand. */
  allowAll: boolean;
  /** What is ticked on leaving "All brands". */
  fallback: string[];
  disabled?: boolean;
  hint?: string | undefined;
  error?: string | undefined;
  testId: string;
};

export function BrandPicker({ label, value, onChange, brands, allowAll, fallback, disabled, hint, error, testId }: PickerProps) {
  const { t } = useTranslation();
  const msgId = useId();
  // An empty choice is not a scope: say so here rather than after a round trip.
  const message = error ?? (value !== null && value.length === 0 ? t("members.chooseBrand") : undefined);
  return (
    <fieldset
      className={message ? "brand-picker field--invalid" : "brand-picker"}
      disabled={disabled}
      aria-describedby={message || hint ? msgId : undefined}
      data-testid={testId}
    >
      <legend className="field__label brand-picker__legend">{label}</legend>
      <div className="brand-picker__list">
        {allowAll ? (
          <label className="check brand-picker__all">
            <input type="checkbox" checked={value === null} onChange={(e) => onChange(e.target.checked ? null : fallback)} data-testid={`${testId}-all`} />
            {t("members.allBrands")}
          </label>
        ) : null}
        {brands.map((b) => (
          <label key={b.id} className="check">
            <input
              type="checkbox"
              checked={value === null || value.includes(b.id)}
              disabled={value === null}
              onChange={(e) => onChange(toggleBrand(value ?? [], b.id, e.target.checked))}
            />
            {b.name}
          </label>
        ))}
      </div>
      {message ? (
        <p className="field__error" id={msgId} role="alert">
          {message}
        </p>
      ) : hint ? (
        <p className="field__hint" id={msgId}>
          {hint}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A scope for reading: "All brands", or the names of the brands, with a count of those the viewer does not see. */
export function BrandChips({ scope, brands, testId }: { scope: BrandScope; brands: Brand[]; testId?: string }) {
  const { t } = useTranslation();
  if (scope === null) {
    return (
      <span className="badge badge--neutral" data-testid={testId}>
        {t("members.allBrands")}
      </span>
    );
  }
  const shown = brands.filter((b) => scope.includes(b.id));
  const unseen = scope.length - shown.length;
  return (
    <ul className="chips" data-testid={testId}>
      {shown.map((b) => (
        <li key={b.id} className="chip">
          {b.name}
        </li>
      ))}
      {unseen > 0 ? <li className="chip">{t("members.otherBrands", { count: unseen })}</li> : null}
      {scope.length === 0 ? <li className="chip">{t("members.noBrands")}</li> : null}
    </ul>
  );
}
