/** Weekday names in the UI's language, Monday first (ISO 1–7), as the API numbers them. */
import { Info } from "luxon";

export function weekdayNames(locale: string, length: "short" | "long" = "short"): string[] {
  return Info.weekdays(length, { locale });
}
