/** Retry delays: exponential backoff with full jitter, raised to what a rate-limited error asks for. */
import { retryAfterMs } from "./queue.js";

export type BackoffOptions = {
  /** Upper bound of the first retry's delay. */
  baseMs: number;
  /** No delay is ever longer. */
  capMs: number;
};

export const defaultBackoff: BackoffOptions = { baseMs: 5_000, capMs: 30 * 60_000 };

/**
 * The delay after the given failed attempt (1 = the first run failed): uniformly random in
 * [0, min(cap, base · 2^(attempt−1))]. Full jitter spreads retries of jobs that failed together
 * (a network outage) instead of sending them back in waves.
 */
export function backoffMs(attempt: number, opts: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  // Past 2^30 the cap has long won; bounding the exponent keeps the arithmetic finite.
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random() * ceiling);
}

/** The delay before retrying after `error`: the backoff, but never less than the error's retryAfter. */
export function retryDelayMs(
  attempt: number,
  error: unknown,
  opts: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): number {
  return Math.max(backoffMs(attempt, opts, random), retryAfterMs(error) ?? 0);
}
