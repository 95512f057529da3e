/** Headless Chromium for the end-to-end tests, plus the steps most tests share. */
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { demoEmail, demoPassword } from "./server.js";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/** A fresh, isolated browser profile (cookies, localStorage) with an English UI. */
export async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: "en-US", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Signs in through the form and waits for the brand overview on Home. */
export async function signIn(page: Page, email = demoEmail, password = demoPassword): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("brand-overview").waitFor();
  expect(page.url()).toMatch(/\/w\/[^/]+\/b\/[^/]+\/home$/);
}

/** Opens a screen from the side navigation. */
export async function openNav(page: Page, key: string): Promise<void> {
  await page.getByTestId(`nav-${key}`).click();
  // The page may add its state to the address at once (the inbox opens its first item: ?item=…).
  await page.waitForURL(new RegExp(`/${key}(\\?.*)?$`));
}

/**
 * Opens the inbox and waits until it has settled: the first rows and the counts are in (the counts
 * widen the status tabs, which can move the filters below them) and the first item has opened.
 */
export async function openInbox(page: Page): Promise<void> {
  await openNav(page, "inbox");
  await Promise.all([
    page.getByTestId("inbox-row").first().waitFor(),
    page.locator('[data-testid="inbox-negative-open"] .filter-tab__count').waitFor(),
    page.getByTestId("inbox-detail").waitFor(),
  ]);
}

/**
 * Ticks a box whose state lives in the page address (the inbox's filters): the click changes the
 * address and the box follows once the router has rendered it, which Playwright's check() does not
 * wait for.
 */
export async function tickAddressBox(page: Page, testId: string): Promise<void> {
  const box = page.getByTestId(testId);
  await box.click();
  await page.waitForFunction((id) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.checked === true, testId);
}
