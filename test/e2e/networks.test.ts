/**
 * Real networks, end to end: one post for a Sandbox channel, a Bluesky channel on a local atproto
 * network (PLC, PDS, AppView from @atproto/dev-env, test/support/atproto.ts) and a Mastodon channel
 * on a local server answering Mastodon's documented API (test/support/fake-mastodon.ts). Compose
 * in the browser, see the Bluesky-only length problem, approve, schedule a few seconds ahead, watch
 * all three publish, read the Bluesky post back through the local network's own API, check what
 * the Mastodon server received, and find the post on the calendar.
 *
 * The AppView keeps its tables in PostgreSQL, so this file runs when CHORUS_TEST_DATABASE_URL is
 * set, and in CI (CI=true) it must be (test/support/stores.ts). The local servers listen on
 * loopback, which Chorus only calls with CHORUS_ALLOW_PRIVATE_FETCH.
 */
import { AtpAgent } from "@atproto/api";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalAtproto, startAtproto, type TestAccount } from "../support/atproto.js";
import { type FakeMastodon, startFakeMastodon } from "../support/fake-mastodon.js";
import { pgUrl } from "../support/stores.js";
import { launchBrowser, newPage, openNav, signIn } from "./support/browser.js";
import { startServer, type TestServer } from "./support/server.js";

type Brand = { id: string; timezone: string };
type Channel = { id: string; network: string; handle: string; simulated: boolean; status: string };
type PostView = {
  status: string;
  variants: { network: string; handle: string; status: string; text: string; publications: { item: number; url: string | null; externalId: string | null }[] }[];
};
type PostRecord = {
  text: string;
  facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; tag?: string }[] }[];
};

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s)].length;

