/**
 * A small Mastodon REST client: Bearer token in the Authorization header (never in a URL), JSON
 * answers, errors as MastodonApiError with the response headers kept for the rate-limit budget.
 */
import type { z } from "zod";
import { ConnectorError } from "../types.js";
import { MastodonApiError } from "./errors.js";
import { errorSchema } from "./types.js";

export type MastodonResponse<T> = { status: number; headers: Headers; body: T };
export type RequestOptions = { form?: URLSearchParams | FormData; headers?: Record<string, string> };

export type MastodonClient = {
  request<T>(method: string, path: string, schema: z.ZodType<T>, opts?: RequestOptions): Promise<MastodonResponse<T>>;
};

/** Without an access token (null) requests go anonymously: public reads of accounts and their statuses. */
export function createMastodonClient(opts: { instanceUrl: string; accessToken: string | null; fetch: typeof fetch }): MastodonClient {
  const base = opts.instanceUrl.replace(/\/+$/, "");
  return {
    async request(method, path, schema, req = {}) {
      const what = `${method} ${path.split("?")[0]}`;
      const res = await opts.fetch(`${base}${path}`, {
        method,
        headers: { ...(opts.accessToken === null ? {} : { authorization: `Bearer ${opts.accessToken}` }), accept: "application/json", ...req.headers },
        ...(req.form ? { body: req.form } : {}),
      });
      let json: unknown;
      try {
        json = await res.json();
      } catch (cause) {
        if (!res.ok) throw new MastodonApiError(what, res.status, res.statusText, res.headers);
        throw new ConnectorError("transient", `Mastodon answered ${what} with something that is not JSON.`, { cause });
      }
      if (!res.ok) {
        const e = errorSchema.safeParse(json);
        throw new MastodonApiError(what, res.status, e.success ? (e.data.error_description ?? e.data.error) : res.statusText, res.headers);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new ConnectorError("transient", `Mastodon answered ${what} in an unexpected shape.`, { cause: parsed.error });
      return { status: res.status, headers: res.headers, body: parsed.data };
    },
  };
}
