/** Builds listening's dependencies for a process: the shared analyzer, the mailer from the configuration. */
import type { Config } from "../../config.js";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Store } from "../../store/db.js";
import { workspaceClassifier } from "../analysis/classifier.js";
import { sharedAnalyzer } from "../inbox/wiring.js";
import { createMailer } from "../notify/email.js";
import type { Secrets } from "../secrets.js";
import type { ListeningDeps } from "./deps.js";

export function createListeningDeps(opts: { store: Store; registry: ConnectorRegistry; secrets: Secrets; queue: JobQueue; config: Config }): ListeningDeps {
  return {
    db: opts.store.db,
    registry: opts.registry,
    secrets: opts.secrets,
    queue: opts.queue,
    classifierFor: async (workspaceId) => {
      const classifier = await workspaceClassifier(opts.store.db, await sharedAnalyzer(), workspaceId);
      return (text) => classifier.analyze(text);
    },
    mailer: createMailer(opts.config),
    allowPrivateUrls: opts.config.allowPrivateFetch,
    publicUrl: opts.config.publicUrl,
  };
}
