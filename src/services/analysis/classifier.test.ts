import { describe, expect, it } from "vitest";
import { createClassifier } from "./classifier.js";
import type { TextAnalysis } from "./index.js";
import { trainModel } from "./model.js";

/** Language by script; the baseline always says neutral, so every model answer is visible. */
const analyzer = {
  analyze: (text: string): TextAnalysis => ({
    lang: /[а-яё]/i.test(text) ? "ru" : /[a-z]{3}/i.test(text) ? "en" : null,
    sentiment: "neutral",
    score: 0,
    confidence: 0.6,
  }),
};

const model = trainModel(
  ["great", "superb", "lovely", "awesome", "awful", "rude", "broken", "slow", "when", "where", "which", "how"].flatMap((w, i) =>
    ["app", "card", "shop"].map((thing) => ({ text: `${w} ${thing}`, label: i < 4 ? "positive" : i < 8 ? "negative" : "neutral", lang: "en" })),
  ),
  { minLanguageExamples: 1 },
);

describe("createClassifier", () => {
  it("answers with the baseline when there is no model", () => {
    const c = createClassifier(analyzer, null);
    expect(c.model).toBeNull();
    expect(c.analyze("awful app")).toEqual({ lang: "en", sentiment: "neutral", score: 0, confidence: 0.6, source: "baseline" });
  });

  it("answers with the model for the languages it supports, mapped onto the baseline's shape", () => {
    const c = createClassifier(analyzer, model);
    const r = c.analyze("awful card");
    expect(r).toMatchObject({ lang: "en", sentiment: "negative", source: "model" });
    expect(r.score).toBeLessThan(0);
    expect(r.score).toBeGreaterThanOrEqual(-1);
    expect(r.confidence).toBeGreaterThan(0.4);
    expect(c.analyze("lovely shop")).toMatchObject({ sentiment: "positive", source: "model" });
    expect(c.analyzeMany(["awful card", "lovely shop"]).map((x) => x.sentiment)).toEqual(["negative", "positive"]);
  });

  it("falls back to the baseline for other languages and for text the model has no evidence on", () => {
    const c = createClassifier(analyzer, model);
    expect(c.analyze("ужасное приложение")).toMatchObject({ lang: "ru", source: "baseline" });
    expect(c.analyze("zzzz qqqq")).toMatchObject({ source: "baseline" });
  });

  it("refuses a model that is not about sentiment", () => {
    const relevance = trainModel(
      ["a b", "c d", "e f", "g h"].map((text, i) => ({ text, label: i % 2 ? "relevant" : "irrelevant", lang: "en" })),
      { minCount: 1 },
    );
    expect(() => createClassifier(analyzer, relevance)).toThrow(/Not a sentiment model/);
  });
});
