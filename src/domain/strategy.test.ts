import { describe, expect, it } from "vitest";
import { comparisonOf, guessRubricKind, infoToEntertainment, normalised, plannedKinds, strategySchema, strategyWarnings } from "./strategy.js";

const kpi = { metric: "followers_gained", target: 5000, deadline: "2026-03-01" };
const paths = (input: unknown) => {
  const r = strategySchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("strategySchema", () => {
  it("accepts a minimal strategy and fills the defaults", () => {
    const s = strategySchema.parse({ goalType: "brand" });
    expect(s).toMatchObject({ kpis: [], segments: [], contentMix: [], budget: [], startsOn: null, toneOfVoice: "" });
  });
  it("refuses a KPI without a number or a deadline, saying which", () => {
    expect(paths({ goalType: "brand", kpis: [{ metric: "followers_gained", deadline: "2026-03-01" }] })).toEqual(["kpis.0.target: Give the KPI a target number"]);
    expect(paths({ goalType: "brand", kpis: [{ metric: "followers_gained", target: 10 }] })).toEqual(["kpis.0.deadline: Give the KPI a deadline (YYYY-MM-DD)"]);
    expect(paths({ goalType: "brand", kpis: [{ ...kpi, target: "many" }] })).toEqual(["kpis.0.target: The target must be a number"]);
    expect(paths({ goalType: "brand", kpis: [{ ...kpi, deadline: "1 March" }] })).toEqual(["kpis.0.deadline: Use a date as YYYY-MM-DD"]);
  });
  it("refuses an unknown metric and a custom KPI without a name", () => {
    expect(paths({ goalType: "brand", kpis: [{ ...kpi, metric: "vibes" }] })[0]).toMatch(/^kpis\.0\.metric: Choose what the KPI measures/);
    expect(paths({ goalType: "brand", kpis: [{ ...kpi, metric: "custom" }] })).toEqual(["kpis.0.label: Name the custom KPI"]);
  });
  it("wants the content mix to add up to 100 %, with a tenth of a percent of slack", () => {
    const mix = (shares: number[]) => ({ goalType: "brand", contentMix: shares.map((share, i) => ({ rubric: `R${i}`, kind: "informative", share })) });
    expect(paths(mix([40, 30, 20]))).toEqual(["contentMix: The content mix's shares add up to 90 %; they must add up to 100 %"]);
    expect(paths(mix([33.3, 33.3, 33.3]))).toEqual([]);
    expect(paths(mix([50, 50.2]))).toHaveLength(1);
    expect(paths(mix([]))).toEqual([]);
  });
  it("refuses the same rubric twice and an end before the start", () => {
    expect(paths({ goalType: "brand", contentMix: [{ rubric: "Акции", kind: "selling", share: 50 }, { rubric: "акции", kind: "selling", share: 50 }] })).toEqual(['contentMix.1.rubric: The rubric "акции" is in the mix twice']);
    expect(paths({ goalType: "brand", startsOn: "2026-03-01", endsOn: "2026-02-01" })).toEqual(["endsOn: The strategy must end after it starts"]);
  });
  it("checks budget lines", () => {
    expect(paths({ goalType: "brand", budget: [{ month: "2026-13", line: "Ads", amount: -1, currency: "rub" }] })).toHaveLength(3);
  });
});

describe("normalised", () => {
  it("gives KPIs ids and directions, keeping the given ones", () => {
    const s = strategySchema.parse({ goalType: "brand", kpis: [{ ...kpi, id: "0190a8a0-0000-7000-8000-000000000001" }, { metric: "response_minutes_median", target: 30, deadline: "2026-03-01" }] });
    const n = normalised(s, () => "new-id");
    expect(n.kpis.map((k) => [k.id, k.comparison])).toEqual([
      ["0190a8a0-0000-7000-8000-000000000001", "gte"],
      ["new-id", "lte"],
    ]);
    expect(comparisonOf({ metric: "er_reach", comparison: "lte" })).toBe("lte");
  });
});

describe("content mix and warnings", () => {
  it("sums the plan by kind and gives informative : entertaining", () => {
    const kinds = plannedKinds([
      { rubric: "News", kind: "informative", share: 30 },
      { rubric: "Guides", kind: "informative", share: 10 },
      { rubric: "Memes", kind: "entertaining", share: 20 },
      { rubric: "Sale", kind: "selling", share: 40 },
    ]);
    expect(kinds).toEqual({ selling: 40, informative: 40, educational: 0, entertaining: 20 });
    expect(infoToEntertainment(kinds)).toBe(2);
    expect(infoToEntertainment({ ...kinds, entertaining: 0 })).toBeNull();
  });
  it("warns of too many posts and a one-sided mix", () => {
    const s = strategySchema.parse({
      goalType: "brand",
      frequency: [
        { network: "vk", postsPerWeek: 28 },
        { network: "telegram", postsPerWeek: 15 },
        { network: "ok", postsPerWeek: 7 },
      ],
      contentMix: [{ rubric: "Sale", kind: "selling", share: 100 }],
    });
    expect(strategyWarnings(s).map((w) => `${w.code} ${w.path}`)).toEqual(["too_many_posts frequency.0.postsPerWeek", "many_posts frequency.1.postsPerWeek", "one_content_type contentMix"]);
  });
  it("guesses the kind of the default rubrics in every language", () => {
    expect(["Продающий", "Информационный", "Обучающий", "Развлекательный"].map(guessRubricKind)).toEqual(["selling", "informative", "educational", "entertaining"]);
    expect(["Продаючий", "Інформаційний", "Навчальний", "Розважальний"].map(guessRubricKind)).toEqual(["selling", "informative", "educational", "entertaining"]);
    expect(["Sell", "Inform", "Teach", "Entertain"].map(guessRubricKind)).toEqual(["selling", "informative", "educational", "entertaining"]);
  });
});
