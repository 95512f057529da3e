/**
 * The strategy, end to end, on the demo brand: its KPIs tracked against the demo's data with a
 * forecast and a chart, the contract's recorded baseline, the content mix published against the
 * plan; an edit that leaves a KPI without its number is refused beside the field with nothing
 * saved, and the corrected strategy is saved; signing the contract again records the state anew.
 *
 * Needs the strategy routes registered in src/api/app.ts, the Strategy page routed in web/src/app.tsx
 * and the demo's seedDemoStrategy call in src/services/demo.service.ts.
 */
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("tracks the demo's KPIs with a forecast, refuses a KPI without a number, saves the fix and re-signs the contract", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "strategy");

  // The KPI cards: current values, a status, the forecast in words and a chart each.
  await page.getByTestId("strategy-kpis").waitFor();
  const live = page.getByTestId("strategy-kpi-live_followers_gained");
  await live.getByTestId("kpi-chart").locator("svg").first().waitFor();
  expect(await live.getByTestId("kpi-current").textContent()).toMatch(/\d/);
  expect(await live.getByTestId("kpi-forecast").textContent()).toMatch(/600/);
  expect(await page.getByTestId("strategy-kpi-er_reach").getByTestId("kpi-current").textContent()).toMatch(/%/);
  expect(await page.getByTestId("kpi-status").count()).toBe(4);

  // The contract's baseline and the content mix against the plan.
  expect(await page.getByTestId("contract-live").textContent()).toMatch(/\d/);
  await page.getByTestId("strategy-mix-table").waitFor();
  expect(await page.getByTestId("strategy-mix-table").locator("tbody tr").count()).toBe(4);
  expect(await page.getByTestId("strategy-mix-ratio").textContent()).toMatch(/1,4|1\.4/);

  // Edit: a KPI without its target is refused beside the field, and nothing is saved.
  await page.getByTestId("strategy-edit").click();
  await page.getByTestId("strategy-editor").waitFor();
  const firstTarget = page.getByTestId("kpi-row-0").getByTestId("kpi-target");
  await firstTarget.fill("");
  await page.getByTestId("strategy-save").click();
  await page.getByTestId("kpi-0-target-error").waitFor();
  expect(await page.getByTestId("strategy-editor").isVisible()).toBe(true);

  // Fixed: saved, and the card shows the new target.
  await firstTarget.fill("700");
  await page.getByTestId("strategy-save").click();
  await page.getByTestId("strategy-editor").waitFor({ state: "detached" });
  await expect.poll(async () => live.getByTestId("kpi-forecast").textContent(), { timeout: 15_000 }).toMatch(/700/);

  // Recording the contract's state again.
  await page.getByTestId("contract-sign").click();
  await page.getByTestId("contract-note").fill("Допсоглашение №2");
  await page.getByTestId("contract-confirm").click();
  await expect.poll(async () => page.getByTestId("strategy-contract").textContent(), { timeout: 15_000 }).toContain("Допсоглашение №2");
  expect(pageErrors).toEqual([]);
});
