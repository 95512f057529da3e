/**
 * When a report is due and which period it covers, in the brand's time zone (pure: luxon only).
 *
 * - A weekly report covers the previous Monday–Sunday and is sent on its weekday at its hour; a
 *   monthly one covers the previous calendar month and is sent on its day (1–28, so every month
 *   has it) at its hour. The period is always the last complete one before the send day, so a
 *   report sent on a Wednesday still covers the week that ended on Sunday.
 * - Hours are wall-clock hours of the zone. On the night clocks go forward an hour that does not
 *   exist (02:00 in Berlin on the last Sunday of March) is sent at the first instant after the gap
 *   (03:00); on the night they go back, a repeated hour is sent once, at its first occurrence.
 */
import { DateTime } from "luxon";

export type PeriodKind = "weekly" | "monthly";
export type Schedule = { periodKind: PeriodKind; weekday: number | null; monthDay: number | null; hour: number };
export type Period = { from: string; to: string };

const day = (d: DateTime) => d.toISODate() as string;

/** The last complete period before the local day of `at`. */
export function periodBefore(kind: PeriodKind, at: Date, zone: string): Period {
  const local = DateTime.fromJSDate(at, { zone }).startOf("day");
  if (kind === "weekly") {
    const monday = local.startOf("week").minus({ weeks: 1 });
    return { from: day(monday), to: day(monday.plus({ days: 6 })) };
  }
  const first = local.startOf("month").minus({ months: 1 });
  return { from: day(first), to: day(first.endOf("month")) };
}

/** The instant of a local wall-clock time; a time inside a spring-forward gap moves past it (luxon's rule), a repeated one is its first. */
function at(zone: string, date: DateTime, hour: number): DateTime {
  const t = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour }, { zone });
  // A repeated hour (clocks going back): luxon takes the second; the first comes earlier.
  const earlier = t.minus({ hours: 1 });
  return earlier.hour === t.hour && earlier.day === t.day ? earlier : t;
}

function sendDay(s: Schedule, local: DateTime, offset: number): DateTime {
  if (s.periodKind === "weekly") return local.startOf("week").plus({ weeks: offset, days: (s.weekday ?? 1) - 1 });
  return local.startOf("month").plus({ months: offset }).set({ day: s.monthDay ?? 1 });
}

/** The latest due instant at or before `now` (the send this schedule owes most recently). */
export function latestDue(s: Schedule, now: Date, zone: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  for (const offset of [0, -1, -2]) {
    const due = at(zone, sendDay(s, local, offset), s.hour);
    if (due.toMillis() <= now.getTime()) return due.toJSDate();
  }
  /* c8 ignore next */
  throw new Error("unreachable: a schedule is due at least once in two periods");
}

/** The next due instant strictly after `now`. */
export function nextDue(s: Schedule, now: Date, zone: string): Date {
  const local = DateTime.fromJSDate(now, { zone });
  for (const offset of [0, 1, 2]) {
    const due = at(zone, sendDay(s, local, offset), s.hour);
    if (due.toMillis() > now.getTime()) return due.toJSDate();
  }
  /* c8 ignore next */
  throw new Error("unreachable: a schedule is due at least once in two periods");
}

/** The period a send due at `due` covers. */
export const periodOfDue = (kind: PeriodKind, due: Date, zone: string): Period => periodBefore(kind, due, zone);
