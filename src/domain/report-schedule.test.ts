import { describe, expect, it } from "vitest";
import { latestDue, nextDue, periodBefore, type Schedule } from "./report-schedule.js";

const weekly = (weekday: number, hour: number): Schedule => ({ periodKind: "weekly", weekday, monthDay: null, hour });
const monthly = (monthDay: number, hour: number): Schedule => ({ periodKind: "monthly", weekday: null, monthDay, hour });
const iso = (d: Date) => d.toISOString();

describe("report periods", () => {
  it("weekly is the previous Monday–Sunday of the zone, whatever the day of the send", () => {
    // Monday 16 March 2026, 06:00 UTC = 09:00 in Moscow.
    expect(periodBefore("weekly", new Date("2026-03-16T06:00:00Z"), "Europe/Moscow")).toEqual({ from: "2026-03-09", to: "2026-03-15" });
    // Wednesday: still the week that ended on Sunday.
    expect(periodBefore("weekly", new Date("2026-03-18T12:00:00Z"), "Europe/Moscow")).toEqual({ from: "2026-03-09", to: "2026-03-15" });
    // Sunday 22:30 UTC is already Monday in Moscow, still Sunday in New York.
    expect(periodBefore("weekly", new Date("2026-03-22T22:30:00Z"), "Europe/Moscow")).toEqual({ from: "2026-03-16", to: "2026-03-22" });
    expect(periodBefore("weekly", new Date("2026-03-22T22:30:00Z"), "America/New_York")).toEqual({ from: "2026-03-09", to: "2026-03-15" });
  });

  it("monthly is the previous calendar month, across years and leap days", () => {
    expect(periodBefore("monthly", new Date("2026-03-01T09:00:00Z"), "Europe/Moscow")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(periodBefore("monthly", new Date("2028-03-05T09:00:00Z"), "UTC")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(periodBefore("monthly", new Date("2027-01-03T09:00:00Z"), "UTC")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    // 31 December 23:30 UTC is 1 January in Tokyo: the month before is December.
    expect(periodBefore("monthly", new Date("2026-12-31T23:30:00Z"), "Asia/Tokyo")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });
});

describe("report due times", () => {
  it("a weekly report is due on its weekday at its hour in the brand's zone", () => {
    const s = weekly(1, 9);
    // Monday 16 March, 09:00 Moscow = 06:00 UTC.
    expect(iso(latestDue(s, new Date("2026-03-16T06:00:00Z"), "Europe/Moscow"))).toBe("2026-03-16T06:00:00.000Z");
    // A minute before: last week's.
    expect(iso(latestDue(s, new Date("2026-03-16T05:59:00Z"), "Europe/Moscow"))).toBe("2026-03-09T06:00:00.000Z");
    expect(iso(nextDue(s, new Date("2026-03-16T05:59:00Z"), "Europe/Moscow"))).toBe("2026-03-16T06:00:00.000Z");
    expect(iso(nextDue(s, new Date("2026-03-16T06:00:00Z"), "Europe/Moscow"))).toBe("2026-03-23T06:00:00.000Z");
    // Sunday 23:00 is late in the week: due then, not a week early.
    expect(iso(latestDue(weekly(7, 23), new Date("2026-03-20T00:00:00Z"), "UTC"))).toBe("2026-03-15T23:00:00.000Z");
  });

  it("a monthly report is due on its day at its hour", () => {
    const s = monthly(3, 8);
    expect(iso(latestDue(s, new Date("2026-03-10T00:00:00Z"), "UTC"))).toBe("2026-03-03T08:00:00.000Z");
    expect(iso(latestDue(s, new Date("2026-03-02T00:00:00Z"), "UTC"))).toBe("2026-02-03T08:00:00.000Z");
    expect(iso(nextDue(monthly(28, 23), new Date("2026-12-29T00:00:00Z"), "UTC"))).toBe("2027-01-28T23:00:00.000Z");
  });

  it("keeps the wall-clock hour across daylight saving changes", () => {
    // Berlin: CET (+1) until 29 March 2026 01:00 UTC, then CEST (+2).
    const s = weekly(1, 9);
    expect(iso(latestDue(s, new Date("2026-03-24T00:00:00Z"), "Europe/Berlin"))).toBe("2026-03-23T08:00:00.000Z");
    expect(iso(latestDue(s, new Date("2026-04-01T00:00:00Z"), "Europe/Berlin"))).toBe("2026-03-30T07:00:00.000Z");
    // And back on 25 October 2026.
    expect(iso(latestDue(s, new Date("2026-10-27T00:00:00Z"), "Europe/Berlin"))).toBe("2026-10-26T08:00:00.000Z");
    // The period of the week with the change is still Monday–Sunday of local days.
    expect(periodBefore("weekly", new Date("2026-03-30T07:00:00Z"), "Europe/Berlin")).toEqual({ from: "2026-03-23", to: "2026-03-29" });
  });

  it("sends an hour that does not exist after the gap, and a repeated hour once", () => {
    // Sunday 29 March 2026, 02:00 Berlin does not exist: sent at 03:00 CEST = 01:00 UTC.
    expect(iso(latestDue(weekly(7, 2), new Date("2026-03-29T12:00:00Z"), "Europe/Berlin"))).toBe("2026-03-29T01:00:00.000Z");
    // Sunday 25 October 2026, 02:00 Berlin happens twice: the first one (CEST, 00:00 UTC).
    const first = latestDue(weekly(7, 2), new Date("2026-10-25T12:00:00Z"), "Europe/Berlin");
    expect(iso(first)).toBe("2026-10-25T00:00:00.000Z");
    // An hour later (the second 02:00) the due instant is the same one: not sent again.
    expect(iso(latestDue(weekly(7, 2), new Date("2026-10-25T01:30:00Z"), "Europe/Berlin"))).toBe(iso(first));
  });
});
