/**
 * Brands per member, end to end, on the demo's two brands: the owner invites a client limited to
 * North Coffee through the Members page; the client joins in a fresh browser and sees that brand
 * only — in the brand switcher, on Home, Analytics and Reports — and a link to the other brand
 * falls back to their own. Then the owner moves the client to Bulka Bakery in the members table,
 * and after a reload the client's whole view follows.
 */
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { demoEmail } from "./support/server.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

type Brand = { id: string; name: string };

const switcherNames = (page: Page) => page.getByTestId("brand-switch").locator("option").allTextContents();
const statValue = (page: Page, id: string) => page.getByTestId(`stat-${id}`).locator(".stat__value").textContent();
const reportNames = (page: Page) => page.getByTestId("reports-list").locator("b").allTextContents();

/** Home of `brand`: the overview is in, and it is that brand's. */
async function atHomeOf(page: Page, brand: Brand): Promise<void> {
  await page.waitForURL(new RegExp(`/b/${brand.id}/home$`));
  await page.getByTestId("brand-overview").waitFor();
  expect(await page.getByTestId("brand-switch").inputValue()).toBe(brand.id);
}

test("a client limited to one brand sees only it, and follows when the owner gives them another", async () => {
  const email = "client.north@example.com";
  const pageErrors: string[] = [];
  const owner = await chorus.openPage();
  owner.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(owner);
  const ws = /\/w\/([^/]+)\//.exec(owner.url())?.[1] ?? "";
  const { items } = (await (await owner.request.get(`/api/workspaces/${ws}/brands`)).json()) as { items: Brand[] };
  const coffee = items.find((b) => b.name.includes("North Coffee"));
  const bakery = items.find((b) => b.name.includes("Bulka Bakery"));
  if (!coffee || !bakery) throw new Error(`the demo's two brands are missing: ${JSON.stringify(items)}`);

  // A report for each brand, so the Reports page shows whose reports the client gets.
  for (const [brand, name] of [
    [coffee, "North Coffee weekly"],
    [bakery, "Bulka Bakery weekly"],
  ] as const) {
    const res = await owner.request.post(`/api/workspaces/${ws}/reports`, {
      data: { brandId: brand.id, name, sections: [{ kind: "summary" }], periodKind: "weekly", weekday: 1 },
    });
    expect(res.status()).toBe(201);
  }

  // The owner works on North Coffee and opens Members: everyone there sees every brand so far.
  await owner.getByTestId("brand-switch").selectOption(coffee.id);
  await atHomeOf(owner, coffee);
  await openNav(owner, "members");
  await owner.getByTestId("members-table").waitFor();
  const ownerRow = owner.locator(`[data-testid="member-row"][data-email="${demoEmail}"]`);
  expect(await ownerRow.getByTestId("member-brands").textContent()).toBe("All brands");

  // The invite form's brands follow the role: every brand for an editor, always every brand for
  // an owner (the picker is off and says why), the brand at hand for a client.
  const picker = owner.getByTestId("invite-brands");
  const pickerBox = (name: string) => picker.getByLabel(name, { exact: true });
  const allBox = owner.getByTestId("invite-brands-all");
  const role = owner.getByTestId("invite-role");
  await role.selectOption("editor");
  expect(await allBox.isChecked()).toBe(true);
  await role.selectOption("owner");
  expect(await allBox.isDisabled()).toBe(true);
  expect(await picker.textContent()).toContain("Owners always see every brand.");
  await role.selectOption("client");
  expect(await allBox.isChecked()).toBe(false);
  expect(await pickerBox(coffee.name).isChecked()).toBe(true);
  expect(await pickerBox(bakery.name).isChecked()).toBe(false);

  await owner.getByTestId("invite-email").fill(email);
  await owner.getByTestId("invite-submit").click();
  const urlField = owner.getByTestId("invite-url");
  await urlField.waitFor();
  const acceptUrl = await urlField.inputValue();
  const invitation = owner.locator(`[data-testid="invitation-row"][data-email="${email}"]`);
  await invitation.waitFor();
  expect(await invitation.getByTestId("invitation-brands").locator("li").allTextContents()).toEqual([coffee.name]);

  // The client joins in a browser of their own and lands on their brand, the only one offered.
  const client = await chorus.openPage();
  client.on("pageerror", (e) => pageErrors.push(e.message));
  await client.goto(new URL(acceptUrl).pathname);
  await client.getByTestId("invite-name").fill("Irina Client");
  await client.getByTestId("invite-password").fill("a-strong-password-42");
  await client.getByTestId("invite-accept").click();
  await atHomeOf(client, coffee);
  expect(await switcherNames(client)).toEqual([coffee.name]);
  expect(await statValue(client, "channels")).toBe("3");

  // Analytics: North Coffee's figures, and no "all brands" choice with a single brand.
  await openNav(client, "analytics");
  await client.getByTestId("analytics-dashboard").waitFor();
  expect(await client.getByTestId("brand-switch").inputValue()).toBe(coffee.id);
  expect(Number((await client.getByTestId("kpi-posts").locator(".stat__value").textContent())?.replace(/\D/g, ""))).toBeGreaterThan(20);
  expect(await client.getByTestId("analytics-scope").count()).toBe(0);

  // Reports: North Coffee's report only.
  await openNav(client, "reports");
  await client.getByTestId("reports-list").waitFor();
  expect(await reportNames(client)).toEqual(["North Coffee weekly"]);

  // A link to the other brand does not show it: the API answers 404 and the app falls back to the client's brand.
  expect((await client.request.get(`/api/workspaces/${ws}/brands/${bakery.id}/overview`)).status()).toBe(404);
  await client.goto(`/w/${ws}/b/${bakery.id}/analytics`);
  await atHomeOf(client, coffee);
  expect(await client.locator("body").textContent()).not.toContain("Bulka");

  // The owner moves the client to Bulka Bakery in the members table.
  await owner.reload();
  const row = owner.locator(`[data-testid="member-row"][data-email="${email}"]`);
  await row.waitFor();
  expect(await row.getByTestId("member-brands").locator("li").allTextContents()).toEqual([coffee.name]);
  await row.getByTestId("member-brands-edit").click();
  const dialog = owner.getByTestId("member-brands-dialog");
  const dialogBox = (name: string) => dialog.getByLabel(name, { exact: true });
  await dialogBox(coffee.name).uncheck();
  // No brand at all is not a choice: the dialog says so and will not save.
  expect(await dialog.getByTestId("member-brands-save").isDisabled()).toBe(true);
  expect(await dialog.textContent()).toContain("Choose at least one brand.");
  await dialogBox(bakery.name).check();
  await dialog.getByTestId("member-brands-save").click();
  await dialog.waitFor({ state: "detached" });
  await expect.poll(() => row.getByTestId("member-brands").locator("li").allTextContents()).toEqual([bakery.name]);

  // After a reload the client is on Bulka Bakery: the page they were on (North Coffee's) falls back to it.
  await client.reload();
  await atHomeOf(client, bakery);
  expect(await switcherNames(client)).toEqual([bakery.name]);
  expect(await statValue(client, "channels")).toBe("0");
  await openNav(client, "reports");
  await client.getByTestId("reports-list").waitFor();
  expect(await reportNames(client)).toEqual(["Bulka Bakery weekly"]);
  expect((await client.request.get(`/api/workspaces/${ws}/brands/${coffee.id}/overview`)).status()).toBe(404);
  expect(await client.locator("body").textContent()).not.toContain("North Coffee");

  expect(pageErrors).toEqual([]);
  await client.context().close();
  await owner.context().close();
});
