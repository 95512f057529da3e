/**
 * "Add from listening": the authors listening ranks as the brand's opinion leaders over a period
 * (src/services/listening/analytics.service.ts, from mention_author_days), each marked with the
 * directory's leader when they are already in it, so the team adds a person once.
 *
 * Who may: "brands.manage", as adding to the directory (the list exists to add from).
 */
import type { Kysely } from "kysely";
import { handleKey, type LeaderProfile } from "../../domain/opinion-leader.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { findBrand } from "../brand.service.js";
import { type Leader, leaders } from "../listening/analytics.service.js";
import type { LeadersDeps } from "./deps.js";

/** How many of listening's leaders are offered (and searched when one is added). */
const candidateLimit = 50;

export type Candidate = Leader & { leaderId: string | null };

export async function listCandidates(deps: LeadersDeps, actor: Actor, workspaceId: string, q: { brandId: string; from: string; to: string }): Promise<Candidate[]> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findBrand(deps.db, workspaceId, q.brandId);
  const found = await leaders(deps.db, q, candidateLimit);
  const known = await deps.db.selectFrom("opinion_leaders").select(["id", "profiles"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", q.brandId).execute();
  const byProfile = new Map<string, string>();
  for (const k of known) {
    let profiles: LeaderProfile[] = [];
    try {
      profiles = JSON.parse(k.profiles) as LeaderProfile[];
    } catch {
      // An unreadable row matches nothing.
    }
    for (const p of profiles) if (p.handle) byProfile.set(`${p.network}|${handleKey(p.handle)}`, k.id);
  }
  return found.map((c) => ({ ...c, leaderId: byProfile.get(`${c.network}|${handleKey(c.handle)}`) ?? null }));
}

/** One of listening's leaders for the brand (the brand's workspace already checked by the caller). */
export async function findCandidate(db: Kysely<Database>, brandId: string, q: { network: string; handle: string; from: string; to: string }): Promise<Leader | undefined> {
  const found = await leaders(db, { brandId, from: q.from, to: q.to }, candidateLimit);
  return found.find((c) => c.network === q.network && handleKey(c.handle) === handleKey(q.handle));
}
