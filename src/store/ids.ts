/** Ids are UUIDv7: unique across processes and ordered by creation time, so they double as cursors. */
import { v7 } from "uuid";

export const newId = (): string => v7();
export const nowIso = (): string => new Date().toISOString();
