/** Writes the README screenshots (1280×800) to docs/screenshots/: login, home, channels, connect dialog, members, calendar, composer, templates, CSV import, inbox, listening, analytics, strategy, campaigns. */
import fs from "node:fs";
import { DateTime } from "luxon";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { openInbox, openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const outDir = path.resolve(import.meta.dirname, "../../docs/screenshots");

const chorus = startChorus();

beforeAll(() => {
  fs.mkdirSync(outDir, { recursive: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  // Let fonts and the last query settle so the picture is stable.
  await page.waitForLoadState("networkidle");
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

test("screenshots of login, home, channels, the connect dialog, members, the calendar, the composer, templates, CSV import, the inbox, listening, analytics, the strategy and campaigns", async () => {
  const page = await chorus.openPage();
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

  // Templates & hashtags with something in them.
  await openNav(page, "templates");
  await page.getByTestId("variable-add").click();
  await page.getByTestId("variable-key").last().fill("promo");
  await page.getByTestId("variable-value").last().fill("OSEN10");
  await page.getByTestId("variables-save").click();
  await expect.poll(() => page.getByTestId("variables-save").isDisabled()).toBe(true);
  await page.getByTestId("template-name").fill("Акция недели");
  await page.getByTestId("template-text").fill("{brand}: скидка 10% на всё зерно до конца недели.\nПромокод {promo} — {link}");
  await page.getByTestId("template-save").click();
  await page.getByTestId("template-row").first().waitFor();
  await page.getByTestId("hashtag-name").fill("Осень");
  await page.getByTestId("hashtag-tags").fill("#кофе #осень #северныйкофе");
  await page.getByTestId("hashtag-save").click();
  await page.getByTestId("hashtag-row").first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "templates");

  // CSV import after a check: one row has an unknown channel.
  await openNav(page, "publishing");
  await page.getByTestId("import-csv-link").click();
  const day = DateTime.now().setZone("Europe/Moscow").plus({ days: 2 });
  const d1 = day.toISODate();
  const d2 = day.plus({ days: 1 }).toISODate();
  await page
    .getByTestId("import-csv")
    .fill(
      [
        "дата;время;каналы;текст;рубрика",
        `${d1};09:30;severny.coffee;Доброе утро! Новое зерно из Эфиопии уже на полках.;Информационный`,
        `${d1};18:00;severny.coffee, severny.roastery;Вечерний каппинг в обжарочной: ждём в 19:00.;`,
        `${d2};25:00;severny.bakery;Тыквенный раф вернулся!;`,
      ].join("\n"),
    );
  await page.getByTestId("import-check").click();
  await page.getByTestId("import-problems").waitFor();
  // The problems by line and the posts it would create, under the Check and Import buttons.
  await page.getByTestId("import-problems").evaluate((el) => {
    el.scrollIntoView({ block: "start" });
    window.scrollBy(0, -150);
  });
  await shoot(page, "import");

  // The inbox, most urgent first, with a negative comment open.
  await openInbox(page);
  await page.getByTestId("inbox-row").first().waitFor();
  await page.getByTestId("inbox-filter-sentiment").selectOption("negative");
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="inbox-row"]')].every((r) => r.getAttribute("data-sentiment") === "negative"));
  await page.getByTestId("inbox-row").first().click();
  await page.getByTestId("inbox-detail").waitFor();
  await shoot(page, "inbox");

  // Listening: the feed, and the analytics of the last 24 hours (the demo's incident).
  await openNav(page, "listening");
  await page.getByTestId("mention").first().waitFor();
  await shoot(page, "listening");
  await page.getByTestId("listening-tab-analytics").click();
  await page.getByTestId("analytics-period-24h").click();
  await page.getByTestId("negativity-author").first().waitFor();
  await page.getByTestId("volume-chart").waitFor();
  await shoot(page, "listening-analytics");
  await page.getByTestId("listening-tab-queries").click();
  await page.getByTestId("query-add").click();
  await page.getByTestId("query-name").fill("Доставка");
  await page.getByTestId("query-input").fill('доставка ("северный кофе" OR латте');
  await page.getByTestId("query-error").waitFor();
  await shoot(page, "listening-query");

  // Analytics: the figures of the last 30 days, and the weekday × hour heatmap further down.
  // (The query form above is still open: go by address.)
  await page.goto(page.url().replace(/\/listening.*$/, "/analytics"));
  await page.getByTestId("analytics-kpis").waitFor();
  await shoot(page, "analytics");
  await page.getByTestId("analytics-heatmap").scrollIntoViewIfNeeded();
  await shoot(page, "analytics-heatmap");

  // The demo's strategy: KPIs with their forecasts, the contract, the content mix against the plan.
  await openNav(page, "strategy");
  await page.getByTestId("strategy-kpis").waitFor();
  await page.getByTestId("strategy-mix-ratio").waitFor();
  await shoot(page, "strategy");

  // The demo's campaign with its results.
  await openNav(page, "campaigns");
  await page.getByTestId("campaign-detail").waitFor();
  await shoot(page, "campaigns");
  await page.context().close();
});
