/**
 * Competitors of a brand: other public pages on a network, read once a day. Adding one reads the
 * page at once — a page that does not exist, a network that cannot read pages, or a missing
 * account to read through is refused with what to do, and nothing is stored — and the first
 * reading (a month of its posts) is kept with it.
 *
 * Who may: reading competitors and the comparison is "analytics.read" (everyone, clients too: it
 * is part of what they are shown); adding, changing, removing and reading one now is
 * "listening.manage" (owners, managers, analysts) — watching competitors is monitoring work,
 * the same people who set up listening do it.
 */
import type { Kysely } from "kysely";
import { ConnectorError, PublicPageNotFoundError } from "../../connectors/types.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { CompetitorState, CompetitorsTable } from "../../store/schema-competitors.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { type CompetitorsDeps, nowOf } from "./deps.js";
import { backfillDays, fetchPage, readCompetitor, recordPageReading } from "./read.js";

const dayMs = 86_400_000;
/** Pages one brand may watch: each is read daily, and the comparison shows them side by side. */
export const maxCompetitorsPerBrand = 20;

export type CompetitorView = {
  id: string;
  brandId: string;
  name: string;
  network: string;
  networkName: string;
  page: string;
  url: string | null;
  channel: { id: string; name: string; handle: string } | null;
  enabled: boolean;
  state: CompetitorState | "paused";
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  failures: number;
  nextRunAt: string | null;
  followers: number | null;
  /** False where the network shows Chorus no posts of the page (Telegram channels): frequency, formats and interactions are unknown. */
  postsVisible: boolean;
  createdAt: string;
};

type Row = CompetitorsTable & { channel_name: string | null; channel_handle: string | null };

function selectCompetitors(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom("competitors")
    .leftJoin("channels", "channels.id", "competitors.channel_id")
    .selectAll("competitors")
    .select(["channels.name as channel_name", "channels.handle as channel_handle"])
    .where("competitors.workspace_id", "=", workspaceId);
}

function present(deps: Pick<CompetitorsDeps, "registry">, r: Row): CompetitorView {
  return {
    id: r.id,
    brandId: r.brand_id,
    name: r.name,
    network: r.network,
    networkName: deps.registry.get(r.network)?.displayName ?? r.network,
    page: r.page,
    url: r.url,
    channel: r.channel_id ? { id: r.channel_id, name: r.channel_name ?? "", handle: r.channel_handle ?? "" } : null,
    enabled: r.enabled === 1,
    state: r.enabled === 1 ? r.state : "paused",
    lastRunAt: r.last_run_at,
    lastOkAt: r.last_ok_at,
    lastError: r.last_error,
    failures: r.failures,
    nextRunAt: r.enabled === 1 ? r.next_run_at : null,
    followers: r.followers,
    postsVisible: r.posts_visible === 1,
    createdAt: r.created_at,
  };
}

async function load(deps: Pick<CompetitorsDeps, "db" | "registry">, workspaceId: string, id: string): Promise<CompetitorView> {
  const row = await selectCompetitors(deps.db, workspaceId).where("competitors.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Competitor");
  return present(deps, row);
}

export async function listCompetitors(deps: Pick<CompetitorsDeps, "db" | "registry">, actor: Actor, workspaceId: string, brandId: string): Promise<CompetitorView[]> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  await findBrand(deps.db, workspaceId, brandId);
  const rows = await selectCompetitors(deps.db, workspaceId).where("competitors.brand_id", "=", brandId).orderBy("competitors.created_at").orderBy("competitors.id").execute();
  return rows.map((r) => present(deps, r));
}

