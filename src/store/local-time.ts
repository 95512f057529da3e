/**
 * A stored UTC instant (ISO text) as wall-clock time in an IANA zone, inside a query — so rows are
 * grouped by the brand's day and hour in the database, not loaded to be converted.
 *
 * The zone's UTC offsets over the period are worked out here (luxon), and the query shifts each
 * instant by the offset in force at that instant — a CASE over the DST changes in the period, so it
 * is exact on both sides of each. Instants are stored as "YYYY-MM-DDTHH:MM:SS.sssZ" (schema.ts).
 */
import { type RawBuilder, sql } from "kysely";
import { DateTime } from "luxon";

const hourMs = 3_600_000;

/** The instants in [from, to) where the zone's offset changes, with the offset (minutes) from each. */
export function offsetChanges(zone: string, from: Date, to: Date): { at: Date; offset: number }[] {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const changes: { at: Date; offset: number }[] = [];
  let previous = offsetAt(from.getTime());
  // Zones change their offset at most a few times a year, never twice within a day: look daily,
  // then find the hour and minute of a change by halving.
  for (let t = from.getTime(); t < to.getTime(); t += 24 * hourMs) {
    const next = Math.min(t + 24 * hourMs, to.getTime());
    const offset = offsetAt(next);
    if (offset === previous) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
      if (offsetAt(mid) === previous) lo = mid;
      else hi = mid;
    }
    changes.push({ at: new Date(hi), offset });
    previous = offset;
  }
  return changes;
}

export type LocalParts = {
  /** Select these two and group by them … */
  day: RawBuilder<string>;
  hour: RawBuilder<number>;
  /** … then read each group's local day (YYYY-MM-DD) and hour (0–23) with this. */
  resolve: (day: unknown, hour: unknown) => { day: string; hour: number };
};

/**
 * SQL for the local day and hour of `column` in `zone`, exact for instants in [from, to) (outside
 * it, the nearest offset in the period is used).
 *
 * Converting each row's instant with the database's date functions (PostgreSQL's AT TIME ZONE,
 * SQLite's date()) is what a dashboard spent most of its time on: each row's text parsed as a
 * time. So the query does arithmetic on the ISO text instead, the same on both databases: it groups
 * by the UTC day and the local hour counted from that day's midnight (−14 … 38, exact for offsets of
 * any minutes), and `resolve` carries the hour into the neighbouring day.
 */
export function localParts(column: string, zone: string, from: Date, to: Date): LocalParts {
  const ref = sql.ref(column);
  const first = DateTime.fromJSDate(from, { zone }).offset;
  const changes = offsetChanges(zone, from, to);
  let offset: RawBuilder<number> = sql<number>`${sql.lit(first)}`;
  if (changes.length) {
    let expr = sql`case`;
    let current = first;
    for (const c of changes) {
      expr = sql`${expr} when ${ref} < ${c.at.toISOString()} then ${sql.lit(current)}`;
      current = c.offset;
    }
    offset = sql<number>`(${expr} else ${sql.lit(current)} end)`;
  }
  // Minutes since the UTC day's midnight, shifted by the offset; + 1440 keeps the division a floor.
  const minutes = sql`(cast(substr(${ref}, 12, 2) as integer) * 60 + cast(substr(${ref}, 15, 2) as integer) + ${offset} + 1440)`;
  return {
    day: sql<string>`substr(${ref}, 1, 10)`,
    hour: sql<number>`(${minutes} / 60 - 24)`,
    resolve: (day, hour) => {
      const h = Number(hour);
      const carry = Math.floor(h / 24);
      return { day: carry === 0 ? String(day) : (DateTime.fromISO(String(day), { zone: "utc" }).plus({ days: carry }).toISODate() as string), hour: h - carry * 24 };
    },
  };
}
