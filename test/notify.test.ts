/**
 * Outbound notifications against real local servers: alert e-mail through an SMTP server
 * (smtp-server on 127.0.0.1, no TLS) arrives with a plain-text part and an HTML part in which a
 * stranger's <script> is escaped; a dead or refusing server gives ok:false with a clear error;
 * signed webhooks to a local HTTP server verify, 5xx is retried, 4xx is not, and a loopback URL
 * is refused without a request unless private addresses are allowed.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createMailer, redactSmtpUrl, renderAlertEmail } from "../src/services/notify/email.js";
import { type AlertWebhookPayload, sendWebhook, verifyWebhookSignature } from "../src/services/notify/webhook.js";
import { version } from "../src/version.js";

const payload: AlertWebhookPayload = {
  id: "0195f3a0-0000-7000-8000-000000000001",
  event: "alert.raised",
  createdAt: "2026-03-10T11:05:00.000Z",
  workspaceId: "ws_1",
  brand: { id: "br_1", name: "North & Co" },
  alert: {
    id: "al_1",
    type: "negative_share",
    title: "Negative mentions at 62 %",
    window: { start: "2026-03-10T10:00:00.000Z", end: "2026-03-10T11:00:00.000Z" },
    figures: { mentions: 13, negative: 8 },
    mentions: [
      { id: "m_1", url: "https://mastodon.example/@troll/1", author: "@troll", text: 'Worst coffee <script>alert("x")</script> & more', sentiment: "negative" },
      { id: "m_2", url: "javascript:alert(1)", author: "<b>eve</b>", text: "meh", sentiment: null },
    ],
  },
};

/** The decoded parts of a raw multipart message, by content type (enough for nodemailer's output). */
function mimeParts(raw: string): Record<string, string> {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const chunks = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  const parts: Record<string, string> = {};
  for (const chunk of chunks) {
    const split = chunk.indexOf("\r\n\r\n");
    const head = chunk.slice(0, split);
    let body = chunk.slice(split + 4).replace(/\r\n$/, "");
    const type = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.toLowerCase() ?? "text/plain";
    const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
    if (encoding === "base64") body = Buffer.from(body, "base64").toString("utf8");
    if (encoding === "quoted-printable") {
      const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
      body = Buffer.from(bytes, "latin1").toString("utf8");
    }
    parts[type] = body;
  }
  return parts;
}

