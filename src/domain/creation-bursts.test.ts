import { describe, expect, it } from "vitest";
import { findBursts, poissonTail } from "./creation-bursts.js";

const at = new Date("2026-06-01T12:00:00.000Z");
const daysAgo = (d: number) => new Date(at.getTime() - d * 86_400_000).toISOString();

describe("creation bursts", () => {
  const spread = (n: number, days: number, offset = 0) => Array.from({ length: n }, (_, i) => daysAgo(offset + ((i + 0.5) * days) / n));

  it("finds a batch created within a day among accounts spread over years, and marks its members", () => {
    const batch = Array.from({ length: 30 }, (_, i) => new Date(Date.parse(daysAgo(120)) + i * 40 * 60_000).toISOString());
    const times = [...spread(200, 1800), ...batch];
    const { bursts, members } = findBursts(times);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]!.expected).toBeLessThan(2);
    // The batch, and the odd account of the even spread that happened to be made the same week.
    for (let i = 200; i < 230; i++) expect(members.has(i)).toBe(true);
    expect(members.size).toBeLessThanOrEqual(32);
    expect(bursts[0]!.members).toBe(members.size);
  });

  it("does not take an even spread, or a network's steady growth, for a burst", () => {
    expect(findBursts(spread(500, 2000)).bursts).toEqual([]);
    // Density growing with time (quadratic), as a growing network's sign-ups do.
    const growing = Array.from({ length: 600 }, (_, i) => daysAgo(2000 * (1 - Math.sqrt((i + 0.5) / 600))));
    expect(findBursts(growing).bursts).toEqual([]);
  });

  it("needs a sample of 20 and skips unknown times", () => {
    const batch = Array.from({ length: 12 }, () => daysAgo(5));
    expect(findBursts(batch).bursts).toEqual([]);
    const withUnknown = [...spread(200, 1800), ...Array.from({ length: 20 }, () => daysAgo(301)), "", "not a date"];
    const { members } = findBursts(withUnknown);
    for (let i = 200; i < 220; i++) expect(members.has(i)).toBe(true);
    expect(members.has(220)).toBe(false);
    expect(members.has(221)).toBe(false);
  });

  it("gives Poisson tails", () => {
    expect(poissonTail(0, 2)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(poissonTail(3, 0)).toBe(0);
  });
});
