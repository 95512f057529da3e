import { describe, expect, it } from "vitest";
import { nextOccurrence, parseRecurrence, upcomingOccurrences } from "./recurrence.js";

describe("parseRecurrence", () => {
  it("accepts DAILY, WEEKLY and MONTHLY rules with an end", () => {
    expect(parseRecurrence("FREQ=WEEKLY;BYDAY=MO;COUNT=8")).toEqual({ ok: true, rule: "FREQ=WEEKLY;BYDAY=MO;COUNT=8" });
    expect(parseRecurrence("RRULE:FREQ=DAILY;UNTIL=20261231T000000Z")).toMatchObject({ ok: true });
    expect(parseRecurrence("freq=monthly;count=3")).toMatchObject({ ok: true, rule: "FREQ=MONTHLY;COUNT=3" });
  });

  it("refuses a series without an end, other frequencies, DTSTART and garbage", () => {
    expect(parseRecurrence("FREQ=WEEKLY")).toMatchObject({ ok: false, message: expect.stringMatching(/COUNT=n or UNTIL/) });
    expect(parseRecurrence("FREQ=HOURLY;COUNT=5")).toMatchObject({ ok: false, message: expect.stringMatching(/DAILY, WEEKLY or MONTHLY/) });
    expect(parseRecurrence("FREQ=YEARLY;COUNT=5")).toMatchObject({ ok: false });
    expect(parseRecurrence("DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY;COUNT=2")).toMatchObject({ ok: false });
    expect(parseRecurrence("hello")).toMatchObject({ ok: false });
    expect(parseRecurrence("FREQ=DAILY;COUNT=100000")).toMatchObject({ ok: false });
    expect(parseRecurrence("")).toMatchObject({ ok: false });
  });
});

describe("nextOccurrence", () => {
  it("keeps the brand's wall time across DST (weekly, Europe/Berlin)", () => {
    const start = new Date("2026-03-23T08:30:00Z"); // Monday 09:30 CET
    const next = nextOccurrence("FREQ=WEEKLY;COUNT=4", "Europe/Berlin", start, start);
    expect(next?.toISOString()).toBe("2026-03-30T07:30:00.000Z"); // Monday 09:30 CEST
  });

  it("ends after COUNT occurrences", () => {
    const start = new Date("2026-06-01T06:00:00Z");
    const all = upcomingOccurrences("FREQ=DAILY;COUNT=3", "Europe/Moscow", start, 10);
    expect(all.map((d) => d.toISOString())).toEqual(["2026-06-01T06:00:00.000Z", "2026-06-02T06:00:00.000Z", "2026-06-03T06:00:00.000Z"]);
    expect(nextOccurrence("FREQ=DAILY;COUNT=3", "Europe/Moscow", start, all[2] as Date)).toBeNull();
  });

  it("finds the next occurrence from a moved occurrence, and monthly dates in New York", () => {
    const start = new Date("2026-01-15T14:00:00Z"); // 09:00 EST
    const next = nextOccurrence("FREQ=MONTHLY;COUNT=6", "America/New_York", start, new Date("2026-03-15T13:00:00Z"));
    expect(next?.toISOString()).toBe("2026-04-15T13:00:00.000Z"); // 09:00 EDT
  });

  it("moves an occurrence that falls in a DST gap to the next valid minute", () => {
    const start = new Date("2026-03-28T01:30:00Z"); // Saturday 02:30 CET
    expect(nextOccurrence("FREQ=DAILY;COUNT=3", "Europe/Berlin", start, start)?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });
});
