/**
 * HTML → PDF with headless Chromium through playwright-core. One browser per process, launched on
 * the first request and closed after a minute without work; every render gets a fresh context
 * with JavaScript off and the network cut (a report is self-contained: inline CSS, SVG, the logo
 * as a data URI), so nothing in a report can reach out or run.
 *
 * Chromium is an operating-system package (`apt-get install chromium`), found at
 * CHORUS_CHROMIUM_PATH: without it a PDF request fails with a message saying so, and HTML reports
 * still work.
 */
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { AppError } from "../../errors.js";

export type PdfRenderer = {
  /** An A4 PDF of a report's HTML (its pages are the HTML's own `.page` boxes). */
  pdf(html: string): Promise<Buffer>;
  /** PNG screenshots of each `.page` box, as the PDF prints them (for checking the layout). */
  pages(html: string): Promise<Buffer[]>;
  close(): Promise<void>;
};

const launchArgs = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

function missing(path: string, cause?: unknown): AppError {
  return new AppError(
    "unavailable",
    `PDF reports need Chromium, which was not found or did not start at ${path}. Install it (apt-get install chromium) or set CHORUS_CHROMIUM_PATH to its executable; the HTML report works without it.`,
    { cause },
  );
}

export function createPdfRenderer(opts: { executablePath: string; idleMs?: number }): PdfRenderer {
  const idleMs = opts.idleMs ?? 60_000;
  let browser: Promise<Browser> | null = null;
  let busy = 0;
  let idle: NodeJS.Timeout | null = null;

  async function launch(): Promise<Browser> {
    if (!fs.existsSync(opts.executablePath)) throw missing(opts.executablePath);
    const { chromium } = await import("playwright-core");
    try {
      const b = await chromium.launch({ executablePath: opts.executablePath, args: launchArgs });
      b.on("disconnected", () => {
        browser = null;
      });
      return b;
    } catch (err) {
      throw missing(opts.executablePath, err);
    }
  }

  async function withPage<T>(fn: (page: import("playwright-core").Page) => Promise<T>): Promise<T> {
    if (idle) clearTimeout(idle);
    busy++;
    try {
      browser ??= launch().catch((err) => {
        browser = null;
        throw err;
      });
      const context = await (await browser).newContext({ javaScriptEnabled: false, viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1.5 });
      try {
        await context.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
        const page = await context.newPage();
        return await fn(page);
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      busy--;
      if (busy === 0) {
        idle = setTimeout(() => void close(), idleMs);
        idle.unref();
      }
    }
  }

  async function close() {
    if (idle) clearTimeout(idle);
    const b = browser;
    browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
  }

  return {
    pdf: (html) =>
      withPage(async (page) => {
        await page.setContent(html, { waitUntil: "load" });
        return Buffer.from(await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, margin: { top: "0", right: "0", bottom: "0", left: "0" } }));
      }),
    pages: (html) =>
      withPage(async (page) => {
        await page.setContent(html, { waitUntil: "load" });
        await page.emulateMedia({ media: "print" });
        const out: Buffer[] = [];
        for (const el of await page.$$(".page")) out.push(Buffer.from(await el.screenshot({ type: "png" })));
        return out;
      }),
    close,
  };
}

const shared = new Map<string, PdfRenderer>();

/** The process's renderer for an executable (one browser per process). */
export function sharedPdfRenderer(executablePath: string): PdfRenderer {
  let r = shared.get(executablePath);
  if (!r) {
    r = createPdfRenderer({ executablePath });
    shared.set(executablePath, r);
  }
  return r;
}
