/**
 * The values of a post statistics CSV (see post-metrics-csv.ts): counts as exports and spreadsheets
 * write them, yes/no flags, the exports' post types, and publication times in the forms the exports
 * use, read in a time zone. Each reader answers a value or what is wrong, in words for the person
 * fixing the file.
 */
import { DateTime } from "luxon";
import type { PostFormat } from "../connectors/types.js";

export type Parsed<T> = { value: T } | { error: string };

/** PostgreSQL's integer: the counters' columns hold no more. */
const maxCount = 2_147_483_647;

const unknownMarks = new Set(["", "-", "—", "–", "n/a", "na", "null", "none"]);

/** A count: a whole number ≥ 0, with spaces, apostrophes or 3-digit groups of "," / "." allowed. Blank: unknown. */
export function parseCount(cell: string): Parsed<number | null> {
  let s = cell.trim();
  if (unknownMarks.has(s.toLowerCase())) return { value: null };
  if (/^\d{1,3}([ \u00a0\u202f'’,.]\d{3})+$/.test(s)) s = s.replace(/\D/g, "");
  else if (/^\d+[.,]0+$/.test(s)) s = s.replace(/[.,]0+$/, "");
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n > maxCount ? { error: `${cell.trim()} is too large for a count (at most ${maxCount.toLocaleString("en")}).` } : { value: n };
  }
  if (/^-\s*\d/.test(s)) return { error: `${cell.trim()} is negative: a count cannot be.` };
  if (/^\d*[.,]\d+$/.test(s)) return { error: `${cell.trim()} is not a whole number: counts are whole (a decimal comma in a ","-separated file splits the value).` };
  return { error: `"${cell.trim()}" is not a number.` };
}

const paidWords = new Set(["1", "true", "yes", "y", "paid", "boosted", "promoted", "sponsored", "ad", "ads", "да", "платная", "платный", "реклама", "рекламная", "промо", "+"]);
const organicWords = new Set(["0", "false", "no", "n", "organic", "not boosted", "unpaid", "нет", "органика", "органическая", "бесплатная"]);

export function parsePaid(cell: string): Parsed<boolean | null> {
  const s = cell.trim().toLowerCase();
  if (unknownMarks.has(s) && s !== "-") return { value: null };
  if (paidWords.has(s)) return { value: true };
  if (organicWords.has(s) || s === "-") return { value: false };
  return { error: `"${cell.trim()}" is not yes or no: write 1/0, yes/no, true/false, paid/organic or да/нет.` };
}

/** Words of the exports' post types ("Photos", "Reels", "SharedVideo", "Фото", "Клип", …), checked in this order. */
const formatWords: [RegExp, PostFormat][] = [
  [/video|reel|clip|live|видео|клип|ролик|трансляц|эфир/, "video"],
  [/carousel|album|gallery|карусел|альбом|галере/, "carousel"],
  [/photo|image|picture|фото|изображ|картин/, "image"],
  [/link|ссылк/, "link"],
  [/status|text|note|post|текст|статус|запис|пост/, "text"],
];

/** An export's post type in Chorus's formats; null when it is not recognised. */
export function formatOf(cell: string): PostFormat | null {
  const s = cell.trim().toLowerCase();
  if (!s) return "text";
  if (s === "text" || s === "image" || s === "video" || s === "carousel" || s === "link") return s;
  for (const [re, format] of formatWords) if (re.test(s)) return format;
  return null;
}

export type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number; offset: number | null; hasTime: boolean };

const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const dotDate = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?)?$/i;
const timeOnly = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?$/i;
const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const formatsHint = "write ISO 8601 (2026-03-01T09:30 or with an offset, …+03:00), DD.MM.YYYY HH:mm, MM/DD/YYYY h:mm AM/PM or YYYY-MM-DD HH:mm";

function hour12(h: number, ampm: string | undefined): number | null {
  if (!ampm) return h;
  if (h < 1 || h > 12) return null;
  const pm = ampm.toLowerCase() === "p";
  return (h % 12) + (pm ? 12 : 0);
}

