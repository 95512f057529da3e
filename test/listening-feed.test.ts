/**
 * The feed reader (src/services/listening/feed.ts) against a real HTTP server on 127.0.0.1,
 * through safeFetch: conditional requests answered 304, redirects and relative links, a page
 * instead of a feed, a server that never answers, size and status limits, and the address policy
 * (127.0.0.1 is read only with allowPrivate, which these tests pass for their own server).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FeedError, readFeed } from "../src/services/listening/feed.js";

const etag = '"rss-v1"';
const lastModified = "Tue, 10 Mar 2026 10:00:00 GMT";
const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>North Coffee</title><link>/</link><description>d</description>
<item><title>Zephyrcafe opens</title><link>/news/1</link><guid>n1</guid><pubDate>Tue, 10 Mar 2026 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Come &amp;amp; see&lt;/p&gt;</description></item>
</channel></rss>`;

type Seen = { url: string; headers: http.IncomingHttpHeaders };

describe("readFeed over HTTP", () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  const reading = async (p: Promise<unknown>): Promise<FeedError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FeedError);
    return err as FeedError;
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? "", headers: req.headers });
      switch (req.url) {
        case "/rss.xml":
          if (req.headers["if-none-match"] === etag || req.headers["if-modified-since"] === lastModified) {
            return res.writeHead(304, { etag, "last-modified": lastModified }).end();
          }
          return res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag, "last-modified": lastModified }).end(rss);
        case "/moved":
          return res.writeHead(301, { location: "/rss.xml" }).end();
        case "/site":
          return res
            .writeHead(200, { "content-type": "text/html; charset=utf-8" })
            .end('<!doctype html><html><head><title>North</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>Hi</body></html>');
        case "/ru.xml":
          // "Кофе" in windows-1251.
          return res
            .writeHead(200, { "content-type": "text/xml; charset=windows-1251" })
            .end(Buffer.concat([Buffer.from('<rss version="2.0"><channel><title>'), Buffer.from([0xca, 0xee, 0xf4, 0xe5]), Buffer.from("</title><link>https://ru.example/</link><description>x</description></channel></rss>")]));
        case "/gone":
          return res.writeHead(410, { "content-type": "text/plain" }).end("gone");
        case "/huge":
          res.writeHead(200, { "content-type": "application/rss+xml" });
          return res.end(`<rss version="2.0"><channel><title>big</title>${"<item><title>x</title></item>".repeat(20_000)}</channel></rss>`);
        case "/hang":
          // Never answers: the reader must give up on its own.
          return;
        default:
          return res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("reads a feed, then answers not_modified when the server says 304 to the validators it gave", async () => {
    const first = await readFeed(`${base}/rss.xml`, { allowPrivate: true });
    expect(first).toEqual({
      status: "ok",
      etag,
      lastModified,
      title: "North Coffee",
      items: [{ id: "n1", url: `${base}/news/1`, title: "Zephyrcafe opens", text: "Come & see", author: null, publishedAt: "2026-03-10T09:00:00.000Z" }],
    });
    const request = seen.at(-1)!;
    expect(request.headers["user-agent"]).toMatch(/^ChorusBot\/1\.0 \(feed reader\)/);
    expect(request.headers.accept).toMatch(/application\/rss\+xml/);
    expect(request.headers["if-none-match"]).toBeUndefined();

    const again = await readFeed(`${base}/rss.xml`, { allowPrivate: true, etag: first.etag!, lastModified: first.lastModified! });
    expect(again).toEqual({ status: "not_modified", etag, lastModified, title: null, items: [] });
    expect(seen.at(-1)!.headers).toMatchObject({ "if-none-match": etag, "if-modified-since": lastModified });
    // Only Last-Modified kept: the server answers 304 to it as well.
    await expect(readFeed(`${base}/rss.xml`, { allowPrivate: true, lastModified })).resolves.toMatchObject({ status: "not_modified" });
  });

  it("follows redirects and resolves relative links against where the feed was found", async () => {
    const feed = await readFeed(`${base}/moved`, { allowPrivate: true });
    expect(feed.items[0]!.url).toBe(`${base}/news/1`);
  });

  it("decodes a windows-1251 feed by its Content-Type", async () => {
    await expect(readFeed(`${base}/ru.xml`, { allowPrivate: true })).resolves.toMatchObject({ status: "ok", title: "Кофе", items: [] });
  });

  it("refuses a web page as not_a_feed, naming the feed it links to", async () => {
    const err = await reading(readFeed(`${base}/site`, { allowPrivate: true }));
    expect(err.reason).toBe("not_a_feed");
    expect(err.message).toBe(`${base}/site is a web page, not a feed. The page names its feed: ${base}/rss.xml — add that address instead.`);
  });

  it("refuses 127.0.0.1 without allowPrivate, before any request reaches the server", async () => {
    const before = seen.length;
    const err = await reading(readFeed(`${base}/rss.xml`));
    expect(err.reason).toBe("private_address");
    expect(err.message).toMatch(/^127\.0\.0\.1 resolves to a private address/);
    expect(seen.length).toBe(before);
  });

  it("gives up on a server that never answers within the configured time", async () => {
    const started = Date.now();
    const err = await reading(readFeed(`${base}/hang`, { allowPrivate: true, timeoutMs: 300 }));
    const took = Date.now() - started;
    expect(err.reason).toBe("timeout");
    expect(err.message).toMatch(/did not answer within 0\.3 s/);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(3000);
  });

  it("refuses error statuses and feeds over the size limit", async () => {
    const gone = await reading(readFeed(`${base}/gone`, { allowPrivate: true }));
    expect(gone).toMatchObject({ reason: "http_status", status: 410 });
    expect(gone.message).toBe(`${base}/gone answered HTTP 410: there is no feed at this address (any more). Check the address, or find the feed's new one on the site.`);
    const huge = await reading(readFeed(`${base}/huge`, { allowPrivate: true, maxBytes: 64 * 1024 }));
    expect(huge.reason).toBe("too_large");
    expect(huge.message).toBe(`The feed at ${base}/huge is larger than 64 KB, more than Chorus reads. Use a feed with fewer or shorter items (many sites offer one per category).`);
  });
});
