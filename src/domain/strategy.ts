/**
 * A brand's strategy (DOMAIN.md, "Strategy"): the goal, KPIs with numbers and deadlines, the
 * audience's segments with the channels that reach each and why, the content mix by rubric, how
 * often each channel posts, the tone of voice and the budget by month and line.
 *
 * One schema serves the API and the stored row, so a stored strategy can only ever hold what the
 * editor accepts: a KPI without a number or a deadline, or a content mix whose shares do not add
 * up to 100 %, is refused field by field and nothing is saved.
 */
import { z } from "zod";

export const goalTypes = ["company", "brand", "website_traffic", "personal_brand"] as const;
export type GoalType = (typeof goalTypes)[number];

/**
 * What Chorus can measure for a KPI. `*_gained` count from the contract's baseline (or the
 * strategy's start); `live_*` are followers × the live share of the latest audience audit.
 */
export const kpiMetrics = [
  "followers",
  "followers_gained",
  "live_followers",
  "live_followers_gained",
  "er_reach",
  "er_followers",
  "posts_per_week",
  "link_clicks_per_day",
  "response_minutes_median",
  "conversions_per_day",
  "custom",
] as const;
export type KpiMetric = (typeof kpiMetrics)[number];

export type KpiUnit = "count" | "percent" | "per_week" | "per_day" | "minutes" | "custom";
export type Comparison = "gte" | "lte";

/**
 * Each metric's unit, the usual direction, and whether Chorus measures it yet. Percent targets
 * are written as percentages (4 means 4 %), as people say them.
 */
export const metricInfo: Record<KpiMetric, { unit: KpiUnit; comparison: Comparison; tracked: boolean }> = {
  followers: { unit: "count", comparison: "gte", tracked: true },
  followers_gained: { unit: "count", comparison: "gte", tracked: true },
  live_followers: { unit: "count", comparison: "gte", tracked: true },
  live_followers_gained: { unit: "count", comparison: "gte", tracked: true },
  er_reach: { unit: "percent", comparison: "gte", tracked: true },
  er_followers: { unit: "percent", comparison: "gte", tracked: true },
  posts_per_week: { unit: "per_week", comparison: "gte", tracked: true },
  link_clicks_per_day: { unit: "per_day", comparison: "gte", tracked: true },
  response_minutes_median: { unit: "minutes", comparison: "lte", tracked: true },
  // Conversions arrive with campaigns; until then the KPI says "not tracked yet", never 0.
  conversions_per_day: { unit: "per_day", comparison: "gte", tracked: false },
  custom: { unit: "custom", comparison: "gte", tracked: true },
};

/** The four kinds of content of the classic mix (the brand's default rubrics are exactly these). */
export const rubricKinds = ["selling", "informative", "educational", "entertaining"] as const;
export type RubricKind = (typeof rubricKinds)[number];

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);
const day = z.iso.date({ message: "Use a date as YYYY-MM-DD" });
const id = z.uuid({ message: "Must be an id (UUID)" });

export const kpiSchema = z
  .strictObject({
    /** Given by the server when absent; manual progress of a custom KPI is kept under it. */
    id: id.optional(),
    metric: z.enum(kpiMetrics, { message: `Choose what the KPI measures: one of ${kpiMetrics.join(", ")}` }),
    /** What a person calls it; required for a custom KPI. */
    label: text(200).default(""),
    target: z
      .number({ error: (issue) => (issue.input === undefined || issue.input === null ? "Give the KPI a target number" : "The target must be a number") })
      .min(0, "The target cannot be negative")
      .max(1e12, "The target is too large"),
    comparison: z.enum(["gte", "lte"], { message: "Use gte (at least) or lte (at most)" }).optional(),
    deadline: z.iso.date({ error: (issue) => (issue.input === undefined || issue.input === null || issue.input === "" ? "Give the KPI a deadline (YYYY-MM-DD)" : "Use a date as YYYY-MM-DD") }),
    /** One channel of the brand; null: the whole brand. */
    channelId: id.nullable().default(null),
    note: text(2000).default(""),
  })
  .refine((k) => k.metric !== "custom" || k.label.length > 0, { message: "Name the custom KPI", path: ["label"] });

