/**
 * Members limited to some brands: a client sees their own brand, an agency's editor the brands
 * they work on. `brand_ids` is a JSON array of brand ids; null means every brand of the
 * workspace, which is what every membership was before.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("memberships").addColumn("brand_ids", "text").execute();
  await db.schema.alterTable("invitations").addColumn("brand_ids", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invitations").dropColumn("brand_ids").execute();
  await db.schema.alterTable("memberships").dropColumn("brand_ids").execute();
}
