import { describe, expect, it } from "vitest";
import { expandSlots, groupSlots, nextFreeSlot, wallTimeExists, wallTimeToInstant } from "./slots.js";

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("posting slots", () => {
  it("expands and groups Mon–Fri 09:30, 18:00", () => {
    const slots = expandSlots([{ days: [1, 2, 3, 4, 5], time: "09:30" }, { days: [1, 2, 3, 4, 5], time: "18:00" }, { days: [1], time: "09:30" }]);
    expect(slots).toHaveLength(10);
    expect(groupSlots(slots)).toEqual([
      { days: [1, 2, 3, 4, 5], time: "09:30" },
      { days: [1, 2, 3, 4, 5], time: "18:00" },
    ]);
  });

  it("Europe/Moscow (no DST): the next weekday slot at +03:00 all year", () => {
    const slots = expandSlots([{ days: [1, 2, 3, 4, 5], time: "09:30" }]);
    // Friday 2026-03-27 10:00 Moscow → next is Monday 2026-03-30 09:30 +03:00 (Europe switches that weekend, Moscow does not).
    const after = new Date("2026-03-27T07:00:00Z");
    expect(iso(nextFreeSlot({ zone: "Europe/Moscow", slots, after, taken: [] }))).toBe("2026-03-30T06:30:00.000Z");
    const summer = new Date("2026-07-01T00:00:00Z");
    expect(iso(nextFreeSlot({ zone: "Europe/Moscow", slots, after: summer, taken: [] }))).toBe("2026-07-01T06:30:00.000Z");
  });

  it("skips a taken minute and takes the next slot", () => {
    const slots = expandSlots([{ days: [1, 2, 3, 4, 5, 6, 7], time: "09:30" }, { days: [1, 2, 3, 4, 5, 6, 7], time: "18:00" }]);
    const after = new Date("2026-07-01T00:00:00Z");
    const taken = [Date.parse("2026-07-01T06:30:40Z")];
    expect(iso(nextFreeSlot({ zone: "Europe/Moscow", slots, after, taken }))).toBe("2026-07-01T15:00:00.000Z");
  });

  it("Europe/Berlin spring forward: 02:30 does not exist and moves to 03:00 CEST", () => {
    expect(wallTimeExists({ year: 2026, month: 3, day: 29 }, "02:30", "Europe/Berlin")).toBe(false);
    expect(wallTimeExists({ year: 2026, month: 3, day: 28 }, "02:30", "Europe/Berlin")).toBe(true);
    const slots = [{ weekday: 7, time: "02:30" }];
    const next = nextFreeSlot({ zone: "Europe/Berlin", slots, after: new Date("2026-03-28T12:00:00Z"), taken: [] });
    expect(iso(next)).toBe("2026-03-29T01:00:00.000Z"); // 03:00 CEST
    // The week after, 02:30 exists again: 02:30 CEST.
    expect(iso(nextFreeSlot({ zone: "Europe/Berlin", slots, after: next as Date, taken: [] }))).toBe("2026-04-05T00:30:00.000Z");
  });

  it("Europe/Berlin fall back: 02:30 happens twice and is used once, at the first", () => {
    const at = wallTimeToInstant({ year: 2026, month: 10, day: 25 }, "02:30", "Europe/Berlin");
    expect(at.toUTC().toISO()).toBe("2026-10-25T00:30:00.000Z"); // 02:30 CEST, not 02:30 CET
    const slots = [{ weekday: 7, time: "02:30" }];
    const first = nextFreeSlot({ zone: "Europe/Berlin", slots, after: new Date("2026-10-24T12:00:00Z"), taken: [] });
    expect(iso(first)).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(nextFreeSlot({ zone: "Europe/Berlin", slots, after: first as Date, taken: [] }))).toBe("2026-11-01T01:30:00.000Z");
  });

  it("keeps the wall time across the change: 09:00 Berlin is 07:00Z in summer, 08:00Z in winter", () => {
    const slots = [{ weekday: 1, time: "09:00" }];
    expect(iso(nextFreeSlot({ zone: "Europe/Berlin", slots, after: new Date("2026-10-20T00:00:00Z"), taken: [] }))).toBe("2026-10-26T08:00:00.000Z");
    expect(iso(nextFreeSlot({ zone: "Europe/Berlin", slots, after: new Date("2026-03-24T00:00:00Z"), taken: [] }))).toBe("2026-03-30T07:00:00.000Z");
  });

  it("America/New_York: spring forward on 2026-03-08 moves 02:15 to 03:00 EDT; slots keep local time", () => {
    const slots = [{ weekday: 7, time: "02:15" }, { weekday: 1, time: "18:00" }];
    expect(iso(nextFreeSlot({ zone: "America/New_York", slots, after: new Date("2026-03-07T12:00:00Z"), taken: [] }))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(nextFreeSlot({ zone: "America/New_York", slots, after: new Date("2026-03-08T08:00:00Z"), taken: [] }))).toBe("2026-03-09T22:00:00.000Z");
    expect(iso(nextFreeSlot({ zone: "America/New_York", slots, after: new Date("2026-03-01T00:00:00Z"), taken: [] }))).toBe("2026-03-01T07:15:00.000Z");
  });

  it("answers null without slots, or when every slot in the horizon is taken", () => {
    expect(nextFreeSlot({ zone: "UTC", slots: [], after: new Date(), taken: [] })).toBeNull();
    const slots = [{ weekday: 1, time: "10:00" }];
    const after = new Date("2026-06-01T12:00:00Z");
    const taken = [Date.parse("2026-06-08T10:00:00Z"), Date.parse("2026-06-15T10:00:00Z")];
    expect(nextFreeSlot({ zone: "UTC", slots, after, taken, horizonDays: 14 })).toBeNull();
  });
});
