/**
 * Inbox, end to end: the demo manager opens the inbox, narrows it to negative comments from the
 * Sandbox channels, assigns one to themself, replies, watches the reply go from "sending" to
 * "sent", and resolves the conversation. Then the teamwork: two conversations assigned in bulk, a
 * saved reply with {author} written, inserted and sent, and the author card with a note.
 */
import { expect, test } from "vitest";
import { openInbox, signIn, tickAddressBox } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("assigns a negative Sandbox comment to me, replies, sees it sent and resolves it", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openInbox(page);

  // Negative comments from the Sandbox are there and clearly marked.
  await page.getByTestId("inbox-filter-sentiment").selectOption("negative");
  await tickAddressBox(page, "inbox-filter-unanswered");
  const rows = page.getByTestId("inbox-row");
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('[data-testid="inbox-row"]')];
    return all.length > 0 && all.every((r) => r.getAttribute("data-sentiment") === "negative");
  });
  expect(await rows.first().textContent()).toContain("Sandbox");
  expect(await rows.first().getByTestId("sentiment-badge").getAttribute("data-sentiment")).toBe("negative");

  await rows.first().click();
  const detail = page.getByTestId("inbox-detail");
  const itemId = await rows.first().getAttribute("data-id");
  await page.locator(`[data-testid="inbox-detail"][data-id="${itemId}"]`).waitFor();
  await page.getByTestId("negative-hint").waitFor();

  // Assign to me.
  await page.getByTestId("inbox-assign-me").click();
  await page.waitForFunction(() => {
    const s = document.querySelector<HTMLSelectElement>('[data-testid="inbox-assignee"]');
    return Boolean(s?.value);
  });
  expect(await page.getByTestId("inbox-assignee").locator("option:checked").textContent()).toContain("(me)");

  // Reply with the keyboard shortcut, then watch the delivery.
  await page.keyboard.press("r");
  await page.keyboard.type("We are sorry about this. Please write to us in private messages and we will sort it out today.");
  await page.getByTestId("reply-send").click();
  const status = page.getByTestId("reply-status").last();
  await status.waitFor();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="reply-status"]')].at(-1)?.getAttribute("data-status") === "sent",
    undefined,
    { timeout: 30_000 },
  );
  expect(await status.textContent()).toBe("Sent");
  expect(await page.getByTestId("reply-text").inputValue()).toBe("");

  // Resolve.
  await page.getByTestId("inbox-status-resolved").click();
  await page.locator('[data-testid="inbox-detail"][data-status="resolved"]').waitFor();
  expect(await detail.getAttribute("data-id")).toBe(itemId);
  expect(pageErrors).toEqual([]);
}, 90_000);

test("selects two conversations and assigns them to me in bulk", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openInbox(page);
  await page.getByTestId("inbox-filter-assignee").selectOption("none");
  await page.getByTestId("inbox-row").nth(1).waitFor();

  const boxes = page.getByRole("checkbox", { name: /^Select the conversation from/ });
  const ids = [await page.getByTestId("inbox-row").nth(0).getAttribute("data-id"), await page.getByTestId("inbox-row").nth(1).getAttribute("data-id")];
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await bar.waitFor();
  expect(await page.getByTestId("bulk-count").textContent()).toBe("2 selected");

  const assign = page.getByLabel("Assign to…");
  const me = await assign.locator("option", { hasText: "(me)" }).getAttribute("value");
  await assign.selectOption(me ?? "");
  await expect.poll(() => page.getByTestId("bulk-done").textContent()).toMatch(/^Assigned 2 conversations to /);

  // Both now belong to me: the "unassigned" list no longer has them.
  await page.getByTestId("inbox-filter-assignee").selectOption("me");
  for (const id of ids) await page.locator(`[data-testid="inbox-row"][data-id="${id}"] [data-testid="row-assignee"]`).waitFor();
  expect(pageErrors).toEqual([]);
}, 90_000);

test("writes a saved reply with {author}, inserts it for a conversation, edits it and sends it", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openInbox(page);
  // Controls that arrive with the counts and the server's API description move the bar: wait for them.
  await Promise.all([page.getByTestId("inbox-negative-open").waitFor(), page.getByTestId("inbox-filter-overdue").waitFor(), page.getByTestId("inbox-row").first().waitFor()]);
  await tickAddressBox(page, "inbox-filter-unanswered");
  await page.getByTestId("inbox-row").first().click();
  const itemId = await page.getByTestId("inbox-row").first().getAttribute("data-id");
  await page.locator(`[data-testid="inbox-detail"][data-id="${itemId}"]`).waitFor();
  const author = (await page.getByTestId("author-open").textContent())?.trim() ?? "";
  expect(author).not.toBe("");

  // Write the saved reply.
  await page.getByTestId("saved-replies-open").click();
  await page.getByTestId("saved-replies-manage").click();
  const manager = page.getByRole("dialog", { name: "Saved replies" });
  await manager.getByLabel("Title").fill("Thanks for coming");
  await manager.getByLabel("Text").fill("Thank you, {author}! We are glad you came by.");
  await manager.getByTestId("saved-reply-save").click();
  await manager.getByText("Thanks for coming").waitFor();
  await manager.getByRole("button", { name: "Close" }).click();

  // Find it by title and insert it: the author's name is filled in, and the text stays editable.
  await page.getByLabel("Search saved replies by title").fill("thanks");
  await page.getByTestId("saved-reply-option").filter({ hasText: "Thanks for coming" }).click();
  const box = page.getByTestId("reply-text");
  await expect.poll(() => box.inputValue()).toBe(`Thank you, ${author}! We are glad you came by.`);
  await box.press("End");
  await box.pressSequentially(" See you soon.");
  await page.getByTestId("reply-send").click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="reply-status"]')].at(-1)?.getAttribute("data-status") === "sent",
    undefined,
    { timeout: 30_000 },
  );
  expect(await page.getByTestId("inbox-reply").last().textContent()).toContain(`Thank you, ${author}! We are glad you came by. See you soon.`);
  expect(pageErrors).toEqual([]);
}, 90_000);

