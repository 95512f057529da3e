/**
 * Campaigns: the pure rules. A campaign's name is what the composer writes into a post's
 * `campaign` and what the brand's links carry, slugified, as utm_campaign (src/domain/utm.ts) —
 * one meaning, so a campaign finds its posts by name and its conversions by slug.
 *
 * Money is kept in hundredths of the currency's unit ("cents", kopecks) as whole numbers, so sums
 * in SQL are exact; Chorus never converts between currencies.
 */
import { DateTime } from "luxon";
import type { FieldProblem } from "../errors.js";
import { slugify } from "./utm.js";

export const campaignGoals = ["awareness", "traffic", "leads", "sales", "subscribers"] as const;
export type CampaignGoal = (typeof campaignGoals)[number];

export const campaignStatuses = ["planned", "active", "paused", "finished"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** ISO 4217 letters; the campaign's currency is the one its spend and revenue are counted in. */
export const currencyPattern = /^[A-Z]{3}$/;

/** The longest period a campaign may have: results over more are a strategy, not a campaign. */
export const maxCampaignDays = 731;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The utm_campaign of a campaign: its name's slug (the same function tags the posts' links). */
export const campaignSlug = (name: string): string => slugify(name);

/** Problems with a campaign's period (days of the brand's zone, inclusive); empty when it is fine. */
export function periodProblems(startDay: string, endDay: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const start = isoDay.test(startDay) ? DateTime.fromISO(startDay, { zone: "UTC" }) : null;
  const end = isoDay.test(endDay) ? DateTime.fromISO(endDay, { zone: "UTC" }) : null;
  if (!start?.isValid) problems.push({ path: "startDay", message: "Must be a day, YYYY-MM-DD" });
  if (!end?.isValid) problems.push({ path: "endDay", message: "Must be a day, YYYY-MM-DD" });
  if (problems.length || !start || !end) return problems;
  const days = end.diff(start, "days").days + 1;
  if (days < 1) problems.push({ path: "endDay", message: `The campaign ends (${endDay}) before it starts (${startDay}): the end must be on or after the start.` });
  else if (days > maxCampaignDays) problems.push({ path: "endDay", message: `A campaign lasts at most ${maxCampaignDays} days.` });
  return problems;
}

/** Problems with a campaign's name: it must give a slug, or no link could ever carry it. */
export function nameProblems(name: string): FieldProblem[] {
  if (!name.trim()) return [{ path: "name", message: "Name the campaign" }];
  if (!campaignSlug(name)) return [{ path: "name", message: "The name needs at least one letter or digit: it becomes utm_campaign" }];
  return [];
}

/** A money amount as people and spreadsheets write it: "1 234,50", "1,234.50", "1234.5", "₽1 200". */
export function parseMoney(cell: string): { cents: number } | { error: string } {
  let s = cell.trim().replace(/[\s\u00a0\u202f'’]/g, "");
  s = s.replace(/^[^\d\-+]+|[^\d]+$/g, "");
  if (!s) return { error: "The amount is empty." };
  if (/^-/.test(s)) return { error: `${cell.trim()} is negative: write spend and revenue as positive amounts.` };
  s = s.replace(/^\+/, "");
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  // The separator that comes last and is followed by one or two digits is the decimal one.
  const decimalAt = Math.max(lastComma, lastDot);
  let whole = s;
  let fraction = "";
  if (decimalAt >= 0 && /^\d{1,2}$/.test(s.slice(decimalAt + 1))) {
    whole = s.slice(0, decimalAt);
    fraction = s.slice(decimalAt + 1);
  }
  // What is left may use "," or "." only as groups of three digits.
  if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(whole)) return { error: `"${cell.trim()}" is not an amount: write e.g. 1234.50 or 1 234,50.` };
  const cents = Number(whole.replace(/[.,]/g, "")) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents) || cents > 1e15) return { error: `${cell.trim()} is too large an amount.` };
  return { cents };
}

/** Hundredths from a number sent as JSON (4990, 4990.5); null when it has more than two decimals or is not finite. */
export function centsOf(amount: number): number | null {
  if (!Number.isFinite(amount) || amount < 0) return null;
  const cents = Math.round(amount * 100);
  if (Math.abs(cents - amount * 100) > 1e-6 || cents > 1e15) return null;
  return cents;
}

export const fromCents = (cents: number | null): number | null => (cents === null ? null : cents / 100);
