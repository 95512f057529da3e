/**
 * What a report is made of: its sections (in print order, each with its options), its period and
 * schedule, its recipients and its white-label branding. One zod schema serves the API (field
 * errors people can act on) and the stored JSON (read back through the same schema).
 */
import { z } from "zod";

/** Every section a report can have, in the order the builder offers them. */
export const sectionKinds = ["summary", "growth", "content", "bestPosts", "responseTimes", "listening", "competitors", "campaigns"] as const;
export type SectionKind = (typeof sectionKinds)[number];

const count = z.number().int("Must be a whole number").min(0, "Must be 0 or more").max(1e12);
const fraction = z.number().min(0, "Must be 0 or more").max(10, "A rate is a fraction: 0.05 is 5%");

/** Targets for the period, compared with the actual figures in the summary (rates are fractions). */
export const goalsSchema = z.strictObject({
  posts: count.optional(),
  interactions: count.optional(),
  reach: count.optional(),
  growth: z.number().int("Must be a whole number").min(-1e12).max(1e12).optional(),
  linkClicks: count.optional(),
  erReach: fraction.optional(),
  erFollowers: fraction.optional(),
});
export type Goals = z.infer<typeof goalsSchema>;

export const sectionSchema = z.strictObject({
  kind: z.enum(sectionKinds),
  options: z
    .strictObject({
      goals: goalsSchema.optional().describe("Summary: the period's targets"),
      limit: z.number().int().min(1).max(20).optional().describe("Best posts: how many (default 5)"),
    })
    .default({}),
});
export type SectionSpec = z.infer<typeof sectionSchema>;

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Must be a colour as #rrggbb, e.g. #1f6feb");

const brandingFields = {
  agencyName: z.string().trim().max(120).nullable(),
  /** An image of the workspace's media library. */
  logoMediaId: z.uuid({ message: "Must be a media id (UUID)" }).nullable(),
  primaryColor: hexColor,
  accentColor: hexColor,
};
export const defaultBranding = { agencyName: null, logoMediaId: null, primaryColor: "#1f3a5f", accentColor: "#e07a2e" };
export const brandingSchema = z.strictObject({
  agencyName: brandingFields.agencyName.default(null),
  logoMediaId: brandingFields.logoMediaId.default(null),
  primaryColor: brandingFields.primaryColor.default(defaultBranding.primaryColor),
  accentColor: brandingFields.accentColor.default(defaultBranding.accentColor),
});
const brandingPatchSchema = z.strictObject({
  agencyName: brandingFields.agencyName.optional(),
  logoMediaId: brandingFields.logoMediaId.optional(),
  primaryColor: brandingFields.primaryColor.optional(),
  accentColor: brandingFields.accentColor.optional(),
});
export type Branding = z.infer<typeof brandingSchema>;

export const reportLanguages = ["en", "ru"] as const;
export type ReportLanguage = (typeof reportLanguages)[number];

const definitionFields = {
  name: z.string().trim().min(1, "Give the report a name").max(120),
  language: z.enum(reportLanguages),
  sections: z
    .array(sectionSchema)
    .min(1, "Choose at least one section")
    .max(sectionKinds.length)
    .refine((s) => new Set(s.map((x) => x.kind)).size === s.length, "Each section may appear once"),
  periodKind: z.enum(["weekly", "monthly"]),
  weekday: z.number().int().min(1, "Must be 1 (Monday) … 7 (Sunday)").max(7, "Must be 1 (Monday) … 7 (Sunday)").nullable(),
  monthDay: z.number().int().min(1, "Must be a day 1 … 28").max(28, "Must be a day 1 … 28 (every month has it)").nullable(),
  hour: z.number().int("Must be a whole hour").min(0, "Must be an hour 0 … 23").max(23, "Must be an hour 0 … 23"),
  recipients: z.array(z.email({ message: "Must be an e-mail address" })).max(50, "At most 50 recipients"),
  branding: brandingSchema,
  enabled: z.boolean(),
};

type ScheduleFields = { periodKind?: "weekly" | "monthly" | undefined; weekday?: number | null | undefined; monthDay?: number | null | undefined };

/** A weekly report needs its weekday, a monthly one its day of the month. */
function checkSchedule(v: ScheduleFields, ctx: z.RefinementCtx) {
  if (v.periodKind === "weekly" && (v.weekday === null || v.weekday === undefined)) ctx.addIssue({ code: "custom", path: ["weekday"], message: "A weekly report needs its weekday (1 = Monday … 7 = Sunday)" });
  if (v.periodKind === "monthly" && (v.monthDay === null || v.monthDay === undefined)) ctx.addIssue({ code: "custom", path: ["monthDay"], message: "A monthly report needs its day of the month (1 … 28)" });
}

export const reportInputSchema = z
  .strictObject({
    brandId: z.uuid({ message: "Must be an id (UUID)" }),
    ...definitionFields,
    language: definitionFields.language.default("en"),
    weekday: definitionFields.weekday.default(null),
    monthDay: definitionFields.monthDay.default(null),
    hour: definitionFields.hour.default(9),
    recipients: definitionFields.recipients.default([]),
    branding: brandingSchema.default(defaultBranding),
    enabled: z.boolean().default(true),
  })
  .superRefine(checkSchedule);
export type ReportInput = z.infer<typeof reportInputSchema>;

/** A change: any of the fields (the brand stays). The schedule is checked against the stored one in the service. */
export const reportPatchSchema = z.strictObject({
  name: definitionFields.name.optional(),
  language: definitionFields.language.optional(),
  sections: definitionFields.sections.optional(),
  periodKind: definitionFields.periodKind.optional(),
  weekday: definitionFields.weekday.optional(),
  monthDay: definitionFields.monthDay.optional(),
  hour: definitionFields.hour.optional(),
  recipients: definitionFields.recipients.optional(),
  branding: brandingPatchSchema.optional(),
  enabled: z.boolean().optional(),
});
export type ReportPatch = z.infer<typeof reportPatchSchema>;

export const scheduleSchema = z.object({ periodKind: definitionFields.periodKind, weekday: definitionFields.weekday, monthDay: definitionFields.monthDay }).superRefine(checkSchedule);

/** Stored sections, read back leniently: an unknown kind (from a newer version) is dropped. */
export function parseSections(stored: string): SectionSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s) => {
    const parsed = sectionSchema.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
}
