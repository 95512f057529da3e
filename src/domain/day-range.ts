/** Calendar days in a time zone as instants: what "1–7 December in Moscow" covers. */
import { DateTime } from "luxon";

/** From the start of `from` to the start of the day after `to` (exclusive), both YYYY-MM-DD on the zone's wall clock. */
export function dayRange(from: string, to: string, zone: string): { start: Date; end: Date } {
  return {
    start: DateTime.fromISO(from, { zone }).startOf("day").toJSDate(),
    end: DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf("day").toJSDate(),
  };
}
