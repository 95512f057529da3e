/** Link previews from a local web server: refused by default (SSRF), parsed when an admin allows private fetches. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressRefusal } from "../src/net/safe-fetch.js";
import { previewLink } from "../src/services/link-preview.service.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type Preview = {
  finalUrl: string;
  tags: Record<string, string | number | null>;
  previews: Record<string, { title: string | null; description: string | null; image: string | null; siteName: string | null }>;
  warnings: { code: string; message: string }[];
};

const longTitle = "Большая весенняя распродажа кед, кроссовок и всего, что нужно для бега по утрам";
const longDescription = "Описание ".repeat(30).trim();
const pages: Record<string, { type: string; body: Buffer | string }> = {
  "/good": {
    type: "text/html; charset=utf-8",
    body: `<!doctype html><html><head><title>Shop</title>
      <meta property="og:title" content="Spring sale &amp; more">
      <meta property="og:description" content="Sneakers up to 50% off">
      <meta property="og:image" content="https://cdn.example.com/sale.jpg">
      <meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
      <meta property="og:site_name" content="Example Shop">
      <meta name="twitter:card" content="summary_large_image">
      </head><body>hi</body></html>`,
  },
  "/weak": {
    type: "text/html",
    body: `<html><head><title>  ${longTitle} </title><meta name="description" content="${longDescription}">
      <meta property="og:image" content="/img/small.png"><meta property="og:image:width" content="600"><meta property="og:image:height" content="315"></head></html>`,
  },
  "/cp1251": { type: "text/html; charset=windows-1251", body: Buffer.from([0x3c, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x3c, 0x2f, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e]) },
};

describe.each(dialects)("link previews (%s)", (dialect) => {
  let server: http.Server;
  let base: string;
  let strict: TestApi;
  let open: TestApi;
  let ts: Tenant;
  let to: Tenant;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/to-private") return res.writeHead(302, { location: "http://10.0.0.5/admin" }).end();
      if (req.url === "/to-good") return res.writeHead(301, { location: "/good" }).end();
      const page = pages[req.url ?? ""];
      if (!page) return res.writeHead(404).end("missing");
      res.writeHead(200, { "content-type": page.type }).end(page.body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    strict = await createTestApi(dialect);
    open = await createTestApi(dialect, { CHORUS_ALLOW_PRIVATE_FETCH: "1" });
    ts = await createTenant(strict);
    to = await createTenant(open);
  });
  afterAll(async () => {
    await strict?.close();
    await open?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const preview = (api: TestApi, t: Tenant, url: string) =>
    api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/link-preview`, headers: { cookie: t.owner }, payload: { url } });

  it("refuses a private address by default", async () => {
    const res = await preview(strict, ts, `${base}/good`);
    expect(res.statusCode).toBe(400);
    const p = json<{ code: string; detail: string; errors: { path: string }[] }>(res);
    expect(p.code).toBe("validation_failed");
    expect(p.detail).toBe("127.0.0.1 resolves to a private address (127.0.0.1); Chorus does not fetch private addresses unless an admin allows it (CHORUS_ALLOW_PRIVATE_FETCH).");
    expect(p.errors[0]?.path).toBe("url");
    const local = await preview(strict, ts, `http://localhost:${new URL(base).port}/good`);
    expect(json<{ detail: string }>(local).detail).toMatch(/^localhost resolves to a private address/);
    expect(json<{ detail: string }>(await preview(strict, ts, "file:///etc/passwd")).detail).toBe("Chorus fetches only http:// and https:// addresses, not file://.");
  });

  it("reads Open Graph tags and shows what each network will display", async () => {
    const res = await preview(open, to, `${base}/to-good`);
    expect(res.statusCode, res.body).toBe(200);
    const p = json<Preview>(res);
    expect(p.finalUrl).toBe(`${base}/good`);
    expect(p.tags).toMatchObject({ ogTitle: "Spring sale & more", ogImageWidth: 1200, ogImageHeight: 630, twitterCard: "summary_large_image", htmlTitle: "Shop" });
    expect(p.previews.telegram).toEqual({ title: "Spring sale & more", description: "Sneakers up to 50% off", image: "https://cdn.example.com/sale.jpg", siteName: "Example Shop" });
    expect(p.previews.vk).toEqual({ title: "Spring sale & more", description: null, image: "https://cdn.example.com/sale.jpg", siteName: "127.0.0.1" });
    expect(p.previews.bluesky).toMatchObject({ title: "Spring sale & more", description: "Sneakers up to 50% off", image: "https://cdn.example.com/sale.jpg" });
    expect(p.previews.mastodon?.siteName).toBe("Example Shop");
    expect(p.warnings).toEqual([]);
  });

  it("warns about missing tags, long texts and a small relative image", async () => {
    const p = json<Preview>(await preview(open, to, `${base}/weak`));
    expect(p.warnings.map((w) => w.code)).toEqual(["og_title_missing", "og_description_missing", "title_too_long", "description_too_long", "image_not_absolute", "image_too_small"]);
    expect(p.warnings.find((w) => w.code === "title_too_long")?.message).toBe(`The title is ${[...longTitle].length} characters; networks cut titles after about 60–70.`);
    expect(p.warnings.find((w) => w.code === "image_too_small")?.message).toBe("The image is 600×315; 1200×630 or larger is recommended for a large preview.");
    expect(p.previews.facebook).toMatchObject({ title: longTitle, description: longDescription, image: `${base}/img/small.png` });
    const ru = json<Preview>(await preview(open, to, `${base}/cp1251`));
    expect(ru.tags.htmlTitle).toBe("Привет");
    expect(ru.warnings.map((w) => w.code)).toEqual(["og_title_missing", "og_description_missing", "og_image_missing"]);
  });

  it("says so when the page is missing", async () => {
    const res = await preview(open, to, `${base}/nothing`);
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toMatch(/answered 404/);
  });

  it("checks redirects again: a public page may not send Chorus to a private address", async () => {
    // Treat the test server's 127.0.0.1 as if it were a public site; everything else keeps the real rules.
    const deps = { db: open.store.db, allowPrivateFetch: false, fetchOptions: { policy: (a: string) => (a === "127.0.0.1" ? null : addressRefusal(a)) } };
    const ok = await previewLink(deps, { userId: to.ownerId }, to.workspaceId, `${base}/good`);
    expect(ok.tags.ogTitle).toBe("Spring sale & more");
    const err = await previewLink(deps, { userId: to.ownerId }, to.workspaceId, `${base}/to-private`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "validation_failed", message: expect.stringMatching(/^10\.0\.0\.5 resolves to a private address \(10\.0\.0\.5\); Chorus does not fetch private addresses/) });
  });
});
