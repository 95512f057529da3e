/**
 * Listening without a search: public posts an account sees in passing (a Telegram bot's updates from
 * the other groups and channels it is in) arrive with its inbox pages, and go to the brand's
 * listening sources on that account — matched against the brand's queries and stored as mentions
 * like a search's results.
 */
import type { Kysely } from "kysely";
import type { RemotePost } from "../../connectors/types.js";
import type { Database } from "../../store/schema.js";
import type { Classify } from "./deps.js";
import { storeMentions } from "./ingest.js";
import { compiledQueries } from "./queries.service.js";

export async function storeOverheard(db: Kysely<Database>, channel: { id: string; network: string }, posts: RemotePost[], classify: Classify, now: Date): Promise<number> {
  if (posts.length === 0) return 0;
  const sources = await db.selectFrom("listening_sources").select(["id", "workspace_id", "brand_id"]).where("channel_id", "=", channel.id).where("type", "=", "network").where("enabled", "=", 1).execute();
  let added = 0;
  for (const source of sources) {
    const queries = await compiledQueries(db, source.brand_id);
    const r = await storeMentions(db, { workspaceId: source.workspace_id, brandId: source.brand_id, sourceId: source.id, network: channel.network }, posts, queries, classify, { now });
    added += r.added;
    await db
      .updateTable("listening_sources")
      .set((eb) => ({ state: "ok", last_run_at: now.toISOString(), last_ok_at: now.toISOString(), last_error: null, items_last_run: r.added, items_total: eb("items_total", "+", r.added) }))
      .where("id", "=", source.id)
      .execute();
  }
  return added;
}
