/** What the brief services need: the database, the address links are built on, and a clock tests can set. */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";

export type BriefsDeps = {
  db: Kysely<Database>;
  /** The server's public address (CHORUS_PUBLIC_URL): links are `${publicUrl}/brief/<token>`. */
  publicUrl: string;
  now?: () => Date;
};

export const nowOf = (deps: Pick<BriefsDeps, "now">): Date => (deps.now ? deps.now() : new Date());
