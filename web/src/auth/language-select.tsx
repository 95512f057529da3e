/** The language switch: applies at once, remembers in this browser and, when signed in, on the server. */
import { useTranslation } from "react-i18next";
import { applyLocale, isLocale, locales } from "../i18n/index.js";
import { useMe, useUpdateMe } from "./session.js";

export function LanguageSelect({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const update = useUpdateMe();
  return (
    <select
      className={className ?? "select select--compact"}
      aria-label={t("language.label")}
      value={i18n.language}
      data-testid="language-switch"
      onChange={(e) => {
        const locale = e.target.value;
        if (!isLocale(locale)) return;
        applyLocale(locale);
        if (me.data) update.mutate({ locale });
      }}
    >
      {locales.map((l) => (
        <option key={l} value={l}>
          {t(`language.${l}`)}
        </option>
      ))}
    </select>
  );
}
