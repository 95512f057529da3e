/**
 * Planning helpers, end to end: CSV import with a dry run that lists problems by line, templates
 * with a brand variable inserted in the composer, a posting slot and Add to queue, and a media
 * upload (a PNG made here with sharp) attached to a variant.
 */
import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { expect, test } from "vitest";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

type Brand = { id: string; name: string; timezone: string };
type Channel = { id: string; handle: string };
type PostJson = { id: string; status: string; baseText: string; variants: { channelId: string; scheduledAt: string | null; media: { mediaId: string }[] }[] };

/** The workspace and brand of the current URL, with the brand's channels from the API. */
async function context(page: Page): Promise<{ ws: string; brand: Brand; channels: Channel[] }> {
  const m = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(page.url());
  if (!m) throw new Error(`not on a brand page: ${page.url()}`);
  const ws = decodeURIComponent(m[1] as string);
  const brandId = decodeURIComponent(m[2] as string);
  const { items } = (await (await page.request.get(`/api/workspaces/${ws}/brands?limit=100`)).json()) as { items: Brand[] };
  const brand = items.find((b) => b.id === brandId);
  if (!brand) throw new Error("brand not found");
  const channels = (await (await page.request.get(`/api/workspaces/${ws}/channels?brandId=${brandId}&limit=100`)).json()) as { items: Channel[] };
  return { ws, brand, channels: channels.items };
}

async function getPost(page: Page, ws: string, id: string): Promise<PostJson> {
  return (await (await page.request.get(`/api/workspaces/${ws}/posts/${id}`)).json()) as PostJson;
}

const postIdOf = (page: Page) => decodeURIComponent(page.url().split("/posts/")[1] ?? "");

test("CSV import: the check lists a bad row by line and blocks Import; fixed, the import creates drafts", async () => {
  const page = await chorus.openPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page);
  const { brand, channels } = await context(page);
  const [first, second] = channels;
  if (!first || !second) throw new Error("the demo brand needs two channels");

  await openNav(page, "publishing");
  await page.getByTestId("import-csv-link").click();
  await page.waitForURL(/\/import$/);

  const day = DateTime.now().setZone(brand.timezone).plus({ days: 3 }).toISODate();
  const stamp = Date.now();
  const csv = (secondChannel: string) =>
    [
      "date,time,channels,text,campaign",
      `${day},10:00,${first.handle},Imported one ${stamp},import-e2e`,
      `${day},11:30,"${first.handle}; ${secondChannel}","Imported two ${stamp}\nwith a second line",import-e2e`,
    ].join("\n");

  await page.getByTestId("import-csv").fill(csv("nobody.here"));
  expect(await page.getByTestId("import-run").isDisabled()).toBe(true);
  await page.getByTestId("import-check").click();
  const problem = page.getByTestId("import-problem");
  await problem.first().waitFor();
  expect(await problem.count()).toBe(1);
  expect(await problem.first().getAttribute("data-line")).toBe("3");
  expect(await problem.first().getAttribute("data-column")).toBe("channels");
  expect(await problem.first().textContent()).toContain("nobody.here");
  expect(await page.getByTestId("import-post").count()).toBe(2);
  expect(await page.getByTestId("import-run").isDisabled()).toBe(true);

  // Fixed: the check passes, and only then Import is enabled.
  await page.getByTestId("import-csv").fill(csv(second.handle));
  expect(await page.getByTestId("import-run").isDisabled()).toBe(true);
  await page.getByTestId("import-check").click();
  await page.getByTestId("import-ok").waitFor();
  await expect.poll(() => page.getByTestId("import-run").isDisabled()).toBe(false);
  await page.getByTestId("import-run").click();
  await page.getByTestId("import-done").waitFor();
  expect(await page.getByTestId("import-created").count()).toBe(2);

  await page.getByTestId("import-drafts").click();
  await page.waitForURL(/\/publishing\?tab=drafts$/);
  const rows = page.getByTestId("post-row").filter({ hasText: String(stamp) });
  await expect.poll(() => rows.count()).toBe(2);
  expect(await rows.first().getAttribute("data-status")).toBe("draft");
  expect(errors).toEqual([]);
  await page.context().close();
});

test("templates: a template with {brand} and a brand variable is inserted, rendered, in the composer", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  const { brand } = await context(page);

  await openNav(page, "templates");
  await page.getByTestId("variable-add").click();
  await page.getByTestId("variable-key").last().fill("promo");
  await page.getByTestId("variable-value").last().fill("COFFEE10");
  await page.getByTestId("variables-save").click();
  await expect.poll(() => page.getByTestId("variables-save").isDisabled()).toBe(true);

  await page.getByTestId("template-name").fill("Promo E2E");
  await page.getByTestId("template-text").fill("Hello from {brand}!\nCode {promo}.");
  await page.getByTestId("template-save").click();
  await page.locator('[data-testid="template-row"][data-name="Promo E2E"]').waitFor();

  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  await page.getByTestId("composer").waitFor();
  await page.getByTestId("base-text").fill("Intro");
  await page.getByTestId("template-select").selectOption({ label: "Promo E2E" });
  await page.getByTestId("template-insert").click();
  await expect.poll(() => page.getByTestId("base-text").inputValue()).toBe(`Intro\n\nHello from ${brand.name}!\nCode COFFEE10.`);
  expect(await page.getByTestId("template-problems").count()).toBe(0);

  // A placeholder without a value stays as written and is named.
  await openNav(page, "templates");
  await page.getByTestId("template-name").fill("Broken E2E");
  await page.getByTestId("template-text").fill("See {city}");
  await page.getByTestId("template-save").click();
  await page.locator('[data-testid="template-row"][data-name="Broken E2E"]').waitFor();
  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  await page.getByTestId("template-select").selectOption({ label: "Broken E2E" });
  await page.getByTestId("template-insert").click();
  await page.getByTestId("template-problems").waitFor();
  expect(await page.getByTestId("template-problems").textContent()).toContain("{city}");
  expect(await page.getByTestId("base-text").inputValue()).toBe("See {city}");
  await page.context().close();
});

