/** Request and response shapes of the planning API (templates, hashtags, variables, queue, recurrence, import, calendar feeds). */
import { z } from "zod";
import { variableKeyPattern } from "../../domain/template.js";
import { id } from "../context.js";

const name = z.string().trim().min(1).max(100);

export const templateView = z.object({ id: z.string(), brandId: z.string().nullable(), name: z.string(), text: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const templateBody = z.strictObject({ brandId: id.nullable().optional(), name, text: z.string().max(100_000) });
export const templatePatch = templateBody.partial();
export const renderBody = z.strictObject({ brandId: id, link: z.url({ protocol: /^https?$/, message: "Use an http(s) address" }).max(2000).optional() });
export const renderView = z.object({ text: z.string(), problems: z.array(z.object({ variable: z.string(), message: z.string() })) });

const tag = z
  .string()
  .trim()
  .regex(/^#?[\p{L}\p{N}_]{1,100}$/u, "A hashtag is letters, digits and _ (no spaces), with or without #");
export const hashtagGroupView = z.object({ id: z.string(), brandId: z.string().nullable(), name: z.string(), tags: z.array(z.string()), createdAt: z.string(), updatedAt: z.string() });
export const hashtagGroupBody = z.strictObject({ brandId: id.nullable().optional(), name, tags: z.array(tag).max(100) });
export const hashtagGroupPatch = hashtagGroupBody.partial();

const variable = z.strictObject({
  key: z.string().regex(variableKeyPattern, "Use 1–30 lower-case letters, digits or _ (it is written {key} in templates)"),
  value: z.string().max(5000),
});
export const variablesBody = z.strictObject({ items: z.array(variable).max(200) });
export const variablesView = z.object({ items: z.array(z.object({ key: z.string(), value: z.string() })) });

const slotGroup = z.strictObject({
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe("ISO weekdays: 1 = Monday … 7 = Sunday"),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour), e.g. 09:30"),
});
export const slotsBody = z.strictObject({ slots: z.array(slotGroup).max(100) });
export const slotsView = z.object({ timezone: z.string(), slots: z.array(z.object({ days: z.array(z.number()), time: z.string() })), nextFree: z.string().nullable() });

export const bestTimesView = z.object({
  timezone: z.string(),
  network: z.string(),
  windowDays: z.number(),
  formula: z.string(),
  source: z.enum(["history", "general"]),
  sampleSize: z.number(),
  cells: z.array(z.object({ weekday: z.number(), hour: z.number(), engagement: z.number(), n: z.number() })),
  suggestions: z.array(z.object({ weekday: z.number(), hour: z.number(), engagement: z.number().nullable(), n: z.number() })),
});

export const recurrenceBody = z.strictObject({
  rrule: z.string().max(500).nullable().describe("An RRULE such as FREQ=WEEKLY;BYDAY=MO;COUNT=8 (DAILY, WEEKLY or MONTHLY; COUNT or UNTIL required), or null"),
  evergreenDays: z.number().int().min(1).max(365).nullable().describe("Re-queue this many days after publishing, or null"),
});
export const recurrenceView = z.object({
  postId: z.string(),
  rrule: z.string().nullable(),
  evergreenDays: z.number().nullable(),
  timezone: z.string(),
  upcoming: z.array(z.string()),
  note: z.string().nullable(),
});

export const importQuery = z.strictObject({ dryRun: z.enum(["true", "false"]).default("true") });
export const importBody = z.strictObject({ brandId: id, csv: z.string().max(2 * 1024 * 1024, "The CSV is larger than 2 MB. Split it into several files.") });
export const importView = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  posts: z.array(z.object({ line: z.number(), date: z.string(), time: z.string(), at: z.string().nullable(), channels: z.array(z.string()), textPreview: z.string() })),
  problems: z.array(z.object({ line: z.number(), column: z.string().nullable(), message: z.string() })),
  postIds: z.array(z.string()),
});

export const feedView = z.object({ id: z.string(), brandId: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
export const feedBody = z.strictObject({ brandId: id.nullable().optional() }).optional();
