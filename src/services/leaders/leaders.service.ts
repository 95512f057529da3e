/**
 * The brand's directory of opinion leaders: list (with each one's totals), read (with the
 * placements), create by hand or from listening, change, delete.
 *
 * Who may: reading is "analytics.read" (clients too: placements and their results are what an
 * agency reports); creating, changing and deleting leaders and placements is "brands.manage"
 * (owners and managers) — a placement commits the brand's budget and an agreement with a third
 * party, the same people who own campaigns' budgets decide it. Analysts find candidates in
 * listening and hand them over.
 *
 * A leader's contact is personal data of a private person: it is kept as one short free-text
 * field, shown only to those who may manage leaders (others get null), and not written to the
 * audit log.
 */
import type { Kysely } from "kysely";
import { can } from "../../domain/roles.js";
import { handleKey, type LeaderKind, leaderNetworks, type LeaderProfile, type LeaderStatus, type LeaderTotals, leaderTotals, profileProblems } from "../../domain/opinion-leader.js";
import { AppError, type FieldProblem } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { OpinionLeadersTable } from "../../store/schema-leaders.js";
import type { Database } from "../../store/schema.js";
import { type Actor, accessIn, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { findCandidate } from "./candidates.service.js";
import { type LeadersDeps, nowOf } from "./deps.js";
import { findLeader } from "./find.js";
import { listPlacementsOf, type PlacementView } from "./placements.service.js";
import { placementSums } from "./results.js";

export type LeaderView = {
  id: string;
  brandId: string;
  name: string;
  kind: LeaderKind;
  status: LeaderStatus;
  profiles: LeaderProfile[];
  followers: number | null;
  followersSource: "manual" | "listening";
  topics: string[];
  /** Null for those who may not manage leaders (personal data). */
  contact: string | null;
  priceNote: string | null;
  notes: string | null;
  /** Listening's figures when the leader was added from listening. */
  listening: { mentions: number; tone: number | null } | null;
  placements: number;
  /** Per currency, the most used first. */
  totals: LeaderTotals[];
  /** The lowest CPA among the placements in the leader's main currency. */
  bestCpa: { value: number; currency: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type LeaderInput = {
  brandId: string;
  name: string;
  kind: LeaderKind;
  status?: LeaderStatus | undefined;
  profiles: { network: string; handle?: string | null | undefined; url?: string | null | undefined }[];
  followers?: number | null | undefined;
  topics?: string[] | undefined;
  contact?: string | null | undefined;
  priceNote?: string | null | undefined;
  notes?: string | null | undefined;
  /** Added from listening: the author as listening knows them over this period. */
  fromListening?: { network: string; handle: string; from: string; to: string } | undefined;
};

export type LeaderPatch = Partial<Omit<LeaderInput, "brandId" | "fromListening">>;

const text = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);

function parseJson<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

const normalProfiles = (ps: LeaderInput["profiles"]): LeaderProfile[] => ps.map((p) => ({ network: p.network, handle: p.handle?.trim() || null, url: p.url?.trim() || null }));

function present(l: OpinionLeadersTable, totals: LeaderTotals[], placements: number, showContact: boolean): LeaderView {
  const main = totals[0];
  return {
    id: l.id,
    brandId: l.brand_id,
    name: l.name,
    kind: l.kind,
    status: l.status,
    profiles: parseJson<LeaderProfile[]>(l.profiles, []),
    followers: l.followers === null ? null : Number(l.followers),
    followersSource: l.followers_source,
    topics: parseJson<string[]>(l.topics, []),
    contact: showContact ? l.contact : null,
    priceNote: l.price_note,
    notes: l.notes,
    listening: l.listening_mentions === null ? null : { mentions: Number(l.listening_mentions), tone: l.listening_tone === null ? null : Number(l.listening_tone) },
    placements,
    totals,
    bestCpa: main && main.bestCpa !== null ? { value: main.bestCpa, currency: main.currency } : null,
    createdAt: l.created_at,
    updatedAt: l.updated_at,
  };
}

async function mayManage(db: Kysely<Database>, actor: Actor, workspaceId: string): Promise<boolean> {
  const access = await accessIn(db, actor, workspaceId);
  return access ? can(access.role, "brands.manage", access.brands !== null) : false;
}

/** Leaders with their totals, computed from their placements in two queries for the whole list. */
async function withTotals(db: Kysely<Database>, workspaceId: string, rows: OpinionLeadersTable[], showContact: boolean): Promise<LeaderView[]> {
  const ids = rows.map((r) => r.id);
  const placements = ids.length ? await db.selectFrom("opinion_leader_placements").selectAll().where("workspace_id", "=", workspaceId).where("leader_id", "in", ids).execute() : [];
  const sums = await placementSums(db, workspaceId, placements);
  return rows.map((l) => {
    const own = placements.filter((p) => p.leader_id === l.id);
    const totals = leaderTotals(own.map((p) => ({ currency: p.currency, ...(sums.get(p.id) as NonNullable<ReturnType<typeof sums.get>>) })));
    return present(l, totals, own.length, showContact);
  });
}

export async function listLeaders(deps: LeadersDeps, actor: Actor, workspaceId: string, q: { brandId: string; status?: LeaderStatus | undefined; kind?: LeaderKind | undefined }): Promise<LeaderView[]> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  await findBrand(deps.db, workspaceId, q.brandId);
  const rows = await deps.db
    .selectFrom("opinion_leaders")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", q.brandId)
    .$if(q.status !== undefined, (b) => b.where("status", "=", q.status as LeaderStatus))
    .$if(q.kind !== undefined, (b) => b.where("kind", "=", q.kind as LeaderKind))
    .orderBy("name")
    .orderBy("id")
    .execute();
  return withTotals(deps.db, workspaceId, rows, await mayManage(deps.db, actor, workspaceId));
}

export async function getLeader(deps: LeadersDeps, actor: Actor, workspaceId: string, id: string): Promise<LeaderView & { placementList: PlacementView[] }> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  const l = await findLeader(deps.db, workspaceId, id);
  const [view] = await withTotals(deps.db, workspaceId, [l], await mayManage(deps.db, actor, workspaceId));
  return { ...(view as LeaderView), placementList: await listPlacementsOf(deps, workspaceId, l) };
}

