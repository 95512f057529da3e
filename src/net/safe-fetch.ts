/**
 * Fetching URLs that users typed (link previews, later webhooks and RSS) without letting them
 * reach inside our network (SSRF). The check runs on the address actually connected to: the host
 * is resolved once inside the connection's own `lookup`, every address is classified, and the
 * socket connects only to a public one, so DNS answers cannot change between check and connect
 * (DNS rebinding). Redirects are followed by hand and every hop is checked again.
 */
import dns from "node:dns";
import type { LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, request, fetch as undiciFetch } from "undici";

export type SafeFetchRefusal = "invalid_url" | "scheme" | "private_address" | "dns" | "too_many_redirects" | "too_large" | "timeout" | "network";

export class SafeFetchError extends Error {
  readonly reason: SafeFetchRefusal;
  constructor(reason: SafeFetchRefusal, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "SafeFetchError";
    this.reason = reason;
  }
}

/**
 * Why an address may not be fetched ("loopback", "private", "linkLocal", "carrierGradeNat" …), or
 * null for an ordinary public unicast address. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as
 * the IPv4 address it carries; NAT64, 6to4 and Teredo, which tunnel to IPv4, are refused outright.
 */
export function addressRefusal(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return "invalid";
  let ip = ipaddr.parse(bare);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === "unicast" ? null : range;
}

export type SafeFetchOptions = {
  allowPrivate?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  /** Which addresses are refused and why; tests narrow it to let one local server through. */
  policy?: (address: string) => string | null;
};

/** `headers`: the final answer's headers, names lowercased, repeated ones joined with ", " (ETag, Last-Modified …). */
export type SafeFetchResult = { url: string; status: number; contentType: string | null; headers: Record<string, string>; body: Buffer };

const privateMessage = (host: string, address: string) =>
  `${host} resolves to a private address (${address}); Chorus does not fetch private addresses unless an admin allows it (CHORUS_ALLOW_PRIVATE_FETCH).`;

/** A net.connect `lookup` that resolves every address and hands on only the allowed ones. */
function checkedLookup(refuse: (address: string) => string | null, onRefuse: (e: SafeFetchError) => void) {
  return (hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) {
        const e = new SafeFetchError("dns", `${hostname} could not be found (${err.code ?? err.message}). Check the address.`, { cause: err });
        onRefuse(e);
        return callback(e, []);
      }
      const allowed = addresses.filter((a) => refuse(a.address) === null);
      const first = allowed[0];
      if (!first) {
        const e = new SafeFetchError("private_address", privateMessage(hostname, addresses[0]?.address ?? "none"));
        onRefuse(e);
        return callback(e, []);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, first.address, first.family);
    });
  };
}

function checkUrl(raw: string, refuse: (address: string) => string | null): URL {
  if (!URL.canParse(raw)) throw new SafeFetchError("invalid_url", `${JSON.stringify(raw)} is not a web address. Write it as https://…`);
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SafeFetchError("scheme", `Chorus fetches only http:// and https:// addresses, not ${url.protocol}//.`);
  }
  if (url.username || url.password) throw new SafeFetchError("invalid_url", "Addresses with a user name or password are not fetched.");
  // An IP literal is connected to without any lookup, so it is checked here.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host) && refuse(host) !== null) {
    throw new SafeFetchError("private_address", privateMessage(url.hostname, host));
  }
  return url;
}

/** GET a user-given URL: http(s) only, public addresses only, ≤ 5 redirects, ≤ 2 MB, ≤ 8 s. */
export async function safeFetch(rawUrl: string, opts: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const refuse = opts.allowPrivate ? () => null : (opts.policy ?? addressRefusal);
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 8000;
  const maxRedirects = opts.maxRedirects ?? 5;
  let refusal: SafeFetchError | undefined;
  const agent = new Agent({ connect: { lookup: checkedLookup(refuse, (e) => (refusal = e)), timeout: timeoutMs } });
  const signal = AbortSignal.timeout(timeoutMs);
  let url = checkUrl(rawUrl, refuse);
  try {
    for (let hop = 0; ; hop++) {
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(url, { method: "GET", dispatcher: agent, signal, headers: { "user-agent": "ChorusBot/1.0 (link preview)", accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", ...opts.headers } });
      } catch (err) {
        if (refusal) throw refusal;
        if (signal.aborted) throw new SafeFetchError("timeout", `${url.host} did not answer within ${timeoutMs / 1000} s.`, { cause: err });
        throw new SafeFetchError("network", `${url.host} could not be reached (${(err as Error).message}).`, { cause: err });
      }
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump();
        if (hop >= maxRedirects) throw new SafeFetchError("too_many_redirects", `${rawUrl} redirects more than ${maxRedirects} times.`);
        const next = new URL(String(location), url).toString();
        url = checkUrl(next, refuse);
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          size += (chunk as Buffer).length;
          if (size > maxBytes) {
            res.body.destroy();
            throw new SafeFetchError("too_large", `${url.host} sent more than ${Math.round(maxBytes / 1024 / 1024)} MB; Chorus stops reading there.`);
          }
          chunks.push(chunk as Buffer);
        }
      } catch (err) {
        if (err instanceof SafeFetchError) throw err;
        if (signal.aborted) throw new SafeFetchError("timeout", `${url.host} did not finish answering within ${timeoutMs / 1000} s.`, { cause: err });
        throw new SafeFetchError("network", `${url.host} broke off its answer (${(err as Error).message}).`, { cause: err });
      }
      const ct = res.headers["content-type"];
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      return { url: url.toString(), status: res.statusCode, contentType: ct ? String(ct) : null, headers, body: Buffer.concat(chunks) };
    }
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

/**
 * A fetch for connectors that talk to a server the user named (a Mastodon instance, a Bluesky
 * PDS): the same address policy as safeFetch — every connection, including after redirects,
 * goes only to public addresses unless an admin allows private ones.
 */
export function guardedFetch(opts: { allowPrivate: boolean }): typeof fetch {
  if (opts.allowPrivate) return fetch;
  const dispatcher = new Agent({ connect: { lookup: checkedLookup(addressRefusal, () => undefined) } });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    checkUrl(raw, addressRefusal);
    // undici's fetch with our dispatcher; its Response is the same class the global fetch returns.
    return undiciFetch(input as string, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1]);
  }) as unknown as typeof fetch;
}
