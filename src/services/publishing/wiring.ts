/** Builds the publishing dependencies once per process, for the API and the workers alike. */
import type { Config } from "../../config.js";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Store } from "../../store/db.js";
import type { Secrets } from "../secrets.js";
import { publishingLinks, publishingLinksPreview, publishingMedia } from "./adapters.js";
import type { PublishingDeps } from "./deps.js";

export function createPublishingDeps(opts: {
  store: Store;
  registry: ConnectorRegistry;
  secrets: Secrets;
  queue: JobQueue;
  config: Config;
  now?: () => Date;
}): PublishingDeps {
  const { store, config } = opts;
  return {
    db: store.db,
    registry: opts.registry,
    secrets: opts.secrets,
    queue: opts.queue,
    publicUrl: config.publicUrl,
    media: publishingMedia(store, config),
    links: publishingLinks(store, config),
    linksPreview: publishingLinksPreview(store, config),
    ...(opts.now ? { now: opts.now } : {}),
  };
}
