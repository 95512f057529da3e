/**
 * An API under test: the real Fastify app on a real store (SQLite or PostgreSQL), driven through
 * app.inject, with helpers to make users, workspaces and signed-in sessions.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/api/app.js";
import { loadConfig } from "../../src/config.js";
import { createConnectorRegistry } from "../../src/connectors/registry.js";
import { createQueue } from "../../src/jobs/index.js";
import type { JobQueue } from "../../src/jobs/queue.js";
import type { PublishingDeps } from "../../src/services/publishing/deps.js";
import { createPublishingDeps } from "../../src/services/publishing/wiring.js";
import type { ListeningDeps } from "../../src/services/listening/deps.js";
import { createListeningDeps } from "../../src/services/listening/wiring.js";
import { createUser } from "../../src/services/auth.service.js";
import { createBrand } from "../../src/services/brand.service.js";
import { createSecrets } from "../../src/services/secrets.js";
import { createWorkspace } from "../../src/services/workspace.service.js";
import type { Dialect } from "../../src/store/db.js";
import { createTestStore, type TestStore } from "./stores.js";

export const password = "correct horse battery";

export type TestApi = {
  app: FastifyInstance;
  store: TestStore;
  queue: JobQueue;
  publishing: PublishingDeps;
  /** What the listening routes use (tests run sources and alert checks through it). */
  listening: ListeningDeps;
  close: () => Promise<void>;
};

export async function createTestApi(dialect: Dialect, env: Record<string, string> = {}): Promise<TestApi> {
  const store = await createTestStore(dialect);
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0", ...env });
  const secrets = createSecrets(Buffer.alloc(32, 7));
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: config.allowPrivateFetch, telegramApiUrl: config.telegramApiUrl });
  // Tests that publish start the queue themselves (with short poll intervals); others only enqueue.
  const queue = createQueue(store, { pollIntervalMs: 20, backoff: { baseMs: 10, capMs: 100 } });
  const publishing = createPublishingDeps({
    store,
    registry,
    secrets,
    queue,
    config,
  });
  const listening = createListeningDeps({ store, registry, secrets, queue, config });
  const app = await buildApp({ store, config, registry, secrets, publishing, listening, logger: false });
  await app.ready();
  return {
    app,
    store,
    queue,
    publishing,
    listening,
    close: async () => {
      await app.close();
      await queue.stop();
      await store.cleanup();
    },
  };
}

let seq = 0;

/** Signs in through the API and returns the session cookie header. */
export async function signIn(app: FastifyInstance, email: string, pw = password): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password: pw } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "chorus_session");
  if (!cookie) throw new Error("no session cookie");
  return `chorus_session=${cookie.value}`;
}

export type Tenant = { workspaceId: string; brandId: string; ownerId: string; owner: string; email: string };

/** A workspace with an owner (signed in) and one brand. */
export async function createTenant(api: TestApi, name = `WS ${++seq}`): Promise<Tenant> {
  const email = `owner${++seq}@example.test`;
  const user = await createUser(api.store.db, { email, name: `Owner ${seq}`, password });
  const ws = await createWorkspace(api.store.db, { name, ownerId: user.id });
  const brand = await createBrand(api.store.db, { userId: user.id }, ws.id, { name: `${name} brand`, timezone: "Europe/Moscow", locale: "ru" });
  return { workspaceId: ws.id, brandId: brand.id, ownerId: user.id, owner: await signIn(api.app, email), email };
}

/** Adds a member with a role (and optionally limited to some brands) to a workspace and returns their session cookie and id. */
export async function addMember(api: TestApi, workspaceId: string, role: string, brandIds?: string[]): Promise<{ cookie: string; userId: string; email: string }> {
  const email = `${role}${++seq}@example.test`;
  const user = await createUser(api.store.db, { email, name: `${role} ${seq}`, password });
  await api.store.db
    .insertInto("memberships")
    .values({ workspace_id: workspaceId, user_id: user.id, role: role as "owner", created_at: new Date().toISOString(), brand_ids: brandIds ? JSON.stringify(brandIds) : null })
    .execute();
  return { cookie: await signIn(api.app, email), userId: user.id, email };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
