/**
 * Id mapping for an import: every id of the archive gets a new id, the same one wherever it
 * appears (a row's own id, a foreign key, an id inside a JSON column), without keeping a map in
 * memory — a brand with a million mentions would need one of a hundred megabytes.
 *
 * The new id is derived: the old UUIDv7's 48-bit time prefix is kept (ids double as cursors and
 * sort by creation time, so imported rows keep their order), the rest comes from
 * sha256(salt + old id). A fresh random salt per import makes the same archive imported twice give
 * two sets of ids; 74 hashed bits make a collision with an existing row as unlikely as two random
 * UUIDs colliding.
 */
import { createHash, randomBytes } from "node:crypto";

export type IdMapper = (oldId: string) => string;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidsInText = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export const newSalt = (): string => randomBytes(16).toString("hex");

export function createIdMapper(salt: string): IdMapper {
  // Taken once: an id that is not a UUIDv7 must map to the same new id on every call.
  const importedAt = Date.now().toString(16).padStart(12, "0").slice(-12);
  return (oldId) => {
    const h = createHash("sha256").update(salt).update("\0").update(oldId).digest("hex");
    // A UUIDv7 keeps its time; anything else (not made by Chorus) gets the import's.
    const time = uuidShape.test(oldId) && oldId[14] === "7" ? oldId.replace(/-/g, "").slice(0, 12) : importedAt;
    const variant = ((Number.parseInt(h[3] as string, 16) & 0x3) | 0x8).toString(16);
    const hex = `${time}7${h.slice(0, 3)}${variant}${h.slice(4, 19)}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}

/** Every UUID inside a text (JSON of media references, an idempotency key "variant:item") mapped. */
export function mapIdsInText(text: string, map: IdMapper): string {
  return text.replace(uuidsInText, (id) => map(id.toLowerCase()));
}

export const isUuid = (v: string): boolean => uuidShape.test(v);
