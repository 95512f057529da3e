/**
 * A brand's publishing settings: its rubrics (the content plan's categories), the approval steps a
 * post goes through, and what happens to a post whose time passed while Chorus was down.
 */
import { z } from "zod";
import { workingHoursSchema } from "./inbox-priority.js";
import { roles } from "./roles.js";

export const approvalStepSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  roles: z.array(z.enum(roles)).min(1, "Name at least one role that may approve this step"),
});

export const brandSettingsSchema = z.strictObject({
  rubrics: z.array(z.string().trim().min(1).max(60)).max(30),
  /** In order; empty means posts need no approval. */
  approvalSteps: z.array(approvalStepSchema).max(5),
  /** A pending approval expires after this many hours (null: never). */
  approvalDeadlineHours: z.number().int().min(1).max(24 * 60).nullable(),
  /** A post found more than lateThresholdMinutes past its time: publish it late (flagged), or hold it for a person. */
  missedPostPolicy: z.enum(["publish_late", "hold"]),
  lateThresholdMinutes: z.number().int().min(1).max(24 * 60),
  /** Replace links by Chorus short links (/l/<code>) that count clicks; links are UTM-tagged either way. */
  shortenLinks: z.boolean().default(false),
  /** The inbox's response target: an unanswered comment older than this is overdue (sorted first). */
  responseSlaMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
  /** When the SLA clock runs, in the brand's time zone; null: around the clock. */
  workingHours: workingHoursSchema.nullable().default(null),
});

export type BrandSettings = z.infer<typeof brandSettingsSchema>;
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

// The classic four-part content mix (DOMAIN.md): selling, informing, teaching, entertaining.
const rubricsByLocale: Record<string, string[]> = {
  ru: ["Продающий", "Информационный", "Обучающий", "Развлекательный"],
  uk: ["Продаючий", "Інформаційний", "Навчальний", "Розважальний"],
  en: ["Sell", "Inform", "Teach", "Entertain"],
};

export function defaultBrandSettings(locale: string): BrandSettings {
  return {
    rubrics: rubricsByLocale[locale] ?? rubricsByLocale.en ?? [],
    approvalSteps: [{ name: locale === "ru" ? "Менеджер" : "Manager", roles: ["owner", "manager"] }],
    approvalDeadlineHours: null,
    missedPostPolicy: "publish_late",
    lateThresholdMinutes: 15,
    shortenLinks: false,
    responseSlaMinutes: 60,
    workingHours: null,
  };
}

/** Reads stored settings, filling what an older row lacks from the defaults. */
export function parseBrandSettings(stored: string, locale: string): BrandSettings {
  const defaults = defaultBrandSettings(locale);
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return defaults;
  }
  const merged = { ...defaults, ...(typeof raw === "object" && raw !== null ? raw : {}) };
  const parsed = brandSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : defaults;
}
