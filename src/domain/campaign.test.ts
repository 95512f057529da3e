import { describe, expect, it } from "vitest";
import { campaignSlug, centsOf, nameProblems, parseMoney, periodProblems } from "./campaign.js";

describe("campaign rules", () => {
  it("refuses a period that ends before it starts, and accepts a one-day one", () => {
    expect(periodProblems("2026-03-10", "2026-03-01")).toEqual([{ path: "endDay", message: expect.stringContaining("before it starts") }]);
    expect(periodProblems("2026-03-10", "2026-03-10")).toEqual([]);
    expect(periodProblems("2026-02-30", "2026-03-10").map((p) => p.path)).toEqual(["startDay"]);
    expect(periodProblems("2026-01-01", "2028-12-31").map((p) => p.path)).toEqual(["endDay"]);
  });

  it("slugs the name as the posts' links do, and wants a letter or a digit in it", () => {
    expect(campaignSlug("Весенний раф 2026!")).toBe("vesenniy-raf-2026");
    expect(nameProblems("!!!")).toHaveLength(1);
    expect(nameProblems("  ")).toHaveLength(1);
    expect(nameProblems("Spring")).toEqual([]);
  });

  it("reads amounts as people write them", () => {
    expect(parseMoney("1 234,50")).toEqual({ cents: 123450 });
    expect(parseMoney("1,234.5")).toEqual({ cents: 123450 });
    expect(parseMoney("1.234")).toEqual({ cents: 123400 });
    expect(parseMoney("₽1200")).toEqual({ cents: 120000 });
    expect(parseMoney("1200 руб.")).toEqual({ cents: 120000 });
    expect(parseMoney("0,99")).toEqual({ cents: 99 });
    expect(parseMoney("-5")).toHaveProperty("error");
    expect(parseMoney("abc")).toHaveProperty("error");
    expect(parseMoney("")).toHaveProperty("error");
  });

  it("takes JSON amounts with at most two decimals", () => {
    expect(centsOf(4990)).toBe(499000);
    expect(centsOf(0.1 + 0.2)).toBe(30);
    expect(centsOf(19.99)).toBe(1999);
    expect(centsOf(1.234)).toBeNull();
    expect(centsOf(-1)).toBeNull();
    expect(centsOf(Number.NaN)).toBeNull();
  });
});
