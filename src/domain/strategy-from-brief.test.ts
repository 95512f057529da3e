import { describe, expect, it } from "vitest";
import { type BriefAnswers, briefAnswersSchema } from "./brief.js";
import { strategySchema } from "./strategy.js";
import { equalMix, findDate, findNumber, goalTypeOf, indicatorPhrases, parseIndicator, strategyFromBrief } from "./strategy-from-brief.js";

const ctx = { reference: "2026-01-10", periodEnd: null, locale: "ru" as const };

function brief(over: Partial<BriefAnswers> = {}): BriefAnswers {
  return briefAnswersSchema.parse({
    contactName: "Ирина",
    company: "Северный Кофе",
    product: "Кофейни и обжарка зерна",
    networks: ["vk", "telegram"],
    geography: "Санкт-Петербург",
    audience: "Горожане 25–40 лет, любят кофе",
    goals: ["brand_awareness", "sales"],
    budgetMonthly: 80000,
    adBudgetMonthly: 30000,
    currency: "RUB",
    periodStart: "2026-01-15",
    periodEnd: "2026-03-31",
    successIndicators: "+5 000 живых подписчиков к 1 марта\n20 заявок в день\nER по охвату не ниже 4%\nЛояльность аудитории",
    toneOfVoice: "Дружелюбно, на «вы»",
    ...over,
  });
}

describe("indicators as KPIs", () => {
  it("reads a live-subscriber gain with a Russian date", () => {
    expect(parseIndicator("+5 000 живых подписчиков к 1 марта", ctx)).toMatchObject({ metric: "live_followers_gained", target: 5000, comparison: "gte", deadline: "2026-03-01" });
  });
  it("reads the English forms", () => {
    expect(parseIndicator("+5,000 live subscribers by 1 March", ctx)).toMatchObject({ metric: "live_followers_gained", target: 5000, deadline: "2026-03-01" });
    expect(parseIndicator("ER by reach ≥ 4% by March 31, 2026", ctx)).toMatchObject({ metric: "er_reach", target: 4, deadline: "2026-03-31" });
    expect(parseIndicator("Reply to comments within 2 hours by 2026-02-01", ctx)).toMatchObject({ metric: "response_minutes_median", target: 120, comparison: "lte" });
    expect(parseIndicator("10,000 followers by 01.06.2026", ctx)).toMatchObject({ metric: "followers", target: 10000, deadline: "2026-06-01" });
  });
  it("takes the brief's period end when the indicator names no date, and says so", () => {
    const kpi = parseIndicator("20 заявок в день", { ...ctx, periodEnd: "2026-03-31" });
    expect(kpi).toMatchObject({ metric: "conversions_per_day", target: 20, deadline: "2026-03-31" });
    expect(kpi?.note).toContain("конец периода");
  });
  it("converts per week and per month to per day", () => {
    expect(parseIndicator("140 переходов на сайт в неделю к 1 марта", ctx)).toMatchObject({ metric: "link_clicks_per_day", target: 20 });
    expect(parseIndicator("3 поста в день к 1 марта", ctx)).toMatchObject({ metric: "posts_per_week", target: 21 });
  });
  it("leaves what has no number, no measure or no deadline", () => {
    expect(parseIndicator("Лояльность аудитории", ctx)).toBeNull();
    expect(parseIndicator("20 заявок в день", ctx)).toBeNull();
    expect(parseIndicator("Узнаваемость бренда к 1 марта", ctx)).toBeNull();
  });
  it("does not take the date's day for the target", () => {
    expect(parseIndicator("ER 5% к 15 марта", ctx)).toMatchObject({ target: 5, deadline: "2026-03-15" });
  });
  it("a date without a year is the next one from the reference", () => {
    expect(findDate("к 1 января", "2026-01-10")?.day).toBe("2027-01-01");
    expect(findDate("by 10 Jan", "2026-01-10")?.day).toBe("2026-01-10");
    expect(findDate("к 31 февраля", "2026-01-10")).toBeNull();
  });
  it("reads grouped thousands, k and тыс", () => {
    expect(findNumber("+5 000")).toEqual({ value: 5000, plus: true, percent: false });
    expect(findNumber("12,5 тыс")?.value).toBe(12500);
    expect(findNumber("5k")?.value).toBe(5000);
    expect(findNumber("3.5%")).toEqual({ value: 3.5, plus: false, percent: true });
  });
  it("splits the indicators into phrases", () => {
    expect(indicatorPhrases("1. Охват 10 000\n- ER 4%; клики 50 в день • лиды")).toEqual(["Охват 10 000", "ER 4%", "клики 50 в день", "лиды"]);
  });
});

describe("strategyFromBrief", () => {
  it("makes a valid draft: goal, segment with the networks, budget by month, KPIs and the rest as ideas", () => {
    const s = strategyFromBrief(brief(), { today: "2026-01-10", locale: "ru", rubrics: ["Продающий", "Информационный", "Обучающий", "Развлекательный"] });
    expect(strategySchema.safeParse(s).success).toBe(true);
    expect(s.goalType).toBe("company");
    expect(s.segments[0]?.channels.map((c) => c.network)).toEqual(["vk", "telegram"]);
    expect(s.segments[0]?.geography).toBe("Санкт-Петербург");
    expect(s.kpis.map((k) => k.metric)).toEqual(["live_followers_gained", "conversions_per_day", "er_reach"]);
    expect(s.kpis[2]).toMatchObject({ target: 4, deadline: "2026-03-31" });
    expect(s.kpiIdeas).toEqual(["Лояльность аудитории"]);
    expect(s.budget.map((b) => `${b.month} ${b.line} ${b.amount}`)).toEqual([
      "2026-01 Работа SMM 80000",
      "2026-01 Реклама 30000",
      "2026-02 Работа SMM 80000",
      "2026-02 Реклама 30000",
      "2026-03 Работа SMM 80000",
      "2026-03 Реклама 30000",
    ]);
    expect(s.contentMix.map((m) => m.kind)).toEqual(["selling", "informative", "educational", "entertaining"]);
    expect(s.frequency).toEqual([
      { network: "vk", channelId: null, postsPerWeek: 7 },
      { network: "telegram", channelId: null, postsPerWeek: 7 },
    ]);
  });
  it("without a period, budgets one month and leaves dateless indicators as ideas", () => {
    const s = strategyFromBrief(brief({ periodStart: null, periodEnd: null, successIndicators: "20 leads a day" }), { today: "2026-01-10", locale: "en", rubrics: [] });
    expect(s.budget.map((b) => b.month)).toEqual(["2026-01", "2026-01"]);
    expect(s.kpis).toEqual([]);
    expect(s.kpiIdeas).toEqual(["20 leads a day"]);
    expect(s.contentMix).toEqual([]);
  });
  it("maps the goals to a goal type", () => {
    expect(goalTypeOf(["personal_brand", "sales"])).toBe("personal_brand");
    expect(goalTypeOf(["website_traffic", "leads"])).toBe("website_traffic");
    expect(goalTypeOf(["community"])).toBe("brand");
  });
  it("splits the mix so that it adds up to exactly 100", () => {
    const mix = equalMix(["A", "B", "C"]);
    expect(mix.map((m) => m.share)).toEqual([33.4, 33.3, 33.3]);
    expect(mix.reduce((s, m) => s + m.share, 0)).toBeCloseTo(100, 10);
  });
});
