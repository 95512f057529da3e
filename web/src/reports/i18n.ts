/** The reports screens' strings (merged into the app's translations in i18n/index.ts). */
import type { Messages } from "../i18n/en.js";

export const reportsEn: Messages = {};
export const reportsRu: Messages = {};
