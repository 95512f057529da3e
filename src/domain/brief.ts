/**
 * The brief: the questionnaire an agency sends a client before any work starts (DOMAIN.md,
 * "Contracts and briefs") — which networks, where, what for, for how much and how long, and which
 * figures will prove the work effective. The client fills it through a link without an account;
 * the answers land in the brand and become the first draft of its strategy.
 *
 * One schema serves the public form, the API and the stored answers, so a stored brief can only
 * ever hold what the form accepts.
 */
import { z } from "zod";

export const briefGoals = ["sales", "leads", "brand_awareness", "website_traffic", "community", "personal_brand", "reputation"] as const;
export type BriefGoal = (typeof briefGoals)[number];

const text = (max: number) => z.string().trim().max(max);
/** A text the client must give: the same message whether it is missing or left empty. */
const needed = (max: number, message: string) => z.string({ error: message }).trim().max(max).min(1, message);
const day = z.iso.date({ message: "Use a date as YYYY-MM-DD" });

const briefAnswersShape = {
  /** Who answers: a name and how to reach them. */
  contactName: needed(120, "Say who is filling in the brief"),
  contactEmail: z.email({ message: "Enter a valid e-mail address" }).max(320).optional(),
  company: needed(200, "Name the company or the brand"),
  /** What the company sells, to whom, and what sets it apart. */
  product: needed(4000, "Describe the product or service in a few words"),
  // Only web addresses: the answer is shown as a link, and a javascript: URL must never be one.
  website: z.url({ protocol: /^https?$/, message: "Enter the site's address with https://" }).max(2048).optional(),
  /** Networks wanted (network keys such as "vk", "telegram", "bluesky", or free words). */
  networks: z.array(text(40).min(1), { error: "Choose at least one network" }).min(1, "Choose at least one network").max(20),
  /** Existing pages, one URL or handle per item. */
  existingPages: z.array(text(500).min(1)).max(30).default([]),
  /** Countries, regions, cities the audience lives in. */
  geography: needed(1000, "Say where the audience lives"),
  audience: text(4000).default(""),
  goals: z.array(z.enum(briefGoals), { error: "Choose at least one goal" }).min(1, "Choose at least one goal").max(briefGoals.length),
  goalsDetails: text(4000).default(""),
  /** Budget per month, in `currency`, for the work and for ads. */
  budgetMonthly: z.number().nonnegative("The budget cannot be negative").max(1e12).nullable().default(null),
  adBudgetMonthly: z.number().nonnegative("The budget cannot be negative").max(1e12).nullable().default(null),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as RUB, EUR or USD")
    .default("RUB"),
  periodStart: day.nullable().default(null),
  periodEnd: day.nullable().default(null),
  /** The figures that will prove the work effective, in the client's words ("+5,000 live subscribers", "20 leads a day"). */
  successIndicators: needed(4000, "Say which figures will show the work is effective"),
  competitors: z.array(text(500).min(1)).max(30).default([]),
  toneOfVoice: text(2000).default(""),
  /** What must never be done or said. */
  restrictions: text(4000).default(""),
  notes: text(4000).default(""),
};

export const briefAnswersSchema = z
  .strictObject(briefAnswersShape)
  .refine((b) => !b.periodStart || !b.periodEnd || b.periodEnd >= b.periodStart, {
    message: "The period must end after it starts",
    path: ["periodEnd"],
  });

export type BriefAnswers = z.infer<typeof briefAnswersSchema>;

/** Currencies the form offers first; any ISO 4217 code is accepted. */
export const briefCurrencies = ["RUB", "USD", "EUR", "KZT", "BYN", "UZS", "AMD", "GEL", "TRY", "AED"] as const;

/**
 * What the agency already knows and fills in before sending the link: any of the answers, each
 * checked as the form checks it. Only the fields given are kept (no defaults are added), so the
 * client sees exactly what the agency wrote.
 */
const prefillShape = Object.fromEntries(
  Object.entries(briefAnswersShape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
) as unknown as { [K in keyof typeof briefAnswersShape]: z.ZodOptional<z.ZodType<BriefAnswers[K]>> };

export const briefPrefillSchema = z
  .strictObject(prefillShape)
  .transform((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<BriefAnswers>);

export type BriefPrefill = Partial<BriefAnswers>;