describe.skipIf(!pgUrl)("publishing to Sandbox, Bluesky (local atproto network) and Mastodon (local server)", () => {
  let atproto: LocalAtproto;
  let account: TestAccount;
  let mastodon: FakeMastodon;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    const started = Date.now();
    [atproto, mastodon] = await Promise.all([startAtproto(pgUrl as string), startFakeMastodon()]);
    account = await atproto.createAccount("northcoffee.test");
    [server, browser] = await Promise.all([startServer({ env: { CHORUS_ALLOW_PRIVATE_FETCH: "1" } }), launchBrowser()]);
    console.info(`networks e2e: atproto, fake Mastodon, Chorus and Chromium ready in ${Date.now() - started} ms`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mastodon?.close();
    await atproto?.close();
  });

  /** The workspace and brand of the current URL, and the brand's time zone from the API. */
  async function currentBrand(page: Page): Promise<{ ws: string; brand: Brand }> {
    const m = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(page.url());
    if (!m) throw new Error(`not on a brand page: ${page.url()}`);
    const brandId = decodeURIComponent(m[2] as string);
    const me = (await (await page.request.get("/api/me")).json()) as { workspaces: { id: string }[] };
    const ws = decodeURIComponent(m[1] as string);
    expect(me.workspaces.map((w) => w.id)).toContain(ws);
    const { items } = (await (await page.request.get(`/api/workspaces/${ws}/brands?limit=100`)).json()) as { items: Brand[] };
    const brand = items.find((b) => b.id === brandId);
    if (!brand) throw new Error("brand not found");
    return { ws, brand };
  }

  test("composes for Sandbox, Bluesky and Mastodon, validates per network, publishes on time, and the posts exist on the networks", { timeout: 90_000 }, async () => {
    const t0 = Date.now();
    const page = await newPage(browser, server.baseUrl);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page);
    const { ws, brand } = await currentBrand(page);
    const api = `/api/workspaces/${ws}`;

    // Connect the two real channels through the API with the browser's session.
    const connect = async (network: string, fields: Record<string, unknown>): Promise<Channel> => {
      const res = await page.request.post(`${api}/channels`, { data: { brandId: brand.id, network, fields } });
      expect(res.status(), `${network}: ${await res.text()}`).toBe(201);
      return (await res.json()) as Channel;
    };
    const bsky = await connect("bluesky", { service: atproto.pdsUrl, identifier: account.handle, appPassword: account.password });
    expect(bsky).toMatchObject({ network: "bluesky", handle: account.handle, simulated: false, status: "active" });
    const masto = await connect("mastodon", { instanceUrl: mastodon.url, accessToken: mastodon.state.token, visibility: "public" });
    expect(masto).toMatchObject({ network: "mastodon", simulated: false, status: "active" });
    const { items: channels } = (await (await page.request.get(`${api}/channels?brandId=${brand.id}&limit=100`)).json()) as { items: Channel[] };
    const sandbox = channels.find((c) => c.simulated);
    if (!sandbox) throw new Error("the demo brand has no Sandbox channel");
    const handles = [sandbox.handle, bsky.handle, masto.handle];

    // A fresh composer that knows the new channels.
    await page.reload();
    await openNav(page, "publishing");
    await page.getByTestId("new-post").click();
    await page.getByTestId("composer").waitFor();
    for (const h of handles) await page.locator(`[data-testid="channel-option"][data-handle="${h}"] input`).check();
    expect(await page.getByTestId("variant-tab").count()).toBe(3);

    const editorOf = (h: string) => page.locator(`[data-testid="variant-editor"][data-handle="${h}"]`);
    const [sandboxEditor, bskyEditor, mastoEditor] = handles.map(editorOf) as [ReturnType<typeof editorOf>, ReturnType<typeof editorOf>, ReturnType<typeof editorOf>];

    // Longer than Bluesky's 300 graphemes, within Mastodon's 500: only the Bluesky variant has a problem.
    const title = `E2E networks ${Date.now()}`;
    const long = `${title} — ${"Fresh beans, fresh week. ".repeat(14).trim()}`;
    const longCount = graphemes(long);
    expect(longCount).toBeGreaterThan(300);
    expect(longCount).toBeLessThan(500);
    await page.getByTestId("base-text").fill(long);
    await page.getByTestId("post-rubric").selectOption({ index: 1 });
    await expect.poll(() => bskyEditor.getByTestId("variant-counter").textContent()).toBe(`${longCount} / 300 graphemes`);
    await bskyEditor.getByTestId("variant-problems").waitFor({ state: "attached" });
    expect(await bskyEditor.getByTestId("variant-problems").textContent()).toMatch(/Bluesky allows 300/);
    await expect.poll(() => mastoEditor.getByTestId("variant-counter").textContent()).toBe(`${longCount} / 500 graphemes`);
    await expect.poll(() => sandboxEditor.getByTestId("variant-counter").textContent()).toBe(`${longCount} / 2000 graphemes`);
    expect(await mastoEditor.getByTestId("variant-problems").count()).toBe(0);
    expect(await sandboxEditor.getByTestId("variant-problems").count()).toBe(0);
    expect(await page.locator(`[data-testid="variant-tab"][data-handle="${bsky.handle}"] .tab__dot`).count()).toBe(1);
    expect(await page.getByTestId("schedule").isDisabled()).toBe(true);
    expect(await page.getByTestId("schedule-hint").textContent()).toMatch(/problems/i);

    // Shorter, with a link and a hashtag: no problems anywhere.
    const link = "https://example.com/menu?ref=e2e";
    const text = `${title}: the autumn menu is out, see ${link} #ChorusLaunch`;
    await page.getByTestId("base-text").fill(text);
    // The counter measures the text as it will be sent: the link gains its UTM tags first.
    const counted = async () => Number(/^(\d+) \/ 300 graphemes$/.exec((await bskyEditor.getByTestId("variant-counter").textContent()) ?? "")?.[1] ?? 0);
    await expect.poll(async () => {
      const n = await counted();
      return n > graphemes(text) && n <= 300;
    }).toBe(true);
    await bskyEditor.getByTestId("variant-problems").waitFor({ state: "detached" });
    expect(await page.getByTestId("variant-problems").count()).toBe(0);
    await expect.poll(() => page.getByTestId("schedule-hint").textContent()).toMatch(/approval/i);

    await page.getByTestId("save-draft").click();
    await page.waitForURL(/\/posts\/[^/]+$/);
    const postId = decodeURIComponent(page.url().split("/posts/")[1] as string);
    await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("draft");
    await page.getByTestId("submit-approval").click();
    await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("in_review");
    await page.getByTestId("decision-comment").fill("Good for all three");
    await page.getByTestId("approve").click();
    await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("approved");

    const at = DateTime.now().setZone(brand.timezone).plus({ seconds: 8 });
    await page.getByTestId("post-time").fill(at.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
    await expect.poll(() => page.getByTestId("schedule").isDisabled()).toBe(false);
    await page.getByTestId("schedule").click();
    await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toMatch(/^(scheduled|publishing|published)$/);
    const tScheduled = Date.now();

    const rowStatus = (h: string) => page.locator(`[data-testid="variant-status-row"][data-handle="${h}"]`).getAttribute("data-status");
    await expect
      .poll(async () => (await Promise.all(handles.map(rowStatus))).join(","), { timeout: 45_000, interval: 1000 })
      .toBe("published,published,published");
    const tPublished = Date.now();
    expect(tPublished).toBeGreaterThanOrEqual(at.set({ millisecond: 0 }).toMillis());
    await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("published");

    // The Bluesky publication's address, from the API and as the UI links it.
    const post = (await (await page.request.get(`${api}/posts/${postId}`)).json()) as PostView;
    const bskyVariant = post.variants.find((v) => v.network === "bluesky");
    const bskyUrl = bskyVariant?.publications.find((p) => p.item === 0)?.url ?? "";
    const m = /^https:\/\/bsky\.app\/profile\/([^/]+)\/post\/([^/]+)$/.exec(bskyUrl);
    if (!m) throw new Error(`not a Bluesky post URL: ${bskyUrl}`);
    const [, urlHandle, rkey] = m as unknown as [string, string, string];
    // Links go out UTM-tagged (src/domain/utm.ts): source = the network, content = the post id.
    const taggedLink = (network: string) => `${link}&utm_source=${network}&utm_medium=social&utm_content=${postId}`;
    const sentText = (network: string) => text.replace(link, taggedLink(network));
    expect(urlHandle).toBe(account.handle);
    expect(await page.locator(`[data-testid="variant-status-row"][data-handle="${bsky.handle}"] [data-testid="variant-url"]`).getAttribute("data-url")).toBe(bskyUrl);

    // Open it through the local network: handle → DID on the PDS, the record, and the AppView's view.
    const pds = new AtpAgent({ service: atproto.pdsUrl });
    const did = (await pds.com.atproto.identity.resolveHandle({ handle: urlHandle })).data.did;
    expect(did).toBe(account.did);
    const record = (await pds.com.atproto.repo.getRecord({ repo: did, collection: "app.bsky.feed.post", rkey })).data.value as PostRecord;
    expect(record.text).toBe(sentText("bluesky"));
    const bytes = Buffer.from(record.text, "utf8");
    const features = (record.facets ?? []).map((f) => ({ ...f.features[0], slice: bytes.subarray(f.index.byteStart, f.index.byteEnd).toString("utf8") }));
    expect(features).toEqual(
      expect.arrayContaining([
        { $type: "app.bsky.richtext.facet#link", uri: taggedLink("bluesky"), slice: taggedLink("bluesky") },
        { $type: "app.bsky.richtext.facet#tag", tag: "ChorusLaunch", slice: "#ChorusLaunch" },
      ]),
    );
    await atproto.processAll();
    const appview = new AtpAgent({ service: atproto.appviewUrl });
    const uri = `at://${did}/app.bsky.feed.post/${rkey}`;
    const thread = (await appview.app.bsky.feed.getPostThread({ uri, depth: 0 })).data.thread as { post?: { uri: string; author: { did: string; handle: string }; record: { text?: string } } };
    expect(thread.post?.uri).toBe(uri);
    expect(thread.post?.author).toMatchObject({ did, handle: account.handle });
    expect(thread.post?.record.text).toBe(sentText("bluesky"));

    // Mastodon received the status exactly once, with an Idempotency-Key.
    const statuses = mastodon.calls("POST /api/v1/statuses").filter((r) => r.form.status === sentText("mastodon"));
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.headers["idempotency-key"]).toMatch(/\S/);
    expect(mastodon.state.statuses.size).toBe(1);
    const mastoUrl = post.variants.find((v) => v.network === "mastodon")?.publications[0]?.url ?? "";
    expect(mastoUrl).toMatch(new RegExp(`^${mastodon.url}/@northcoffee/\\d+$`));

    // On the calendar, each variant as published.
    await openNav(page, "calendar");
    const events = page.locator(`[data-testid="calendar-event"][data-post="${postId}"]`);
    await events.first().waitFor();
    expect(await events.first().getAttribute("data-status")).toBe("published");
    // The month grid may fold a busy day into "+N more"; the list shows every event.
    await page.locator(".fc-listWeek-button").click();
    await expect.poll(async () => (await events.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).join(",")).toBe("published,published,published");
    const titles = await events.evaluateAll((els) => els.map((e) => e.getAttribute("title") ?? ""));
    expect(titles.every((t) => t.includes(title))).toBe(true);

    expect(pageErrors).toEqual([]);
    await page.context().close();
    console.info(
      `networks e2e: composed and scheduled in ${tScheduled - t0} ms, published ${tPublished - at.toMillis()} ms after the scheduled time, whole test ${Date.now() - t0} ms`,
    );
  });
});
