import { describe, expect, it } from "vitest";
import { offsetChanges } from "./local-time.js";

describe("offsetChanges", () => {
  it("finds the minute of each DST change in a year, with the offset after it", () => {
    const changes = offsetChanges("Europe/Berlin", new Date("2026-01-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z"));
    expect(changes.map((c) => ({ at: c.at.toISOString(), offset: c.offset }))).toEqual([
      { at: "2026-03-29T01:00:00.000Z", offset: 120 },
      { at: "2026-10-25T01:00:00.000Z", offset: 60 },
    ]);
  });

  it("finds none in a zone without DST, and none in a period between changes", () => {
    expect(offsetChanges("Europe/Moscow", new Date("2026-01-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z"))).toEqual([]);
    expect(offsetChanges("Europe/Berlin", new Date("2026-04-01T00:00:00Z"), new Date("2026-10-01T00:00:00Z"))).toEqual([]);
  });

  it("finds a change in the southern hemisphere and at a half-hour zone", () => {
    const sydney = offsetChanges("Australia/Sydney", new Date("2026-01-01T00:00:00Z"), new Date("2026-12-31T00:00:00Z"));
    expect(sydney.map((c) => c.offset)).toEqual([600, 660]);
    const lordHowe = offsetChanges("Australia/Lord_Howe", new Date("2026-01-01T00:00:00Z"), new Date("2026-12-31T00:00:00Z"));
    expect(lordHowe.map((c) => c.offset)).toEqual([630, 660]);
  });
});