describe("alert e-mail over SMTP", () => {
  const received: { from: string; to: string[]; raw: string }[] = [];
  let smtp: SMTPServer;
  let port: number;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === "chorus" && auth.password === "right-pass") return callback(null, { user: auth.username });
        return callback(new Error("Invalid username or password"));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    port = ((smtp as unknown as { server: net.Server }).server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  it("delivers text and HTML, with strangers' markup escaped in the HTML", async () => {
    const config = loadConfig({ CHORUS_SMTP_URL: `smtp://127.0.0.1:${port}`, CHORUS_MAIL_FROM: "Chorus Alerts <alerts@chorus.test>" });
    const mailer = createMailer(config)!;
    const mail = renderAlertEmail(payload, { link: "https://chorus.example/alerts/al_1?a=1&b=2" });
    const result = await mailer.send({ to: ["ops@example.com", "pr@example.com"], ...mail });
    mailer.close();

    expect(result).toMatchObject({ ok: true, messageId: expect.stringMatching(/^<.+@.+>$/) });
    const msg = received.at(-1)!;
    expect(msg.from).toBe("alerts@chorus.test");
    expect(msg.to).toEqual(["ops@example.com", "pr@example.com"]);
    expect(msg.raw).toContain("Subject: [Chorus] North & Co: Negative mentions at 62 %");

    const parts = mimeParts(msg.raw);
    expect(parts["text/plain"]).toContain('- @troll (negative): Worst coffee <script>alert("x")</script> & more');
    const htmlPart = parts["text/html"]!;
    expect(htmlPart).toContain("Worst coffee &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
    expect(htmlPart).toContain("&lt;b&gt;eve&lt;/b&gt;");
    expect(htmlPart).toContain("North &amp; Co");
    expect(htmlPart).toContain('<a href="https://chorus.example/alerts/al_1?a=1&amp;b=2">');
    expect(htmlPart).not.toMatch(/<script|<b>eve|javascript:/i);
  });

  it("logs in with the URL's user and password, and never repeats the password", async () => {
    const ok = createMailer({ smtpUrl: `smtp://chorus:right-pass@127.0.0.1:${port}`, mailFrom: "chorus@chorus.test" })!;
    expect(await ok.send({ to: ["a@example.com"], subject: "hello", text: "hi" })).toMatchObject({ ok: true });
    ok.close();

    const smtpUrl = `smtp://chorus:wrong-pass-4711@127.0.0.1:${port}`;
    const bad = createMailer({ smtpUrl, mailFrom: "chorus@chorus.test" })!;
    const result = await bad.send({ to: ["a@example.com"], subject: "hello", text: "hi" });
    bad.close();
    expect(result).toMatchObject({ ok: false, transient: false });
    if (result.ok) return;
    expect(result.error).toMatch(/refused the login/);
    expect(result.error).not.toContain("wrong-pass-4711");
    expect(redactSmtpUrl(smtpUrl)).toBe(`smtp://chorus:***@127.0.0.1:${port}`);
  });

  it("with ?requireTLS=true, sends nothing to a server without STARTTLS", async () => {
    const before = received.length;
    const mailer = createMailer({ smtpUrl: `smtp://chorus:right-pass@127.0.0.1:${port}?requireTLS=true`, mailFrom: "chorus@chorus.test" })!;
    const result = await mailer.send({ to: ["a@example.com"], subject: "hello", text: "hi" });
    mailer.close();
    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.error).toMatch(/TLS/);
    expect(result.error).not.toContain("right-pass");
    expect(received.length).toBe(before);
  });

  it("answers ok:false quickly and clearly when nothing listens on the port", async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const deadPort = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));

    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${deadPort}`, mailFrom: "chorus@chorus.test" })!;
    const started = Date.now();
    const result = await mailer.send({ to: ["a@example.com"], subject: "hello", text: "hi" });
    mailer.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ ok: false, transient: true });
    if (result.ok) return;
    expect(result.error).toContain(`127.0.0.1:${deadPort} could not be reached`);
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it("is not configured without CHORUS_SMTP_URL", () => {
    const config = loadConfig({});
    expect(config.mailFrom).toBe("Chorus <chorus@localhost>");
    expect(createMailer(config)).toBeNull();
  });

  it("refuses a malformed CHORUS_SMTP_URL without echoing it", () => {
    expect(() => loadConfig({ CHORUS_SMTP_URL: "http://u:leaked-secret@host" })).toThrow(/CHORUS_SMTP_URL must look like/);
    expect(() => loadConfig({ CHORUS_SMTP_URL: "http://u:leaked-secret@host" })).not.toThrow(/leaked-secret/);
  });
});

describe("signed webhooks", () => {
  type Hit = { headers: http.IncomingHttpHeaders; body: string };
  const hits: Hit[] = [];
  let script: number[] = [];
  let server: http.Server;
  let base: string;
  const secret = "whsec_integration";
  const fast = { retryDelaysMs: [10, 10] };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        const status = script.shift() ?? 200;
        res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : `status ${status}: go away`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const reset = (statuses: number[]) => {
    hits.length = 0;
    script = statuses;
  };

  it("delivers a signed alert.raised that the receiver can verify", async () => {
    reset([200]);
    const result = await sendWebhook({ url: `${base}/hook`, secret, event: "alert.raised", payload, allowPrivate: true, ...fast });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });

    expect(hits).toHaveLength(1);
    const { headers, body } = hits[0]!;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toBe(`Chorus/${version}`);
    expect(headers["chorus-event"]).toBe("alert.raised");
    expect(headers["chorus-delivery"]).toBe(result.deliveryId);
    expect(headers["chorus-timestamp"]).toMatch(/^\d{10}$/);
    expect(JSON.parse(body)).toEqual(payload);
    const ts = String(headers["chorus-timestamp"]);
    const signature = String(headers["chorus-signature"]);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, ts, body, signature)).toBe(true);
    expect(verifyWebhookSignature("whsec_other", ts, body, signature)).toBe(false);
  });

  it("retries a 500 and counts the 200 that follows as delivered", async () => {
    reset([500, 200]);
    const result = await sendWebhook({ url: `${base}/hook`, secret, event: "alert.raised", payload, allowPrivate: true, ...fast });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
    expect(hits).toHaveLength(2);
    // Same delivery id on both; each attempt signed with its own timestamp.
    expect(hits[1]!.headers["chorus-delivery"]).toBe(hits[0]!.headers["chorus-delivery"]);
    for (const hit of hits) {
      expect(verifyWebhookSignature(secret, String(hit.headers["chorus-timestamp"]), hit.body, String(hit.headers["chorus-signature"]))).toBe(true);
    }
  });

  it("gives up after three attempts of 5xx/429", async () => {
    reset([503, 429, 502]);
    const result = await sendWebhook({ url: `${base}/hook`, secret, event: "alert.raised", payload, allowPrivate: true, ...fast });
    expect(result).toMatchObject({ ok: false, status: 502, attempts: 3 });
    expect(result.error).toContain("answered 502: status 502: go away");
    expect(hits).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    reset([400, 200]);
    const result = await sendWebhook({ url: `${base}/hook`, secret, event: "alert.raised", payload, allowPrivate: true, ...fast });
    expect(result).toMatchObject({ ok: false, status: 400, attempts: 1 });
    expect(result.error).toMatch(/answered 400/);
    expect(hits).toHaveLength(1);
  });

  it("retries when the receiver cannot be reached, and says so", async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const deadPort = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const result = await sendWebhook({ url: `http://127.0.0.1:${deadPort}/hook`, secret, event: "alert.raised", payload, allowPrivate: true, ...fast });
    expect(result).toMatchObject({ ok: false, attempts: 3 });
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/could not be reached/);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const slow = http.createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
    const result = await sendWebhook({ url, secret, event: "alert.raised", payload, allowPrivate: true, timeoutMs: 200, retryDelaysMs: [] });
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(result.error).toMatch(/did not answer within 0.2 s/);
  });

  it("refuses a loopback URL without allowPrivate, before any request", async () => {
    reset([]);
    for (const url of [`${base}/hook`, `${base.replace("http:", "https:")}/hook`, "https://localhost/hook"]) {
      const result = await sendWebhook({ url, secret, event: "alert.raised", payload, ...fast });
      expect(result).toMatchObject({ ok: false, attempts: 0 });
    }
    expect(hits).toHaveLength(0);
  });
});
