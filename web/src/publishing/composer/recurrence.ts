/**
 * The recurrence builder's model and its RRULE: every N days, weeks (on chosen weekdays) or
 * months, ending after a count or on a date — a series always ends, as the server requires.
 */
export type Freq = "DAILY" | "WEEKLY" | "MONTHLY";
export type RepeatForm = {
  mode: "none" | "repeat" | "evergreen";
  freq: Freq;
  interval: string;
  /** ISO weekdays 1–7 (weekly only). */
  days: number[];
  end: "count" | "until";
  count: string;
  /** YYYY-MM-DD, the last day a post may go out (inclusive). */
  until: string;
  evergreenDays: string;
};

export const byDay = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

export const emptyRepeat: RepeatForm = { mode: "none", freq: "WEEKLY", interval: "1", days: [], end: "count", count: "8", until: "", evergreenDays: "30" };

export function toRrule(f: RepeatForm): string {
  const parts = [`FREQ=${f.freq}`];
  const interval = Number(f.interval);
  if (Number.isInteger(interval) && interval > 1) parts.push(`INTERVAL=${interval}`);
  if (f.freq === "WEEKLY" && f.days.length) parts.push(`BYDAY=${[...f.days].sort().map((d) => byDay[d - 1]).join(",")}`);
  // The server evaluates rules on the brand's wall clock: the end of that day is the end of the series.
  if (f.end === "until" && f.until) parts.push(`UNTIL=${f.until.replace(/-/g, "")}T235959Z`);
  else parts.push(`COUNT=${f.count.trim() || "0"}`);
  return parts.join(";");
}

/** Reads a rule back into the form; parts it does not know are dropped (the server keeps the rule as saved). */
export function fromRecurrence(rrule: string | null, evergreenDays: number | null): RepeatForm {
  if (evergreenDays !== null) return { ...emptyRepeat, mode: "evergreen", evergreenDays: String(evergreenDays) };
  if (!rrule) return emptyRepeat;
  const kv = new Map(
    rrule
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((p) => p.split("=") as [string, string])
      .map(([k, v]) => [k.toUpperCase(), v ?? ""]),
  );
  const freq = (["DAILY", "WEEKLY", "MONTHLY"] as const).find((f) => f === kv.get("FREQ")) ?? "WEEKLY";
  const days = (kv.get("BYDAY") ?? "")
    .split(",")
    .map((d) => byDay.indexOf(d.trim().slice(-2) as (typeof byDay)[number]) + 1)
    .filter((d) => d > 0);
  const until = kv.get("UNTIL");
  return {
    ...emptyRepeat,
    mode: "repeat",
    freq,
    interval: kv.get("INTERVAL") ?? "1",
    days,
    end: until ? "until" : "count",
    count: kv.get("COUNT") ?? emptyRepeat.count,
    until: until ? `${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}` : "",
  };
}
