/**
 * The inbox's "done" flow on real parts: the demo brand gets a Bluesky channel on a local atproto
 * network (test/support/atproto.ts). Two people on that network answer the brand's post with
 * complaints, one in English and one in Russian. In the browser the manager asks the channels for
 * new comments, the complaints appear on the open page (live stream, no reload) beside the
 * Sandbox's, marked negative with their language; the English one is assigned to a teammate,
 * answered from Chorus — the answer is then read back from the network under the right comment —
 * and resolved; the response-time report counts it.
 */
import { AtpAgent } from "@atproto/api";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LocalAtproto, startAtproto, type TestAccount } from "../support/atproto.js";
import { pgUrl } from "../support/stores.js";
import { launchBrowser, newPage, openInbox, signIn } from "./support/browser.js";
import { startServer, type TestServer } from "./support/server.js";

if (process.env.CI === "true" && !pgUrl) throw new Error("CI must set CHORUS_TEST_DATABASE_URL: the local atproto network needs PostgreSQL");

const complaintEn = "The latte was cold and nobody answered my complaint. Very disappointed.";
const complaintRu = "Ужасное обслуживание, ждали заказ сорок минут и никто не извинился.";
const answer = "We are sorry, this should not have happened. Please message us and we will make it right today.";

describe.skipIf(!pgUrl)("inbox with Sandbox and Bluesky (local atproto network)", () => {
  let atproto: LocalAtproto;
  let server: TestServer;
  let browser: Browser;
  let brandAccount: TestAccount;
  const agents: Record<"anna" | "ivan", { account: TestAccount; agent: AtpAgent }> = {} as never;

  beforeAll(async () => {
    atproto = await startAtproto(pgUrl as string);
    brandAccount = await atproto.createAccount("northcafe.test");
    for (const name of ["anna", "ivan"] as const) {
      const account = await atproto.createAccount(`${name}.test`);
      const agent = new AtpAgent({ service: atproto.pdsUrl });
      await agent.login({ identifier: account.handle, password: account.accountPassword });
      await agent.upsertProfile((p) => ({ ...p, displayName: name === "anna" ? "Anna Smith" : "Иван Петров" }));
      agents[name] = { account, agent };
    }
    [server, browser] = await Promise.all([startServer({ env: { CHORUS_ALLOW_PRIVATE_FETCH: "1" } }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await atproto?.close();
  });

  test("complaints from Bluesky arrive live, are assigned, answered on the network, resolved and counted", { timeout: 120_000 }, async () => {
    const page = await newPage(browser, server.baseUrl);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page);
    const m = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(page.url());
    if (!m) throw new Error(`not on a brand page: ${page.url()}`);
    const [ws, brandId] = [decodeURIComponent(m[1] as string), decodeURIComponent(m[2] as string)];

    // The brand connects its Bluesky account and posts there; two people complain under the post.
    const connected = await page.request.post(`/api/workspaces/${ws}/channels`, {
      data: { brandId, network: "bluesky", fields: { service: atproto.pdsUrl, identifier: brandAccount.handle, appPassword: brandAccount.password } },
    });
    expect(connected.status(), await connected.text()).toBe(201);
    const brandAgent = new AtpAgent({ service: atproto.pdsUrl });
    await brandAgent.login({ identifier: brandAccount.handle, password: brandAccount.accountPassword });
    const post = await brandAgent.post({ text: "New autumn menu: pumpkin latte and cardamom buns ☕", createdAt: new Date().toISOString() });
    await atproto.processAll();
    const root = { uri: post.uri, cid: post.cid };
    const reply = async (who: "anna" | "ivan", text: string) => agents[who].agent.post({ text, reply: { root, parent: root }, createdAt: new Date().toISOString() });
    const annaPost = await reply("anna", complaintEn);
    await reply("ivan", complaintRu);
    await atproto.processAll();

    // The inbox is open and live before the comments are fetched: they must arrive without a reload.
    await openInbox(page);
    await page.getByTestId("inbox-row").first().waitFor();
    await expect.poll(() => page.getByTestId("inbox-live").textContent(), { timeout: 15_000 }).toContain("Live");
    expect(await page.locator('[data-testid="inbox-row"]', { hasText: "Sandbox" }).count()).toBeGreaterThan(0);
    await page.getByTestId("inbox-refresh").click();
    const rowOf = (text: string) => page.locator('[data-testid="inbox-row"]', { hasText: text.slice(0, 30) });
    await rowOf(complaintEn).waitFor({ timeout: 45_000 });
    await rowOf(complaintRu).waitFor({ timeout: 45_000 });
    for (const [text, lang] of [
      [complaintEn, "EN"],
      [complaintRu, "RU"],
    ] as const) {
      const row = rowOf(text);
      expect(await row.getAttribute("data-sentiment")).toBe("negative");
      expect(await row.textContent()).toContain("Bluesky");
      expect(await row.textContent()).toContain(lang);
    }
    // Sandbox complaints are in the same list: the negative filter shows both networks.
    await page.getByTestId("inbox-filter-sentiment").selectOption("negative");
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="inbox-row"]')];
      return rows.length > 2 && rows.every((r) => r.getAttribute("data-sentiment") === "negative");
    });
    expect(await page.locator('[data-testid="inbox-row"]', { hasText: "Sandbox" }).count()).toBeGreaterThan(0);

    // Assign the English complaint to a teammate.
    await rowOf(complaintEn).click();
    const itemId = await rowOf(complaintEn).getAttribute("data-id");
    await page.locator(`[data-testid="inbox-detail"][data-id="${itemId}"]`).waitFor();
    const assignee = page.getByTestId("inbox-assignee");
    const teammate = await assignee.locator("option").evaluateAll((opts) => {
      const o = (opts as HTMLOptionElement[]).find((x) => x.value && !x.textContent?.includes("(me)"));
      return o ? { value: o.value, name: o.textContent ?? "" } : null;
    });
    if (!teammate) throw new Error("the demo team has no other member");
    await assignee.selectOption(teammate.value);
    await rowOf(complaintEn).getByTestId("row-assignee").waitFor();

    // Answer from Chorus and watch it go out.
    await page.getByTestId("reply-text").fill(answer);
    await page.getByTestId("reply-send").click();
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="reply-status"]')].at(-1)?.getAttribute("data-status") === "sent",
      undefined,
      { timeout: 30_000 },
    );

    // The answer is on the network, under Anna's comment, by the brand.
    await atproto.processAll();
    const thread = await agents.anna.agent.app.bsky.feed.getPostThread({ uri: annaPost.uri, depth: 2 });
    const replies = (thread.data.thread as { replies?: { post: { author: { handle: string }; record: { text?: string } } }[] }).replies ?? [];
    expect(replies.map((r) => [r.post.author.handle, r.post.record.text])).toContainEqual([brandAccount.handle, answer]);

    // Resolve it; the report counts a first response and a resolution.
    const before = await page.getByTestId("inbox-report").textContent();
    await page.getByTestId("inbox-status-resolved").click();
    await page.locator(`[data-testid="inbox-detail"][data-id="${itemId}"][data-status="resolved"]`).waitFor();
    // The conversation says how long answering and resolving took.
    await page.locator('[data-testid="inbox-timing"] [data-timing="answered"]').waitFor();
    await page.locator('[data-testid="inbox-timing"] [data-timing="resolved"]').waitFor();
    const report = (await (await page.request.get(`/api/workspaces/${ws}/inbox/report?brandId=${brandId}`)).json()) as {
      firstResponse: { count: number; median: number | null };
      resolution: { count: number };
      byMember: { name: string; replies: number }[];
    };
    expect(report.firstResponse.count).toBeGreaterThan(0);
    expect(report.firstResponse.median).not.toBeNull();
    expect(report.resolution.count).toBeGreaterThan(0);
    expect(report.byMember.some((mem) => mem.replies >= 1)).toBe(true);
    await page.reload();
    await page.getByTestId("inbox-report").waitFor();
    const after = await page.getByTestId("inbox-report").textContent();
    expect(after).toMatch(/\d/);
    expect(after).not.toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
