import { describe, expect, it } from "vitest";
import { createMailer, escapeHtml, html, redactSmtpUrl, renderAlertEmail } from "./email.js";
import type { AlertWebhookPayload } from "./webhook.js";

describe("escapeHtml and the html template", () => {
  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });

  it("escapes every value, keeps nested fragments, joins arrays, drops null", () => {
    const evil = "<img src=x onerror=alert(1)>";
    const items = ["a<b", "c&d"].map((s) => html`<li>${s}</li>`);
    const out = html`<p title="${evil}">${evil}</p><ul>${items}</ul>${null}${undefined}${42}`;
    expect(out.html).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</p><ul><li>a&lt;b</li><li>c&amp;d</li></ul>42',
    );
  });

  it("cannot be fooled by an object that only looks like SafeHtml", () => {
    const fake = { html: "<script>" } as unknown as string;
    expect(html`${fake}`.html).toBe("[object Object]");
  });
});

describe("renderAlertEmail", () => {
  const payload: AlertWebhookPayload = {
    id: "evt",
    event: "alert.raised",
    createdAt: "2026-03-10T11:05:00.000Z",
    workspaceId: "ws",
    brand: { id: "br", name: "Brand <i>" },
    alert: {
      id: "al",
      type: "volume_spike",
      title: "Spike \r\n Bcc: x@evil",
      window: { start: "2026-03-10T10:00:00.000Z", end: "2026-03-10T11:00:00.000Z" },
      figures: { mentions: 40, baseline: 8.5 },
      mentions: Array.from({ length: 12 }, (_, i) => ({
        id: `m${i}`,
        url: i === 0 ? "javascript:alert(1)" : `https://example.com/${i}`,
        author: `@user${i}`,
        text: i === 1 ? "x".repeat(600) : `<script>${i}</script>`,
        sentiment: i % 2 ? ("negative" as const) : null,
      })),
    },
  };

  it("escapes strangers' text, links only http(s), caps mentions and their length", () => {
    const mail = renderAlertEmail(payload, { link: "https://chorus.example/a" });
    expect(mail.subject).toBe("[Chorus] Brand <i>: Spike \r\n Bcc: x@evil");
    expect(mail.html.html).toContain("&lt;script&gt;0&lt;/script&gt;");
    expect(mail.html.html).toContain("Brand &lt;i&gt;");
    expect(mail.html.html).not.toMatch(/<script|<i>|javascript:/);
    expect(mail.html.html).toContain('<a href="https://example.com/2">link</a>');
    expect(mail.html.html).toContain("… and 2 more");
    expect(mail.html.html).toContain(`${"x".repeat(499)}…`);
    expect(mail.html.html).not.toContain("x".repeat(500));
    expect(mail.text).toContain("- @user1 (negative): ");
    expect(mail.text).toContain("baseline: 8.5");
    expect(mail.text).toContain("Window: 2026-03-10 10:00 UTC – 2026-03-10 11:00 UTC");
    expect(mail.text).toContain("Open in Chorus: https://chorus.example/a");
  });
});

describe("createMailer and the SMTP URL", () => {
  it("is null without a server", () => {
    expect(createMailer({ smtpUrl: undefined, mailFrom: "Chorus <chorus@localhost>" })).toBeNull();
  });

  it("redacts the password for logs", () => {
    expect(redactSmtpUrl("smtps://me%40corp:p%40ss@mail.example:465")).toBe("smtps://me%40corp:***@mail.example:465");
    expect(redactSmtpUrl("smtp://mail.example")).toBe("smtp://mail.example");
    expect(redactSmtpUrl("not a url:pw")).toBe("(invalid SMTP URL)");
  });

  it("refuses a message without recipients", async () => {
    const mailer = createMailer({ smtpUrl: "smtp://127.0.0.1:1", mailFrom: "c@localhost" })!;
    expect(await mailer.send({ to: [], subject: "s", text: "t" })).toMatchObject({ ok: false, error: "The e-mail has no recipients." });
    mailer.close();
  });
});