/** The brand's account to read a network's pages through: the one named, else the brand's first active one. */
async function chooseChannel(deps: CompetitorsDeps, workspaceId: string, brandId: string, network: string, channelId: string | undefined): Promise<string | null> {
  const connector = deps.registry.get(network);
  const mode = connector?.publicPageChannel ?? "required";
  const name = connector?.displayName ?? network;
  if (mode === "none") {
    if (channelId) throw new AppError("validation_failed", `${name} pages are public: no account is needed to read them.`, { errors: [{ path: "channelId", message: "Not needed for this network" }] });
    return null;
  }
  if (channelId) {
    const channel = await deps.db.selectFrom("channels").select(["id", "brand_id", "network", "status"]).where("id", "=", channelId).where("workspace_id", "=", workspaceId).executeTakeFirst();
    if (!channel) throw notFound("Channel");
    if (channel.brand_id !== brandId) throw new AppError("validation_failed", "The account belongs to another brand: read through one of this brand's accounts.", { errors: [{ path: "channelId", message: "Not an account of this brand" }] });
    if (channel.network !== network) throw new AppError("validation_failed", `The account is on ${deps.registry.get(channel.network)?.displayName ?? channel.network}, not ${name}.`, { errors: [{ path: "channelId", message: `Not a ${name} account` }] });
    if (channel.status === "disconnected") throw new AppError("validation_failed", "The account is disconnected: reconnect it first.", { errors: [{ path: "channelId", message: "Disconnected" }] });
    return channel.id;
  }
  const own = await deps.db
    .selectFrom("channels")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("network", "=", network)
    .where("status", "=", "active")
    .orderBy("created_at")
    .executeTakeFirst();
  if (!own && mode === "required") {
    throw new AppError("validation_failed", `Chorus reads ${name} pages through one of the brand's ${name} accounts, and the brand has none: connect one on the Channels page first.`, {
      errors: [{ path: "channelId", message: `Connect a ${name} account first` }],
    });
  }
  return own?.id ?? null;
}

/** A connector's failure while adding, as the API says it. */
function refused(name: string, err: unknown): AppError {
  if (err instanceof PublicPageNotFoundError) return new AppError("validation_failed", err.message, { cause: err, errors: [{ path: "page", message: err.message }] });
  if (err instanceof ConnectorError) {
    if (err.kind === "rate_limited") return new AppError("rate_limited", `${name} asks to slow down: try again later. (${err.message})`, { cause: err, ...(err.retryAfter ? { retryAfter: err.retryAfter } : {}) });
    if (err.kind === "transient") return new AppError("unavailable", `${name} could not be read just now: try again in a minute. (${err.message})`, { cause: err });
    return new AppError("validation_failed", err.message, { cause: err, errors: [{ path: err.kind === "invalid_content" ? "page" : "channelId", message: err.message }] });
  }
  return new AppError("unavailable", `${name} could not be read just now: try again in a minute.`, { cause: err });
}

export type CompetitorInput = { brandId: string; network: string; page: string; name?: string | undefined; channelId?: string | undefined };

