/**
 * i18next setup. The language comes from localStorage first (so the sign-in page already speaks
 * it), then the browser; once signed in the user's saved locale wins and every switch is saved both
 * to the server (PATCH /api/me) and to localStorage.
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../types.js";
import { en } from "./en.js";
import { ru } from "./ru.js";
import { briefsEn, briefsRu } from "../briefs/i18n.js";
import { campaignsEn, campaignsRu } from "../campaigns/i18n.js";
import { giveawaysEn, giveawaysRu } from "../giveaways/i18n.js";
import { healthEn, healthRu } from "../health/i18n.js";
import { leadersEn, leadersRu } from "../leaders/i18n.js";
import { reportsEn, reportsRu } from "../reports/i18n.js";
import { strategyEn, strategyRu } from "../strategy/i18n.js";

export const locales: Locale[] = ["en", "ru"];
const storageKey = "chorus.locale";

export function isLocale(v: unknown): v is Locale {
  return v === "en" || v === "ru";
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be blocked (private mode, policies); the browser language is a fine default.
  }
  return navigator.language.toLowerCase().startsWith("ru") ? "ru" : "en";
}

export function storedLocale(): Locale | null {
  try {
    const stored = localStorage.getItem(storageKey);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** Switches the UI language and remembers it in this browser. */
export function applyLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // See initialLocale.
  }
  document.documentElement.lang = locale;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: { ...en, ...reportsEn, ...giveawaysEn, ...briefsEn, ...campaignsEn, ...strategyEn, ...leadersEn, ...healthEn } }, ru: { translation: { ...ru, ...reportsRu, ...giveawaysRu, ...briefsRu, ...campaignsRu, ...strategyRu, ...leadersRu, ...healthRu } } },
  lng: initialLocale(),
  fallbackLng: "en",
  interpolation: { escapeValue: false }, // React escapes text; nothing is rendered as HTML.
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export { i18n };
