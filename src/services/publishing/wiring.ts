/** Builds the publishing dependencies once per process, for the API and the workers alike. */
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Store } from "../../store/db.js";
import type { Secrets } from "../secrets.js";
import type { LinkPolicy, MediaResolver, PublishingDeps } from "./deps.js";

export function createPublishingDeps(opts: {
  store: Store;
  registry: ConnectorRegistry;
  secrets: Secrets;
  queue: JobQueue;
  publicUrl: string;
  media: MediaResolver;
  links: LinkPolicy;
  now?: () => Date;
}): PublishingDeps {
  return {
    db: opts.store.db,
    registry: opts.registry,
    secrets: opts.secrets,
    queue: opts.queue,
    publicUrl: opts.publicUrl,
    media: opts.media,
    links: opts.links,
    ...(opts.now ? { now: opts.now } : {}),
  };
}
