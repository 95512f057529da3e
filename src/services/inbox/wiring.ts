/** Builds the inbox's dependencies for a process: the real language and sentiment analyzer, loaded on first use. */
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Store } from "../../store/db.js";
import { createAnalyzer } from "../analysis/index.js";
import type { Secrets } from "../secrets.js";
import { type InboxDeps, lazyAnalyzer } from "./deps.js";

/** One per process: the API (webhooks) and the workers (ingestion) of `chorus serve` share the loaded models. */
export const sharedAnalyzer = lazyAnalyzer(createAnalyzer);

export function createInboxDeps(opts: { store: Store; registry: ConnectorRegistry; secrets: Secrets; queue: JobQueue }): InboxDeps {
  return { db: opts.store.db, registry: opts.registry, secrets: opts.secrets, queue: opts.queue, analyzer: sharedAnalyzer };
}
