/**
 * Cursor pagination over a time-ordered id column (UUIDv7). The cursor is opaque to clients:
 * base64url of the last id seen, so rows inserted meanwhile never shift a page.
 */
import { AppError } from "../errors.js";

export type PageRequest = { cursor?: string | undefined; limit?: number | undefined };
export type PageResult<T> = { items: T[]; nextCursor: string | null };

export const maxLimit = 200;

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError("validation_failed", "The cursor is not valid: pass the nextCursor value of a previous page.", {
      errors: [{ path: "cursor", message: "Invalid cursor" }],
    });
  }
  return id;
}

export const encodeCursor = (id: string): string => Buffer.from(id, "utf8").toString("base64url");

export function pageLimit(limit: number | undefined, fallback = 50): number {
  return Math.min(Math.max(limit ?? fallback, 1), maxLimit);
}

/** Takes rows fetched with limit + 1 and turns them into a page. */
export function toPage<R, T>(rows: R[], limit: number, idOf: (r: R) => string, present: (r: R) => T): PageResult<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  const last = slice[slice.length - 1];
  return { items: slice.map(present), nextCursor: more && last ? encodeCursor(idOf(last)) : null };
}
