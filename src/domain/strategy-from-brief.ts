/**
 * The first draft of a strategy from a client's brief (src/domain/brief.ts): the goal type from
 * the brief's goals, one audience segment with the networks asked for, the period, a monthly
 * budget over it, the tone of voice, and KPIs wherever the client's success indicators state a
 * number ("+5 000 живых подписчиков к 1 марта", "ER by reach at least 4%"). An indicator Chorus
 * cannot read as a number with a deadline is kept in the client's words (`kpiIdeas`) for a person
 * to turn into a KPI — never guessed.
 */
import { DateTime } from "luxon";
import type { BriefAnswers, BriefGoal } from "./brief.js";
import { type Comparison, type GoalType, guessRubricKind, type Kpi, type KpiMetric, type MixItem, metricInfo, type Strategy } from "./strategy.js";

export type DraftOptions = {
  /** Today (YYYY-MM-DD): a date without a year is the next such date from the period's start, else from today. */
  today: string;
  /** The language of the words the draft adds (segment name, budget lines, notes). */
  locale: "en" | "ru";
  /** The brand's rubrics (brand settings): the mix starts with equal shares of them. */
  rubrics: readonly string[];
};

const words = {
  en: { segment: "Main audience", work: "SMM work", ads: "Advertising", fromBrief: "From the brief", deadlineFromPeriod: "deadline: the end of the brief's period", product: "Product", competitors: "Competitors", restrictions: "Never", notes: "Notes", website: "Website" },
  ru: { segment: "Основная аудитория", work: "Работа SMM", ads: "Реклама", fromBrief: "Из брифа", deadlineFromPeriod: "срок — конец периода из брифа", product: "Продукт", competitors: "Конкуренты", restrictions: "Нельзя", notes: "Примечания", website: "Сайт" },
} as const;

/** personal brand > website traffic > sales and leads (a company) > the rest (a brand). */
export function goalTypeOf(goals: readonly BriefGoal[]): GoalType {
  if (goals.includes("personal_brand")) return "personal_brand";
  if (goals.includes("website_traffic")) return "website_traffic";
  if (goals.includes("sales") || goals.includes("leads")) return "company";
  return "brand";
}

