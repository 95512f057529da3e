/**
 * Publishing, end to end: compose one post for the demo brand's three Sandbox channels, see a
 * validation problem while typing, save, submit, approve, schedule a few seconds ahead and watch
 * every variant go out; then find it on the calendar. And: drag a scheduled post to another day.
 */
import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

type Brand = { id: string; timezone: string };

/** The workspace and brand of the current URL, and the brand's time zone from the API. */
async function currentBrand(page: Page): Promise<{ ws: string; brand: Brand }> {
  const m = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(page.url());
  if (!m) throw new Error(`not on a brand page: ${page.url()}`);
  const ws = decodeURIComponent(m[1] as string);
  const brandId = decodeURIComponent(m[2] as string);
  const res = await page.request.get(`/api/workspaces/${ws}/brands?limit=100`);
  const { items } = (await res.json()) as { items: Brand[] };
  const brand = items.find((b) => b.id === brandId);
  if (!brand) throw new Error("brand not found");
  return { ws, brand };
}

test("composes for three channels, validates while typing, goes through approval, publishes on time and shows on the calendar", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  const { ws, brand } = await currentBrand(page);

  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  await page.getByTestId("composer").waitFor();

  // Three Sandbox channels, one tab each.
  const options = page.getByTestId("channel-option");
  await options.first().waitFor();
  expect(await options.count()).toBe(3);
  for (let i = 0; i < 3; i++) await options.nth(i).locator("input").check();
  expect(await page.getByTestId("variant-tab").count()).toBe(3);

  const title = `E2E launch ${Date.now()}`;
  await page.getByTestId("base-text").fill(`${title}\nFresh beans, fresh week.`);
  await page.getByTestId("post-rubric").selectOption({ index: 1 });

  // The open variant follows the base text and is counted in the network's unit.
  const editor = page.locator('[data-testid="variant-editor"]:visible');
  await expect.poll(() => editor.getByTestId("variant-counter").textContent()).toMatch(/^[1-9]\d* \/ 2000 graphemes$/);
  expect(await editor.getByTestId("variant-text").inputValue()).toContain(title);

  // Too long for Sandbox: the problem shows beside the variant and Schedule is blocked by it.
  await editor.getByTestId("variant-text").fill("x".repeat(2050));
  await editor.getByTestId("variant-customised").waitFor();
  await expect.poll(() => editor.getByTestId("variant-counter").textContent()).toBe("2050 / 2000 graphemes");
  await editor.getByTestId("variant-problems").waitFor();
  expect(await page.getByTestId("schedule").isDisabled()).toBe(true);
  expect(await page.getByTestId("schedule-hint").textContent()).toMatch(/problems/i);

  // Back to the base text: the problem goes away.
  await editor.getByTestId("variant-reset").click();
  await editor.getByTestId("variant-problems").waitFor({ state: "detached" });
  await expect.poll(() => page.getByTestId("schedule-hint").textContent()).toMatch(/approval/i);

  // Save: the URL names the post, which is a draft.
  await page.getByTestId("save-draft").click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postId = decodeURIComponent(page.url().split("/posts/")[1] as string);
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("draft");

  await page.getByTestId("submit-approval").click();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("in_review");
  await page.getByTestId("approvals").getByTestId("approval-row").first().waitFor();

  await page.getByTestId("decision-comment").fill("Looks good");
  await page.getByTestId("approve").click();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("approved");
  expect(await page.locator('[data-testid="approval-row"][data-status="approved"]').count()).toBe(1);

  // A few seconds ahead on the brand's clock; moving the time keeps the approval.
  const at = DateTime.now().setZone(brand.timezone).plus({ seconds: 8 });
  await page.getByTestId("post-time").fill(at.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
  await expect.poll(() => page.getByTestId("schedule").isDisabled()).toBe(false);
  await page.getByTestId("schedule").click();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toMatch(/^(scheduled|publishing|published)$/);

  const rows = page.getByTestId("variant-status-row");
  await expect
    .poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).join(","), { timeout: 40_000, interval: 1000 })
    .toBe("published,published,published");
  for (let i = 0; i < 3; i++) expect(await rows.nth(i).getByTestId("variant-url").getAttribute("data-url")).toMatch(/^[a-z]+:\/\/\S+/);
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status"), { timeout: 10_000 }).toBe("published");

  const saved = (await (await page.request.get(`/api/workspaces/${ws}/posts/${postId}`)).json()) as { variants: { scheduledAt: string }[] };
  expect(Date.parse(saved.variants[0]?.scheduledAt ?? "")).toBe(at.set({ millisecond: 0 }).toMillis());

  // On the calendar, as published; clicking it opens the post.
  await openNav(page, "calendar");
  const event = page.locator(`[data-testid="calendar-event"][data-post="${postId}"]`).first();
  await event.waitFor();
  expect(await event.getAttribute("data-status")).toBe("published");
  await event.click();
  await page.waitForURL(new RegExp(`/posts/${postId}$`));
  expect(pageErrors).toEqual([]);
  await page.context().close();
});

