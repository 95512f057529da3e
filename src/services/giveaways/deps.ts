/** What the giveaway services need; the routes build it from the API context. */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { Database } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";

export type GiveawaysDeps = {
  db: Kysely<Database>;
  registry: ConnectorRegistry;
  secrets: Secrets;
  /** This server's address as people reach it (config.publicUrl): the public page's link in replies. */
  publicUrl: string;
  now?: () => Date;
};

export const nowOf = (deps: Pick<GiveawaysDeps, "now">): Date => (deps.now ? deps.now() : new Date());

/** The public verification page of a giveaway, on this server. */
export const publicPageUrl = (deps: Pick<GiveawaysDeps, "publicUrl">, publicId: string): string => `${deps.publicUrl.replace(/\/+$/, "")}/g/${publicId}`;