/** A profile (network + handle, or address) the brand's directory already has: one leader per person. */
async function clashOf(db: Kysely<Database>, workspaceId: string, brandId: string, profiles: LeaderProfile[], exceptId: string | null): Promise<{ leader: string; index: number } | null> {
  const others = await db.selectFrom("opinion_leaders").select(["id", "name", "profiles"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).execute();
  const keyOf = (p: LeaderProfile) => [p.handle ? `${p.network}|@${handleKey(p.handle)}` : null, p.url ? `url|${p.url.replace(/\/+$/, "").toLowerCase()}` : null].filter((k): k is string => k !== null);
  for (const o of others) {
    if (o.id === exceptId) continue;
    const taken = new Set(parseJson<LeaderProfile[]>(o.profiles, []).flatMap(keyOf));
    const index = profiles.findIndex((p) => keyOf(p).some((k) => taken.has(k)));
    if (index >= 0) return { leader: o.name, index };
  }
  return null;
}

function refuse(problems: FieldProblem[]): never {
  throw new AppError("validation_failed", `The opinion leader is not valid: ${problems[0]?.message ?? "fix the fields listed in \"errors\""}.`, { errors: problems });
}

async function checkProfiles(db: Kysely<Database>, workspaceId: string, brandId: string, profiles: LeaderProfile[], exceptId: string | null): Promise<void> {
  const problems = profileProblems(profiles);
  if (problems.length) refuse(problems);
  const clash = await clashOf(db, workspaceId, brandId, profiles, exceptId);
  if (clash) {
    throw new AppError("conflict", `This profile is already in the directory as "${clash.leader}": open that leader instead of adding them twice.`, {
      errors: [{ path: `profiles.${clash.index}`, message: `Already listed as "${clash.leader}"` }],
    });
  }
}

export async function createLeader(deps: LeadersDeps, actor: Actor, workspaceId: string, input: LeaderInput): Promise<LeaderView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findBrand(deps.db, workspaceId, input.brandId);
  let profiles = normalProfiles(input.profiles);
  let followers = input.followers ?? null;
  let source: "manual" | "listening" = "manual";
  let listening: { mentions: number; tone: number } | null = null;
  if (input.fromListening) {
    const c = await findCandidate(deps.db, input.brandId, input.fromListening);
    if (!c) {
      refuse([{ path: "fromListening.handle", message: "Not among the brand's opinion leaders in listening for this period: reload the candidates" }]);
    }
    // A source listening knows that the directory does not (a feed, an import) is "other".
    const network = (leaderNetworks as readonly string[]).includes(c.network) ? c.network : "other";
    if (!profiles.some((p) => p.network === network && p.handle && handleKey(p.handle) === handleKey(c.handle))) profiles = [{ network, handle: c.handle, url: null }, ...profiles];
    if (input.followers === undefined && c.followers !== null) {
      followers = c.followers;
      source = "listening";
    }
    listening = { mentions: c.mentions, tone: c.tone };
  }
  await checkProfiles(deps.db, workspaceId, input.brandId, profiles, null);
  const at = nowOf(deps).toISOString();
  const row: OpinionLeadersTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    name: input.name.trim(),
    kind: input.kind,
    status: input.status ?? "prospect",
    profiles: JSON.stringify(profiles),
    followers,
    followers_source: source,
    topics: JSON.stringify([...new Set((input.topics ?? []).map((t) => t.trim()).filter(Boolean))]),
    contact: text(input.contact) ?? null,
    price_note: text(input.priceNote) ?? null,
    notes: text(input.notes) ?? null,
    listening_mentions: listening?.mentions ?? null,
    listening_tone: listening?.tone ?? null,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("opinion_leaders").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "leader.create", targetType: "opinion_leader", targetId: row.id, data: { name: row.name, brandId: row.brand_id, fromListening: listening !== null }, ip: actor.ip ?? null });
  });
  return getLeader(deps, actor, workspaceId, row.id);
}