test("dragging a scheduled post to the next day on the calendar moves it there", async () => {
  const page = await chorus.openPage();
  // Tall enough for the whole month grid: the mouse can only drag within the viewport.
  await page.setViewportSize({ width: 1280, height: 1400 });
  await signIn(page);
  const { ws, brand } = await currentBrand(page);
  await openNav(page, "calendar");
  await page.getByTestId("calendar-event").first().waitFor();

  const from = DateTime.now().setZone(brand.timezone).startOf("month").minus({ days: 7 });
  const res = await page.request.get(
    `/api/workspaces/${ws}/calendar?from=${encodeURIComponent(from.toISO() ?? "")}&to=${encodeURIComponent(from.plus({ days: 50 }).toISO() ?? "")}&brandId=${brand.id}`,
  );
  const { items } = (await res.json()) as { items: { variantId: string; postId: string; at: string; status: string }[] };

  // A future scheduled variant visible in the month grid whose next day is on the grid too.
  let picked: { variantId: string; postId: string; at: string; target: string } | null = null;
  for (const item of items.filter((i) => i.status === "scheduled" && Date.parse(i.at) > Date.now() + 60_000)) {
    const el = page.locator(`[data-testid="calendar-event"][data-variant="${item.variantId}"]`);
    if ((await el.count()) === 0 || !(await el.first().isVisible())) continue;
    const target = DateTime.fromISO(item.at, { zone: brand.timezone }).plus({ days: 1 }).toISODate() ?? "";
    if ((await page.locator(`td.fc-daygrid-day[data-date="${target}"]`).count()) === 0) continue;
    picked = { ...item, target };
    break;
  }
  if (!picked) throw new Error("no draggable scheduled post on the calendar");

  const sourceEl = page.locator(`[data-testid="calendar-event"][data-variant="${picked.variantId}"]`).first();
  await sourceEl.scrollIntoViewIfNeeded();
  const source = await sourceEl.boundingBox();
  const cell = await page.locator(`td.fc-daygrid-day[data-date="${picked.target}"] .fc-daygrid-day-frame`).boundingBox();
  if (!source || !cell) throw new Error("calendar elements have no box");
  const sx = source.x + source.width / 2;
  const sy = source.y + source.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 8, sy + 8, { steps: 4 });
  await page.mouse.move(cell.x + cell.width / 2, cell.y + cell.height / 2, { steps: 20 });
  await page.mouse.up();

  const expected = DateTime.fromISO(picked.at, { zone: brand.timezone }).plus({ days: 1 }).toMillis();
  await expect
    .poll(async () => {
      const post = (await (await page.request.get(`/api/workspaces/${ws}/posts/${picked.postId}`)).json()) as {
        variants: { id: string; scheduledAt: string; status: string }[];
      };
      const v = post.variants.find((x) => x.id === picked.variantId);
      return v ? Date.parse(v.scheduledAt) : null;
    })
    .toBe(expected);
  expect(await page.getByTestId("calendar-error").count()).toBe(0);
  await page.context().close();
});

test("a client approves through a guest link without signing in", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  const { ws, brand } = await currentBrand(page);
  const api = `/api/workspaces/${ws}`;

  // A step the client decides, so the post gets a guest link.
  const settings = await (await page.request.get(`${api}/brands/${brand.id}/settings`)).json();
  const put = await page.request.put(`${api}/brands/${brand.id}/settings`, {
    data: { ...settings, approvalSteps: [{ name: "Client", roles: ["owner", "client"] }] },
  });
  expect(put.status()).toBe(200);
  const channels = (await (await page.request.get(`${api}/channels?brandId=${brand.id}`)).json()) as { items: { id: string }[] };
  const created = await page.request.post(`${api}/posts`, {
    data: { brandId: brand.id, baseText: "For the client\nPlease check the price", format: "text", variants: [{ channelId: channels.items[0]?.id }] },
  });
  expect(created.status()).toBe(201);
  const { id: postId } = (await created.json()) as { id: string };
  expect((await page.request.post(`${api}/posts/${postId}/submit`, { data: {} })).status()).toBe(200);

  await page.goto(`/w/${ws}/b/${brand.id}/posts/${postId}`);
  await page.getByTestId("approval-link").click();
  const url = await page.getByTestId("approval-link-url").inputValue();
  const path = new URL(url).pathname;
  expect(path).toMatch(/^\/approve\/.+/);

  // A fresh browser without a session.
  const guest = await chorus.openPage();
  await guest.goto(path);
  await guest.getByTestId("guest-title").waitFor();
  expect(await guest.getByTestId("preview-text").first().textContent()).toBe("For the client\nPlease check the price");
  await guest.getByTestId("guest-name").fill("Irina");
  await guest.getByTestId("guest-comment").fill("Fine by me");
  await guest.getByTestId("guest-approve").click();
  await guest.getByTestId("guest-done").waitFor();

  await page.reload();
  await expect.poll(() => page.getByTestId("post-status").getAttribute("data-status")).toBe("approved");
  expect(await page.getByTestId("approvals").textContent()).toContain("Irina");
  await guest.context().close();
  await page.context().close();
});