export const segmentChannelSchema = z.strictObject({
  /** A network key ("vk", "telegram") or a channel's name: strategy may come before the accounts. */
  network: text(60).min(1, "Name the channel or network"),
  reason: text(1000).default(""),
});

export const segmentSchema = z
  .strictObject({
    name: text(120).min(1, "Name the segment"),
    /** Who they are, in a few sentences (the persona). */
    description: text(2000).default(""),
    ageFrom: z.number().int().min(0).max(120).nullable().default(null),
    ageTo: z.number().int().min(0).max(120).nullable().default(null),
    geography: text(500).default(""),
    interests: z.array(text(200).min(1)).max(30).default([]),
    pains: z.array(text(300).min(1)).max(30).default([]),
    channels: z.array(segmentChannelSchema).max(20).default([]),
  })
  .refine((s) => s.ageFrom === null || s.ageTo === null || s.ageTo >= s.ageFrom, { message: "The age range must end after it starts", path: ["ageTo"] });

export const mixItemSchema = z.strictObject({
  rubric: text(60).min(1, "Name the rubric"),
  kind: z.enum(rubricKinds, { message: `Choose the kind: one of ${rubricKinds.join(", ")}` }),
  /** Percent of the posts, 0–100. */
  share: z.number({ message: "Give the share in percent" }).min(0, "A share cannot be negative").max(100, "A share is at most 100 %"),
});

export const frequencySchema = z.strictObject({
  /** A network key or a channel's name, as in segments. */
  network: text(60).min(1, "Name the channel or network"),
  channelId: id.nullable().default(null),
  postsPerWeek: z.number({ message: "Give the posts per week" }).min(0, "Cannot be negative").max(200, "At most 200 posts a week"),
});

export const budgetLineSchema = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month as YYYY-MM"),
  line: text(120).min(1, "Name the budget line"),
  amount: z.number({ message: "Give the amount" }).min(0, "The amount cannot be negative").max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as RUB, EUR or USD"),
});

/** Shares may be typed with decimals (33.3 × 3): a tenth of a percent either way is still 100 %. */
const shareTolerance = 0.1 + 1e-9;

export const strategySchema = z
  .strictObject({
    goalType: z.enum(goalTypes, { message: `Choose the goal: one of ${goalTypes.join(", ")}` }),
    goal: text(2000).default(""),
    startsOn: day.nullable().default(null),
    endsOn: day.nullable().default(null),
    kpis: z.array(kpiSchema).max(30, "At most 30 KPIs").default([]),
    /** Indicators in words not yet made KPIs (from the brief): shown for a person to turn into KPIs. */
    kpiIdeas: z.array(text(1000).min(1)).max(30).default([]),
    segments: z.array(segmentSchema).max(20, "At most 20 segments").default([]),
    contentMix: z.array(mixItemSchema).max(30).default([]),
    frequency: z.array(frequencySchema).max(30).default([]),
    toneOfVoice: text(4000).default(""),
    budget: z.array(budgetLineSchema).max(600).default([]),
    notes: text(4000).default(""),
  })
  .superRefine((s, ctx) => {
    if (s.startsOn && s.endsOn && s.endsOn < s.startsOn) ctx.addIssue({ code: "custom", message: "The strategy must end after it starts", path: ["endsOn"] });
    if (s.contentMix.length > 0) {
      const total = s.contentMix.reduce((sum, m) => sum + m.share, 0);
      if (Math.abs(total - 100) > shareTolerance) {
        ctx.addIssue({ code: "custom", message: `The content mix's shares add up to ${Math.round(total * 10) / 10} %; they must add up to 100 %`, path: ["contentMix"] });
      }
    }
    const seen = new Set<string>();
    s.contentMix.forEach((m, i) => {
      const key = m.rubric.toLocaleLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", message: `The rubric "${m.rubric}" is in the mix twice`, path: ["contentMix", i, "rubric"] });
      seen.add(key);
    });
    const ids = new Set<string>();
    s.kpis.forEach((k, i) => {
      if (k.id && ids.has(k.id)) ctx.addIssue({ code: "custom", message: "Two KPIs have the same id", path: ["kpis", i, "id"] });
      if (k.id) ids.add(k.id);
    });
  });

