/** Sign-in: a wrong password is refused with the server's message; the demo user lands on Home. */
import { expect, test } from "vitest";
import { signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";
import { demoEmail } from "./support/server.js";

const chorus = startChorus();

test("wrong password shows the error, then the demo user lands on Home with the brand overview", async () => {
  const page = await chorus.openPage();
  await page.goto("/");
  await page.waitForURL(/\/login/);

  await page.getByTestId("login-email").fill(demoEmail);
  await page.getByTestId("login-password").fill("definitely-not-it");
  await page.getByTestId("login-submit").click();
  const error = page.getByTestId("login-error");
  await error.waitFor();
  expect((await error.textContent())?.trim().length).toBeGreaterThan(0);
  expect(page.url()).toMatch(/\/login/);

  await signIn(page);
  const overview = page.getByTestId("brand-overview");
  expect(await overview.getByTestId("stat-channels").textContent()).toMatch(/Channels\s*[1-9]/);
  expect(await overview.getByTestId("stat-followers").textContent()).toMatch(/Followers/);
  expect(await page.getByTestId("nav-channels").isVisible()).toBe(true);
  await page.context().close();
});
