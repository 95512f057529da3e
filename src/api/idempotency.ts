/**
 * `Idempotency-Key` for writes that create things: a client that retries a request (a timeout,
 * a dropped connection) gets the first answer again instead of a second post. Keys are per
 * workspace and user; reusing a key for a different request is an error, and a request still in
 * progress under the same key answers 409.
 */
import crypto from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors.js";
import type { Actor } from "../services/access.js";
import { newId, nowIso } from "../store/ids.js";
import type { Store } from "../store/db.js";

const keyPattern = /^[\x21-\x7e]{1,200}$/;

export async function withIdempotency<T>(
  store: Store,
  req: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  workspaceId: string,
  statusCode: number,
  run: () => Promise<T>,
): Promise<T> {
  const header = req.headers["idempotency-key"];
  if (header === undefined) return run();
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !keyPattern.test(key)) {
    throw new AppError("validation_failed", "The Idempotency-Key header must be 1–200 visible ASCII characters (a UUID is a good choice).", {
      errors: [{ path: "header.idempotency-key", message: "Invalid key" }],
    });
  }
  const requestHash = crypto.createHash("sha256").update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest("hex");
  const db = store.db;
  const prior = await db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("user_id", "=", actor.userId)
    .where("key", "=", key)
    .executeTakeFirst();
  if (prior) {
    if (prior.request_hash !== requestHash) {
      throw new AppError("conflict", "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
    }
    if (prior.response === null || prior.status_code === null) {
      throw new AppError("conflict", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
    }
    reply.header("idempotent-replayed", "true");
    reply.status(prior.status_code);
    return JSON.parse(prior.response) as T;
  }
  const id = newId();
  try {
    await db
      .insertInto("idempotency_keys")
      .values({ id, workspace_id: workspaceId, user_id: actor.userId, key, request_hash: requestHash, status_code: null, response: null, created_at: nowIso() })
      .execute();
  } catch {
    throw new AppError("conflict", "A request with this Idempotency-Key is being processed right now. Retry in a moment.");
  }
  try {
    const result = await run();
    await db.updateTable("idempotency_keys").set({ status_code: statusCode, response: JSON.stringify(result) }).where("id", "=", id).execute();
    return result;
  } catch (err) {
    // A failed request did nothing; the key is free to be used again for the corrected request.
    await db.deleteFrom("idempotency_keys").where("id", "=", id).execute();
    throw err;
  }
}
