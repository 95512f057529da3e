/** Members: invite an editor, accept in a fresh browser, then the owner makes them an analyst. */
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("invite, accept in a fresh context, and change the new member's role", async () => {
  const email = "new.editor@example.com";
  const owner = await chorus.openPage();
  await signIn(owner);
  await openNav(owner, "members");
  await owner.getByTestId("members-table").waitFor();

  await owner.getByTestId("invite-email").fill(email);
  await owner.getByTestId("invite-role").selectOption("editor");
  await owner.getByTestId("invite-submit").click();
  const urlField = owner.getByTestId("invite-url");
  await urlField.waitFor();
  const acceptUrl = await urlField.inputValue();
  expect(acceptUrl).toMatch(/\/invite\/[^/]+$/);
  await owner.locator(`[data-testid="invitation-row"][data-email="${email}"]`).waitFor();

  // The invitee has no account and no session: a separate browser context.
  const invitee = await chorus.openPage();
  await invitee.goto(new URL(acceptUrl).pathname);
  expect(await invitee.getByTestId("invite-title").textContent()).toContain("Join");
  await invitee.getByTestId("invite-name").fill("Nina Editor");
  await invitee.getByTestId("invite-password").fill("a-strong-password-42");
  await invitee.getByTestId("invite-accept").click();
  await invitee.waitForURL(/\/w\/[^/]+\/b\/[^/]+\/home$/);
  await invitee.getByTestId("brand-overview").waitFor();
  // Signed in as themselves, in the workspace they were invited to.
  expect(await invitee.getByTestId("user-menu").textContent()).toContain("Nina Editor");
  await invitee.context().close();

  // Back as the owner: the new member is listed as an editor; make them an analyst.
  await owner.reload();
  const row = owner.locator(`[data-testid="member-row"][data-email="${email}"]`);
  await row.waitFor();
  const roleSelect = row.getByTestId("member-role");
  expect(await roleSelect.inputValue()).toBe("editor");
  await roleSelect.selectOption("analyst");
  await expect
    .poll(async () => {
      const workspaceId = /\/w\/([^/]+)\//.exec(owner.url())?.[1];
      const res = await owner.request.get(`/api/workspaces/${workspaceId}/members`);
      const body = (await res.json()) as { items: { email: string; role: string }[] };
      return body.items.find((m) => m.email === email)?.role;
    })
    .toBe("analyst");
  await owner.reload();
  await row.waitFor();
  expect(await row.getByTestId("member-role").inputValue()).toBe("analyst");
  expect(await owner.getByTestId("invitation-row").count()).toBe(0);
  await owner.context().close();
});
