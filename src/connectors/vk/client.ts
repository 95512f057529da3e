/**
 * A small VK API client. Every call is `POST https://api.vk.com/method/<name>` with a form-encoded
 * body carrying v=5.199 and access_token (in the body, so the token is in no URL and no log line);
 * uploads are multipart POSTs to the upload_url VK hands out.
 */
import type { z } from "zod";
import { ConnectorError } from "../types.js";
import { VkApiError } from "./errors.js";
import { apiVersion, errorEnvelopeSchema, okEnvelopeSchema } from "./types.js";

export type VkParams = Record<string, string | number | undefined>;
export type VkClient = {
  call<T>(method: string, params: VkParams, schema: z.ZodType<T>): Promise<T>;
  upload<T>(uploadUrl: string, field: string, file: { blob: Blob; name: string }, schema: z.ZodType<T>): Promise<T>;
};

async function readJson(res: Response, what: string): Promise<unknown> {
  if (res.status >= 500) throw new ConnectorError("transient", `VK answered ${what} with HTTP ${res.status}. It will be retried.`);
  try {
    return await res.json();
  } catch (cause) {
    throw new ConnectorError("transient", `VK answered ${what} with something that is not JSON (HTTP ${res.status}).`, { cause });
  }
}

export function createVkClient(opts: { baseUrl: string; accessToken: string; fetch: typeof fetch }): VkClient {
  const base = opts.baseUrl.replace(/\/+$/, "");
  return {
    async call(method, params, schema) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, String(v));
      body.set("access_token", opts.accessToken);
      body.set("v", apiVersion);
      const res = await opts.fetch(`${base}/method/${method}`, { method: "POST", body });
      const json = await readJson(res, method);
      const failed = errorEnvelopeSchema.safeParse(json);
      if (failed.success) throw new VkApiError(method, failed.data.error.error_code, failed.data.error.error_msg);
      const ok = okEnvelopeSchema.safeParse(json);
      const result = ok.success ? schema.safeParse(ok.data.response) : null;
      if (!result?.success) throw new ConnectorError("transient", `VK answered ${method} in an unexpected shape.`, { cause: result?.error ?? ok.error });
      return result.data;
    },

    async upload(uploadUrl, field, file, schema) {
      const form = new FormData();
      form.append(field, file.blob, file.name);
      const res = await opts.fetch(uploadUrl, { method: "POST", body: form });
      const json = await readJson(res, "the upload");
      // Upload servers report refusals as { error: "…" } (a string or an object), not as API errors.
      if (json && typeof json === "object" && "error" in json) {
        const error = (json as { error: unknown }).error;
        const detail = typeof error === "string" ? error : JSON.stringify(error);
        throw new ConnectorError("invalid_content", `VK's upload server refused ${file.name}: ${detail}`);
      }
      const result = schema.safeParse(json);
      if (!result.success) throw new ConnectorError("transient", "VK's upload server answered in an unexpected shape.", { cause: result.error });
      return result.data;
    },
  };
}
