/** Logout: back to the sign-in page, and the session is really gone on the server. */
import { expect, test } from "vitest";
import { signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("logout returns to the sign-in page and /api/me answers 401", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  expect((await page.request.get("/api/me")).status()).toBe(200);

  await page.getByTestId("user-menu").click();
  await page.getByTestId("logout").click();
  await page.waitForURL(/\/login$/);
  await page.getByTestId("login-form").waitFor();
  expect((await page.request.get("/api/me")).status()).toBe(401);

  // The app itself also treats the user as signed out.
  await page.goto("/");
  await page.waitForURL(/\/login/);
  await page.context().close();
});
