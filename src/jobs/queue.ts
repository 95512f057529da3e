/**
 * The job queue interface shared by both backends: the embedded one (our own `jobs` table through
 * Kysely, on SQLite or PostgreSQL) and pg-boss (PostgreSQL only, for scale-out). Jobs run at least
 * once; handlers must be idempotent (publishing uses an idempotency key for that).
 */

export type JobOptions = {
  /** Not run before this instant (default: now). */
  runAt?: Date;
  /** Unique per kind while the job is not finished: enqueueing the same key again returns the existing job. */
  key?: string;
  /** Attempts before the job lands in the dead letters (default 5). */
  maxAttempts?: number;
};

export type JobContext = {
  id: string;
  kind: string;
  /** 1 on the first run. */
  attempt: number;
  /** Aborted when the worker stops before the handler finished, or when the job's lease was lost. */
  signal: AbortSignal;
};

export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

export type DeadLetter = {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  failedAt: string;
};

export interface JobQueue {
  readonly backend: "embedded" | "pg-boss";
  enqueue(kind: string, payload: unknown, opts?: JobOptions): Promise<{ id: string; created: boolean }>;
  /** Registers the handler of a kind; call before start(). */
  work<P>(kind: string, handler: JobHandler<P>, opts?: { concurrency?: number }): void;
  /** Begins polling and working. */
  start(): Promise<void>;
  /** Stops taking jobs, waits (bounded) for running handlers, releases the leases of those still running, closes. */
  stop(): Promise<void>;
  /** Jobs per kind and status (queued, running, done, dead). */
  counts(): Promise<{ kind: string; status: string; count: number }[]>;
  /** Jobs that failed for good, newest first. */
  deadLetters(opts?: { limit?: number }): Promise<DeadLetter[]>;
  /**
   * Gives a dead job one more attempt, now. False when the id is not a dead job, or when a live job
   * with the same key exists (the key stays unique).
   */
  retryDead(id: string): Promise<boolean>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Thrown by a handler when retrying cannot help (content rejected, access revoked): the job goes straight to the dead letters. */
export class NonRetryableError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "NonRetryableError";
  }
}

/**
 * The delay a failure asks for: an error with a numeric `retryAfter` in seconds (a network's
 * rate limit, see ConnectorError and AppError) means the next attempt must not come earlier.
 */
export function retryAfterMs(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("retryAfter" in error)) return undefined;
  const seconds = error.retryAfter;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** The message stored as a job's last error. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

export function checkMaxAttempts(maxAttempts: number | undefined): number {
  const n = maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  return n;
}
