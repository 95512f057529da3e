/**
 * Advertising posts: `posts.ad` holds the post's advertising mark (JSON: the rules it is published
 * under, the advertiser, the erid token; see src/domain/ad-disclosure.ts), null for a post that is
 * not an ad. The label is added when the post is sent, so it is never part of the stored text.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("posts").addColumn("ad", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("posts").dropColumn("ad").execute();
}
