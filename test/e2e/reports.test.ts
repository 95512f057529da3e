/**
 * Reports, end to end, as a new user tries them on the demo: a weekly white-label report is built
 * in the UI, previewed, downloaded as a PDF, and sent now — the e-mail with the PDF attached
 * arrives at a local SMTP server — and the run is listed.
 */
import { afterAll, expect, test } from "vitest";
import { startMailCatcher } from "../support/receivers.js";
import { openNav, signIn } from "./support/browser.js";
import { startChorus } from "./support/setup.js";

const mail = await startMailCatcher();
afterAll(() => mail.close());
const chorus = startChorus({ env: { CHORUS_SMTP_URL: mail.url } });

test("builds a weekly report, previews it, downloads the PDF and e-mails it to the client", async () => {
  const page = await chorus.openPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await signIn(page);
  await openNav(page, "reports");

  await page.getByTestId("report-new").click();
  await page.getByTestId("report-name").fill("Еженедельный отчёт для клиента");
  await page.getByTestId("report-recipients").fill("client@example.test");
  await page.getByTestId("report-primary").fill("#1f3a5f");
  await page.getByTestId("report-save").click();

  // The report is listed and its preview shows the brand's figures.
  await page.getByTestId("report-detail").waitFor();
  expect(await page.getByTestId("reports-list").textContent()).toContain("Еженедельный отчёт для клиента");
  const preview = page.frameLocator('[data-testid="report-preview"]');
  await preview.locator("body").waitFor();
  expect(await preview.locator("body").textContent()).toMatch(/ER/);

  // The PDF downloads and is a PDF.
  const download = page.waitForEvent("download");
  await page.getByTestId("report-pdf").click();
  const file = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of file) chunks.push(c as Buffer);
  const pdf = Buffer.concat(chunks);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(20_000);

  // Send now: the e-mail reaches the client with the PDF attached, and the run is listed.
  await page.getByTestId("report-send").click();
  // (The demo's listening alerts may e-mail too: the report is the message with a PDF.)
  const reports = () => mail.messages.filter((m) => /Content-Type: application\/pdf/.test(m));
  const deadline = Date.now() + 60_000;
  while (reports().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(reports()).toHaveLength(1);
  const message = reports()[0] ?? "";
  expect(message).toMatch(/^To: client@example\.test/m);
  expect(message).toMatch(/Content-Type: application\/pdf/);
  await page.getByTestId("report-runs").waitFor();
  expect(await page.getByTestId("report-runs").locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
  expect(pageErrors).toEqual([]);
});
