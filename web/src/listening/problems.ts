/** Reading the server's problem+json for the listening forms. */
import { ApiError } from "../api.js";

/**
 * The words to show beside a field. A service that refuses one field explains it fully in `detail`
 * ("The feed address is not a URL: paste the address…"); schema checks answer a generic detail
 * that points at "errors", so there the field's own message is the better one.
 */
export function fieldProblem(err: unknown, path: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const own = err.errors.filter((e) => e.path === path);
  if (own.length === 0) return undefined;
  if (err.errors.length === 1 && !err.detail.includes('"errors"')) return err.detail;
  return own.map((e) => e.message).join("; ");
}

/** "line 12.published_at" as its line and field, for the list of an import's problems. */
export function importProblemPlace(path: string): { line: number | null; field: string | null } {
  const m = /^line (\d+)(?:\.(.+))?$/.exec(path);
  if (!m) return { line: null, field: path };
  return { line: Number(m[1]), field: m[2] ?? null };
}
