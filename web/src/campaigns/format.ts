/** Money, rates and counts of campaigns: unknown is "—", never 0. */
import { formatNumber } from "../common/format.js";

export const dash = "—";

export function money(v: number | null | undefined, currency: string, digits = 0): string {
  if (v === null || v === undefined) return dash;
  try {
    return formatNumber(v, { style: "currency", currency, maximumFractionDigits: digits, minimumFractionDigits: digits });
  } catch {
    return `${formatNumber(v, { maximumFractionDigits: digits })} ${currency}`;
  }
}

export const count = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatNumber(v));
export const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? dash : formatNumber(v, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }));
/** ROMI is a ratio people read as a percentage with a sign: +135 %, −40 %. */
export const romi = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatNumber(v, { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" }));
