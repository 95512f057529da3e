/**
 * A small Bot API client: `POST https://api.telegram.org/bot<token>/<method>`, JSON for plain calls
 * and multipart/form-data when files are uploaded (nested objects are then sent as JSON strings, as
 * the Bot API documents). The token is part of the URL, so neither the URL nor the request ever goes
 * into an error message.
 */
import type { z } from "zod";
import { ConnectorError } from "../types.js";
import { TelegramApiError } from "./errors.js";
import { errorEnvelopeSchema, okEnvelopeSchema } from "./types.js";

export type TelegramClient = {
  call<T>(method: string, params: Record<string, unknown> | FormData, schema: z.ZodType<T>): Promise<T>;
};

export function createTelegramClient(opts: { baseUrl: string; botToken: string; fetch: typeof fetch }): TelegramClient {
  const base = opts.baseUrl.replace(/\/+$/, "");
  return {
    async call(method, params, schema) {
      const body = params instanceof FormData ? params : JSON.stringify(params);
      const headers: Record<string, string> = params instanceof FormData ? {} : { "content-type": "application/json" };
      const res = await opts.fetch(`${base}/bot${opts.botToken}/${method}`, { method: "POST", headers, body });
      let json: unknown;
      try {
        json = await res.json();
      } catch (cause) {
        // A proxy's HTML error page, a cut connection: nothing Telegram decided.
        throw res.status >= 500 || res.ok
          ? new ConnectorError("transient", `Telegram answered ${method} with something that is not JSON (HTTP ${res.status}).`, { cause })
          : new TelegramApiError(method, res.status, res.statusText);
      }
      const failed = errorEnvelopeSchema.safeParse(json);
      if (failed.success) {
        const { error_code, description, parameters } = failed.data;
        throw new TelegramApiError(method, error_code, description, parameters?.retry_after);
      }
      const ok = okEnvelopeSchema.safeParse(json);
      const result = ok.success ? schema.safeParse(ok.data.result) : null;
      if (!result?.success) {
        throw new ConnectorError("transient", `Telegram answered ${method} in an unexpected shape.`, { cause: result?.error ?? ok.error });
      }
      return result.data;
    },
  };
}
