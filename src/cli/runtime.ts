/** Opens what every command needs: the store (migrated), the secrets, the connectors, the job queue and the publishing services. */
import type { Config } from "../config.js";
import { type ConnectorRegistry, createConnectorRegistry } from "../connectors/registry.js";
import { createQueue } from "../jobs/index.js";
import type { JobQueue } from "../jobs/queue.js";
import type { PublishingDeps } from "../services/publishing/deps.js";
import { createPublishingDeps } from "../services/publishing/wiring.js";
import { createSecrets, loadSecretKey, type Secrets } from "../services/secrets.js";
import { openStore, type Store } from "../store/db.js";
import { migrateToLatest } from "../store/migrate.js";

export type Runtime = {
  config: Config;
  store: Store;
  secrets: Secrets;
  registry: ConnectorRegistry;
  /** Enqueues from any process; only workers start it. */
  queue: JobQueue;
  publishing: PublishingDeps;
};

export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (opts.migrate !== false) await migrateToLatest(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  const secrets = createSecrets(loadSecretKey({ secret: config.secret, dataDir: config.dataDir }));
  const registry = createConnectorRegistry({ db: store.db, allowPrivateFetch: config.allowPrivateFetch, telegramApiUrl: config.telegramApiUrl });
  const queue = createQueue(store, { backend: config.queue });
  const publishing = createPublishingDeps({
    store,
    registry,
    secrets,
    queue,
    config,
  });
  return { config, store, secrets, registry, queue, publishing };
}

/** "Empty" means no user yet: the moment to offer the demo workspace. */
export async function isEmpty(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}
