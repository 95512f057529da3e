import { describe, expect, it } from "vitest";
import { forecastKpi, linearFit } from "./kpi-forecast.js";

/** n daily points ending on `last`, value = f(i) for i = 0 … n−1. */
function series(last: string, n: number, f: (i: number) => number) {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => ({ day: new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10), value: f(i) }));
}

describe("linearFit", () => {
  it("finds the exact line through points on it", () => {
    expect(linearFit([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }])).toEqual({ intercept: 1, slope: 2 });
  });
  it("answers null for one point or one x", () => {
    expect(linearFit([{ x: 1, y: 1 }])).toBeNull();
    expect(linearFit([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toBeNull();
  });
  it("goes through the middle of noisy points", () => {
    const fit = linearFit([{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: 2, y: 2 }, { x: 3, y: 4 }]);
    expect(fit?.slope).toBeCloseTo(1.2, 10);
    expect(fit?.intercept).toBeCloseTo(0.2, 10);
  });
});

describe("forecastKpi", () => {
  const today = "2026-02-01";

  it("reads a steady pace to the deadline: +10 a day from 1,000 reaches 1,280 by 1 March (short of 1,500)", () => {
    const f = forecastKpi({ series: series(today, 28, (i) => 730 + 10 * i), target: 1500, comparison: "gte", deadline: "2026-03-01", today });
    expect(f.current).toBe(1000);
    expect(f.pacePerDay).toBeCloseTo(10, 10);
    expect(f.daysLeft).toBe(28);
    expect(f.expected).toBeCloseTo(1280, 6);
    expect(f.status).toBe("behind");
    expect(f.neededPerDay).toBeCloseTo(500 / 28, 10);
    expect(f.line).toHaveLength(2);
    expect(f.line[1]?.day).toBe("2026-03-01");
    expect(f.line[1]?.value).toBeCloseTo(1280, 6);
  });

  it("is on track when the line reaches the target exactly at the deadline", () => {
    const f = forecastKpi({ series: series(today, 14, (i) => 1000 - 13 * 20 + 20 * i), target: 1560, comparison: "gte", deadline: "2026-03-01", today });
    expect(f.expected).toBeCloseTo(1560, 6);
    expect(f.status).toBe("on_track");
  });

  it("says 'not enough data' with one day fewer than needed, and forecasts with exactly enough", () => {
    const six = forecastKpi({ series: series(today, 6, (i) => 100 + i), target: 200, comparison: "gte", deadline: "2026-03-01", today });
    expect(six.status).toBe("not_enough_data");
    expect(six.points).toBe(6);
    expect(six.minPoints).toBe(7);
    expect(six.expected).toBeNull();
    expect(six.pacePerDay).toBeNull();
    expect(six.current).toBe(105);
    const seven = forecastKpi({ series: series(today, 7, (i) => 100 + i), target: 200, comparison: "gte", deadline: "2026-03-01", today });
    expect(seven.status).toBe("behind");
    expect(seven.expected).toBeCloseTo(106 + 28, 6);
  });

  it("uses only the recent window: an old flat stretch does not slow the recent pace", () => {
    const s = [...series("2025-12-31", 60, () => 500), ...series(today, 28, (i) => 500 + 5 * (i + 1))];
    const f = forecastKpi({ series: s, target: 0, comparison: "gte", deadline: "2026-03-01", today });
    expect(f.pacePerDay).toBeCloseTo(5, 10);
    expect(f.points).toBe(28);
  });

  it("counts days with gaps by their dates, not their order", () => {
    const s = [
      { day: "2026-01-20", value: 20 },
      { day: "2026-01-26", value: 26 },
      { day: "2026-01-22", value: 22 },
      { day: "2026-01-30", value: 30 },
      { day: "2026-01-24", value: 24 },
      { day: "2026-01-28", value: 28 },
      { day: "2026-02-01", value: 32 },
    ];
    const f = forecastKpi({ series: s, target: 100, comparison: "gte", deadline: "2026-02-11", today });
    expect(f.pacePerDay).toBeCloseTo(1, 10);
    expect(f.expected).toBeCloseTo(42, 6);
  });

  it("ignores values after today and keeps the last of a day given twice", () => {
    const s = [...series(today, 7, (i) => i), { day: today, value: 100 }, { day: "2026-02-05", value: 1e9 }];
    const f = forecastKpi({ series: s, target: 1e6, comparison: "gte", deadline: "2026-03-01", today });
    expect(f.current).toBe(100);
  });

  it("an 'at most' KPI is on track when the line falls under the target", () => {
    const f = forecastKpi({ series: series(today, 10, (i) => 60 - 2 * i), target: 30, comparison: "lte", deadline: "2026-02-15", today });
    expect(f.current).toBe(42);
    expect(f.status).toBe("on_track");
    expect(f.neededPerDay).toBeCloseTo(-12 / 14, 10);
  });

  it("is reached when the target is met already, even without enough history", () => {
    const f = forecastKpi({ series: [{ day: today, value: 5 }], target: 4, comparison: "gte", deadline: "2026-03-01", today });
    expect(f.status).toBe("reached");
  });

  it("after the deadline, says met or missed by the value on the deadline day", () => {
    const s = series("2026-02-10", 20, (i) => i);
    expect(forecastKpi({ series: s, target: 10, comparison: "gte", deadline: "2026-02-01", today: "2026-02-10" }).status).toBe("met");
    expect(forecastKpi({ series: s, target: 15, comparison: "gte", deadline: "2026-02-01", today: "2026-02-10" }).status).toBe("missed");
    const passed = forecastKpi({ series: s, target: 15, comparison: "gte", deadline: "2026-02-01", today: "2026-02-10" });
    expect(passed.neededPerDay).toBeNull();
    expect(passed.expected).toBeNull();
    expect(passed.daysLeft).toBe(-9);
  });

  it("on the deadline day itself still forecasts (no days left to gain)", () => {
    const f = forecastKpi({ series: series(today, 10, (i) => i), target: 20, comparison: "gte", deadline: today, today });
    expect(f.daysLeft).toBe(0);
    expect(f.status).toBe("behind");
    expect(f.neededPerDay).toBeNull();
    expect(f.expected).toBeCloseTo(9, 6);
  });

  it("stops a falling line at the floor", () => {
    const f = forecastKpi({ series: series(today, 10, (i) => 20 - 2 * i), target: 30, comparison: "gte", deadline: "2026-03-01", today, floor: 0 });
    expect(f.expected).toBe(0);
    expect(f.line[1]?.value).toBe(0);
    expect(f.pacePerDay).toBeCloseTo(-2, 10);
  });

  it("has no data for an empty series", () => {
    expect(forecastKpi({ series: [], target: 1, comparison: "gte", deadline: "2026-03-01", today }).status).toBe("no_data");
  });

  it("a flat series forecasts the same value", () => {
    const f = forecastKpi({ series: series(today, 10, () => 7), target: 8, comparison: "gte", deadline: "2026-03-01", today });
    expect(f.pacePerDay).toBe(0);
    expect(f.expected).toBeCloseTo(7, 10);
    expect(f.status).toBe("behind");
  });
});
