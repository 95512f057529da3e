/**
 * Campaigns, end to end on the demo: a campaign is created in the UI (a period that ends before it
 * starts is refused first, beside its field), spend is added by hand, the brand's webhook secret is
 * made and shown once, a conversion is pushed to the webhook signed with it — as a shop would — and
 * the campaign shows its ROMI with the formula on hover.
 *
 * Needs `npm run build`, and app.ts, the side nav and the router to know the campaigns page.
 */
import { createHmac } from "node:crypto";
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("runs a campaign whose conversions arrive by webhook and shows ROMI", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "campaigns");

  await page.getByTestId("campaign-new").click();
  await page.getByTestId("campaign-name").fill("Summer sale 2026");
  await page.getByTestId("campaign-start").fill("2026-06-10");
  await page.getByTestId("campaign-end").fill("2026-06-01");
  await page.getByTestId("campaign-currency").fill("RUB");
  await page.getByTestId("campaign-save").click();
  await page.getByTestId("campaign-end-error").waitFor();
  expect(await page.getByTestId("campaign-end-error").textContent()).toMatch(/before it starts/);
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId("campaign-start").fill(day(-3));
  await page.getByTestId("campaign-end").fill(day(10));
  await page.getByTestId("campaign-save").click();
  // The new campaign is selected (the demo's own "Весенний раф" is listed too).
  await page.getByTestId("campaign-title").filter({ hasText: "Summer sale 2026" }).waitFor();
  expect(await page.getByTestId("campaigns-list").textContent()).toContain("Весенний раф");

  // Spend by hand.
  await page.getByTestId("spend-amount").fill("1000");
  await page.getByTestId("spend-add").click();
  await page.getByTestId("spend-table").waitFor();

  // The webhook's secret, shown once.
  await page.getByTestId("hook-create").click();
  await page.getByTestId("hook-secret").waitFor();
  const secret = await page.getByTestId("hook-secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  const hookPath = new URL(await page.getByTestId("hook-url").inputValue()).pathname;
  expect(await page.getByTestId("hook-curl").textContent()).toContain("summer-sale-2026");

  // The shop reports an order, signed.
  const body = JSON.stringify({ id: "order-e2e-1", value: 2500, currency: "RUB", utm_source: "vk", utm_medium: "social", utm_campaign: "summer-sale-2026" });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  const origin = new URL(page.url()).origin;
  const res = await fetch(`${origin}${hookPath}`, { method: "POST", headers: { "content-type": "application/json", "x-chorus-signature": `t=${t},v1=${v1}` }, body });
  expect(res.status).toBe(201);
  const wrong = await fetch(`${origin}${hookPath}`, { method: "POST", headers: { "content-type": "application/json", "x-chorus-signature": `t=${t},v1=${"0".repeat(64)}` }, body: body.replace("order-e2e-1", "order-e2e-2") });
  expect(wrong.status).toBe(401);

  // ROMI = (2500 − 1000) ÷ 1000 = +150 %, with its formula on hover.
  await page.reload();
  await page.getByTestId("campaign-detail").waitFor();
  await expect.poll(async () => page.getByTestId("kpi-campaign-romi").locator(".stat__value").textContent()).toMatch(/150/);
  await page.getByTestId("kpi-campaign-romi").hover();
  expect(await page.getByTestId("formula-campaign-romi").isVisible()).toBe(true);
  expect(await page.getByTestId("formula-campaign-romi").textContent()).toMatch(/revenue − spend/);
  await page.getByTestId("conversions-table").waitFor();
  expect(await page.getByTestId("conversions-table").textContent()).toContain("order-e2e-1");
  expect(pageErrors).toEqual([]);
});
