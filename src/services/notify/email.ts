/**
 * Alert e-mail over SMTP (nodemailer). One server for the whole installation, CHORUS_SMTP_URL:
 * without it `createMailer` answers null and callers record "not configured" instead of failing.
 *
 * - smtps:// speaks TLS from the first byte (port 465 unless given). smtp:// (port 587 unless
 *   given) upgrades with STARTTLS whenever the server offers it and otherwise stays plain, which
 *   is what local relays and test servers need; `?requireTLS=true` refuses to go on unencrypted
 *   (use it, or smtps://, whenever the URL carries a password and the server is not on this host).
 *   Certificates are always verified.
 * - Every wait is bounded (connection, greeting, socket inactivity, DNS: 10 s), so a dead server
 *   costs a delivery ten seconds, not nodemailer's default minutes.
 * - The URL may hold a password: it goes to nodemailer only, nodemailer's logger stays off (its
 *   debug output would carry the AUTH exchange), and error texts are scrubbed of it anyway.
 * - HTML bodies are built with the `html` template below, which escapes every value it is given:
 *   mention texts and author names come from strangers. The plain-text part is always sent.
 */
import nodemailer from "nodemailer";
import type { SMTPTransportOptions } from "nodemailer";
import type { Config } from "../../config.js";
import type { AlertWebhookPayload } from "./webhook.js";

// ---------------------------------------------------------------------------------------------
// HTML that is escaped by default

const safe = Symbol("SafeHtml");

/** HTML built by `html` (only this module can make one, so a plain string cannot pass for it). */
export type SafeHtml = { readonly [safe]: true; readonly html: string };

export type HtmlValue = SafeHtml | string | number | null | undefined | readonly HtmlValue[];

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for an HTML element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

const safeHtml = (value: string): SafeHtml => ({ [safe]: true, html: value });

function render(value: HtmlValue): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  if (typeof value === "object" && safe in value) return (value as SafeHtml).html;
  return escapeHtml(String(value));
}

/**
 * A template tag: the literal parts are trusted markup, every `${value}` is escaped unless it is
 * itself SafeHtml (so fragments nest); arrays are joined and null/undefined render as nothing.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return safeHtml(out);
}

// ---------------------------------------------------------------------------------------------
// The mailer

export type MailAttachment = { filename: string; content: Buffer; contentType: string };

export type MailMessage = { to: string[]; subject: string; text: string; html?: SafeHtml; attachments?: MailAttachment[] };

export type MailResult =
  | { ok: true; messageId: string }
  /** `transient`: the server could not be reached or answered 4xx; the same message may go through later. */
  | { ok: false; error: string; transient: boolean };

export type Mailer = {
  send(message: MailMessage): Promise<MailResult>;
  /** Closes open connections (the transport is not pooled, so usually there are none). */
  close(): void;
};

/** What a delivery records when there is no mail server. */
export const mailNotConfigured = "E-mail is not configured on this server (CHORUS_SMTP_URL).";

const DEFAULT_TIMEOUT_MS = 10_000;

