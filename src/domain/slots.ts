/**
 * Posting slots: the weekly times at which a channel's queue publishes ("Mon–Fri 09:30, 18:00"),
 * in the brand's time zone, and the next free one. DST rules:
 * - a slot whose wall time does not exist that day (clocks go forward: 02:30 in Berlin on the last
 *   Sunday of March) moves to the next minute that exists (03:00);
 * - a slot whose wall time happens twice (clocks go back) is used once, at the first of the two.
 */
import { DateTime } from "luxon";

/** ISO weekday 1 = Monday … 7 = Sunday; time "HH:MM". */
export type Slot = { weekday: number; time: string };
/** The structured input of the API: several days at one time. */
export type SlotGroup = { days: number[]; time: string };

export const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Expands groups into one slot per weekday and time, without duplicates, sorted. */
export function expandSlots(groups: SlotGroup[]): Slot[] {
  const seen = new Map<string, Slot>();
  for (const g of groups) for (const d of g.days) seen.set(`${d} ${g.time}`, { weekday: d, time: g.time });
  return [...seen.values()].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

/** Groups slots back by time: [{days:[1,2,3,4,5], time:"09:30"}, …], the shape the API returns. */
export function groupSlots(slots: Slot[]): SlotGroup[] {
  const byTime = new Map<string, Set<number>>();
  for (const s of slots) byTime.set(s.time, (byTime.get(s.time) ?? new Set()).add(s.weekday));
  return [...byTime.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([time, days]) => ({ days: [...days].sort((a, b) => a - b), time }));
}

/**
 * The instant of a wall-clock time in a zone. A time that does not exist (a DST gap) becomes the
 * next minute that does; an ambiguous one (DST overlap) the first of its two instants.
 */
export function wallTimeToInstant(date: { year: number; month: number; day: number }, time: string, zone: string): DateTime {
  const [h, m] = time.split(":").map(Number) as [number, number];
  let minutes = h * 60 + m;
  // A gap is at most a few hours anywhere (Lord Howe's is 30 min, most are 60): walk forward minute by minute.
  for (; minutes < 24 * 60; minutes++) {
    const local = DateTime.fromObject({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone });
    if (local.isValid && local.hour === Math.floor(minutes / 60) && local.minute === minutes % 60) return earliestOf(local);
  }
  // The gap runs past midnight (zones that switch at 00:00): the next day's first minute.
  return DateTime.fromObject(date, { zone }).plus({ days: 1 }).startOf("day");
}

/** Of an ambiguous wall time, the earlier instant (luxon may pick either offset). */
function earliestOf(local: DateTime): DateTime {
  const hourEarlier = local.minus({ hours: 1 });
  if (hourEarlier.hour === local.hour && hourEarlier.minute === local.minute && hourEarlier.day === local.day) return hourEarlier;
  return local;
}

/** True when the wall time exists in the zone that day (false inside a DST gap). */
export function wallTimeExists(date: { year: number; month: number; day: number }, time: string, zone: string): boolean {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const local = DateTime.fromObject({ ...date, hour: h, minute: m }, { zone });
  return local.isValid && local.hour === h && local.minute === m && local.day === date.day;
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * The first slot strictly after `after` whose minute is not taken. `taken` holds instants
 * (ms) of the channel's other planned posts; a slot is taken when one of them falls in its
 * minute. Looks `horizonDays` ahead; null when there are no slots or all are taken.
 */
export function nextFreeSlot(input: { zone: string; slots: Slot[]; after: Date; taken: Iterable<number>; horizonDays?: number }): Date | null {
  if (input.slots.length === 0) return null;
  const takenMinutes = new Set([...input.taken].map(minuteOf));
  const after = input.after.getTime();
  const start = DateTime.fromMillis(after, { zone: input.zone }).startOf("day");
  const horizon = input.horizonDays ?? 366;
  for (let d = 0; d <= horizon; d++) {
    const day = start.plus({ days: d });
    const candidates = input.slots
      .filter((s) => s.weekday === day.weekday)
      .map((s) => wallTimeToInstant({ year: day.year, month: day.month, day: day.day }, s.time, input.zone).toMillis())
      .sort((a, b) => a - b);
    for (const at of candidates) if (at > after && !takenMinutes.has(minuteOf(at))) return new Date(at);
  }
  return null;
}
