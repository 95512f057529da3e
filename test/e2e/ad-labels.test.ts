/**
 * An advertising post, end to end: mark it in the composer, see the label it will carry, be held
 * until the erid token is there, publish it, and find the placement with its token under Reports.
 */
import { DateTime } from "luxon";
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("an ad waits for its erid, goes out with «Реклама», and is listed among the month's placements", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);

  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  await page.getByTestId("composer").waitFor();
  await page.getByTestId("channel-option").first().locator("input").check();
  await page.getByTestId("base-text").fill(`Раф с можжевельником ${Date.now()}`);

  await page.getByTestId("ad-on").check();
  await page.getByTestId("ad-advertiser").fill("ООО «Северный кофе»");
  await page.getByTestId("ad-tax-id").fill("7701234567");
  await expect.poll(() => page.getByTestId("ad-label").textContent()).toContain("Реклама. ООО «Северный кофе», ИНН 7701234567.");
  // Without its token the post cannot be scheduled: the live check says why.
  const editor = page.locator('[data-testid="variant-editor"]:visible');
  await expect.poll(() => editor.getByTestId("variant-problems").textContent()).toMatch(/erid/);

  await page.getByTestId("ad-erid").fill("2VtzqwXYZab");
  await editor.getByTestId("variant-problems").waitFor({ state: "detached" });
  await expect.poll(() => page.getByTestId("ad-label").textContent()).toContain("erid: 2VtzqwXYZab");

  await page.getByTestId("save-draft").click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByTestId("submit-approval").click();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("in_review");
  await page.getByTestId("approve").click();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("approved");
  // A few seconds ahead on the brand's clock.
  const [, ws, brandId] = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(page.url()) ?? [];
  const brands = (await (await page.request.get(`/api/workspaces/${ws}/brands?limit=100`)).json()) as { items: { id: string; timezone: string }[] };
  const zone = brands.items.find((b) => b.id === decodeURIComponent(brandId ?? ""))?.timezone ?? "UTC";
  const at = DateTime.now().setZone(zone).plus({ seconds: 6 });
  await page.getByTestId("post-time").fill(at.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
  await expect.poll(() => page.getByTestId("schedule").isDisabled()).toBe(false);
  await page.getByTestId("schedule").click();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status"), { timeout: 40_000, interval: 1000 }).toBe("published");

  await openNav(page, "reports");
  const table = page.getByTestId("ad-placements-table");
  await table.waitFor();
  expect(await table.textContent()).toContain("2VtzqwXYZab");
  expect(await table.textContent()).toContain("ИНН 7701234567");
  expect(await page.getByTestId("ad-placements-csv").getAttribute("href")).toMatch(/ad-placements\/export\?from=\d{4}-\d{2}-01&to=.*format=csv/);
  expect(pageErrors).toEqual([]);
  await page.context().close();
});
