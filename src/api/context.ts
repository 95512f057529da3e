import type { FastifyInstance, FastifyRequest, RawServerDefault } from "fastify";
import type { FastifyBaseLogger } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Config } from "../config.js";
import type { ConnectorRegistry } from "../connectors/registry.js";
import type { Actor } from "../services/access.js";
import type { InboxDeps } from "../services/inbox/deps.js";
import type { ListeningDeps } from "../services/listening/deps.js";
import type { PublishingDeps } from "../services/publishing/deps.js";
import type { Secrets } from "../services/secrets.js";
import type { Store } from "../store/db.js";

/** What every routes file receives: the services' dependencies and the caller resolver. */
export type ApiContext = {
  store: Store;
  config: Config;
  registry: ConnectorRegistry;
  secrets: Secrets;
  publishing: PublishingDeps;
  /** The inbox's dependencies (its analyzer shared with the workers of this process): webhooks store what networks push. */
  inbox: InboxDeps;
  listening: ListeningDeps;
  actorOf: (req: FastifyRequest) => Promise<Actor>;
};

export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

// Shared request pieces. Ids are UUIDv7 text; anything else cannot name a row, so it is a 400.
export const id = z.uuid({ message: "Must be an id (UUID)" });
export const wsParams = z.strictObject({ ws: id });
export const pageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const roleSchema = z.enum(["owner", "manager", "editor", "moderator", "analyst", "client"]);

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), position: z.number().optional(), length: z.number().optional() })).optional(),
  })
  .describe("application/problem+json (RFC 9457)");