/** The SMTP URL with its password replaced by ***, for logs and status pages. */
export function redactSmtpUrl(smtpUrl: string): string {
  if (!URL.canParse(smtpUrl)) return "(invalid SMTP URL)";
  const url = new URL(smtpUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

/** Transport options from an smtp:// or smtps:// URL (parsed here, so the options are ours to see). */
function transportOptions(smtpUrl: string, timeoutMs: number): SMTPTransportOptions {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // smtp:// : STARTTLS when the server offers it (nodemailer's default), required only on request.
    requireTLS: !secure && url.searchParams.get("requireTLS") === "true",
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    logger: false,
    debug: false,
  };
}

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

const networkCodes = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENOTFOUND"]);

/** A sentence for the delivery log: what went wrong and where to look. */
function describeFailure(err: SmtpError, server: string, timeoutMs: number): { error: string; transient: boolean } {
  const code = err.code ?? "";
  const detail = err.message.replace(/\s+/g, " ").trim();
  if (code === "EAUTH" || code === "ENOAUTH") {
    return { error: `The mail server ${server} refused the login (${detail}). Check the user and password in CHORUS_SMTP_URL.`, transient: false };
  }
  if (code === "ETLS") return { error: `TLS with the mail server ${server} failed (${detail}).`, transient: false };
  if (code === "ETIMEDOUT" || /timeout/i.test(detail)) {
    return { error: `The mail server ${server} did not answer within ${timeoutMs / 1000} s.`, transient: true };
  }
  if (networkCodes.has(code) && err.responseCode === undefined) {
    return { error: `The mail server ${server} could not be reached (${detail}). Check CHORUS_SMTP_URL.`, transient: true };
  }
  const transient = err.responseCode !== undefined ? err.responseCode < 500 || err.responseCode === 503 : networkCodes.has(code);
  return { error: `The mail server ${server} did not take the message (${detail}).`, transient };
}

/** The mailer of this server, or null when CHORUS_SMTP_URL is not set. */
export function createMailer(config: Pick<Config, "smtpUrl" | "mailFrom">, opts: { timeoutMs?: number } = {}): Mailer | null {
  if (!config.smtpUrl) return null;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const options = transportOptions(config.smtpUrl, timeoutMs);
  const server = `${options.host}:${options.port}`;
  const password = options.auth?.pass;
  const scrub = (s: string) => (password ? s.split(password).join("***") : s);
  const transport = nodemailer.createTransport(options);
  return {
    async send(message) {
      if (message.to.length === 0) return { ok: false, error: "The e-mail has no recipients.", transient: false };
      try {
        const info = await transport.sendMail({
          from: config.mailFrom,
          to: message.to,
          // A subject is one header line, whatever the alert title held.
          subject: message.subject.replace(/[\r\n]+/g, " "),
          text: message.text,
          ...(message.html ? { html: message.html.html } : {}),
          ...(message.attachments?.length ? { attachments: message.attachments } : {}),
        });
        return { ok: true, messageId: info.messageId };
      } catch (err) {
        const failure = describeFailure(err as SmtpError, server, timeoutMs);
        return { ok: false, error: scrub(failure.error), transient: failure.transient };
      }
    },
    close() {
      transport.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The alert e-mail

/** At most this many mentions, each cut to this many characters, go into an e-mail. */
const MAX_MENTIONS = 10;
const MAX_MENTION_CHARS = 500;

const clip = (text: string) => (text.length > MAX_MENTION_CHARS ? `${text.slice(0, MAX_MENTION_CHARS - 1)}…` : text);
const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
/** Only web links become hrefs: a stranger's javascript: or data: URL stays text. */
const webLink = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/**
 * Subject, plain text and HTML of the e-mail for one alert, from the same payload the webhook
 * carries. `link` is where the alert opens in Chorus, when the caller knows it.
 */
export function renderAlertEmail(payload: AlertWebhookPayload, opts: { link?: string } = {}): { subject: string; text: string; html: SafeHtml } {
  const { brand, alert } = payload;
  const mentions = alert.mentions.slice(0, MAX_MENTIONS);
  const more = alert.mentions.length - mentions.length;
  const window = `${utc(alert.window.start)} – ${utc(alert.window.end)}`;
  const figures = Object.entries(alert.figures);
  const who = (m: AlertWebhookPayload["alert"]["mentions"][number]) => `${m.author}${m.sentiment ? ` (${m.sentiment})` : ""}`;

  const text = [
    alert.title,
    "",
    `Brand: ${brand.name}`,
    `Window: ${window}`,
    ...(figures.length > 0 ? ["", ...figures.map(([k, v]) => `${k}: ${v}`)] : []),
    ...(mentions.length > 0 ? ["", "Mentions:", ...mentions.flatMap((m) => [`- ${who(m)}: ${clip(m.text)}`, ...(m.url ? [`  ${m.url}`] : [])])] : []),
    ...(more > 0 ? [`… and ${more} more`] : []),
    ...(opts.link ? ["", `Open in Chorus: ${opts.link}`] : []),
  ].join("\n");

  const body = html`<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.4">
<h2 style="margin: 0 0 8px">${alert.title}</h2>
<p style="color: #555; margin: 0 0 16px">${brand.name} · ${window}</p>
${figures.length > 0 ? html`<table cellpadding="4">${figures.map(([k, v]) => html`<tr><td>${k}</td><td><b>${v}</b></td></tr>`)}</table>` : null}
${mentions.length > 0 ? html`<ul>${mentions.map((m) => html`<li><b>${who(m)}</b>: ${clip(m.text)}${webLink(m.url) ? html` <a href="${webLink(m.url)}">link</a>` : null}</li>`)}</ul>` : null}
${more > 0 ? html`<p>… and ${more} more</p>` : null}
${opts.link ? html`<p><a href="${opts.link}">Open in Chorus</a></p>` : null}
</body></html>`;

  return { subject: `[Chorus] ${brand.name}: ${alert.title}`, text, html: body };
}