export async function updateLeader(deps: LeadersDeps, actor: Actor, workspaceId: string, id: string, patch: LeaderPatch): Promise<LeaderView> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const l = await findLeader(deps.db, workspaceId, id);
  const profiles = patch.profiles ? normalProfiles(patch.profiles) : undefined;
  if (profiles) await checkProfiles(deps.db, workspaceId, l.brand_id, profiles, id);
  const set: Partial<OpinionLeadersTable> = {
    updated_at: nowOf(deps).toISOString(),
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(profiles ? { profiles: JSON.stringify(profiles) } : {}),
    // Typed-in followers replace listening's figure.
    ...(patch.followers !== undefined ? { followers: patch.followers, followers_source: "manual" as const } : {}),
    ...(patch.topics !== undefined ? { topics: JSON.stringify([...new Set(patch.topics.map((t) => t.trim()).filter(Boolean))]) } : {}),
    ...(patch.contact !== undefined ? { contact: text(patch.contact) ?? null } : {}),
    ...(patch.priceNote !== undefined ? { price_note: text(patch.priceNote) ?? null } : {}),
    ...(patch.notes !== undefined ? { notes: text(patch.notes) ?? null } : {}),
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable("opinion_leaders").set(set).where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "leader.update", targetType: "opinion_leader", targetId: id, data: { fields: Object.keys(patch), ...(patch.status && patch.status !== l.status ? { from: l.status, to: patch.status } : {}) }, ip: actor.ip ?? null });
  });
  return getLeader(deps, actor, workspaceId, id);
}

/**
 * Deletes a leader and their placements. Their short links stay: a link already published keeps
 * leading to the brand's page (its clicks are no longer shown anywhere).
 */
export async function deleteLeader(deps: LeadersDeps, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  const l = await findLeader(deps.db, workspaceId, id);
  await deps.db.transaction().execute(async (tx) => {
    const gone = await tx.deleteFrom("opinion_leader_placements").where("workspace_id", "=", workspaceId).where("leader_id", "=", id).executeTakeFirst();
    await tx.deleteFrom("opinion_leaders").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "leader.delete", targetType: "opinion_leader", targetId: id, data: { name: l.name, brandId: l.brand_id, placements: Number(gone.numDeletedRows) }, ip: actor.ip ?? null });
  });
}
