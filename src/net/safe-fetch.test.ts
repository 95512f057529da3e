import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressRefusal, SafeFetchError, safeFetch } from "./safe-fetch.js";

describe("addressRefusal", () => {
  it.each([
    ["10.0.0.5", "private"],
    ["172.16.3.4", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.1.1", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.5", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["64:ff9b::a00:5", "rfc6052"],
    ["2002:a00:5::", "6to4"],
    ["2001:db8::1", "reserved"],
    ["fe80::1%eth0", "linkLocal"],
  ])("refuses %s (%s)", (address, range) => {
    expect(addressRefusal(address)).toBe(range);
  });

  it.each(["93.184.215.14", "8.8.8.8", "1.1.1.1", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"])("allows public %s", (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it("treats garbage as refused", () => {
    expect(addressRefusal("example.com")).toBe("invalid");
  });
});

describe("safeFetch against a local server", () => {
  let server: http.Server;
  let base: string;
  let port: number;
  // Lets 127.0.0.1 through (as if it were public) and refuses everything else that is not public.
  const only127 = (a: string) => (a === "127.0.0.1" ? null : addressRefusal(a));

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/to-private") return res.writeHead(302, { location: "http://10.0.0.5/" }).end();
      if (req.url === "/to-loopback6") return res.writeHead(302, { location: `http://[::1]:${port}/` }).end();
      if (req.url === "/to-localhost") return res.writeHead(302, { location: `http://localhost:${port}/ok` }).end();
      if (req.url === "/to-ftp") return res.writeHead(302, { location: "ftp://example.com/" }).end();
      if (req.url === "/loop") return res.writeHead(302, { location: "/loop" }).end();
      if (req.url === "/big") {
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end(Buffer.alloc(3 * 1024 * 1024, 97));
      }
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
      if (req.url === "/conditional") {
        const fresh = req.headers["if-none-match"] === '"v1"';
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.writeHead(fresh ? 304 : 200, { etag: '"v1"', "last-modified": "Tue, 10 Mar 2026 08:00:00 GMT", "x-seen-agent": String(req.headers["user-agent"]) });
        return res.end(fresh ? undefined : "body");
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<title>ok</title>");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SafeFetchError);
    return err as SafeFetchError;
  };

  it("refuses loopback by default, by literal and by name", async () => {
    const byIp = await refusal(safeFetch(`${base}/`));
    expect(byIp.reason).toBe("private_address");
    expect(byIp.message).toBe(
      "127.0.0.1 resolves to a private address (127.0.0.1); Chorus does not fetch private addresses unless an admin allows it (CHORUS_ALLOW_PRIVATE_FETCH).",
    );
    const byName = await refusal(safeFetch(`http://localhost:${port}/`));
    expect(byName.reason).toBe("private_address");
    expect(byName.message).toMatch(/^localhost resolves to a private address \((127\.0\.0\.1|::1)\)/);
  });

  it("fetches when private addresses are allowed", async () => {
    const res = await safeFetch(`${base}/`, { allowPrivate: true });
    expect(res).toMatchObject({ status: 200, contentType: "text/html; charset=utf-8" });
    expect(res.body.toString()).toBe("<title>ok</title>");
  });

  it("sends the caller's request headers and returns the answer's headers (conditional GET)", async () => {
    const first = await safeFetch(`${base}/conditional`, { allowPrivate: true, headers: { "user-agent": "ChorusTest/1.0" } });
    expect(first).toMatchObject({ status: 200, headers: { etag: '"v1"', "last-modified": "Tue, 10 Mar 2026 08:00:00 GMT", "x-seen-agent": "ChorusTest/1.0", "set-cookie": "a=1, b=2" } });
    const again = await safeFetch(`${base}/conditional`, { allowPrivate: true, headers: { "if-none-match": first.headers.etag! } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe('"v1"');
  });

  it("checks every redirect again", async () => {
    expect((await refusal(safeFetch(`${base}/to-private`, { policy: only127 }))).message).toMatch(/^10\.0\.0\.5 resolves to a private address \(10\.0\.0\.5\)/);
    expect((await refusal(safeFetch(`${base}/to-loopback6`, { policy: only127 }))).reason).toBe("private_address");
    expect((await refusal(safeFetch(`${base}/to-ftp`, { policy: only127 }))).reason).toBe("scheme");
    expect((await refusal(safeFetch(`${base}/loop`, { policy: only127 }))).reason).toBe("too_many_redirects");
    const ok = await safeFetch(`${base}/to-localhost`, { policy: only127 });
    expect(ok.url).toBe(`http://localhost:${port}/ok`);
  });

  it("caps size and time, and refuses other schemes", async () => {
    expect((await refusal(safeFetch(`${base}/big`, { policy: only127 }))).reason).toBe("too_large");
    expect((await refusal(safeFetch(`${base}/slow`, { policy: only127, timeoutMs: 300 }))).reason).toBe("timeout");
    expect((await refusal(safeFetch("file:///etc/passwd"))).reason).toBe("scheme");
    expect((await refusal(safeFetch("not a url"))).reason).toBe("invalid_url");
    expect((await refusal(safeFetch("http://user:pw@example.com/"))).reason).toBe("invalid_url");
  });
});
