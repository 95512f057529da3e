/** Writes the README screenshots (1280×800) to docs/screenshots/: login, home, channels, connect dialog, members, calendar, composer. */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchBrowser, newPage, openNav, signIn } from "./support/browser.js";
import { startServer, type TestServer } from "./support/server.js";

const outDir = path.resolve(import.meta.dirname, "../../docs/screenshots");

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  fs.mkdirSync(outDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shoot(page: Page, name: string): Promise<void> {
  // Let fonts and the last query settle so the picture is stable.
  await page.waitForLoadState("networkidle");
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

test("screenshots of login, home, channels, the connect dialog, members, the calendar and the composer", async () => {
  const page = await newPage(browser, server.baseUrl);
  await page.goto("/login");
  await page.getByTestId("login-form").waitFor();
  await shoot(page, "login");

  await signIn(page);
  await shoot(page, "home");

  await openNav(page, "channels");
  await page.getByTestId("channel-row").first().waitFor();
  await shoot(page, "channels");

  await page.getByTestId("connect-channel").click();
  await page.getByTestId("connect-form").waitFor();
  await page.getByTestId("field-handle").fill("north.coffee");
  await shoot(page, "channels-connect");
  await page.keyboard.press("Escape");

  await openNav(page, "members");
  await page.getByTestId("members-table").waitFor();
  await page.getByTestId("invite-email").fill("anna.smm@example.com");
  await page.getByTestId("invite-role").selectOption("moderator");
  await page.getByTestId("invite-submit").click();
  await page.getByTestId("invitation-row").waitFor();
  await shoot(page, "members");

  await openNav(page, "calendar");
  await page.getByTestId("calendar-event").first().waitFor();
  await shoot(page, "calendar");

  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  const options = page.getByTestId("channel-option");
  await options.first().waitFor();
  for (let i = 0; i < (await options.count()); i++) await options.nth(i).locator("input").check();
  await page.getByTestId("variant-tab").first().click();
  await page
    .getByTestId("base-text")
    .fill("Осенняя неделя в «Северном Кофе» 🍂\nТыквенный раф, тёплые булочки и новое зерно из Эфиопии.\nЖдём вас с 8:00!");
  await page.getByTestId("post-rubric").selectOption({ index: 2 });
  await page.getByTestId("post-time").fill("2030-10-07T09:30");
  await page.locator('[data-testid="variant-editor"]:visible [data-testid="variant-counter"]').filter({ hasText: /^[1-9]/ }).waitFor();
  await shoot(page, "composer");
  await page.context().close();
});
