/**
 * Recurring posts: an RRULE (RFC 5545) checked with the rrule package and evaluated in the brand's
 * wall-clock time, so "every Monday 09:30" stays 09:30 across DST changes. Only FREQ DAILY,
 * WEEKLY or MONTHLY, and COUNT or UNTIL is required: a series never runs forever.
 *
 * rrule computes in UTC; we feed it wall-clock times dressed as UTC ("floating" times) and turn
 * each result back into an instant in the brand's zone (slots.ts handles DST gaps and overlaps).
 */
import { DateTime } from "luxon";
import rrulePkg from "rrule";
import { wallTimeToInstant } from "./slots.js";

// rrule ships CommonJS to Node: its named exports live on the default export.
const { RRule } = rrulePkg;

const allowed = new Map([
  [RRule.DAILY, "DAILY"],
  [RRule.WEEKLY, "WEEKLY"],
  [RRule.MONTHLY, "MONTHLY"],
]);
export const maxOccurrences = 366;

export type ParsedRecurrence = { ok: true; rule: string } | { ok: false; message: string };

/** Validates an RRULE ("FREQ=WEEKLY;BYDAY=MO;COUNT=8", with or without "RRULE:") and returns it normalised. */
export function parseRecurrence(input: string): ParsedRecurrence {
  const text = input.trim().replace(/^RRULE:/i, "");
  if (!text) return { ok: false, message: "Write a rule, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=8." };
  if (/DTSTART|\n/i.test(text)) return { ok: false, message: "Give only the RRULE part: the series starts at the post's own time." };
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text);
  } catch (err) {
    return { ok: false, message: `Not a valid RRULE (${(err as Error).message}). Example: FREQ=WEEKLY;BYDAY=MO;COUNT=8.` };
  }
  if (options.freq === undefined || !allowed.has(options.freq)) {
    return { ok: false, message: "Repeat DAILY, WEEKLY or MONTHLY (FREQ=…); other frequencies are not supported." };
  }
  if (!options.count && !options.until) {
    return { ok: false, message: "Say when the series ends: add COUNT=n or UNTIL=YYYYMMDD. A post never repeats forever." };
  }
  if (options.count && (options.count < 1 || options.count > maxOccurrences)) {
    return { ok: false, message: `COUNT must be between 1 and ${maxOccurrences}.` };
  }
  if (options.until && options.until.getTime() > Date.now() + 5 * 366 * 86_400_000) {
    return { ok: false, message: "UNTIL is more than five years away; choose a nearer end." };
  }
  try {
    // Building the rule catches the combinations parseString lets through (e.g. BYMONTHDAY=40).
    new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) }).all((_, i) => i < 2);
  } catch (err) {
    return { ok: false, message: `This rule cannot be evaluated (${(err as Error).message}).` };
  }
  return { ok: true, rule: RRule.optionsToString(options).replace(/^RRULE:/, "") };
}

const floating = (local: DateTime) => new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute));

/**
 * The occurrence after `current` of a series that started at `start` (both instants), in the
 * brand's zone; null when the series has ended. The result has the wall time the rule gives
 * (the series start's time of day unless the rule says otherwise).
 */
export function nextOccurrence(rule: string, zone: string, start: Date, current: Date): Date | null {
  const options = RRule.parseString(rule);
  const dtstart = floating(DateTime.fromJSDate(start, { zone }));
  const r = new RRule({ ...options, dtstart });
  const next = r.after(floating(DateTime.fromJSDate(current, { zone })), false);
  if (!next) return null;
  const d = DateTime.fromJSDate(next, { zone: "UTC" });
  return wallTimeToInstant({ year: d.year, month: d.month, day: d.day }, d.toFormat("HH:mm"), zone).toJSDate();
}

/** The first `n` occurrences from the series start (the start itself first), for previews. */
export function upcomingOccurrences(rule: string, zone: string, start: Date, n: number): Date[] {
  const out: Date[] = [start];
  while (out.length < n) {
    const next = nextOccurrence(rule, zone, start, out[out.length - 1] as Date);
    if (!next) break;
    out.push(next);
  }
  return out;
}
