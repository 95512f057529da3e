/**
 * Reports on the demo brand, through the API and the scheduler, on SQLite and PostgreSQL: the HTML
 * agrees with the analytics dashboard and escapes strangers' text; the PDF prints several A4 pages
 * (headless Chromium); the weekly sweep at the due time e-mails the PDF once to a local SMTP server
 * and records the run; another workspace sees nothing; bad input is refused field by field.
 * On SQLite it also saves PNGs of the pages to /tmp/report-pages/ for a person to look at.
 */
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/api/app.js";
import { makeActorOf } from "../src/api/auth.js";
import type { ApiContext } from "../src/api/context.js";
import { reportsRoutes } from "../src/api/routes/reports.routes.js";
import { type Config, loadConfig } from "../src/config.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createQueue } from "../src/jobs/index.js";
import type { JobQueue } from "../src/jobs/queue.js";
import { registerReports, sweepReports } from "../src/jobs/send-report.job.js";
import { computeDashboard } from "../src/services/analytics/dashboard.service.js";
import { demoCampaignName } from "../src/services/campaigns/demo.js";
import { createDemo, type DemoResult } from "../src/services/demo.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { createListeningDeps } from "../src/services/listening/wiring.js";
import { createMailer } from "../src/services/notify/email.js";
import { createPublishingDeps } from "../src/services/publishing/wiring.js";
import type { ReportsDeps } from "../src/services/reports/deps.js";
import { formatter } from "../src/services/reports/format.js";
import { createPdfRenderer, type PdfRenderer } from "../src/services/reports/pdf.js";
import { buildReport } from "../src/services/reports/produce.js";
import { deliverScheduled } from "../src/services/reports/send.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { newId } from "../src/store/ids.js";
import { mediaStorage } from "../src/store/storage.js";
import { createTenant, json, signIn, type TestApi } from "./support/app.js";
import { type MailCatcher, startMailCatcher } from "./support/receivers.js";
import { createTestStore, dialects, type TestStore } from "./support/stores.js";
import { waitFor } from "./support/wait.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const now = new Date("2026-03-16T09:30:00.000Z");
/** Monday 16 March 2026, 09:00 in Moscow (the demo brand's zone). */
const due = new Date("2026-03-16T06:00:00.000Z");
const chromium = process.env.CHORUS_CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = fs.existsSync(chromium);
const scriptText = '<script>alert("pwned")</script> Best latte <b>ever</b> & more';

type Api = Pick<TestApi, "app" | "store"> & { deps: ReportsDeps; config: Config; close: () => Promise<void> };

/** The app with the reports routes (registered here until app.ts wires them) and deps whose clock is the test's. */
async function createReportsApi(store: TestStore, mail: MailCatcher, pdf: PdfRenderer, clock: { now: Date }): Promise<Api> {
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0", CHORUS_SMTP_URL: mail.url, CHORUS_MAIL_FROM: "Reports <reports@chorus.test>" });
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: false, telegramApiUrl: undefined });
  const queue = createQueue(store, { pollIntervalMs: 20 });
  const publishing = createPublishingDeps({ store, registry, secrets, queue, config });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  const deps: ReportsDeps = { db: store.db, storage: mediaStorage(config), mailer: createMailer(config), pdf, now: () => clock.now };
  if (!app.apiRoutes.some((r) => r.url === "/api/workspaces/:ws/reports")) {
    const ctx: ApiContext = { store, config, registry, secrets, publishing, inbox: createInboxDeps({ store, registry, secrets, queue }), listening, actorOf: makeActorOf(store) };
    reportsRoutes(app as unknown as Parameters<typeof reportsRoutes>[0], ctx, deps);
  }
  await app.ready();
  return {
    app,
    store,
    deps,
    config,
    close: async () => {
      await app.close();
      await queue.stop();
    },
  };
}