/** The wall-clock parts of a date with an optional time; the time may also come from its own column. */
export function wallOf(cell: string): Parsed<Wall> {
  const s = cell.trim();
  type Parts = { y: string; mo: string; d: string; h?: string | undefined; mi?: string | undefined; se?: string | undefined; ampm?: string | undefined; zone?: string | undefined };
  const iso = isoDate.exec(s);
  const dot = iso ? null : dotDate.exec(s);
  const us = iso || dot ? null : usDate.exec(s);
  let parts: Parts | null = null;
  if (iso) parts = { y: iso[1]!, mo: iso[2]!, d: iso[3]!, h: iso[4], mi: iso[5], se: iso[6], zone: iso[7] };
  else if (dot) parts = { y: dot[3]!, mo: dot[2]!, d: dot[1]!, h: dot[4], mi: dot[5], se: dot[6] };
  else if (us) parts = { y: us[3]!, mo: us[1]!, d: us[2]!, h: us[4], mi: us[5], se: us[6], ampm: us[7] };
  if (!parts) return { error: s ? `"${s}" is not a date and time: ${formatsHint}.` : "The publication time is empty." };
  const year = Number(parts.y);
  const month = Number(parts.mo);
  const day = Number(parts.d);
  if (month < 1 || month > 12) return { error: `"${s}": there is no month ${month}.` };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return { error: `"${s}": there is no ${day} ${monthNames[month - 1]} ${year}.` };
  const hasTime = parts.h !== undefined;
  const hour = hasTime ? hour12(Number(parts.h), parts.ampm) : 0;
  const minute = Number(parts.mi ?? 0);
  const second = Number(parts.se ?? 0);
  if (hour === null || hour > 23 || minute > 59 || second > 59) return { error: `"${s}": the time of day is impossible.` };
  let offset: number | null = null;
  if (parts.zone) {
    if (parts.zone.toUpperCase() === "Z") offset = 0;
    else {
      const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(parts.zone)!;
      offset = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
    }
  }
  return { value: { year, month, day, hour, minute, second, offset, hasTime } };
}

export function withTime(wall: Wall, cell: string): Parsed<Wall> {
  const s = cell.trim();
  const m = timeOnly.exec(s);
  const hour = m ? hour12(Number(m[1]), m[4]) : null;
  if (!m || hour === null || hour > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return { error: `"${s}" is not a time of day: write HH:mm (24-hour) or h:mm AM/PM.` };
  return { value: { ...wall, hour, minute: Number(m[2]), second: Number(m[3] ?? 0), hasTime: true } };
}

/**
 * The instant of a wall-clock time: its own offset, else the zone's (a time the clocks skip is
 * refused). The zone's offset is looked up once per local hour — a file of 100,000 rows has a few
 * thousand — unless that hour holds a change of the clocks, whose minutes are each looked up.
 */
export function instantOf(w: Wall, zone: string, shown: string, hourOffsets: Map<string, number | null>): Parsed<number> {
  const utc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  if (w.offset !== null) return { value: utc - w.offset * 60_000 };
  const key = `${w.year}-${w.month}-${w.day}-${w.hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const at = (minute: number, second: number) => DateTime.fromObject({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute, second }, { zone });
    const start = at(0, 0);
    const end = at(59, 59);
    const steady = start.isValid && end.isValid && start.hour === w.hour && start.minute === 0 && end.hour === w.hour && start.offset === end.offset;
    offset = steady ? start.offset : null;
    hourOffsets.set(key, offset);
  }
  if (offset !== null) return { value: utc - offset * 60_000 };
  const dt = DateTime.fromObject({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second }, { zone });
  if (!dt.isValid || dt.hour !== w.hour || dt.minute !== w.minute || dt.day !== w.day) {
    return { error: `"${shown}" does not exist in ${zone}: the clocks go forward over it. Check the time, or give it with an offset.` };
  }
  return { value: dt.toMillis() };
}
