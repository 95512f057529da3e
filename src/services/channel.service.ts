/**
 * Networks and channels: which networks Chorus can connect to (and what they can do), and the
 * brand's connected accounts. Credentials are encrypted before they reach the database and never
 * leave the server again.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { ConnectorRegistry } from "../connectors/registry.js";
import { type Connector, ConnectorError } from "../connectors/types.js";
import { AppError, notFound } from "../errors.js";
import { newId, nowIso } from "../store/ids.js";
import { decodeCursor, type PageRequest, pageLimit, toPage } from "../store/paginate.js";
import type { ChannelsTable, Database } from "../store/schema.js";
import { type Actor, requireAccess, requireBrandAccess } from "./access.js";
import { recordAudit } from "./audit.service.js";
import { findBrand } from "./brand.service.js";
import { startWebhook, stopWebhook } from "./inbox/webhook.service.js";
import type { Secrets } from "./secrets.js";

export type ConnectField = {
  name: string;
  type: "string" | "number" | "select";
  required: boolean;
  options?: string[];
  default?: unknown;
};

type JsonSchemaProperty = { type?: string; enum?: unknown[]; default?: unknown };

/** The connect form of a network, derived from its zod schema so the UI and server never disagree. */
export function connectFields(connector: Connector): ConnectField[] {
  const json = z.toJSONSchema(connector.connectSchema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const field: ConnectField = {
      name,
      type: p.enum ? "select" : p.type === "number" || p.type === "integer" ? "number" : "string",
      required: required.has(name),
    };
    if (p.enum) field.options = p.enum.map(String);
    if (p.default !== undefined) field.default = p.default;
    return field;
  });
}

export function listNetworks(registry: ConnectorRegistry) {
  return registry.all().map((c) => ({
    network: c.network,
    displayName: c.displayName,
    simulated: c.simulated,
    capabilities: c.capabilities,
    limits: c.limits,
    fields: connectFields(c),
  }));
}

function presenter(registry: ConnectorRegistry) {
  return (c: ChannelsTable) => {
    const connector = registry.get(c.network);
    return {
      id: c.id,
      brandId: c.brand_id,
      network: c.network,
      networkName: connector?.displayName ?? c.network,
      simulated: connector?.simulated ?? false,
      name: c.name,
      handle: c.handle,
      status: c.status,
      capabilities: connector?.capabilities ?? null,
      lastError: c.last_error,
      createdAt: c.created_at,
    };
  };
}

export async function listChannels(
  db: Kysely<Database>,
  registry: ConnectorRegistry,
  actor: Actor,
  workspaceId: string,
  query: PageRequest & { brandId?: string | undefined },
) {
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "channels.read");
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor);
  let q = db
    .selectFrom("channels")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("status", "!=", "disconnected");
  if (brands) q = q.where("brand_id", "in", brands);
  if (query.brandId) q = q.where("brand_id", "=", query.brandId);
  if (after) q = q.where("id", ">", after);
  const rows = await q.orderBy("id").limit(limit + 1).execute();
  return toPage(rows, limit, (r) => r.id, presenter(registry));
}

/**
 * Connects an account. With `publicUrl` on https, a network that can push (Telegram) is asked to
 * send the channel's comments to this server's webhook; when it cannot, the channel is polled and
 * the returned lastError says why — the connect itself succeeds either way.
 */
export async function connectChannel(
  deps: { db: Kysely<Database>; registry: ConnectorRegistry; secrets: Secrets; publicUrl?: string | undefined },
  actor: Actor,
  workspaceId: string,
  input: { brandId: string; network: string; fields: Record<string, unknown> },
) {
  const { db, registry, secrets } = deps;
  await requireAccess(db, actor, workspaceId, "channels.connect");
  await findBrand(db, workspaceId, input.brandId);
  const connector = registry.get(input.network);
  if (!connector) {
    throw new AppError("validation_failed", `Unknown network "${input.network}". GET /api/networks lists the ones available.`, {
      errors: [{ path: "network", message: "Unknown network" }],
    });
  }
  const parsed = connector.connectSchema.safeParse(input.fields);
  if (!parsed.success) {
    throw new AppError("validation_failed", `The ${connector.displayName} account details are not valid: fix the marked fields.`, {
      errors: parsed.error.issues.map((i) => ({
        path: ["fields", ...i.path.map(String)].join("."),
        message: i.message,
      })),
    });
  }
  let account: Awaited<ReturnType<Connector["connect"]>>;
  try {
    account = await connector.connect(parsed.data);
  } catch (err) {
    if (err instanceof ConnectorError) {
      throw new AppError("bad_request", `${connector.displayName} refused the connection: ${err.message}`, { cause: err });
    }
    throw err;
  }
  const duplicate = await db
    .selectFrom("channels")
    .select(["id", "status"])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", input.brandId)
    .where("network", "=", connector.network)
    .where("external_id", "=", account.externalId)
    .executeTakeFirst();
  if (duplicate && duplicate.status !== "disconnected") {
    throw new AppError("conflict", `${account.handle} on ${connector.displayName} is already connected to this brand.`);
  }
  const now = nowIso();
  const row: ChannelsTable = {
    id: duplicate?.id ?? newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    network: connector.network,
    name: account.name,
    handle: account.handle,
    external_id: account.externalId,
    status: "active",
    credentials_enc: secrets.encryptJson(account.credentials),
    settings: "{}",
    last_error: null,
    last_success_at: null,
    last_failure_at: null,
    connected_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (tx) => {
    if (duplicate) {
      // Reconnecting a disconnected account keeps its id, so its history stays attached.
      const { id: _id, created_at: _created, ...changes } = row;
      await tx.updateTable("channels").set(changes).where("id", "=", duplicate.id).execute();
    } else {
      await tx.insertInto("channels").values(row).execute();
    }
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "channel.connect",
      targetType: "channel",
      targetId: row.id,
      data: { network: connector.network, handle: account.handle, brandId: input.brandId },
      ip: actor.ip ?? null,
    });
  });
  if (deps.publicUrl) {
    const refused = await startWebhook({ db, registry, secrets, publicUrl: deps.publicUrl }, { ...row, credentials: account.credentials });
    if (refused) row.last_error = refused;
  }
  return presenter(registry)(row);
}

