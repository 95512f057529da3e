/**
 * A brief by link, end to end: the owner makes a link for the demo brand, a fresh browser without
 * an account opens it, sends it with a mistake (the message appears beside the field), fixes it and
 * sends it; the owner then sees the answers, the link says it has been used, and the answers become
 * the brand's strategy.
 *
 * Needs the briefs routes in src/api/app.ts and the /brief/:token and …/briefs pages in
 * web/src/app.tsx (see docs/briefs.md), and `npm run build`.
 */
import { expect, test } from "vitest";
import { signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const chorus = startChorus();

test("the client fills in a brief through the link; the owner reads the answers and makes the strategy from them", async () => {
  const owner = await chorus.openPage();
  const pageErrors: string[] = [];
  owner.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(owner);
  const brandBase = new URL(owner.url()).pathname.replace(/\/home$/, "");
  await owner.goto(`${brandBase}/briefs`);

  await owner.getByTestId("brief-new").click();
  await owner.getByTestId("brief-create-title").fill("Бриф на весенний запуск");
  await owner.getByTestId("brief-create-message").fill("Please answer by Friday.\n<b>Thanks!</b>");
  await owner.getByTestId("brief-create-company").fill("North Coffee");
  await owner.getByTestId("brief-create").click();
  const url = await owner.getByTestId("brief-url").inputValue();
  expect(url).toMatch(/\/brief\/[A-Za-z0-9_-]{40,}$/);
  expect(await owner.getByTestId("briefs-list").textContent()).toContain("Бриф на весенний запуск");

  // The client: a fresh browser, never signed in.
  const client = await chorus.openPage();
  client.on("pageerror", (e) => pageErrors.push(e.message));
  await client.goto(new URL(url).pathname);
  await client.getByTestId("brief-form").waitFor();
  expect(await client.getByTestId("brief-title").textContent()).toBe("Бриф на весенний запуск");
  // The agency's message is text, not markup.
  expect(await client.locator(".brief-message").textContent()).toContain("<b>Thanks!</b>");
  expect(await client.getByTestId("brief-company").inputValue()).toBe("North Coffee");

  await client.getByTestId("brief-contactName").fill("Anna Smirnova");
  await client.getByTestId("brief-product").fill("Coffee shops near home and beans delivered across Moscow");
  await client.getByTestId("brief-network-vk").check();
  await client.getByTestId("brief-network-telegram").check();
  await client.getByTestId("brief-otherNetworks").fill("Odnoklassniki, YouTube");
  await client.getByTestId("brief-geography").fill("Moscow and the Moscow region");
  await client.getByTestId("brief-budgetMonthly").fill("150 000");
  await client.getByTestId("brief-successIndicators").fill("+5,000 live subscribers without bots; 20 orders a day");
  // The mistake: no goal chosen.
  await client.getByTestId("brief-submit").click();
  await client.getByTestId("brief-goals-error").waitFor();
  expect(await client.getByTestId("brief-goals-error").textContent()).toBe("Choose at least one goal");
  expect(await client.getByTestId("brief-fix").isVisible()).toBe(true);

  await client.getByTestId("brief-goal-sales").check();
  await client.getByTestId("brief-goal-community").check();
  await client.getByTestId("brief-submit").click();
  await client.getByTestId("brief-done").waitFor();

  // The link takes one answer: opening it again says so.
  await client.reload();
  await client.getByTestId("brief-gone").waitFor();
  expect(await client.getByTestId("brief-gone").getAttribute("data-reason")).toBe("submitted");

  // The owner sees the answers in the brand.
  await owner.reload();
  const row = owner.getByTestId("brief-row").filter({ hasText: "Бриф на весенний запуск" });
  await expect.poll(() => row.getAttribute("data-status")).toBe("submitted");
  await row.getByTestId("brief-view").click();
  await row.getByTestId("brief-answers").waitFor();
  expect(await row.getByTestId("brief-answer-contact").textContent()).toBe("Anna Smirnova");
  expect(await row.getByTestId("brief-answer-networks").textContent()).toBe("VK, Telegram, Odnoklassniki, YouTube");
  expect(await row.getByTestId("brief-answer-goals").textContent()).toBe("Sales, A loyal community");
  expect(await row.getByTestId("brief-answer-budget").textContent()).toMatch(/150,000/);

  // The answers become the strategy's draft: the demo brand has one, so Chorus asks before replacing it.
  await owner.goto(`${brandBase}/strategy`);
  const fromBrief = owner.getByTestId("strategy-from-brief").filter({ hasText: "Бриф на весенний запуск" });
  await fromBrief.click();
  await owner.locator(".confirm .btn--danger").click();
  // Indicators without a deadline are kept in the client's words, for the team to turn into KPIs.
  await expect.poll(async () => (await owner.getByTestId("strategy-ideas").textContent().catch(() => "")) ?? "").toContain("+5,000 live subscribers without bots");
  const [, ws, brandId] = /\/w\/([^/]+)\/b\/([^/]+)\//.exec(owner.url()) ?? [];
  const saved = (await (await owner.request.get(`/api/workspaces/${ws}/brands/${brandId}/strategy`)).json()) as { strategy: { kpiIdeas: string[]; budget: unknown[] } };
  expect(saved.strategy.kpiIdeas.join(" ")).toContain("20 orders a day");
  expect(pageErrors).toEqual([]);
});