export type StrategyInput = z.input<typeof strategySchema>;
export type Strategy = z.output<typeof strategySchema>;
export type Kpi = Strategy["kpis"][number];
export type Segment = Strategy["segments"][number];
export type MixItem = Strategy["contentMix"][number];

/** A KPI's direction: the one given, else the metric's usual one (response time: at most). */
export const comparisonOf = (k: Pick<Kpi, "metric" | "comparison">): Comparison => k.comparison ?? metricInfo[k.metric].comparison;

/**
 * The strategy as stored: every KPI with an id (kept across saves: manual progress hangs on it)
 * and its direction spelled out.
 */
export function normalised(s: Strategy, newId: () => string): Strategy {
  return { ...s, kpis: s.kpis.map((k) => ({ ...k, id: k.id ?? newId(), comparison: comparisonOf(k) })) };
}

/** The plan's share of each kind (percent), from the mix; kinds the mix lacks are 0. */
export function plannedKinds(mix: readonly MixItem[]): Record<RubricKind, number> {
  const out = Object.fromEntries(rubricKinds.map((k) => [k, 0])) as Record<RubricKind, number>;
  for (const m of mix) out[m.kind] += m.share;
  return out;
}

/** informative ÷ entertaining; null when there is no entertaining content to divide by. */
export function infoToEntertainment(kinds: Record<RubricKind, number>): number | null {
  return kinds.entertaining > 0 ? kinds.informative / kinds.entertaining : null;
}

export type StrategyWarning = { code: "too_many_posts" | "many_posts" | "one_content_type" | "no_entertaining" | "no_informative"; path: string; value?: number };

/**
 * The known mistakes (DOMAIN.md) this strategy would make: more than 3 posts a day on a channel
 * (more than 2 is already a lot), a content mix of one kind only, or no informative or no
 * entertaining content. Warnings, not errors: the plan is the team's call.
 */
export function strategyWarnings(s: Strategy): StrategyWarning[] {
  const out: StrategyWarning[] = [];
  s.frequency.forEach((f, i) => {
    if (f.postsPerWeek > 21) out.push({ code: "too_many_posts", path: `frequency.${i}.postsPerWeek`, value: f.postsPerWeek });
    else if (f.postsPerWeek > 14) out.push({ code: "many_posts", path: `frequency.${i}.postsPerWeek`, value: f.postsPerWeek });
  });
  if (s.contentMix.length > 0) {
    const kinds = plannedKinds(s.contentMix);
    const used = rubricKinds.filter((k) => kinds[k] > 0);
    if (used.length === 1) out.push({ code: "one_content_type", path: "contentMix" });
    else {
      if (kinds.informative === 0) out.push({ code: "no_informative", path: "contentMix" });
      if (kinds.entertaining === 0) out.push({ code: "no_entertaining", path: "contentMix" });
    }
  }
  return out;
}

const kindWords: [RegExp, RubricKind][] = [
  [/прода|sell|sale|акци|promo|offer|прод/i, "selling"],
  [/обуч|навч|teach|educat|полезн|how-?to|гайд|guide|tips|совет/i, "educational"],
  [/развл|розваж|entertain|fun|юмор|мем|meme|за кулисами|behind/i, "entertaining"],
  [/инфо|інфо|inform|news|новин|новост/i, "informative"],
];

/** The kind a rubric's name suggests (the default rubrics in ru/uk/en map exactly); informative when nothing matches. */
export function guessRubricKind(rubric: string): RubricKind {
  for (const [re, kind] of kindWords) if (re.test(rubric)) return kind;
  return "informative";
}
