/**
 * A stored UTC instant (ISO text) as wall-clock time in an IANA zone, inside a query — so rows are
 * grouped by the brand's day and hour in the database, not loaded to be converted.
 *
 * PostgreSQL converts with `AT TIME ZONE`. SQLite knows no zones: the zone's UTC offsets over the
 * period are worked out here (luxon), and the query shifts each instant by the offset in force at
 * that instant — a CASE over the DST changes in the period, so it is exact on both sides of each.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from "kysely";
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
  /** YYYY-MM-DD in the zone. */
  day: RawBuilder<string>;
  /** 0–23 in the zone. */
  hour: RawBuilder<number>;
};

/**
 * SQL for the local day and hour of `column` in `zone`, exact for instants in [from, to) (outside
 * it, the nearest offset in the period is used).
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any schema
export function localParts(db: Kysely<any>, column: string, zone: string, from: Date, to: Date): LocalParts {
  const ref = sql.ref(column);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const local = sql`(cast(${ref} as timestamptz) at time zone ${zone})`;
    return { day: sql<string>`to_char(${local}, 'YYYY-MM-DD')`, hour: sql<number>`cast(extract(hour from ${local}) as integer)` };
  }
  const first = DateTime.fromJSDate(from, { zone }).offset;
  const changes = offsetChanges(zone, from, to);
  const modifier = (offset: number) => `${offset >= 0 ? "+" : ""}${offset} minutes`;
  let shift: RawBuilder<string> = sql<string>`${modifier(first)}`;
  if (changes.length) {
    let expr = sql`case`;
    let current = first;
    for (const c of changes) {
      expr = sql`${expr} when ${ref} < ${c.at.toISOString()} then ${modifier(current)}`;
      current = c.offset;
    }
    shift = sql<string>`${expr} else ${modifier(current)} end`;
  }
  return { day: sql<string>`date(${ref}, ${shift})`, hour: sql<number>`cast(strftime('%H', ${ref}, ${shift}) as integer)` };
}
