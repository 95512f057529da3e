/**
 * Analytics, end to end, as a new user tries it on the demo: the brand's dashboard shows its
 * figures for the last 30 days against the 30 before, both ERs apart with their formulas on
 * hover, the weekday × hour heatmap holds every post of the period, the funnel, best posts that
 * sort, a channel's own dashboard, another period, and a table downloaded as CSV.
 */
import fs from "node:fs";
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

type Dash = {
  totals: { posts: number; interactions: number };
  rates: { erReach: number; erFollowers: number };
  period: { from: string; to: string };
  byChannel: unknown[];
  funnel: { key: string; value: number | null }[];
};

test("the dashboard agrees with the API, shows formulas, sorts, narrows and exports", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "analytics");
  await page.getByTestId("analytics-dashboard").waitFor();

  // What the page asked for is what the API answers: the figures on the cards are those.
  const [, ws] = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(page.url()) ?? [];
  const brand = /\/b\/([^/]+)\//.exec(page.url())?.[1];
  const periodLine = (await page.getByTestId("analytics-period").textContent()) ?? "";
  const [from, to] = periodLine.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
  const res = await page.request.get(`/api/workspaces/${ws}/analytics/dashboard?brandId=${brand}&from=${from}&to=${to}`);
  expect(res.status()).toBe(200);
  const d = (await res.json()) as Dash;
  expect(d.totals.posts).toBeGreaterThan(20);
  const percent = (v: number, digits: number) => new Intl.NumberFormat("en", { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
  await expect.poll(() => page.getByTestId("kpi-erReach").locator(".stat__value").textContent()).toBe(percent(d.rates.erReach, 2));
  expect(await page.getByTestId("kpi-erFollowers").locator(".stat__value").textContent()).toBe(percent(d.rates.erFollowers, 3));
  expect(await page.getByTestId("kpi-posts").locator(".stat__value").textContent()).toBe(new Intl.NumberFormat("en").format(d.totals.posts));

  // Each ER says what it is on hover, and they are not the same formula.
  const formulaReach = page.getByTestId("formula-erReach");
  expect(await formulaReach.isVisible()).toBe(false);
  await page.getByTestId("kpi-erReach").hover();
  await formulaReach.waitFor({ state: "visible" });
  expect(await formulaReach.textContent()).toMatch(/interactions ÷ reach/);
  await page.getByTestId("kpi-erFollowers").hover();
  expect(await page.getByTestId("formula-erFollowers").textContent()).toMatch(/interactions ÷ followers/);

  // The heatmap holds every post of the period, in some weekday and hour.
  const cells = await page.getByTestId("heatmap").locator("td[data-posts]").evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-posts"))));
  expect(cells).toHaveLength(7 * 24);
  expect(cells.reduce((a, b) => a + b, 0)).toBe(d.totals.posts);

  // The funnel's steps, ending with the conversions the demo campaign's site reported.
  expect(await page.getByTestId("funnel").locator("li").count()).toBe(5);
  const conversions = d.funnel.find((s) => s.key === "conversions")?.value;
  expect(conversions).toBeGreaterThan(0);
  expect(await page.getByTestId("funnel-conversions").textContent()).toContain(new Intl.NumberFormat("en").format(conversions ?? 0));

  // Best posts sort by a column, both ways.
  const erColumn = async () =>
    (await page.getByTestId("best-posts").locator("tbody tr td:nth-child(6)").allTextContents()).map((v) => Number.parseFloat(v.replace(/[^\d.]/g, "")));
  await page.getByTestId("best-posts-sort-erReach").click();
  const desc = await erColumn();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await page.getByTestId("best-posts-sort-erReach").click();
  const asc = await erColumn();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  // A table downloads as CSV with the same rows.
  const download = page.waitForEvent("download");
  await page.getByTestId("export-byFormat-csv").click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, "utf8");
  expect(csv.startsWith("\uFEFFformat,posts,")).toBe(true);
  expect(csv.trim().split("\n").length).toBeGreaterThanOrEqual(2);

  // One channel's dashboard: one row in "by channel".
  await page.getByTestId("analytics-channel").selectOption({ index: 1 });
  await expect.poll(() => page.getByTestId("by-channel").locator("tbody tr").count()).toBe(1);
  await page.getByTestId("analytics-channel").selectOption({ index: 0 });

  // The audience audit of a channel: shares of live, dead and likely-bot followers, and the live estimate.
  // (The demo's strategy audited its channels when its contract was signed and again today.)
  const keptBefore = Number(/(\d+) audits? kept/.exec((await page.getByTestId("audit-history").locator("summary").textContent({ timeout: 5000 }).catch(() => "")) ?? "")?.[1] ?? 0);
  await page.getByTestId("audit-size").selectOption("100");
  await page.getByTestId("audit-run").click();
  await page.getByTestId("audit-result").waitFor();
  const shares = await Promise.all(["live", "dead", "bot"].map(async (c) => Number.parseFloat(((await page.getByTestId(`audit-share-${c}`).locator(".audit-share__value").textContent()) ?? "").replace(/[^\d.]/g, ""))));
  expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  expect(shares[2]).toBeGreaterThan(0);
  expect(await page.getByTestId("audit-live").textContent()).toMatch(/live followers of [\d,]+/);
  // The audit is kept: listed under the channel.
  await page.getByTestId("audit-history").waitFor();
  await expect.poll(() => page.getByTestId("audit-history").locator("summary").textContent()).toMatch(new RegExp(`^${keptBefore + 1} audits? kept`));

  // Competitors: the demo's two rivals beside the brand on ER by followers; a page that does not exist is refused.
  await page.getByTestId("competitors-table").waitFor();
  expect(await page.getByTestId("competitor-row-competitor").count()).toBe(2);
  expect(await page.getByTestId("competitor-row-brand").getByTestId("competitor-er").textContent()).toMatch(/%/);
  await page.getByTestId("competitor-page").fill("nobody.here");
  await page.getByTestId("competitor-add").click();
  await page.getByTestId("competitor-error").waitFor();
  expect(await page.getByTestId("competitor-error").textContent()).toMatch(/nobody\.here/);
  expect(await page.getByTestId("competitor").count()).toBe(2);

  // Another period: the last 7 days, compared with the 7 before.
  await page.getByTestId("analytics-period-7d").click();
  await expect.poll(async () => ((await page.getByTestId("analytics-period").textContent()) ?? "").match(/\d{4}-\d{2}-\d{2}/g)?.[0]).not.toBe(from);
  expect(page.url()).toMatch(/period=7d/);
  await page.screenshot({ path: "/tmp/analytics-page.png", fullPage: true });
  expect(pageErrors).toEqual([]);
});
