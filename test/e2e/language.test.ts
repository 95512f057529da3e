/** Language: switching to Russian translates the UI, survives a reload, and switches back. */
import { expect, test } from "vitest";
import { signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("switching to Russian translates the nav, is kept after reload, and switches back", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  const channelsNav = page.getByTestId("nav-channels");
  expect(await channelsNav.textContent()).toContain("Channels");

  await page.getByTestId("language-switch").selectOption("ru");
  await expect.poll(() => channelsNav.textContent()).toContain("Каналы");
  expect(await page.getByTestId("nav-members").textContent()).toContain("Участники");
  expect(await page.locator("html").getAttribute("lang")).toBe("ru");

  // Wait until the choice is saved on the server, then reload with storage cleared: it must come
  // back from the user's saved locale, not only from this browser.
  await expect
    .poll(async () => (await page.request.get("/api/me").then((r) => r.json())) as { user: { locale: string } })
    .toMatchObject({ user: { locale: "ru" } });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect.poll(() => page.getByTestId("nav-channels").textContent()).toContain("Каналы");
  expect(await page.getByTestId("brand-overview").textContent()).toContain("Подписчики");

  await page.getByTestId("language-switch").selectOption("en");
  await expect.poll(() => page.getByTestId("nav-channels").textContent()).toContain("Channels");
  await expect
    .poll(async () => (await page.request.get("/api/me").then((r) => r.json())) as { user: { locale: string } })
    .toMatchObject({ user: { locale: "en" } });
  await page.reload();
  await expect.poll(() => page.getByTestId("nav-channels").textContent()).toContain("Channels");
  await page.context().close();
});
