/** What every end-to-end file needs: the built server and Chromium for its tests, stopped after them. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, newPage } from "./browser.js";
import { startServer, type TestServer } from "./server.js";

/** Starts both before the file's tests (server with `env` added) and stops them after; openPage() is a fresh browser context on that server. */
export function startChorus(opts: { env?: Record<string, string> } = {}): { openPage: () => Promise<Page> } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(opts), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    openPage: () => {
      if (!server || !browser) throw new Error("startChorus(): the server and browser start in beforeAll; open pages inside tests");
      return newPage(browser, server.baseUrl);
    },
  };
}