/** Disconnects a channel and erases its credentials; a webhook set for it is then removed (see stopWebhook). */
export async function disconnectChannel(
  deps: { db: Kysely<Database>; registry: ConnectorRegistry; secrets: Secrets },
  actor: Actor,
  workspaceId: string,
  channelId: string,
): Promise<void> {
  const { db, registry, secrets } = deps;
  await requireAccess(db, actor, workspaceId, "channels.connect");
  const held = await db
    .selectFrom("channels")
    .selectAll()
    .where("id", "=", channelId)
    .where("workspace_id", "=", workspaceId)
    .where("status", "!=", "disconnected")
    .executeTakeFirst();
  await db.transaction().execute(async (tx) => {
    const res = await tx
      .updateTable("channels")
      .set({ status: "disconnected", credentials_enc: null, updated_at: nowIso() })
      .where("id", "=", channelId)
      .where("workspace_id", "=", workspaceId)
      .where("status", "!=", "disconnected")
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound("Channel");
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "channel.disconnect",
      targetType: "channel",
      targetId: channelId,
      ip: actor.ip ?? null,
    });
  });
  // With the credentials read before they were erased: the network is asked once the channel is gone.
  if (held?.credentials_enc) await stopWebhook({ registry }, { ...held, credentials: secrets.decryptJson(held.credentials_enc) });
}

/**
 * Whether a channel works: asks the network (credentials, expiry, rate-limit budget) and adds
 * what Chorus saw itself (last successful and failed calls).
 */
export async function channelHealth(
  deps: { db: Kysely<Database>; registry: ConnectorRegistry; secrets: Secrets },
  actor: Actor,
  workspaceId: string,
  channelId: string,
) {
  const { db, registry, secrets } = deps;
  await requireAccess(db, actor, workspaceId, "channels.read");
  const c = await db.selectFrom("channels").selectAll().where("id", "=", channelId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!c || c.status === "disconnected") throw notFound("Channel");
  const connector = registry.get(c.network);
  const seen = { lastSuccessAt: c.last_success_at, lastFailureAt: c.last_failure_at, lastError: c.last_error };
  if (!connector) return { ok: false, message: `The ${c.network} connector is not available.`, expiresAt: null, rateLimit: null, ...seen };
  if (!connector.checkHealth || !c.credentials_enc) {
    return { ok: c.status === "active", message: c.status === "active" ? null : c.last_error, expiresAt: null, rateLimit: null, ...seen };
  }
  try {
    const health = await connector.checkHealth({
      externalId: c.external_id,
      handle: c.handle,
      credentials: secrets.decryptJson(c.credentials_enc),
      // A check may renew the token (Bluesky rotates refresh tokens): the new one must be kept.
      saveCredentials: async (next) => {
        await db.updateTable("channels").set({ credentials_enc: secrets.encryptJson(next), updated_at: nowIso() }).where("id", "=", c.id).execute();
      },
    });
    const status = health.ok ? "active" : "error";
    if (status !== c.status) {
      await db.updateTable("channels").set({ status, last_error: health.message, updated_at: nowIso() }).where("id", "=", c.id).execute();
    }
    return { ...health, ...seen };
  } catch (err) {
    const message = err instanceof ConnectorError ? err.message : "The network did not answer the health check.";
    return { ok: false, message, expiresAt: null, rateLimit: null, ...seen };
  }
}
