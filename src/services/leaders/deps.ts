/** What the opinion leader services need: the database, the server's public address (for short links) and a clock tests can set. */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";

export type LeadersDeps = {
  db: Kysely<Database>;
  /** <public URL>/l/<code> is what a leader publishes. */
  publicUrl: string;
  now?: () => Date;
};

export const nowOf = (deps: Pick<LeadersDeps, "now">): Date => deps.now?.() ?? new Date();

export const shortUrlOf = (publicUrl: string, code: string): string => `${publicUrl.replace(/\/+$/, "")}/l/${code}`;