export function strategyFromBrief(b: BriefAnswers, opts: DraftOptions): Strategy {
  const w = words[opts.locale];
  // A date without a year belongs to the brief's period; without a period, to the year ahead.
  const reference = b.periodStart ?? opts.today;
  const kpis: Kpi[] = [];
  const kpiIdeas: string[] = [];
  for (const phrase of indicatorPhrases(b.successIndicators)) {
    const kpi = parseIndicator(phrase, { reference, periodEnd: b.periodEnd, locale: opts.locale });
    if (kpi) kpis.push(kpi);
    else kpiIdeas.push(phrase.slice(0, 1000));
  }
  const notes = [
    `${w.product}: ${b.product}`,
    b.website ? `${w.website}: ${b.website}` : "",
    b.competitors.length ? `${w.competitors}: ${b.competitors.join(", ")}` : "",
    b.restrictions ? `${w.restrictions}: ${b.restrictions}` : "",
    b.notes ? `${w.notes}: ${b.notes}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const networks = [...new Set(b.networks.map((n) => n.trim()).filter(Boolean))];
  return {
    goalType: goalTypeOf(b.goals),
    goal: b.goalsDetails.slice(0, 2000),
    startsOn: b.periodStart,
    endsOn: b.periodEnd,
    kpis: kpis.slice(0, 30),
    kpiIdeas: kpiIdeas.slice(0, 30),
    segments: [
      {
        name: w.segment,
        description: b.audience.slice(0, 2000),
        ageFrom: null,
        ageTo: null,
        geography: b.geography.slice(0, 500),
        interests: [],
        pains: [],
        channels: networks.slice(0, 20).map((network) => ({ network: network.slice(0, 60), reason: "" })),
      },
    ],
    contentMix: equalMix(opts.rubrics),
    // One post a day per network: the field's guidance is 1–2 a day, never more than 3.
    frequency: networks.slice(0, 30).map((network) => ({ network: network.slice(0, 60), channelId: null, postsPerWeek: 7 })),
    toneOfVoice: b.toneOfVoice.slice(0, 4000),
    budget: budgetOf(b, opts.today, w),
    notes: notes.slice(0, 4000),
  };
}

/** Equal shares of the rubrics in tenths of a percent, the remainder on the first ones, so they add up to exactly 100. */
export function equalMix(rubrics: readonly string[]): MixItem[] {
  const unique = [...new Map(rubrics.map((r) => [r.trim().toLocaleLowerCase(), r.trim()])).values()].filter(Boolean).slice(0, 30);
  if (unique.length === 0) return [];
  const tenths = Math.floor(1000 / unique.length);
  let rest = 1000 - tenths * unique.length;
  return unique.map((rubric) => {
    const extra = rest > 0 ? 1 : 0;
    rest -= extra;
    return { rubric: rubric.slice(0, 60), kind: guessRubricKind(rubric), share: (tenths + extra) / 10 };
  });
}

/** The monthly budgets for each month of the period (at most 24), or the month the period starts in (today's when none). */
function budgetOf(b: BriefAnswers, today: string, w: (typeof words)[keyof typeof words]): Strategy["budget"] {
  const lines: { line: string; amount: number }[] = [];
  if (b.budgetMonthly) lines.push({ line: w.work, amount: b.budgetMonthly });
  if (b.adBudgetMonthly) lines.push({ line: w.ads, amount: b.adBudgetMonthly });
  if (lines.length === 0) return [];
  const first = DateTime.fromISO(b.periodStart ?? today).startOf("month");
  const last = b.periodEnd ? DateTime.fromISO(b.periodEnd).startOf("month") : first;
  const months: string[] = [];
  for (let m = first; m <= last && months.length < 24; m = m.plus({ months: 1 })) months.push(m.toFormat("yyyy-MM"));
  return months.flatMap((month) => lines.map((l) => ({ month, line: l.line, amount: l.amount, currency: b.currency })));
}

/** The indicators one by one: lines, list items, semicolons and sentences. */
export function indicatorPhrases(text: string): string[] {
  return text
    .split(/\r?\n|;|•|·|(?<=\p{L}[.!?])\s+(?=[A-ZА-ЯЁ+«"])/u)
    .map((p) => p.replace(/^[\s\-–—*\d]+[.)]\s+/u, "").replace(/^[\s\-–—*]+/u, "").trim())
    .filter((p) => p.length > 0);
}

// --- One indicator -------------------------------------------------------------------------------

const monthsEn = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const monthsRu = ["янв", "фев", "мар", "апр", "ма[йя]", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];
const monthPattern = `(${[...monthsEn.map((m) => `${m}[a-z]*\\.?`), ...monthsRu.map((m) => `${m}[а-яё]*\\.?`)].join("|")})`;

function monthOf(word: string): number {
  const w = word.toLowerCase();
  const en = monthsEn.findIndex((m) => w.startsWith(m));
  if (en >= 0) return en + 1;
  return monthsRu.findIndex((m) => new RegExp(`^${m}`, "u").test(w)) + 1;
}

type Found = { day: string; start: number; end: number };

/** A date in the phrase: ISO, 01.03(.2026), "1 March (2026)", "March 1(, 2026)", "1 марта (2026)". */
export function findDate(phrase: string, reference: string): Found | null {
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(phrase);
  if (iso) return at(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso);
  const dotted = /\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\b/.exec(phrase);
  if (dotted) return at(yearOf(dotted[3]), Number(dotted[2]), Number(dotted[1]), dotted);
  const dayMonth = new RegExp(`(?<![\\d.,])(\\d{1,2})\\s+${monthPattern}(?:\\s+(\\d{4}))?`, "iu").exec(phrase);
  if (dayMonth) return at(yearOf(dayMonth[3]), monthOf(dayMonth[2] ?? ""), Number(dayMonth[1]), dayMonth);
  const monthDay = new RegExp(`${monthPattern}\\s+(\\d{1,2})(?!\\d)(?:,?\\s+(\\d{4}))?`, "iu").exec(phrase);
  if (monthDay) return at(yearOf(monthDay[3]), monthOf(monthDay[1] ?? ""), Number(monthDay[2]), monthDay);
  return null;

  function yearOf(y: string | undefined): number | null {
    if (!y) return null;
    return y.length === 2 ? 2000 + Number(y) : Number(y);
  }
  function at(year: number | null, month: number, day: number, m: RegExpExecArray): Found | null {
    if (month < 1) return null;
    const ref = DateTime.fromISO(reference);
    let d = DateTime.fromObject({ year: year ?? ref.year, month, day });
    if (!d.isValid) return null;
    // Without a year, the next such date from the reference day.
    if (year === null && d < ref) d = d.plus({ years: 1 });
    return { day: d.toISODate() as string, start: m.index, end: m.index + m[0].length };
  }
}

const numberRe = /([+＋]?)\s*(\d{1,3}(?:[  ,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?)\s*(тыс\.?|тысяч[а-я]*|k\b|к\b|thousand)?\s*(%)?/iu;

/** The first number of the phrase: "+5 000" → 5000 (gain), "5k" → 5000, "4%" → 4 (percent). */
export function findNumber(phrase: string): { value: number; plus: boolean; percent: boolean } | null {
  const m = numberRe.exec(phrase);
  if (!m) return null;
  const digits = m[2] ?? "";
  const grouped = /^\d{1,3}(?:[  ,]\d{3})+$/u.test(digits);
  let value = grouped ? Number(digits.replace(/[  ,]/gu, "")) : Number(digits.replace(",", "."));
  if (m[3]) value *= 1000;
  if (!Number.isFinite(value)) return null;
  return { value, plus: m[1] !== "", percent: m[4] === "%" };
}

type Rule = { metric: KpiMetric; test: RegExp };

/** First match wins: the specific before the general. */
const rules: Rule[] = [
  { metric: "er_reach", test: /\ber\b.*(охват|reach)|(охват|reach).*\ber\b/iu },
  { metric: "er_followers", test: /\ber\b.*(подпис|follower|subscri|member|участник)|вовлеч[а-яё]*.*подпис/iu },
  { metric: "er_reach", test: /\ber\b|вовлеч|engagement rate/iu },
  { metric: "response_minutes_median", test: /(ответ|response|reply|реагир|реакци)/iu },
  { metric: "conversions_per_day", test: /(лид|заяв|lead|conversion|конверси|продаж|sale|заказ|order|purchase|покуп)/iu },
  { metric: "link_clicks_per_day", test: /(клик|переход|click|visit|визит|трафик|traffic)/iu },
  { metric: "posts_per_week", test: /(пост|публикац|\bposts?\b)/iu },
  { metric: "live_followers_gained", test: /(жив|live|real|реальн|non-bot|без бот).*(подпис|follower|subscri|member|участник|фолловер)/iu },
  { metric: "followers_gained", test: /(подпис|follower|subscri|member|участник|фолловер)/iu },
];

const gainWords = /(\+|прирост|рост|gain|grow|new\b|новых|привлеч|набра|добав)/iu;
const atMostWords = /(не более|не больше|at most|no more|under|below|менее|меньше|≤|<=|\bmax|максимум)/iu;
const perWeek = /(в неделю|неделю|a week|per week|weekly|\/\s*week|\/\s*нед)/iu;
const perMonth = /(в месяц|a month|per month|monthly|\/\s*month|\/\s*мес)/iu;
const perDay = /(в день|a day|per day|daily|ежеднев|\/\s*day|\/\s*день|в сутки)/iu;
const hours = /(час|hour|\bh\b|\bч\b)/iu;

/** One indicator as a KPI; null when it has no number, no recognisable measure, or no deadline. */
export function parseIndicator(phrase: string, ctx: { reference: string; periodEnd: string | null; locale: "en" | "ru" }): Kpi | null {
  const date = findDate(phrase, ctx.reference);
  const rest = date ? `${phrase.slice(0, date.start)} ${phrase.slice(date.end)}` : phrase;
  const n = findNumber(rest);
  if (!n) return null;
  const rule = rules.find((r) => r.test.test(phrase));
  if (!rule) return null;
  let metric = rule.metric;
  let target = n.value;
  // "5 000 live subscribers" without "+" or "growth" is a total; with them, a gain.
  if (metric === "followers_gained" || metric === "live_followers_gained") {
    const gain = n.plus || gainWords.test(rest);
    if (!gain) metric = metric === "followers_gained" ? "followers" : "live_followers";
  }
  if (metric === "posts_per_week" && perDay.test(phrase)) target *= 7;
  if (metric === "posts_per_week" && perMonth.test(phrase)) target = (target * 12) / 52;
  if ((metric === "conversions_per_day" || metric === "link_clicks_per_day") && !perDay.test(phrase)) {
    if (perWeek.test(phrase)) target /= 7;
    else if (perMonth.test(phrase)) target /= 30;
  }
  if (metric === "response_minutes_median" && hours.test(rest)) target *= 60;
  const deadline = date?.day ?? ctx.periodEnd;
  if (!deadline) return null;
  const w = words[ctx.locale];
  const comparison: Comparison = atMostWords.test(phrase) ? "lte" : metricInfo[metric].comparison;
  return {
    metric,
    label: "",
    target: Math.round(target * 100) / 100,
    comparison,
    deadline,
    channelId: null,
    note: `${w.fromBrief}: «${phrase.slice(0, 1500)}»${date ? "" : ` (${w.deadlineFromPeriod})`}`,
  };
}
