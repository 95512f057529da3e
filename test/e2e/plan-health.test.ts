/**
 * The plan health check, end to end, on the demo: Home shows the "Plan health" card, "Run now"
 * lists concrete findings (the demo is seeded with a few mistakes by seedDemoMistakes), each in
 * words with what to do, and a finding's link opens the post concerned.
 *
 * Needs `npm run build`, the health routes registered in src/api/app.ts and the demo calling
 * seedDemoMistakes (src/services/demo.service.ts).
 */
import { expect, test } from "vitest";
import { signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("runs the plan health check from Home and opens a post it names", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);

  const card = page.getByTestId("plan-health");
  await card.waitFor();
  expect(await card.textContent()).toContain("Plan health");

  await page.getByTestId("plan-health-run").click();
  await page.getByTestId("plan-health-last").waitFor();
  // The crowded day the demo plans: more than 3 posts on one channel, in words, with what to do.
  const crowded = page.getByTestId("health-finding-too_many_posts");
  await crowded.waitFor();
  const text = (await crowded.textContent()) ?? "";
  expect(text).toMatch(/Too many posts on/);
  expect(text).toMatch(/at most 3 a day/);
  expect(text).toMatch(/What to do/);
  // The deleted negative comment is critical.
  await page.getByTestId("plan-health-critical").getByTestId("health-finding-deleted_negative").waitFor();

  await crowded.getByTestId("health-item-link").first().click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  await page.getByTestId("post-status").waitFor();
  expect(pageErrors).toEqual([]);
});