/** The decoded parts of a raw multipart message: content type → body (base64 decoded to a Buffer). */
function mimeParts(raw: string): { type: string; headers: string; body: Buffer }[] {
  const out: { type: string; headers: string; body: Buffer }[] = [];
  const walk = (chunk: string) => {
    const split = chunk.indexOf("\r\n\r\n");
    const head = chunk.slice(0, split);
    const body = chunk.slice(split + 4);
    const type = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.toLowerCase() ?? "text/plain";
    const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (type.startsWith("multipart/") && boundary) {
      for (const part of body.split(`--${boundary}`).slice(1, -1)) walk(part.replace(/^\r\n/, ""));
      return;
    }
    const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
    let bytes = Buffer.from(body, "utf8");
    if (encoding === "base64") bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
    if (encoding === "quoted-printable") bytes = Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))), "latin1");
    out.push({ type, headers: head, body: bytes });
  };
  walk(raw);
  return out;
}

/** The Subject header, unfolded and with its RFC 2047 words decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? "";
  return header
    .replace(/\?=\r\n[ \t]+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))), "latin1").toString("utf8"),
    )
    .replace(/\r\n[ \t]+/g, " ");
}

const pdfPages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;

describe.each(dialects)("reports on %s", (dialect) => {
  let store: TestStore;
  let api: Api;
  let mail: MailCatcher;
  let pdf: PdfRenderer;
  let demo: DemoResult;
  let cookie: string;
  let reportId: string;
  const clock = { now };

  beforeAll(async () => {
    store = await createTestStore(dialect);
    mail = await startMailCatcher();
    pdf = createPdfRenderer({ executablePath: chromium, idleMs: 5_000 });
    demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    // A post from the network whose text carries markup: the report must print it as text.
    const channel = await store.db.selectFrom("channels").select(["id"]).where("brand_id", "=", demo.brandId).orderBy("name").executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await store.db
      .insertInto("channel_posts")
      .values({
        id: newId(),
        workspace_id: demo.workspaceId,
        brand_id: demo.brandId,
        channel_id: channel.id,
        publication_id: null,
        post_key: `xss-${newId()}`,
        external_id: null,
        origin: "import",
        url: "javascript:alert(1)",
        text: scriptText,
        format: "image",
        rubric: null,
        paid: 0,
        campaign: null,
        published_at: "2026-03-12T09:00:00.000Z",
        followers: 5200,
        reach: 9000,
        impressions: 12000,
        views: null,
        likes: 900,
        comments: 120,
        reposts: 60,
        saves: 20,
        clicks: 40,
        metrics_at: at,
        sync_due_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    api = await createReportsApi(store, mail, pdf, clock);
    cookie = await signIn(api.app as FastifyInstance, demo.email, "demo-password-123");
  });
  afterAll(async () => {
    await api?.close();
    await pdf?.close();
    mail?.close();
    await store?.cleanup();
  });

  const url = (p = "") => `/api/workspaces/${demo.workspaceId}/reports${p}`;

  it("refuses bad input field by field and stores nothing", async () => {
    const res = await api.app.inject({
      method: "POST",
      url: url(),
      headers: { cookie },
      payload: { brandId: demo.brandId, name: "Weekly", sections: [{ kind: "summary" }], periodKind: "weekly", weekday: 1, hour: 25, recipients: ["x"], branding: { primaryColor: "red" } },
    });
    expect(res.statusCode).toBe(400);
    const problem = json<{ code: string; errors: { path: string; message: string }[] }>(res);
    expect(problem.code).toBe("validation_failed");
    const paths = problem.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["hour", "recipients.0", "branding.primaryColor"]));
    expect(problem.errors.find((e) => e.path === "branding.primaryColor")?.message).toMatch(/#rrggbb/);
    expect(problem.errors.find((e) => e.path === "recipients.0")?.message).toMatch(/e-mail/);
    // A weekly report without its weekday.
    const noDay = await api.app.inject({ method: "POST", url: url(), headers: { cookie }, payload: { brandId: demo.brandId, name: "W", sections: [{ kind: "summary" }], periodKind: "weekly" } });
    expect(noDay.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(noDay).errors.map((e) => e.path)).toContain("weekday");
    const rows = await store.db.selectFrom("reports").select("id").execute();
    expect(rows).toHaveLength(0);
  });

  it("creates a weekly report on the demo brand, audited", async () => {
    const res = await api.app.inject({
      method: "POST",
      url: url(),
      headers: { cookie },
      payload: {
        brandId: demo.brandId,
        name: "Weekly performance",
        language: "en",
        sections: [
          { kind: "summary", options: { goals: { posts: 20, interactions: 5000, erReach: 0.05, growth: 100 } } },
          { kind: "growth" },
          { kind: "content" },
          { kind: "bestPosts", options: { limit: 5 } },
          { kind: "responseTimes" },
          { kind: "listening" },
          { kind: "competitors" },
          { kind: "campaigns" },
        ],
        periodKind: "weekly",
        weekday: 1,
        hour: 9,
        recipients: ["Client@Example.com", "boss@example.com"],
        branding: { agencyName: "Orbit <Agency> & Co", primaryColor: "#1F3A5F", accentColor: "#e07a2e" },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = json<{ id: string; recipients: string[]; branding: { primaryColor: string }; nextRunAt: string; tables: string[] }>(res);
    reportId = r.id;
    expect(r.recipients).toEqual(["client@example.com", "boss@example.com"]);
    expect(r.branding.primaryColor).toBe("#1f3a5f");
    expect(r.tables).toContain("best_posts");
    const audit = await store.db.selectFrom("audit_events").select("action").where("target_id", "=", reportId).execute();
    expect(audit.map((a) => a.action)).toEqual(["report.create"]);
    // Created "before" the due time, as if set up the week before (the test's clock is in March 2026).
    await store.db.updateTable("reports").set({ created_at: "2026-03-10T00:00:00.000Z" }).where("id", "=", reportId).execute();
  });

  it("renders HTML whose figures are the dashboard's, with strangers' text escaped", async () => {
    const res = await api.app.inject({ method: "GET", url: url(`/${reportId}/render?from=2026-03-09&to=2026-03-15`), headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    const html = res.body;
    const d = await computeDashboard(store.db, demo.workspaceId, { brandId: demo.brandId, from: "2026-03-09", to: "2026-03-15" });
    const fmt = formatter("en-GB");
    expect(d.totals.posts).toBeGreaterThan(5);
    const kpi = (label: string) => new RegExp(`${label}<sup class="fn">\\d+</sup></div>\\s*<div class="kpi-value">([^<]+)</div>`).exec(html)?.[1];
    expect(kpi("Posts")).toBe(fmt.int(d.totals.posts));
    expect(kpi("ER by reach")).toBe(fmt.pct(d.rates.erReach));
    expect(kpi("ER by followers")).toBe(fmt.pct(d.rates.erFollowers));
    expect(kpi("Follower growth")).toBe(fmt.signed(d.followers.growth));
    // Both ERs, each with its own formula in the legend.
    expect(html).toContain("ER by reach</b> = interactions ÷ reach");
    expect(html).toContain("ER by followers</b> = interactions ÷ followers");
    // The post with markup is the best one, printed as text.
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>ever</b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Best latte &lt;b&gt;ever&lt;/b&gt; &amp; more");
    expect(html).toContain("Orbit &lt;Agency&gt; &amp; Co");
    expect(html).not.toContain("javascript:");
    // The campaigns page shows the demo's campaign with its ROMI; the competitors page compares the demo's rivals on ER by followers.
    expect(html).not.toContain("not available yet");
    expect(html).toContain(demoCampaignName);
    expect(html).toContain("ROMI</b> = (revenue − spend) ÷ spend");
    const rivals = await store.db.selectFrom("competitors").select("name").where("brand_id", "=", demo.brandId).execute();
    expect(rivals.length).toBe(2);
    for (const r of rivals) expect(html).toContain(r.name);
    expect(html).toContain("saves left out for everyone");
    expect(html.match(/class="page/g)).toHaveLength(9);

    // The tables export with the same figures.
    const csv = await api.app.inject({ method: "GET", url: url(`/${reportId}/export?from=2026-03-09&to=2026-03-15&table=summary&format=csv`), headers: { cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`posts,${d.totals.posts},${d.previousTotals.posts}`);
    expect(csv.body).toContain(`interactions,${d.totals.interactions},${d.previousTotals.interactions}`);
    const xlsx = await api.app.inject({ method: "GET", url: url(`/${reportId}/export?from=2026-03-09&to=2026-03-15&format=xlsx`), headers: { cookie } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const unknown = await api.app.inject({ method: "GET", url: url(`/${reportId}/export?table=nope&format=csv`), headers: { cookie } });
    expect(unknown.statusCode).toBe(400);
  });

  it.runIf(hasChromium)("prints a PDF of several A4 pages", async () => {
    const res = await api.app.inject({ method: "GET", url: url(`/${reportId}/pdf?from=2026-03-09&to=2026-03-15`), headers: { cookie } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename="weekly-performance-2026-03-09-2026-03-15.pdf"/);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdfPages(res.rawPayload)).toBe(9);
  });

  it("fails a PDF with a message naming CHORUS_CHROMIUM_PATH when Chromium is missing, and HTML still works", async () => {
    const missing = createPdfRenderer({ executablePath: "/nonexistent/chromium" });
    const err = await buildReport(api.deps, demo.workspaceId, reportId).then((b) => missing.pdf(b.html)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("CHORUS_CHROMIUM_PATH");
    expect((err as { code?: string }).code).toBe("unavailable");
  });

  it.runIf(hasChromium)("sends the weekly report once at its due time, with the PDF attached, and records the run", async () => {
    const queue: JobQueue = createQueue(store, { pollIntervalMs: 20, backoff: { baseMs: 10, capMs: 100 } });
    registerReports(queue, api.deps);
    await queue.start();
    try {
      const before = mail.messages.length;
      // A minute before: nothing is due yet.
      clock.now = new Date(due.getTime() - 60_000);
      expect(await sweepReports(api.deps, queue)).toEqual([]);
      clock.now = due;
      const enqueued = await sweepReports(api.deps, queue);
      expect(enqueued).toEqual([{ workspaceId: demo.workspaceId, reportId, due: due.toISOString() }]);
      await waitFor(
        async () => (await store.db.selectFrom("report_runs").select("status").where("report_id", "=", reportId).executeTakeFirst())?.status,
        (s) => s === "sent",
        60_000,
      );
      await waitFor(
        async () => mail.messages.length,
        (n) => n > before,
      );

      // A second sweep (another worker, a minute later) and a duplicate job do not send it again.
      clock.now = new Date(due.getTime() + 60_000);
      expect(await sweepReports(api.deps, queue)).toEqual([]);
      const again = await deliverScheduled(api.deps, { workspaceId: demo.workspaceId, reportId, due: due.toISOString() });
      expect(again?.status).toBe("sent");
      await new Promise((r) => setTimeout(r, 300));
      expect(mail.messages.length).toBe(before + 1);

      const raw = mail.messages.at(-1) as string;
      expect(raw).toMatch(/^To: client@example.com, boss@example.com/m);
      expect(subjectOf(raw)).toBe("Weekly performance: Северный Кофе / North Coffee, 9–15 March 2026");
      const parts = mimeParts(raw);
      const attachment = parts.find((p) => p.type === "application/pdf");
      expect(attachment?.headers).toMatch(/filename="?weekly-performance-2026-03-09-2026-03-15.pdf/);
      expect(attachment?.body.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdfPages(attachment?.body as Buffer)).toBeGreaterThan(3);
      const body = parts.find((p) => p.type === "text/html")?.body.toString("utf8") ?? "";
      expect(body).toContain("Orbit &lt;Agency&gt; &amp; Co");

      const runs = await api.app.inject({ method: "GET", url: url(`/${reportId}/runs`), headers: { cookie } });
      const items = json<{ items: { trigger: string; status: string; periodFrom: string; periodTo: string; recipients: string[]; bytes: number; error: string | null }[] }>(runs).items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ trigger: "schedule", status: "sent", periodFrom: "2026-03-09", periodTo: "2026-03-15", recipients: ["client@example.com", "boss@example.com"], error: null });
      expect(items[0]?.bytes).toBe(attachment?.body.length);
      const list = json<{ items: { id: string; lastSentAt: string | null; lastRun: { status: string } | null; nextRunAt: string }[] }>(await api.app.inject({ method: "GET", url: url(), headers: { cookie } })).items;
      expect(list[0]).toMatchObject({ id: reportId, lastRun: { status: "sent" } });
      expect(list[0]?.lastSentAt).not.toBeNull();
      const audit = await store.db.selectFrom("audit_events").select("action").where("target_id", "=", reportId).where("action", "=", "report.send").execute();
      expect(audit).toHaveLength(1);
    } finally {
      await queue.stop();
      clock.now = now;
    }
  });

  it.runIf(hasChromium)("sends now on request, and records a failed send with its error", async () => {
    const res = await api.app.inject({ method: "POST", url: url(`/${reportId}/send`), headers: { cookie }, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<{ trigger: string; status: string }>(res)).toMatchObject({ trigger: "manual", status: "sent" });
    // No recipients: refused, and the run says why.
    await api.app.inject({ method: "PATCH", url: url(`/${reportId}`), headers: { cookie }, payload: { recipients: [] } });
    const failed = await api.app.inject({ method: "POST", url: url(`/${reportId}/send`), headers: { cookie }, payload: {} });
    expect(failed.statusCode).toBe(400);
    const runs = json<{ items: { status: string; error: string | null }[] }>(await api.app.inject({ method: "GET", url: url(`/${reportId}/runs`), headers: { cookie } })).items;
    expect(runs[0]).toMatchObject({ status: "failed", error: expect.stringContaining("no recipients") });
    await api.app.inject({ method: "PATCH", url: url(`/${reportId}`), headers: { cookie }, payload: { recipients: ["client@example.com"] } });
  });

  it("changes a report with checks, and answers 404 to another workspace", async () => {
    const bad = await api.app.inject({ method: "PATCH", url: url(`/${reportId}`), headers: { cookie }, payload: { periodKind: "monthly" } });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(bad).errors.map((e) => e.path)).toContain("monthDay");
    const ok = await api.app.inject({ method: "PATCH", url: url(`/${reportId}`), headers: { cookie }, payload: { name: "Weekly performance", hour: 10, branding: { accentColor: "#12B76A" } } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<{ hour: number; branding: { accentColor: string; primaryColor: string } }>(ok)).toMatchObject({ hour: 10, branding: { accentColor: "#12b76a", primaryColor: "#1f3a5f" } });

    const other = await createTenant({ app: api.app, store } as unknown as TestApi);
    const theirs = `/api/workspaces/${other.workspaceId}/reports/${reportId}`;
    const ours = url(`/${reportId}`);
    for (const [method, path] of [
      ["GET", theirs],
      ["GET", ours],
      ["GET", `${ours}/render`],
      ["GET", `${ours}/pdf`],
      ["GET", `${ours}/runs`],
      ["PATCH", ours],
      ["DELETE", ours],
      ["POST", `${ours}/send`],
    ] as const) {
      const res = await api.app.inject({ method, url: path, headers: { cookie: other.owner }, ...(method === "PATCH" || method === "POST" ? { payload: method === "PATCH" ? { name: "Mine" } : {} } : {}) });
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    expect((await store.db.selectFrom("reports").select("name").where("id", "=", reportId).executeTakeFirstOrThrow()).name).toBe("Weekly performance");
  });

  it.runIf(hasChromium && dialect === "sqlite")("saves screenshots of the PDF's pages to /tmp/report-pages/", async () => {
    const dir = "/tmp/report-pages";
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const language of ["en", "ru"] as const) {
      await store.db.updateTable("reports").set({ language }).where("id", "=", reportId).execute();
      const built = await buildReport(api.deps, demo.workspaceId, reportId, { from: "2026-03-09", to: "2026-03-15" });
      const pages = await pdf.pages(built.html);
      expect(pages.length).toBe(9);
      for (const [i, png] of pages.entries()) fs.writeFileSync(path.join(dir, `${language}-page-${String(i + 1).padStart(2, "0")}.png`), png);
      fs.writeFileSync(path.join(dir, `${language}.html`), built.html);
      fs.writeFileSync(path.join(dir, `${language}.pdf`), await pdf.pdf(built.html));
    }
    await store.db.updateTable("reports").set({ language: "en" }).where("id", "=", reportId).execute();
  });

  it("deletes a report, audited", async () => {
    const res = await api.app.inject({ method: "DELETE", url: url(`/${reportId}`), headers: { cookie } });
    expect(res.statusCode).toBe(204);
    expect(await store.db.selectFrom("reports").select("id").where("id", "=", reportId).execute()).toHaveLength(0);
    const audit = await store.db.selectFrom("audit_events").select("action").where("target_id", "=", reportId).where("action", "=", "report.delete").execute();
    expect(audit).toHaveLength(1);
  });
});