test("posting slots: a channel's slot is set, and Add to queue gives a new post exactly that time", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  const { ws, brand } = await context(page);

  await openNav(page, "channels");
  const card = page.getByTestId("channel-row").first();
  const handle = (await card.getAttribute("data-handle")) ?? "";
  await card.getByTestId("channel-schedule").click();
  const dialog = page.getByTestId("schedule-dialog");
  await dialog.getByTestId("slots-editor").waitFor();
  await dialog.getByTestId("slot-add").click();
  const row = dialog.getByTestId("slot-row").last();
  // Every day at 06:47: nothing else of the demo is planned in that minute.
  for (const d of [6, 7]) await row.getByTestId(`slot-day-${d}`).check();
  await row.getByTestId("slot-time").fill("06:47");
  await dialog.getByTestId("slots-save").click();
  await expect.poll(() => dialog.getByTestId("slots-next").textContent()).toMatch(/06:47|6:47/);
  await dialog.getByTestId("best-times").waitFor();
  expect(await dialog.getByTestId("best-times-top").locator("li").count()).toBeGreaterThan(0);
  await page.keyboard.press("Escape");

  const now = DateTime.now().setZone(brand.timezone);
  let expected = now.set({ hour: 6, minute: 47, second: 0, millisecond: 0 });
  if (expected <= now) expected = expected.plus({ days: 1 });

  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  await page.locator(`[data-testid="channel-option"][data-handle="${handle}"] input`).check();
  await page.getByTestId("base-text").fill(`Queued ${Date.now()}`);
  await page.getByTestId("add-to-queue").click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const postId = postIdOf(page);
  await expect.poll(async () => (await getPost(page, ws, postId)).variants.map((v) => v.scheduledAt && Date.parse(v.scheduledAt))).toEqual([expected.toMillis()]);
  const slots = (await (await page.request.get(`/api/workspaces/${ws}/channels/${(await getPost(page, ws, postId)).variants[0]?.channelId}/slots`)).json()) as { slots: unknown[] };
  expect(slots.slots.length).toBeGreaterThan(0);
  // The composer shows the queued time on the brand's clock.
  await expect.poll(() => page.getByTestId("post-time").inputValue()).toBe(expected.toFormat("yyyy-MM-dd'T'HH:mm"));
  await page.context().close();
});

test("media: a PNG uploaded in the composer shows its thumbnail and is saved on the variant; a JPEG named .png is refused", async () => {
  const page = await chorus.openPage();
  await signIn(page);
  const { ws } = await context(page);
  const png = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 10, g: 80, b: 160 } } }).jpeg().toBuffer();

  await openNav(page, "publishing");
  await page.getByTestId("new-post").click();
  await page.getByTestId("channel-option").first().locator("input").check();
  await page.getByTestId("base-text").fill(`With a picture ${Date.now()}`);
  await page.getByTestId("post-format").selectOption("image");
  const editor = page.locator('[data-testid="variant-editor"]:visible');
  await editor.getByTestId("media-add").click();

  await editor.getByTestId("media-upload").setInputFiles({ name: "disguised.png", mimeType: "image/png", buffer: jpeg });
  await editor.getByTestId("media-upload-error").waitFor();
  expect(await editor.getByTestId("media-upload-error").textContent()).toMatch(/JPEG/);

  await editor.getByTestId("media-upload").setInputFiles({ name: "e2e-square.png", mimeType: "image/png", buffer: png });
  const attached = editor.getByTestId("attached-media");
  await attached.first().waitFor();
  const mediaId = (await attached.first().getAttribute("data-media")) ?? "";
  expect(mediaId).not.toBe("");
  await expect.poll(() => attached.first().getByTestId("attached-thumb").evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await editor.locator(`[data-testid="library-item"][data-media="${mediaId}"]`).waitFor();
  await editor.getByTestId("attached-alt").fill("An orange rectangle");

  await page.getByTestId("save-draft").click();
  await page.waitForURL(/\/posts\/[^/]+$/);
  const post = await getPost(page, ws, postIdOf(page));
  expect(post.variants[0]?.media.map((m) => m.mediaId)).toEqual([mediaId]);

  // The media library lists it with its thumbnail.
  await openNav(page, "media");
  const card = page.locator(`[data-testid="media-card"][data-media="${mediaId}"]`);
  await card.waitFor();
  await expect.poll(() => card.getByTestId("media-thumb").evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await page.context().close();
});
