/**
 * The one way the UI talks to the server: same-origin JSON with the session cookie. Failures
 * become ApiError carrying the problem+json `detail`, `code` and per-field `errors`, so forms can
 * put each message beside its field.
 */

export type FieldProblem = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];

  constructor(opts: { status: number; code: string; detail: string; errors?: FieldProblem[] }) {
    super(opts.detail);
    this.name = "ApiError";
    this.status = opts.status;
    this.code = opts.code;
    this.detail = opts.detail;
    this.errors = opts.errors ?? [];
  }

  /** The message for one field (e.g. "fields.handle"), if the server sent one. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function toApiError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status text below.
  }
  const errors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).filter(
        (e): e is FieldProblem =>
          typeof e === "object" && e !== null && typeof (e as FieldProblem).path === "string",
      )
    : [];
  return new ApiError({
    status: res.status,
    code: typeof body.code === "string" ? body.code : `http_${res.status}`,
    detail:
      typeof body.detail === "string"
        ? body.detail
        : typeof body.title === "string"
          ? body.title
          : res.statusText || `HTTP ${res.status}`,
    errors,
  });
}

export async function request<T>(method: Method, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
  let res: Response;
  const isForm = typeof FormData !== "undefined" && body instanceof FormData;
  const headers: Record<string, string> = { accept: "application/json", ...extraHeaders };
  // A FormData body sets its own multipart content type (with the boundary).
  if (body !== undefined && !isForm) headers["content-type"] = "application/json";
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: "network", detail: cause instanceof Error ? cause.message : "Network error" });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>("POST", path, body ?? {}, headers),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  /** Multipart upload (a file and its form fields). */
  upload: <T>(path: string, form: FormData) => request<T>("POST", path, form),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  del: (path: string) => request<void>("DELETE", path),
};

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export const enc = encodeURIComponent;
