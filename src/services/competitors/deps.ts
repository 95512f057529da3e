/** What the competitor services and jobs need; built from the runtime (see src/jobs/competitors.job.ts). */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { Database } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";

export type CompetitorsDeps = {
  db: Kysely<Database>;
  registry: ConnectorRegistry;
  secrets: Secrets;
  now?: () => Date;
};

export const nowOf = (deps: Pick<CompetitorsDeps, "now">): Date => (deps.now ? deps.now() : new Date());
