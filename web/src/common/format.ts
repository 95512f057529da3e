/** Number and date formatting in the UI's language. */
import { i18n } from "../i18n/index.js";

export function formatNumber(n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(i18n.language, opts).format(n);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "5 minutes ago", "вчера": how long ago an instant was, in the UI's language. */
export function formatTimeAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "—";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "—";
  const seconds = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(i18n.language, { numeric: "auto" });
  for (const [unit, size] of steps) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(0, "minute");
}

/** A duration in minutes as "12 min", "3.5 hr", "2 days" in the UI's language. */
export function formatDuration(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return "—";
  const unit = (value: number, u: "minute" | "hour" | "day") =>
    formatNumber(value, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: value < 10 ? 1 : 0 });
  if (minutes < 60) return unit(Math.max(minutes, 0), "minute");
  if (minutes < 1440) return unit(minutes / 60, "hour");
  return unit(minutes / 1440, "day");
}

/** A language tag as its name in the UI's language ("ru" → "Russian"), or the tag itself. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([i18n.language], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
