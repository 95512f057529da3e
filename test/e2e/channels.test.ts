/** Channels: the demo sandbox channels, connecting a new one, and a field error from the server. */
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("lists the sandbox channels, connects a new one, and shows a field error for a bad handle", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  await openNav(page, "channels");

  const rows = page.getByTestId("channel-row");
  await rows.first().waitFor();
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);
  expect(await page.getByTestId("sandbox-badge").count()).toBe(before);
  expect(await page.getByTestId("sandbox-badge").first().textContent()).toBe("Sandbox");

  // An invalid handle: the server's message appears beside the field and the dialog stays open.
  await page.getByTestId("connect-channel").click();
  const dialog = page.getByTestId("connect-dialog");
  await dialog.getByTestId("field-handle").fill("Not A Handle!");
  await dialog.getByTestId("connect-submit").click();
  const fieldError = dialog.getByTestId("field-handle-error");
  await fieldError.waitFor();
  expect((await fieldError.textContent())?.length).toBeGreaterThan(0);
  expect(await rows.count()).toBe(before);

  // A valid one: the dialog closes and the channel is listed as active.
  await dialog.getByTestId("field-handle").fill("e2e_shop");
  await dialog.getByTestId("connect-submit").click();
  await dialog.waitFor({ state: "detached" });
  const added = page.locator('[data-testid="channel-row"][data-handle="e2e_shop"]');
  await added.waitFor();
  expect(await added.getByTestId("channel-status").getAttribute("data-status")).toBe("active");
  expect(await added.getByTestId("channel-status").textContent()).toBe("Active");
  expect(await added.getByTestId("sandbox-badge").isVisible()).toBe(true);
  expect(await rows.count()).toBe(before + 1);

  // Disconnect asks first, then the channel is no longer active.
  await added.getByTestId("channel-disconnect").click();
  await added.getByTestId("channel-disconnect-confirm").click();
  await expect
    .poll(async () => {
      if ((await added.count()) === 0) return "gone";
      return added.getByTestId("channel-status").getAttribute("data-status");
    })
    .not.toBe("active");
  await page.context().close();
});
