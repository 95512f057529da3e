import { describe, expect, it } from "vitest";
import { backoffMs, defaultBackoff, retryDelayMs } from "./backoff.js";

describe("backoffMs", () => {
  const opts = { baseMs: 100, capMs: 1_000 };

  it("doubles the ceiling with each attempt up to the cap", () => {
    const top = () => 0.999999;
    expect(backoffMs(1, opts, top)).toBe(99);
    expect(backoffMs(2, opts, top)).toBe(199);
    expect(backoffMs(3, opts, top)).toBe(399);
    expect(backoffMs(4, opts, top)).toBe(799);
    expect(backoffMs(5, opts, top)).toBe(999);
    expect(backoffMs(500, opts, top)).toBe(999);
  });

  it("is fully jittered between zero and the ceiling", () => {
    expect(backoffMs(3, opts, () => 0)).toBe(0);
    expect(backoffMs(3, opts, () => 0.5)).toBe(200);
    const samples = Array.from({ length: 200 }, () => backoffMs(3, opts));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(400);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });

  it("defaults to a 5 s base and a 30 min cap", () => {
    expect(defaultBackoff).toEqual({ baseMs: 5_000, capMs: 1_800_000 });
    expect(backoffMs(1, undefined, () => 0.999999)).toBe(4_999);
    expect(backoffMs(40, undefined, () => 0.999999)).toBe(1_799_998);
  });
});

describe("retryDelayMs", () => {
  const opts = { baseMs: 100, capMs: 1_000 };

  it("never retries earlier than an error's retryAfter (seconds)", () => {
    expect(retryDelayMs(1, Object.assign(new Error("slow down"), { retryAfter: 30 }), opts, () => 0.5)).toBe(30_000);
  });

  it("keeps the backoff when it is longer or when retryAfter is missing or invalid", () => {
    expect(retryDelayMs(4, Object.assign(new Error("x"), { retryAfter: 0.1 }), opts, () => 0.5)).toBe(400);
    expect(retryDelayMs(4, new Error("x"), opts, () => 0.5)).toBe(400);
    expect(retryDelayMs(4, Object.assign(new Error("x"), { retryAfter: "30" }), opts, () => 0.5)).toBe(400);
    expect(retryDelayMs(4, "not an error", opts, () => 0.5)).toBe(400);
  });
});
