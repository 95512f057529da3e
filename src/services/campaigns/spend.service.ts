/**
 * A campaign's ad spend: entries by day, added by hand or imported from CSV (all or nothing: any
 * problem in the file stores none of it and lists every problem by line). Amounts are in the
 * campaign's currency; Chorus does not convert currencies. Reading is "analytics.read", changing
 * "brands.manage", as for the campaign itself.
 */
import type { Kysely } from "kysely";
import { centsOf, fromCents } from "../../domain/campaign.js";
import { type CsvProblem, parseSpendCsv } from "../../domain/campaign-csv.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { CampaignSpendTable } from "../../store/schema-campaigns.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findCampaign } from "./campaigns.service.js";
import { type CampaignsDeps, nowOf } from "./deps.js";

export type SpendView = {
  id: string;
  campaignId: string;
  day: string;
  amount: number;
  currency: string;
  channel: { id: string; name: string } | null;
  channelLabel: string | null;
  note: string | null;
  source: "manual" | "csv";
  createdAt: string;
};

/** Refuses a request that did not send the file as its body (after access is checked: existence never leaks). */
export function requireCsv(csv: string | null): string {
  if (csv === null) throw new AppError("unsupported_media_type", "Send the CSV file as the body with Content-Type: text/csv.");
  return csv;
}

/** A file's problems: the API answers 422 with them, and nothing is stored. */
export class CampaignFileInvalid extends AppError {
  readonly problems: CsvProblem[];
  readonly problemCount: number;
  constructor(problems: CsvProblem[], problemCount: number) {
    super("validation_failed", `The file has ${problemCount} problem${problemCount === 1 ? "" : "s"}; nothing was imported. Fix them and import it again.`);
    this.problems = problems;
    this.problemCount = problemCount;
  }
}

type Row = CampaignSpendTable & { channel_name: string | null };

function present(r: Row): SpendView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    day: r.day,
    amount: fromCents(Number(r.amount_cents)) as number,
    currency: r.currency,
    channel: r.channel_id ? { id: r.channel_id, name: r.channel_name ?? "" } : null,
    channelLabel: r.channel_label,
    note: r.note,
    source: r.source,
    createdAt: r.created_at,
  };
}

export async function listSpend(deps: CampaignsDeps, actor: Actor, workspaceId: string, campaignId: string): Promise<SpendView[]> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  await findCampaign(deps.db, workspaceId, campaignId);
  const rows = await deps.db
    .selectFrom("campaign_spend")
    .leftJoin("channels", "channels.id", "campaign_spend.channel_id")
    .selectAll("campaign_spend")
    .select("channels.name as channel_name")
    .where("campaign_spend.workspace_id", "=", workspaceId)
    .where("campaign_spend.campaign_id", "=", campaignId)
    .orderBy("campaign_spend.day", "desc")
    .orderBy("campaign_spend.id", "desc")
    .execute();
  return rows.map(present);
}

export async function addSpend(
  deps: CampaignsDeps,
  actor: Actor,
  workspaceId: string,
  campaignId: string,
  input: { day: string; amount: number; channelId?: string | null | undefined; note?: string | null | undefined },
): Promise<SpendView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const c = await findCampaign(deps.db, workspaceId, campaignId);
  const cents = centsOf(input.amount);
  if (cents === null || cents === 0) throw new AppError("validation_failed", "The amount must be more than zero, with at most two decimals.", { errors: [{ path: "amount", message: "More than zero, at most two decimals" }] });
  if (input.channelId) {
    const ch = await deps.db.selectFrom("channels").select("id").where("workspace_id", "=", workspaceId).where("brand_id", "=", c.brand_id).where("id", "=", input.channelId).executeTakeFirst();
    if (!ch) throw notFound("Channel");
  }
  const row: CampaignSpendTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: c.brand_id,
    campaign_id: c.id,
    day: input.day,
    amount_cents: cents,
    currency: c.currency,
    channel_id: input.channelId ?? null,
    channel_label: null,
    note: input.note?.trim() || null,
    source: "manual",
    created_by: actor.userId,
    created_at: nowOf(deps).toISOString(),
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("campaign_spend").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.spend.add", targetType: "campaign", targetId: c.id, data: { day: row.day, amount: input.amount, currency: c.currency }, ip: actor.ip ?? null });
  });
  return (await listSpend(deps, actor, workspaceId, campaignId)).find((s) => s.id === row.id) as SpendView;
}

export async function deleteSpend(deps: CampaignsDeps, actor: Actor, workspaceId: string, campaignId: string, entryId: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findCampaign(deps.db, workspaceId, campaignId);
  await deps.db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom("campaign_spend").where("workspace_id", "=", workspaceId).where("campaign_id", "=", campaignId).where("id", "=", entryId).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw notFound("Spend entry");
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.spend.delete", targetType: "campaign", targetId: campaignId, data: { entryId }, ip: actor.ip ?? null });
  });
}

/** A channel named in a file: the brand's channel with that handle, name or id, else kept as the file wrote it. */
async function channelMatcher(db: Kysely<Database>, workspaceId: string, brandId: string): Promise<(label: string) => string | null> {
  const channels = await db.selectFrom("channels").select(["id", "name", "handle"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).execute();
  return (label) => {
    const l = label.trim().toLowerCase().replace(/^@/, "");
    return channels.find((c) => c.id === label || c.handle.toLowerCase().replace(/^@/, "") === l || c.name.toLowerCase() === l)?.id ?? null;
  };
}

export async function importSpend(deps: CampaignsDeps, actor: Actor, workspaceId: string, campaignId: string, csv: string | null): Promise<{ imported: number; total: number; currency: string }> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const c = await findCampaign(deps.db, workspaceId, campaignId);
  const parsed = parseSpendCsv(requireCsv(csv), { currency: c.currency });
  if (parsed.problems.length) throw new CampaignFileInvalid(parsed.problems, parsed.problemCount);
  const match = await channelMatcher(deps.db, workspaceId, c.brand_id);
  const at = nowOf(deps).toISOString();
  const rows: CampaignSpendTable[] = parsed.rows.map((r) => {
    const channelId = r.channel ? match(r.channel) : null;
    return {
      id: newId(),
      workspace_id: workspaceId,
      brand_id: c.brand_id,
      campaign_id: c.id,
      day: r.day,
      amount_cents: r.amountCents,
      currency: c.currency,
      channel_id: channelId,
      channel_label: channelId ? null : r.channel,
      note: r.note,
      source: "csv",
      created_by: actor.userId,
      created_at: at,
    };
  });
  const total = rows.reduce((s, r) => s + r.amount_cents, 0);
  await deps.db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto("campaign_spend").values(rows.slice(i, i + 500)).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "campaign.spend.import", targetType: "campaign", targetId: c.id, data: { rows: rows.length, total: total / 100, currency: c.currency }, ip: actor.ip ?? null });
  });
  return { imported: rows.length, total: total / 100, currency: c.currency };
}
