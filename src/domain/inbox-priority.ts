/**
 * When an inbox item is due for an answer, and where it stands in the work queue.
 *
 * Due: the item's time plus the brand's response SLA. With working hours, only minutes inside them
 * count (a comment at 17:50 with a 60-minute SLA and a 9:00–18:00 day is due at 9:50 the next
 * working day), in the brand's time zone, so a change of clocks moves the window with the wall.
 *
 * Rank: one integer the queue sorts on, descending. Its band says whether the item is overdue
 * (unanswered, new or open, past due) and negative — overdue negative items first, then other
 * overdue ones, then the rest — and within a band authors with larger audiences come first.
 */
import { DateTime } from "luxon";
import { z } from "zod";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, e.g. 09:00");

export const workingHoursSchema = z
  .strictObject({
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1, "Choose at least one working day").max(7),
    start: hhmm,
    end: hhmm,
  })
  .refine((h) => h.start < h.end, { message: "The working day must end after it starts", path: ["end"] });

export type WorkingHours = z.infer<typeof workingHoursSchema>;

const minuteMs = 60_000;

/** The moment an item that arrived at `occurredAt` is due, counting only working time when the brand has working hours. */
export function dueAt(occurredAt: Date, slaMinutes: number, zone: string, hours: WorkingHours | null): Date {
  if (!hours) return new Date(occurredAt.getTime() + slaMinutes * minuteMs);
  const days = new Set(hours.days);
  const [sh, sm] = hours.start.split(":").map(Number) as [number, number];
  const [eh, em] = hours.end.split(":").map(Number) as [number, number];
  let t = DateTime.fromJSDate(occurredAt, { zone });
  if (!t.isValid) t = DateTime.fromJSDate(occurredAt, { zone: "UTC" });
  let remaining = slaMinutes * minuteMs;
  // Each pass consumes one calendar day; a week without working days cannot happen (days ≥ 1), so
  // the loop ends within slaMinutes / (minutes per working day) weeks. The bound is a safety net.
  for (let guard = 0; guard < 3700; guard++) {
    const day = t.startOf("day");
    if (days.has(day.weekday)) {
      const open = day.set({ hour: sh, minute: sm });
      const close = day.set({ hour: eh, minute: em });
      if (t < open) t = open;
      if (t < close) {
        const available = close.toMillis() - t.toMillis();
        if (remaining <= available) return new Date(t.toMillis() + remaining);
        remaining -= available;
      }
    }
    t = day.plus({ days: 1 });
  }
  return new Date(occurredAt.getTime() + slaMinutes * minuteMs);
}

/** Ranks are band × bandSize + followers (capped below bandSize). */
export const bandSize = 10_000_000_000;

export type QueueState = {
  status: "new" | "open" | "waiting" | "resolved";
  firstResponseAt: string | null;
  sentiment: string | null;
  authorFollowers: number | null;
  dueAt: string | null;
};

/** Whether the item waits for an answer past its due time. */
export function isOverdue(s: QueueState, now: Date): boolean {
  return (s.status === "new" || s.status === "open") && s.firstResponseAt === null && s.dueAt !== null && s.dueAt <= now.toISOString();
}

/** The item's queue rank and, while it is unanswered and not yet overdue, the time it turns overdue. */
export function queuePosition(s: QueueState, now: Date): { rank: number; slaPendingAt: string | null } {
  const followers = Math.min(Math.max(Math.floor(s.authorFollowers ?? 0), 0), bandSize - 1);
  if (isOverdue(s, now)) return { rank: (s.sentiment === "negative" ? 2 : 1) * bandSize + followers, slaPendingAt: null };
  const waiting = (s.status === "new" || s.status === "open") && s.firstResponseAt === null && s.dueAt !== null;
  return { rank: followers, slaPendingAt: waiting ? s.dueAt : null };
}

/** True for a rank in one of the overdue bands. */
export const rankIsOverdue = (rank: number | string): boolean => Number(rank) >= bandSize;
