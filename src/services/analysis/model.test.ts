import { describe, expect, it } from "vitest";
import { featuresOf, type LabelledText, parseModel, predict, trainModel } from "./model.js";

/** Separable by topic words: weather words are "weather", food words are "food". */
const toy: LabelledText[] = [
  ...["sunny", "rain", "snow", "storm", "cloudy", "windy", "fog", "hail"].flatMap((w, i) => [
    { text: `${w} again today`, label: "weather", lang: "en" },
    { text: `so much ${w} this week ${i}`, label: "weather", lang: "en" },
  ]),
  ...["pizza", "pasta", "soup", "salad", "burger", "noodles", "curry", "bread"].flatMap((w, i) => [
    { text: `${w} for lunch`, label: "food", lang: "en" },
    { text: `the ${w} was ready at ${i}`, label: "food", lang: "en" },
  ]),
];

describe("features", () => {
  it("has words, bigrams, boundary character n-grams, emoji and emoticons", () => {
    const f = featuresOf("Кава супер 😍 )))");
    expect(f).toEqual(expect.arrayContaining(["w:кава", "b:кава супер", "c:<ка", "c:ава>", "c:<кава", "c:упер>", "e:😍", "e:)))"]));
    expect(featuresOf("Why?")).toContain("p:?");
  });
});

describe("trainModel and predict", () => {
  const model = trainModel(toy);

  it("learns a separable toy set, labels taken from the data", () => {
    expect(model.labels).toEqual(["food", "weather"]);
    for (const e of toy) expect(predict(model, e.text, "en").label).toBe(e.label);
    // Unseen sentences made of seen words.
    const p = predict(model, "snow and storm", "en");
    expect(p).toMatchObject({ supported: true, label: "weather" });
    if (p.supported) {
      expect(p.score).toBeGreaterThan(0.5);
      expect(p.probs.weather! + p.probs.food!).toBeCloseTo(1, 6);
    }
    expect(predict(model, "burger or curry", "en").label).toBe("food");
  });

  it("is deterministic: the same examples give the same model", () => {
    expect(JSON.stringify(trainModel(toy))).toBe(JSON.stringify(model));
    expect(JSON.stringify(trainModel(toy, { seed: "other" }))).not.toBe(JSON.stringify(model));
  });

  it("reports text in a language it was not trained on as unsupported", () => {
    expect(model.languages).toEqual(["en"]);
    expect(predict(model, "pizza for lunch", "de")).toEqual({ supported: false, label: "unsupported", reason: "language" });
    // No detectable language (emoji, a word or two) is judged on its features.
    expect(predict(model, "pizza", null).label).toBe("food");
    // Nothing it learnt: no evidence either way.
    expect(predict(model, "qqq zzz", "en")).toMatchObject({ supported: false, reason: "no-features" });
  });

  it("records only languages with enough examples, detected when not given", () => {
    const detect = (t: string) => (/[а-я]/.test(t) ? "ru" : "en");
    const mixed = [...toy.map(({ text, label }) => ({ text, label })), { text: "дождь", label: "weather" }];
    expect(trainModel(mixed, { detectLang: detect }).languages).toEqual(["en"]);
    expect(trainModel(mixed, { detectLang: detect, minLanguageExamples: 1 }).languages).toEqual(["en", "ru"]);
    expect(() => trainModel(mixed)).toThrow(/detectLang/);
  });

  it("survives a JSON round trip with the same predictions, and stays small", () => {
    const json = JSON.stringify(model);
    const back = parseModel(json);
    for (const t of ["storm again", "pasta for dinner", "sunny pizza"]) expect(predict(back, t, "en")).toEqual(predict(model, t, "en"));
    expect(json.length).toBeLessThan(20_000);
    expect(() => parseModel('{"labels":[]}')).toThrow(/Not a Chorus text model/);
  });

  it("refuses data it cannot learn from", () => {
    expect(() => trainModel(toy.map((e) => ({ ...e, label: "x" })))).toThrow(/two labels/);
    expect(() => trainModel(toy.map((e, i) => ({ ...e, label: i % 2 ? "unsupported" : "a" })))).toThrow(/reserved/);
  });
});
