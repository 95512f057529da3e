/** What the campaign services need: the database, the secrets (the webhook's signing secret) and a clock tests can set. */
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";

export type CampaignsDeps = {
  db: Kysely<Database>;
  secrets: Secrets;
  /** The server's public address, for the webhook's URL. */
  publicUrl: string;
  now?: () => Date;
};

export const nowOf = (deps: Pick<CampaignsDeps, "now">): Date => deps.now?.() ?? new Date();
