/**
 * The networks Chorus can connect to. Adding a network means one folder under connectors/ and
 * one line here.
 */
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { createBlueskyConnector } from "./bluesky/index.js";
import { createSandboxConnector } from "./sandbox/index.js";
import type { Connector } from "./types.js";

export type ConnectorRegistry = {
  get(network: string): Connector | undefined;
  all(): Connector[];
};

export function createConnectorRegistry(deps: { db: Kysely<Database> }): ConnectorRegistry {
  const connectors: Connector[] = [createSandboxConnector({ db: deps.db }), createBlueskyConnector()];
  const byNetwork = new Map(connectors.map((c) => [c.network, c]));
  return { get: (n) => byNetwork.get(n), all: () => [...connectors] };
}
