/** Turns any thrown value into a message a person can act on, in the UI's language. */
import type { TFunction } from "i18next";
import { ApiError } from "../api.js";

export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    // Known codes have a translated message; otherwise the server's own detail is the best we have.
    return t(`errors.${err.code}`, { defaultValue: err.detail });
  }
  return err instanceof Error ? err.message : String(err);
}

/** The server's message for one form field, e.g. fieldError(err, "fields.handle"). */
export function fieldError(err: unknown, path: string): string | undefined {
  return err instanceof ApiError ? err.fieldError(path) : undefined;
}

/** Whether the error has field messages the form already shows beside the fields. */
export function hasFieldErrors(err: unknown, paths: string[]): boolean {
  return err instanceof ApiError && err.errors.length > 0 && err.errors.every((e) => paths.includes(e.path));
}
