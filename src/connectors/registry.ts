/**
 * The networks Chorus can connect to. Adding a network means one folder under connectors/ and
 * one line here.
 */
import type { Kysely } from "kysely";
import { guardedFetch } from "../net/safe-fetch.js";
import type { Database } from "../store/schema.js";
import { createBlueskyConnector } from "./bluesky/index.js";
import { createMastodonConnector } from "./mastodon/index.js";
import { createSandboxConnector } from "./sandbox/index.js";
import { createTelegramConnector } from "./telegram/index.js";
import type { Connector } from "./types.js";
import { createVkConnector } from "./vk/index.js";

export type ConnectorRegistry = {
  get(network: string): Connector | undefined;
  all(): Connector[];
};

export type RegistryOptions = {
  db: Kysely<Database>;
  /** Let connectors reach servers on private addresses (a self-hosted PDS or instance on the LAN). */
  allowPrivateFetch?: boolean | undefined;
  /** A self-hosted Telegram Bot API server instead of api.telegram.org. */
  telegramApiUrl?: string | undefined;
};

export function createConnectorRegistry(deps: RegistryOptions): ConnectorRegistry {
  // Bluesky and Mastodon talk to the server the user names when connecting: guard those calls.
  const userServers = guardedFetch({ allowPrivate: deps.allowPrivateFetch ?? false });
  const connectors: Connector[] = [
    createSandboxConnector({ db: deps.db }),
    createBlueskyConnector({ fetch: userServers }),
    createTelegramConnector(deps.telegramApiUrl ? { baseUrl: deps.telegramApiUrl } : {}),
    createVkConnector(),
    createMastodonConnector({ fetch: userServers }),
  ];
  const byNetwork = new Map(connectors.map((c) => [c.network, c]));
  return { get: (n) => byNetwork.get(n), all: () => [...connectors] };
}
