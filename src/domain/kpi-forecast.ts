/**
 * A KPI's forecast: "at the current pace you reach 3,900 of 5,000 by 1 March".
 *
 * The pace is the least-squares line through the daily values of the recent window (the last
 * `windowDays` days up to today), so one odd day moves it little and a steady trend is followed.
 * The value expected at the deadline is that line read at the deadline. With fewer than
 * `minPoints` days in the window there is no pace to speak of: the answer says so, and how many
 * days are still needed, instead of drawing a line through two points.
 */
import { DateTime } from "luxon";
import type { Comparison } from "./strategy.js";

export type Point = { day: string; value: number };

export type ForecastInput = {
  /** Daily values (YYYY-MM-DD), any order; a day given twice counts once (the last one). */
  series: readonly Point[];
  target: number;
  comparison: Comparison;
  deadline: string;
  today: string;
  windowDays?: number;
  minPoints?: number;
  /** The current value when it is measured otherwise than the series' last point (a median over weeks). */
  current?: number | null;
  /** The lowest value the measure can take (0 for counts and rates): a falling line stops there. */
  floor?: number;
};

export type ForecastStatus = "reached" | "on_track" | "behind" | "not_enough_data" | "met" | "missed" | "no_data";

export type Forecast = {
  status: ForecastStatus;
  /** The latest value at or before today; null when there is none. */
  current: number | null;
  /** Days in the window, and how many the pace needs. */
  points: number;
  minPoints: number;
  /** Change per day of the fitted line; null without enough days. */
  pacePerDay: number | null;
  /** The fitted line read at the deadline. */
  expected: number | null;
  /** The change per day from now that would just reach the target by the deadline; null once it has passed. */
  neededPerDay: number | null;
  /** Days from today to the deadline (negative once it has passed). */
  daysLeft: number;
  /** The fitted line from the window's first day to the deadline, for the chart. */
  line: Point[];
};

export const forecastDefaults = { windowDays: 28, minPoints: 7 } as const;

const dayNumber = (day: string) => Math.round(DateTime.fromISO(day, { zone: "utc" }).toMillis() / 86_400_000);
const dayOf = (n: number) => DateTime.fromMillis(n * 86_400_000, { zone: "utc" }).toISODate() as string;

export const meets = (value: number, target: number, comparison: Comparison) => (comparison === "gte" ? value >= target : value <= target);

/** Least squares y = a + b·x; null for fewer than two distinct x. */
export function linearFit(points: readonly { x: number; y: number }[]): { intercept: number; slope: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

export function forecastKpi(input: ForecastInput): Forecast {
  const windowDays = input.windowDays ?? forecastDefaults.windowDays;
  const minPoints = input.minPoints ?? forecastDefaults.minPoints;
  const today = dayNumber(input.today);
  const deadline = dayNumber(input.deadline);
  const byDay = new Map<number, number>();
  for (const p of input.series) {
    const d = dayNumber(p.day);
    if (d <= today && Number.isFinite(p.value)) byDay.set(d, p.value);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const lastDay = days.at(-1);
  const current = input.current !== undefined ? input.current : lastDay === undefined ? null : (byDay.get(lastDay) ?? null);
  const window = days.filter((d) => d > today - windowDays).map((d) => ({ x: d, y: byDay.get(d) as number }));
  const daysLeft = deadline - today;
  const base = { current, points: window.length, minPoints, daysLeft };
  const neededPerDay = current !== null && daysLeft > 0 ? (input.target - current) / daysLeft : null;
  const fit = window.length >= minPoints ? linearFit(window) : null;
  const at = (x: number) => (fit ? Math.max(input.floor ?? Number.NEGATIVE_INFINITY, fit.intercept + fit.slope * x) : 0);
  const expected = fit ? at(deadline) : null;
  const line = fit && window[0] ? [window[0].x, Math.max(deadline, today)].map((x) => ({ day: dayOf(x), value: at(x) })) : [];
  const result = { ...base, pacePerDay: fit?.slope ?? null, expected: daysLeft >= 0 ? expected : null, neededPerDay, line: daysLeft >= 0 ? line : [] };

  if (current === null) return { ...result, status: "no_data" };
  if (daysLeft < 0) {
    // Judged by the value on the deadline (the last one at or before it), not by what came after.
    const last = days.filter((d) => d <= deadline).at(-1);
    const atDeadline = last === undefined ? null : (byDay.get(last) ?? null);
    return { ...result, status: atDeadline !== null && meets(atDeadline, input.target, input.comparison) ? "met" : "missed" };
  }
  const metNow = meets(current, input.target, input.comparison);
  if (metNow) return { ...result, status: "reached" };
  if (expected === null) return { ...result, status: "not_enough_data" };
  return { ...result, status: meets(expected, input.target, input.comparison) ? "on_track" : "behind" };
}
