import { describe, expect, it } from "vitest";
import type { TextAnalysis } from "./index.js";
import type { LabelledText } from "./model.js";
import { type BaselineAnalyzer, isHeldOut, latestPerText, minHeldOut, textKey, trainAndEvaluate } from "./training.js";

/** A baseline that knows only English and always answers `answer` (or the truth, when given one). */
function fakeBaseline(answer: (text: string) => TextAnalysis["sentiment"]): BaselineAnalyzer {
  return { analyze: (text) => ({ lang: "en", sentiment: answer(text), score: 0, confidence: 0.5 }) };
}

const words = { positive: ["great", "lovely", "superb"], negative: ["awful", "broken", "rude"], neutral: ["when", "where", "which"] } as const;
const things = ["card", "app", "parcel", "router", "shop", "game", "bill", "train", "clinic", "driver", "plan", "branch"];

/** Distinct texts whose label is given by a word of its class. */
function corpus(perLabel: number): LabelledText[] {
  return Object.entries(words).flatMap(([label, ws]) =>
    Array.from({ length: perLabel }, (_, i) => ({ text: `${ws[i % ws.length]} ${things[i % things.length]} ${things[(i * 5 + 3) % things.length]} ${i}`, label })),
  );
}

describe("held-out slice", () => {
  it("depends on the normalized text only, so a text stays on its side", () => {
    expect(textKey("  Hello,\n WORLD  ")).toBe("hello, world");
    for (const t of ["Good bank", "Ёлка горит", "Ще не вмерла"]) {
      expect(isHeldOut(t)).toBe(isHeldOut(`  ${t.toUpperCase()} `));
    }
    expect(isHeldOut("Ёлка горит")).toBe(isHeldOut("елка горит"));
  });

  it("holds out about a fifth of texts", () => {
    const held = Array.from({ length: 10_000 }, (_, i) => `comment number ${i}`).filter(isHeldOut).length;
    expect(held).toBeGreaterThan(1_700);
    expect(held).toBeLessThan(2_300);
  });

  it("keeps the latest label of a text, in the order of the latest", () => {
    const out = latestPerText([
      { text: "Slow app", label: "neutral" },
      { text: "Nice", label: "positive" },
      { text: "slow  APP", label: "negative" },
      { text: "   ", label: "neutral" },
    ]);
    expect(out).toEqual([
      { text: "Nice", label: "positive" },
      { text: "slow  APP", label: "negative" },
    ]);
  });
});

describe("trainAndEvaluate", () => {
  const data = corpus(60);

  it("activates a model that beats the baseline on the held-out slice", () => {
    const o = trainAndEvaluate(data, fakeBaseline(() => "neutral"));
    expect(o.metrics.heldOut).toBeGreaterThanOrEqual(minHeldOut);
    expect(o.metrics.heldOut + o.metrics.trained).toBe(data.length);
    expect(o.metrics.languages).toEqual(["en"]);
    expect(o.metrics.model.macroF1).toBeGreaterThan(0.9);
    expect(o.metrics.baseline.macroF1).toBeLessThan(0.2);
    expect(o.active).toBe(true);
    // Trained only on the other side: no held-out text is among the training examples.
    expect(o.model.examples).toBe(o.metrics.trained);
  });

  it("does not activate a model that does not beat the baseline", () => {
    const truth = new Map(data.map((e) => [e.text, e.label as TextAnalysis["sentiment"]]));
    const o = trainAndEvaluate(data, fakeBaseline((t) => truth.get(t) ?? "neutral"));
    expect(o.metrics.baseline.macroF1).toBe(1);
    expect(o.active).toBe(false);
  });

  it("does not activate on a held-out slice too small to judge", () => {
    const o = trainAndEvaluate(corpus(20), fakeBaseline(() => "neutral"));
    expect(o.metrics.heldOut).toBeLessThan(minHeldOut);
    expect(o.active).toBe(false);
  });

  it("explains what is missing instead of training on too little", () => {
    const few = data.filter((e) => e.label !== "positive").concat(data.filter((e) => e.label === "positive").slice(0, 3));
    expect(() => trainAndEvaluate(few, fakeBaseline(() => "neutral"))).toThrow(/at least 5 examples of each label.*positive [0-3]\b/);
    expect(() => trainAndEvaluate([...data, { text: "meh", label: "mixed" }], fakeBaseline(() => "neutral"))).toThrow(/Unknown sentiment label: mixed/);
  });

  it("gives the same model for the same examples", () => {
    const a = trainAndEvaluate(data, fakeBaseline(() => "neutral"));
    const b = trainAndEvaluate(data.map((e) => ({ ...e })), fakeBaseline(() => "neutral"));
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(a.model));
  });
});
