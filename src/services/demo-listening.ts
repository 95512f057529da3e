/**
 * Listening in the demo: the coffee brand listens for itself and two competitors on the Sandbox
 * network through its main account, with two weeks of mentions already collected and a negative
 * incident that began three hours before the demo was made (a delivery and double-charge storm
 * driven by two or three loud accounts and their reposts), and alert rules for a spike, a negative
 * share and big authors — so the first check after start raises alerts.
 */
import type { Kysely } from "kysely";
import { chatterBetween, chatterBrands, remotePostAt, searchDays } from "../connectors/sandbox/chatter.js";
import { parseQuery } from "../domain/listening-query.js";
import { newId } from "../store/ids.js";
import type { Database } from "../store/schema.js";
import type { Analyzer } from "./inbox/deps.js";
import { countTerms, storeMentions } from "./listening/ingest.js";
import type { Secrets } from "./secrets.js";

const hourMs = 3_600_000;

export const demoQueries = [
  { name: "Северный Кофе", kind: "brand", query: chatterBrands.north.query },
  { name: "Бодрое утро", kind: "competitor", query: chatterBrands.morningBrew.query },
  { name: "Зерно", kind: "competitor", query: chatterBrands.zerno.query },
] as const;

export async function seedDemoListening(
  tx: Kysely<Database>,
  ctx: { workspaceId: string; brandId: string; userId: string; userEmail: string; channelId: string; secrets: Secrets; now: Date; analyzer: Analyzer },
): Promise<void> {
  const { workspaceId, brandId, now } = ctx;
  const nowIso = now.toISOString();
  const incidentAt = new Date(now.getTime() - 3 * hourMs);

  // The incident lives on the Sandbox network of the brand's main account.
  const channel = await tx.selectFrom("channels").select("credentials_enc").where("id", "=", ctx.channelId).executeTakeFirstOrThrow();
  const credentials = ctx.secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc as string);
  await tx
    .updateTable("channels")
    .set({ credentials_enc: ctx.secrets.encryptJson({ ...credentials, incidentAt: incidentAt.toISOString() }) })
    .where("id", "=", ctx.channelId)
    .execute();

  const queries = demoQueries.map((q) => ({ ...q, id: newId() }));
  await tx
    .insertInto("listening_queries")
    .values(queries.map((q) => ({ id: q.id, workspace_id: workspaceId, brand_id: brandId, name: q.name, kind: q.kind, query: q.query, enabled: 1, created_by: ctx.userId, created_at: nowIso, updated_at: nowIso })))
    .execute();
  const sourceId = newId();
  await tx
    .insertInto("listening_sources")
    .values({
      id: sourceId,
      workspace_id: workspaceId,
      brand_id: brandId,
      type: "network",
      name: "Sandbox search (@severny.coffee)",
      channel_id: ctx.channelId,
      url: null,
      config: "{}",
      enabled: 1,
      state: "ok",
      last_run_at: nowIso,
      last_ok_at: nowIso,
      last_error: null,
      failures: 0,
      // The workers read it again as soon as they start.
      next_run_at: nowIso,
      items_total: 0,
      items_last_run: 0,
      created_at: nowIso,
    })
    .execute();

  const posts = chatterBetween(new Date(now.getTime() - searchDays * 24 * hourMs), now, { incidentAt }).map((p) => remotePostAt(p, now));
  const result = await storeMentions(
    tx,
    { workspaceId, brandId, sourceId, network: "sandbox" },
    posts,
    queries.map((q) => ({ id: q.id, node: parseQuery(q.query) })),
    (text) => ctx.analyzer.analyze(text),
    { now },
  );
  await countTerms(tx, 100_000);
  await tx.updateTable("listening_sources").set({ items_total: result.added, items_last_run: result.added }).where("id", "=", sourceId).execute();

  const rule = (name: string, type: "volume_spike" | "negative_share" | "influencer", params: Record<string, number>) => ({
    id: newId(),
    workspace_id: workspaceId,
    brand_id: brandId,
    name,
    type,
    params: JSON.stringify(params),
    query_id: queries[0]?.id ?? null,
    emails: JSON.stringify([ctx.userEmail]),
    webhook_url: null,
    webhook_secret_enc: null,
    cooldown_minutes: 120,
    enabled: 1,
    last_fired_at: null,
    last_checked_at: nowIso,
    created_at: nowIso,
  });
  await tx
    .insertInto("alert_rules")
    .values([
      rule("Всплеск упоминаний", "volume_spike", { factor: 3, windowMinutes: 60, baselineDays: 7, minMentions: 10 }),
      rule("Доля негатива", "negative_share", { threshold: 0.3, windowMinutes: 120, minMentions: 10 }),
      rule("Крупный автор", "influencer", { minFollowers: 50_000 }),
    ])
    .execute();
}