export async function addCompetitor(deps: CompetitorsDeps, actor: Actor, workspaceId: string, input: CompetitorInput): Promise<CompetitorView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const brand = await findBrand(deps.db, workspaceId, input.brandId);
  const connector = deps.registry.get(input.network);
  if (!connector) throw new AppError("validation_failed", `Chorus knows no network "${input.network}".`, { errors: [{ path: "network", message: "Unknown network" }] });
  if (!connector.fetchPublicPage || !connector.capabilities.publicPages) {
    throw new AppError("validation_failed", `${connector.displayName} does not let Chorus read other pages, so competitors cannot be tracked there.`, { errors: [{ path: "network", message: "Cannot read other pages" }] });
  }
  const count = await deps.db.selectFrom("competitors").select((eb) => eb.fn.countAll<number>().as("n")).where("brand_id", "=", brand.id).executeTakeFirst();
  if (Number(count?.n ?? 0) >= maxCompetitorsPerBrand) throw new AppError("conflict", `A brand can watch at most ${maxCompetitorsPerBrand} competitors: remove one first.`);
  const channelId = await chooseChannel(deps, workspaceId, brand.id, input.network, input.channelId);
  const at = nowOf(deps);
  // Read once before anything is stored: a page that is not there is refused here.
  let page: Awaited<ReturnType<typeof fetchPage>>;
  try {
    page = await fetchPage(deps, connector, { page: input.page.trim(), channel_id: channelId }, new Date(at.getTime() - backfillDays * dayMs), at);
  } catch (err) {
    throw refused(connector.displayName, err);
  }
  const handle = page.profile.handle;
  const taken = await deps.db.selectFrom("competitors").select("id").where("brand_id", "=", brand.id).where("network", "=", input.network).where("page", "=", handle).executeTakeFirst();
  if (taken) throw new AppError("conflict", `The brand already watches ${handle} on ${connector.displayName}.`);
  const atIso = at.toISOString();
  const row: CompetitorsTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: brand.id,
    name: (input.name?.trim() || page.profile.name || handle).slice(0, 120),
    network: input.network,
    page: handle,
    external_id: page.profile.externalId,
    url: page.profile.url,
    channel_id: channelId,
    enabled: 1,
    state: "ok",
    last_run_at: atIso,
    last_ok_at: atIso,
    last_error: null,
    failures: 0,
    next_run_at: new Date(at.getTime() + dayMs).toISOString(),
    followers: page.profile.followers,
    posts_visible: page.posts === null ? 0 : 1,
    created_by: actor.userId,
    created_at: atIso,
    updated_at: atIso,
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("competitors").values(row).execute();
    await recordPageReading(tx, row, brand.timezone, page, at);
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "competitor.create", targetType: "competitor", targetId: row.id, data: { network: row.network, page: row.page }, ip: actor.ip ?? null });
  });
  return load(deps, workspaceId, row.id);
}

export type CompetitorPatch = { name?: string | undefined; enabled?: boolean | undefined; channelId?: string | undefined };

export async function updateCompetitor(deps: CompetitorsDeps, actor: Actor, workspaceId: string, id: string, patch: CompetitorPatch): Promise<CompetitorView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const current = await load(deps, workspaceId, id);
  const set: Partial<CompetitorsTable> = {};
  if (patch.name !== undefined) set.name = patch.name.trim().slice(0, 120) || current.page;
  if (patch.channelId !== undefined) set.channel_id = await chooseChannel(deps, workspaceId, current.brandId, current.network, patch.channelId);
  if (patch.enabled !== undefined) {
    set.enabled = patch.enabled ? 1 : 0;
    // Resuming reads at the next sweep and forgets the backoff.
    if (patch.enabled && !current.enabled) Object.assign(set, { next_run_at: nowOf(deps).toISOString(), failures: 0 });
  }
  if (set.channel_id !== undefined && current.enabled) Object.assign(set, { next_run_at: nowOf(deps).toISOString(), failures: 0 });
  if (Object.keys(set).length) {
    set.updated_at = nowOf(deps).toISOString();
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable("competitors").set(set).where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
      await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "competitor.update", targetType: "competitor", targetId: id, data: patch, ip: actor.ip ?? null });
    });
  }
  return load(deps, workspaceId, id);
}

/** Removing a competitor removes its history (days and posts) with it. */
export async function deleteCompetitor(deps: Pick<CompetitorsDeps, "db" | "registry">, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const current = await load(deps, workspaceId, id);
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("competitors").where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "competitor.delete", targetType: "competitor", targetId: id, data: { network: current.network, page: current.page }, ip: actor.ip ?? null });
  });
}

/** Reads the page now (the daily reading moves to a day from now); a failure shows on the competitor, as the job's would. */
export async function refreshCompetitor(deps: CompetitorsDeps, actor: Actor, workspaceId: string, id: string): Promise<CompetitorView> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const current = await load(deps, workspaceId, id);
  if (!current.enabled) throw new AppError("conflict", "The competitor is paused: resume it first.");
  await readCompetitor(deps, id);
  return load(deps, workspaceId, id);
}
