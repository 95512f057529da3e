/**
 * A local atproto network for the Bluesky connector's tests: @atproto/dev-env's TestNetwork (PLC,
 * PDS, AppView — and the Ozone moderation service TestNetwork always brings along) in this process,
 * on explicit free ports, with the AppView's tables in a fresh PostgreSQL schema per run and the
 * PDS's files in a temporary directory per run. Handles end in ".test" (the PDS's handle domain).
 *
 * Ports: PLC, PDS, AppView and Ozone get explicit free ports; dev-env picks the rest itself (a
 * short-lived second PDS, the AppView's data plane and bsync). The servers take no host option, so
 * they listen on all interfaces; everything talks to them through http://localhost.
 *
 * Start one network per test file (beforeAll) and close it: it holds ~300 MB. The AppView indexes
 * the PDS's firehose asynchronously, so counts read through it lag writes; processAll() waits
 * until everything written so far is indexed.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { TestNetwork } from "@atproto/dev-env";
import pg from "pg";

export type TestAccount = { handle: string; did: string; password: string; accountPassword: string };

export type LocalAtproto = {
  pdsUrl: string;
  appviewUrl: string;
  /** Creates an account; `password` is an app password (what a Chorus user would paste). */
  createAccount(handle: string): Promise<TestAccount>;
  /** Waits until the AppView has indexed everything written so far. */
  processAll(): Promise<void>;
  /** The dev-env network itself, for what the helpers above do not cover. */
  network: TestNetwork;
  close(): Promise<void>;
};

/** A port the OS just gave out on loopback; TestNetwork otherwise picks its own (get-port). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL identifiers must not start with a digit; letters and underscores are always safe. */
function schemaName(): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let suffix = "";
  for (let i = 0; i < 10; i++) suffix += letters[Math.floor(Math.random() * letters.length)];
  return `chorus_${suffix}`;
}

export async function startAtproto(databaseUrl: string): Promise<LocalAtproto> {
  const schema = schemaName();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-atproto-"));
  const [plcPort, pdsPort, bskyPort, ozonePort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  // dev-env reads these from the environment. REDIS_HOST is only asserted to be set: without a
  // Redis the AppView keeps its caches in memory. The PDS puts its SQLite files and blobs under
  // os.tmpdir(), which follows TMPDIR at the moment it is created.
  const savedTmp = process.env.TMPDIR;
  process.env.DB_POSTGRES_URL = databaseUrl;
  process.env.REDIS_HOST ??= "unused";
  process.env.TMPDIR = tmpDir;
  let network: TestNetwork;
  try {
    network = await TestNetwork.create({
      dbPostgresUrl: databaseUrl,
      dbPostgresSchema: schema,
      plc: { port: plcPort },
      pds: { port: pdsPort },
      bsky: { port: bskyPort },
      ozone: { port: ozonePort },
    });
  } catch (err) {
    await dropSchemas(databaseUrl, schema).catch(() => undefined);
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }

  const pdsUrl = network.pds.url;
  return {
    pdsUrl,
    appviewUrl: network.bsky.url,
    network,
    async createAccount(handle) {
      const agent = new AtpAgent({ service: pdsUrl });
      const accountPassword = `pw-${handle}-${Math.random().toString(36).slice(2)}`;
      const created = await agent.createAccount({ handle, email: `${handle}@example.com`, password: accountPassword });
      const appPassword = await agent.com.atproto.server.createAppPassword({ name: "chorus-test" });
      return { handle: created.data.handle, did: created.data.did, password: appPassword.data.password, accountPassword };
    },
    processAll: () => network.processAll(),
    async close() {
      await network.close();
      await dropSchemas(databaseUrl, schema);
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/** TestNetwork prefixes the schema for the AppView and for Ozone. */
async function dropSchemas(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS appview_${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ozone_${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
