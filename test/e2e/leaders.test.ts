/**
 * Opinion leaders, end to end on the demo: the demo's blogger is listed with a best CPA; a leader
 * is added by hand (a profile address that is not http(s) is refused first, beside its field);
 * a placement is added (a negative price refused beside its field) with a tracked link to copy;
 * a visitor follows the link and the placement shows the click; profiles open in a new tab with
 * rel="noreferrer noopener", and a name with markup stays text.
 *
 * Needs `npm run build`, and app.ts (leadersRoutes), the side nav, the router and the demo
 * (seedDemoLeaders) to know the opinion leaders page.
 */
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();
const browserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

test("adds a leader and a placement whose tracked link counts a click", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "leaders");

  // The demo's blogger, with a best CPA from their review's orders.
  await page.getByTestId("leaders-list").waitFor();
  expect(await page.getByTestId("leaders-list").textContent()).toContain("Кофейные прогулки по Петербургу");
  await page.getByTestId("leaders-sort").selectOption("cpa");
  expect(await page.getByTestId("leader-item-cpa").first().textContent()).not.toBe("—");

  // By hand: a bad address is refused beside its field.
  await page.getByTestId("leader-new").click();
  await page.getByTestId("leader-name").fill('<img src=x onerror="window.pwned=1"> Coffee Lab');
  await page.getByTestId("leader-handle-0").fill("coffee_lab");
  await page.getByTestId("leader-url-0").fill("javascript:alert(1)");
  await page.getByTestId("leader-save").click();
  await page.getByTestId("leader-url-0-error").waitFor();
  await page.getByTestId("leader-url-0").fill("https://t.me/coffee_lab");
  await page.getByTestId("leader-save").click();
  await page.getByTestId("leader-title").filter({ hasText: "Coffee Lab" }).waitFor();
  expect(await page.getByTestId("leader-title").textContent()).toContain("<img");
  const profile = page.getByTestId("leader-profiles").locator("a").first();
  expect(await profile.getAttribute("rel")).toBe("noreferrer noopener");
  expect(await profile.getAttribute("target")).toBe("_blank");

  // A placement: a negative price is refused beside its field, then the tracked link shows.
  await page.getByTestId("placement-new").click();
  await page.getByTestId("placement-price").fill("-100");
  await page.getByTestId("placement-currency").fill("RUB");
  await page.getByTestId("placement-target").fill("https://north-coffee.example/shop");
  await page.getByTestId("placement-save").click();
  await page.getByTestId("placement-price-error").waitFor();
  await page.getByTestId("placement-price").fill("5000");
  await page.getByTestId("placement-save").click();
  await page.getByTestId("placement-row").first().waitFor();
  const shortUrl = (await page.getByTestId("placement-short-url").first().textContent()) ?? "";
  expect(shortUrl).toMatch(/\/l\/[A-Za-z0-9]{8}$/);

  // A visitor follows it (a person's browser, not a link-preview bot).
  const res = await fetch(`${new URL(page.url()).origin}${new URL(shortUrl).pathname}`, { redirect: "manual", headers: { "user-agent": browserAgent } });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toContain("utm_medium=influencer");
  await page.reload();
  await page.getByTestId("placements-table").waitFor();
  await expect.poll(async () => page.getByTestId("placement-row").first().locator("td").nth(4).textContent()).toBe("1");
  // Nothing bought yet: CPA is unknown, not 0.
  expect(await page.getByTestId("placement-cpa").first().textContent()).toBe("—");
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(pageErrors).toEqual([]);
});
