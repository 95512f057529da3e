/**
 * Starts the built Chorus server (`node bin/chorus.js serve`) on a free port with a fresh data
 * directory and the demo workspace, and stops it afterwards. Needs `npm run build` first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

export const demoEmail = "demo@chorus.local";
export const demoPassword = "e2e-demo-password-1";

export type TestServer = { baseUrl: string; stop: () => Promise<void>; output: () => string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`chorus serve exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`chorus serve did not become healthy within 60 s:\n${output()}`);
}

/** `env` adds to (or overrides) the server's environment, e.g. `{ CHORUS_ALLOW_PRIVATE_FETCH: "1" }`. */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<TestServer> {
  for (const built of ["dist/cli/main.js", "dist/web/index.html"]) {
    if (!fs.existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-e2e-"));
  const child = spawn(process.execPath, ["bin/chorus.js", "serve"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: String(port),
      HOST: "127.0.0.1",
      CHORUS_DATA_DIR: dataDir,
      CHORUS_DEMO: "1",
      CHORUS_DEMO_PASSWORD: demoPassword,
      CHORUS_SECRET: "e2e-secret-that-is-long-enough-0123456789",
      CHORUS_LOG_LEVEL: "warn",
      // Invitation links (and the screenshots showing them) name the documented address.
      CHORUS_PUBLIC_URL: "http://localhost:3000",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const output = () => log;
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, stop, output };
}
