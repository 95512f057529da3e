import { describe, expect, it } from "vitest";
import { percentile } from "./inbox-report.service.js";

describe("percentile", () => {
  it("interpolates between closest ranks and answers null for nothing", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
  });
});
