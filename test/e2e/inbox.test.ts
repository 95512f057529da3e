/**
 * Inbox, end to end: the demo manager opens the inbox, narrows it to negative comments from the
 * Sandbox channels, assigns one to themself, replies, watches the reply go from "sending" to
 * "sent", and resolves the conversation.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchBrowser, newPage, openNav, signIn } from "./support/browser.js";
import { startServer, type TestServer } from "./support/server.js";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("assigns a negative Sandbox comment to me, replies, sees it sent and resolves it", async () => {
  const page = await newPage(browser, server.baseUrl);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "inbox");

  // Negative comments from the Sandbox are there and clearly marked.
  await page.getByTestId("inbox-filter-sentiment").selectOption("negative");
  await page.getByTestId("inbox-filter-unanswered").check();
  const rows = page.getByTestId("inbox-row");
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('[data-testid="inbox-row"]')];
    return all.length > 0 && all.every((r) => r.getAttribute("data-sentiment") === "negative");
  });
  expect(await rows.first().textContent()).toContain("Sandbox");
  expect(await rows.first().getByTestId("sentiment-badge").getAttribute("data-sentiment")).toBe("negative");

  await rows.first().click();
  const detail = page.getByTestId("inbox-detail");
  const itemId = await rows.first().getAttribute("data-id");
  await page.locator(`[data-testid="inbox-detail"][data-id="${itemId}"]`).waitFor();
  await page.getByTestId("negative-hint").waitFor();

  // Assign to me.
  await page.getByTestId("inbox-assign-me").click();
  await page.waitForFunction(() => {
    const s = document.querySelector<HTMLSelectElement>('[data-testid="inbox-assignee"]');
    return Boolean(s?.value);
  });
  expect(await page.getByTestId("inbox-assignee").locator("option:checked").textContent()).toContain("(me)");

  // Reply with the keyboard shortcut, then watch the delivery.
  await page.keyboard.press("r");
  await page.keyboard.type("We are sorry about this. Please write to us in private messages and we will sort it out today.");
  await page.getByTestId("reply-send").click();
  const status = page.getByTestId("reply-status").last();
  await status.waitFor();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="reply-status"]')].at(-1)?.getAttribute("data-status") === "sent",
    undefined,
    { timeout: 30_000 },
  );
  expect(await status.textContent()).toBe("Sent");
  expect(await page.getByTestId("reply-text").inputValue()).toBe("");

  // Resolve.
  await page.getByTestId("inbox-status-resolved").click();
  await page.locator('[data-testid="inbox-detail"][data-status="resolved"]').waitFor();
  expect(await detail.getAttribute("data-id")).toBe(itemId);
  expect(pageErrors).toEqual([]);
}, 90_000);
