import { describe, expect, it } from "vitest";
import { evaluate, formatEvaluation } from "./evaluate.js";

describe("evaluate", () => {
  // true:      a a a b b c
  // predicted: a a b b c c
  const e = evaluate(["a", "a", "a", "b", "b", "c"], ["a", "a", "b", "b", "c", "c"], ["a", "b", "c"]);

  it("computes the confusion matrix (rows true, columns predicted)", () => {
    expect(e.labels).toEqual(["a", "b", "c"]);
    expect(e.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it("computes accuracy, per-class figures and macro-F1 as by hand", () => {
    expect(e.n).toBe(6);
    expect(e.accuracy).toBeCloseTo(4 / 6, 10);
    // a: P 2/2, R 2/3, F1 0.8; b: P 1/2, R 1/2, F1 0.5; c: P 1/2, R 1/1, F1 2/3.
    expect(e.perClass.a).toEqual({ precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 10), support: 3 });
    expect(e.perClass.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(e.perClass.c!.f1).toBeCloseTo(2 / 3, 10);
    expect(e.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
  });

  it("counts a class never predicted as precision 0 and keeps labels met outside the given order", () => {
    const r = evaluate(["x", "y", "z"], ["x", "x", "w"], ["z", "y", "x"]);
    expect(r.labels).toEqual(["z", "y", "x", "w"]);
    expect(r.perClass.y).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.perClass.w).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.perClass.x).toMatchObject({ precision: 0.5, recall: 1 });
    expect(r.macroF1).toBeCloseTo(2 / 3 / 4, 10);
  });

  it("handles no data and refuses mismatched lengths", () => {
    expect(evaluate([], [], ["a"])).toMatchObject({ n: 0, accuracy: 0, macroF1: 0 });
    expect(() => evaluate(["a"], [])).toThrow(/1 true labels but 0 predictions/);
  });

  it("formats a table for the terminal", () => {
    const text = formatEvaluation(e, "Baseline");
    expect(text).toContain("Baseline: 6 texts, accuracy 66.7 %, macro-F1 65.6 %");
    expect(text).toMatch(/^\s+a\s+100\.0 %\s+66\.7 %\s+80\.0 %\s+3$/m);
    expect(text).toMatch(/^\s+true \\ predicted\s+a\s+b\s+c$/m);
    expect(text).toMatch(/^\s+b\s+0\s+1\s+1$/m);
  });
});
