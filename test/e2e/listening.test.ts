/**
 * Listening, end to end, as a new user tries it on the demo: the brand and competitor queries have
 * collected mentions from the Sandbox network; the demo's negative incident has raised alerts, in
 * the app and by e-mail (a local SMTP server); a query with a mistake is pointed at, fixed,
 * previewed and saved; an RSS feed (a local server) is added and read; a webhook rule added in the
 * UI delivers a signed alert (a local receiver checks the signature); "where does the negativity
 * come from" names the loud accounts; a mention's sentiment is corrected.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, test } from "vitest";
import { verifyWebhookSignature } from "../../src/services/notify/webhook.js";
import { type ReceivedRequest, startHookCatcher, startMailCatcher } from "../support/receivers.js";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const [mail, hooks] = await Promise.all([startMailCatcher(), startHookCatcher()]);
const feedServer = http.createServer((_req, res) => {
  const date = new Date(Date.now() - 20 * 60_000).toUTCString();
  res.writeHead(200, { "content-type": "application/rss+xml" }).end(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>Городской кофейный блог</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>Северный кофе и доставка</title><link>http://127.0.0.1/posts/1</link><guid>http://127.0.0.1/posts/1</guid><pubDate>${date}</pubDate>
<description><![CDATA[<p>Разбираемся, что случилось с доставкой «Северный кофе»: холодный латте и двойные списания.</p>]]></description></item>
</channel></rss>`);
});
const listen = (s: { listen(port: number, host: string, cb: () => void): unknown }) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
await listen(feedServer);
const port = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;
afterAll(() => {
  mail.close();
  hooks.close();
  feedServer.close();
});

const chorus = startChorus({ env: { CHORUS_SMTP_URL: mail.url, CHORUS_ALLOW_PRIVATE_FETCH: "1" } });

async function until(check: () => boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("listens, alerts by e-mail and webhook, and names the sources of negativity", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "listening");

  // The demo's queries collected mentions from the Sandbox network.
  const mentions = page.getByTestId("mention");
  await mentions.first().waitFor();
  expect(await mentions.count()).toBeGreaterThan(10);
  expect(await page.getByTestId("mention-query").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Северный Кофе|Бодрое утро|Зерно/)]));

  // The negative incident raised alerts on the workers' first check: in the app, and by e-mail.
  await page.getByTestId("listening-tab-alerts").click();
  await page.getByTestId("alert").first().waitFor({ timeout: 60_000 });
  await until(() => mail.messages.length > 0, "the alert e-mail");
  expect(mail.messages[0]).toMatch(/demo@chorus\.local/);

  // A webhook rule added here gets its signing secret shown once.
  await page.getByTestId("rule-add").click();
  await page.getByTestId("rule-name").fill("Негатив → CRM");
  await page.getByTestId("rule-type").selectOption("negative_share");
  await page.getByTestId("rule-webhook").fill(hooks.url("/hooks/chorus"));
  await page.getByTestId("rule-save").click();
  const secret = await page.getByTestId("rule-secret-value").inputValue();
  expect(secret).toMatch(/^whsec_/);
  await page.getByTestId("rule-secret-done").click();

  // A query with a mistake is pointed at, then fixed, previewed and saved.
  await page.getByTestId("listening-tab-queries").click();
  const before = await page.getByTestId("query-row").count();
  await page.getByTestId("query-add").click();
  await page.getByTestId("query-name").fill("Доставка");
  await page.getByTestId("query-kind").selectOption("topic");
  await page.getByTestId("query-input").fill('доставка ("северный кофе" OR латте');
  await page.getByTestId("query-error").waitFor();
  expect(await page.getByTestId("query-error").textContent()).toMatch(/\d/);
  await page.getByTestId("query-input").fill('доставка ("северный кофе" OR латте)');
  await page.getByTestId("query-ok").waitFor();
  await page.getByTestId("query-preview").click();
  await page.getByTestId("query-preview-match").first().waitFor();
  await page.getByTestId("query-save").click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="query-row"]').length === n + 1, before);

  // An RSS feed is added (read once to check it), run, and its entry becomes a mention.
  await page.getByTestId("listening-tab-sources").click();
  await page.getByTestId("source-add").click();
  await page.getByTestId("source-kind-feed").check();
  await page.getByTestId("source-url").fill(`http://127.0.0.1:${port(feedServer)}/feed.xml`);
  await page.getByTestId("source-submit").click();
  const feedRow = page.getByTestId("source").filter({ hasText: "Городской кофейный блог" });
  await feedRow.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="source"]')].some((r) => r.textContent?.includes("Городской кофейный блог") && r.querySelector('[data-testid="source-state"]')?.textContent?.match(/ok|OK|Ok/)), undefined, { timeout: 60_000 });

  // The run found something, so the brand's rules were checked: the new rule's webhook arrived, signed.
  await until(() => hooks.requests.length > 0, "the alert webhook");
  const hook = hooks.requests[0] as ReceivedRequest;
  expect(verifyWebhookSignature(secret, String(hook.headers["chorus-timestamp"]), hook.body, String(hook.headers["chorus-signature"]))).toBe(true);
  expect(JSON.parse(hook.body)).toMatchObject({ event: "alert.raised", alert: { type: "negative_share" } });

  await page.getByTestId("listening-tab-mentions").click();
  await page.getByTestId("mention-filter-network").selectOption("feed");
  await page.getByTestId("mention").filter({ hasText: "Северный кофе и доставка" }).waitFor();

  // Where does the negativity come from: the loud accounts of the incident.
  await page.getByTestId("listening-tab-analytics").click();
  await page.getByTestId("analytics-period-24h").click();
  await page.getByTestId("negativity-author").first().waitFor();
  expect((await page.getByTestId("negativity-authors").textContent()) ?? "").toMatch(/zhalobnaya_kniga_spb|Жалобная книга/);
  await page.getByTestId("volume-chart").waitFor();

  // A sentiment correction from the feed is kept.
  await page.getByTestId("listening-tab-mentions").click();
  const first = page.getByTestId("mention").first();
  const select = first.getByTestId("mention-sentiment");
  const current = await select.inputValue();
  const next = current === "negative" ? "positive" : "negative";
  await select.selectOption(next);
  await page.waitForFunction((v) => document.querySelector<HTMLSelectElement>('[data-testid="mention"] [data-testid="mention-sentiment"]')?.value === v, next);

  expect(pageErrors).toEqual([]);
}, 240_000);
