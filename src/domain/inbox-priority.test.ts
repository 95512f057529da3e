import { describe, expect, it } from "vitest";
import { bandSize, dueAt, isOverdue, queuePosition, rankIsOverdue, type WorkingHours, workingHoursSchema } from "./inbox-priority.js";

const weekdays: WorkingHours = { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" };
const iso = (d: Date) => d.toISOString();

describe("dueAt", () => {
  it("adds the SLA to the item's time when the brand has no working hours", () => {
    expect(iso(dueAt(new Date("2026-03-06T17:50:00Z"), 60, "Europe/Moscow", null))).toBe("2026-03-06T18:50:00.000Z");
  });

  it("counts only working minutes, carrying the rest to the next working day", () => {
    // Friday 17:50 Moscow (UTC+3): 10 minutes on Friday, 50 on Monday from 09:00.
    expect(iso(dueAt(new Date("2026-03-06T14:50:00Z"), 60, "Europe/Moscow", weekdays))).toBe("2026-03-09T06:50:00.000Z");
  });

  it("starts the clock at opening time for an item that arrived at night", () => {
    expect(iso(dueAt(new Date("2026-03-10T01:00:00Z"), 30, "Europe/Moscow", weekdays))).toBe("2026-03-10T06:30:00.000Z");
  });

  it("is due exactly at closing time when the SLA fits the day to the minute", () => {
    expect(iso(dueAt(new Date("2026-03-10T14:00:00Z"), 60, "Europe/Moscow", weekdays))).toBe("2026-03-10T15:00:00.000Z");
  });

  it("keeps working hours on the wall clock across a change of clocks", () => {
    // Berlin moves to summer time on Sunday 29 March 2026: 09:00 is 08:00Z before and 07:00Z after.
    const berlin: WorkingHours = { days: [1, 2, 3, 4, 5, 6, 7], start: "09:00", end: "10:00" };
    expect(iso(dueAt(new Date("2026-03-28T08:30:00Z"), 60, "Europe/Berlin", berlin))).toBe("2026-03-29T07:30:00.000Z");
  });

  it("spans several days for an SLA longer than a working day", () => {
    // Monday 09:00 Moscow + 20 working hours = Monday 9 h + Tuesday 9 h + Wednesday 2 h → Wednesday 11:00.
    expect(iso(dueAt(new Date("2026-03-09T06:00:00Z"), 20 * 60, "Europe/Moscow", weekdays))).toBe("2026-03-11T08:00:00.000Z");
  });

  it("refuses working hours that end before they start or have no days", () => {
    expect(workingHoursSchema.safeParse({ days: [1], start: "18:00", end: "09:00" }).success).toBe(false);
    expect(workingHoursSchema.safeParse({ days: [], start: "09:00", end: "18:00" }).success).toBe(false);
    expect(workingHoursSchema.safeParse({ days: [1], start: "9:00", end: "18:00" }).success).toBe(false);
  });
});

describe("queue position", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const base = { status: "new" as const, firstResponseAt: null, sentiment: "negative", authorFollowers: 5000, dueAt: "2026-03-10T11:00:00.000Z" };

  it("puts overdue negative items above overdue ones, and those above the rest, larger audiences first within a band", () => {
    const overdueNegative = queuePosition(base, now).rank;
    const overdueNeutral = queuePosition({ ...base, sentiment: "neutral", authorFollowers: 9_000_000 }, now).rank;
    const notDue = queuePosition({ ...base, dueAt: "2026-03-10T13:00:00.000Z", authorFollowers: 50_000_000 }, now).rank;
    const smallerOverdueNegative = queuePosition({ ...base, authorFollowers: 10 }, now).rank;
    expect(overdueNegative).toBeGreaterThan(smallerOverdueNegative);
    expect(smallerOverdueNegative).toBeGreaterThan(overdueNeutral);
    expect(overdueNeutral).toBeGreaterThan(notDue);
    expect(rankIsOverdue(overdueNeutral)).toBe(true);
    expect(rankIsOverdue(notDue)).toBe(false);
  });

  it("is overdue from the due moment on, and not once answered, waiting or resolved", () => {
    expect(isOverdue({ ...base, dueAt: now.toISOString() }, now)).toBe(true);
    expect(isOverdue({ ...base, dueAt: new Date(now.getTime() + 1).toISOString() }, now)).toBe(false);
    expect(isOverdue({ ...base, firstResponseAt: "2026-03-10T11:30:00.000Z" }, now)).toBe(false);
    expect(isOverdue({ ...base, status: "waiting" }, now)).toBe(false);
    expect(isOverdue({ ...base, status: "resolved" }, now)).toBe(false);
    expect(isOverdue({ ...base, status: "open" }, now)).toBe(true);
  });

  it("remembers when a waiting item turns overdue, and nothing for the others", () => {
    expect(queuePosition({ ...base, dueAt: "2026-03-10T13:00:00.000Z" }, now).slaPendingAt).toBe("2026-03-10T13:00:00.000Z");
    expect(queuePosition(base, now).slaPendingAt).toBeNull();
    expect(queuePosition({ ...base, dueAt: "2026-03-10T13:00:00.000Z", status: "resolved" }, now).slaPendingAt).toBeNull();
  });

  it("caps huge or unknown audiences inside the band", () => {
    expect(queuePosition({ ...base, authorFollowers: 5 * bandSize }, now).rank).toBe(3 * bandSize - 1);
    expect(queuePosition({ ...base, authorFollowers: null, dueAt: null }, now).rank).toBe(0);
  });
});