test("opens the author card and leaves a note about the author", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openInbox(page);
  await page.getByTestId("inbox-row").first().click();
  await page.getByTestId("inbox-detail").waitFor();
  const author = (await page.getByTestId("author-open").textContent())?.trim() ?? "";
  await page.getByRole("button", { name: `Open the author card: ${author}` }).click();

  const card = page.getByRole("dialog", { name: author });
  await card.getByTestId("author-total").waitFor();
  expect(Number(await card.getByTestId("author-total").textContent())).toBeGreaterThanOrEqual(1);
  expect(await card.getByTestId("author-item").count()).toBeGreaterThanOrEqual(1);
  await card.getByTestId("author-timeline").waitFor();

  await card.getByLabel("A note about this author for the team").fill("Regular since spring; prefers oat milk.");
  await card.getByTestId("author-note-add").click();
  await card.getByTestId("author-note").filter({ hasText: "Regular since spring; prefers oat milk." }).waitFor();

  // Escape closes it; the note is there the next time.
  await page.keyboard.press("Escape");
  await card.waitFor({ state: "detached" });
  await page.getByTestId("author-open").click();
  await page.getByRole("dialog", { name: author }).getByTestId("author-note").first().waitFor();
  expect(pageErrors).toEqual([]);
}, 90_000);

test("one inbox across the workspace's brands, each row naming its brand", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openInbox(page);
  expect(await page.getByTestId("row-brand").count()).toBe(0);
  await page.getByTestId("inbox-scope").selectOption("all");
  await page.waitForURL(/brands=all/);
  await page.getByTestId("row-brand").first().waitFor();
  const rows = await page.getByTestId("inbox-row").count();
  expect(await page.getByTestId("row-brand").count()).toBe(rows);
  // The counts are the workspace's: at least the brand's own.
  const res = await page.request.get(`${new URL(page.url()).pathname.replace(/\/b\/.*$/, "").replace(/^\/w\//, "/api/workspaces/")}/inbox/counts`);
  expect(res.status()).toBe(200);
  expect(pageErrors).toEqual([]);
}, 60_000);

test("two teammates on one conversation: the second sees that the first is answering, and is asked before sending too", async () => {
  const manager = await chorus.openPage();
  await signIn(manager);
  const [, ws] = /\/w\/([^/]+)\//.exec(manager.url()) ?? [];
  // A moderator joins through an invitation link, as a new teammate would.
  const invited = await manager.request.post(`/api/workspaces/${ws}/invitations`, { data: { email: "olga.moderator@example.test", role: "moderator" } });
  expect(invited.status(), await invited.text()).toBe(201);
  const token = new URL(((await invited.json()) as { acceptUrl: string }).acceptUrl).pathname.split("/").pop();
  const moderator = await chorus.openPage();
  const accepted = await moderator.request.post(`/api/invitations/${token}/accept`, { data: { name: "Olga Moderator", password: "olga-moderator-password-1" } });
  expect(accepted.status(), await accepted.text()).toBe(200);
  await moderator.goto("/");

  // Both open the same conversation.
  await openInbox(manager);
  const itemId = await manager.getByTestId("inbox-detail").getAttribute("data-id");
  await moderator.goto(manager.url().replace(/^https?:\/\/[^/]+/, ""));
  await moderator.locator(`[data-testid="inbox-detail"][data-id="${itemId}"]`).waitFor();

  // The manager starts writing; the moderator sees it within a few seconds.
  await manager.getByTestId("reply-text").fill("We are looking into it right now.");
  await moderator.getByTestId("presence").waitFor({ timeout: 20_000 });
  expect(await moderator.getByTestId("presence").textContent()).toContain("Demo Manager is answering");

  // Sending a parallel answer asks first.
  const repliesBefore = await moderator.getByTestId("reply-status").count();
  await moderator.getByTestId("reply-text").fill("Sorry about that!");
  await moderator.getByTestId("reply-send").click();
  await moderator.getByTestId("presence-confirm").waitFor();
  expect(await moderator.getByTestId("reply-status").count()).toBe(repliesBefore);
  expect(await moderator.getByTestId("reply-text").inputValue()).toBe("Sorry about that!");
}, 90_000);
