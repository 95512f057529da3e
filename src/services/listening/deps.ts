/** What the listening services and jobs need; built once per process (see createListeningDeps). */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Database } from "../../store/schema.js";
import type { Analyzer } from "../inbox/deps.js";
import type { Mailer } from "../notify/email.js";
import type { Secrets } from "../secrets.js";

/** Sentiment and language as the workspace's classifier gives them (its trained model where it has one). */
export type Classify = Analyzer["analyze"];


export type ListeningDeps = {
  db: Kysely<Database>;
  registry: ConnectorRegistry;
  secrets: Secrets;
  queue: JobQueue;
  /** The classifier of a workspace (baseline, or its own model once that beats the baseline). */
  classifierFor: (workspaceId: string) => Promise<Classify>;
  /** Null when no SMTP server is configured: e-mail deliveries then record that. */
  mailer: Mailer | null;
  /** Feeds and webhooks on private addresses are refused unless this is set (CHORUS_ALLOW_PRIVATE_FETCH; tests on 127.0.0.1). */
  allowPrivateUrls: boolean;
  /** Chorus's own address (CHORUS_PUBLIC_URL), for links in e-mails. */
  publicUrl?: string | undefined;
  now?: () => Date;
};

export const nowOf = (deps: Pick<ListeningDeps, "now">): Date => (deps.now ? deps.now() : new Date());
