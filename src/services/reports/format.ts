/** Numbers, rates, changes and days as a report prints them, in its language. */
import { DateTime } from "luxon";

export type Fmt = {
  int: (v: number | null | undefined) => string;
  compact: (v: number | null | undefined) => string;
  pct: (v: number | null | undefined, digits?: number) => string;
  change: (v: number | null) => string;
  signed: (v: number | null | undefined) => string;
  minutes: (v: number | null | undefined) => string;
  day: (iso: string) => string;
  shortDay: (iso: string) => string;
  period: (from: string, to: string) => string;
  dateTime: (iso: string, zone: string) => string;
};

export function formatter(locale: string): Fmt {
  const ints = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const ru = locale.startsWith("ru");
  const dash = "—";
  return {
    int: (v) => (v === null || v === undefined ? dash : ints.format(v)),
    compact: (v) => (v === null || v === undefined ? dash : Math.abs(v) < 10_000 ? ints.format(v) : compact.format(v)),
    pct: (v, digits = 2) => (v === null || v === undefined ? dash : `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v * 100)}%`),
    change: (v) => (v === null ? dash : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.abs(v) * 100)}%`),
    signed: (v) => (v === null || v === undefined ? dash : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${ints.format(Math.abs(v))}`),
    minutes: (v) => {
      if (v === null || v === undefined) return dash;
      if (v < 60) return ru ? `${Math.round(v)} мин` : `${Math.round(v)} min`;
      const h = Math.floor(v / 60);
      const m = Math.round(v % 60);
      if (h < 48) return m === 0 ? (ru ? `${h} ч` : `${h} h`) : ru ? `${h} ч ${m} мин` : `${h} h ${m} min`;
      return ru ? `${Math.round(h / 24)} дн` : `${Math.round(h / 24)} days`;
    },
    day: (iso) => DateTime.fromISO(iso).setLocale(locale).toLocaleString(DateTime.DATE_MED),
    shortDay: (iso) => DateTime.fromISO(iso).setLocale(locale).toFormat("d MMM"),
    period: (from, to) => {
      const a = DateTime.fromISO(from).setLocale(locale);
      const b = DateTime.fromISO(to).setLocale(locale);
      if (a.year === b.year && a.month === b.month) return `${a.toFormat("d")}–${b.toFormat("d MMMM yyyy")}`;
      if (a.year === b.year) return `${a.toFormat("d MMMM")} – ${b.toFormat("d MMMM yyyy")}`;
      return `${a.toFormat("d MMMM yyyy")} – ${b.toFormat("d MMMM yyyy")}`;
    },
    dateTime: (iso, zone) => DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat("d MMM yyyy, HH:mm"),
  };
}
