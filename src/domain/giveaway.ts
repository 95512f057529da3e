/**
 * The verifiable giveaway draw (docs/giveaways.md, "The algorithm", is the specification; keep the
 * two in step, and the fixed vectors in giveaway.test.ts with them). Pure: the seed comes from the
 * caller (the service draws it from node:crypto's CSPRNG).
 *
 * chorus-giveaway-v1, in short:
 * - an entry is "<network>:<id>" — the person's stable id on the network (a Bluesky DID, a Sandbox
 *   handle) — printable ASCII without spaces;
 * - the canonical list is the unique entries sorted by their bytes, joined with "\n" (no final
 *   newline); its fingerprint is the SHA-256 of that text;
 * - the seed is 32 random bytes written as 64 lower-case hex digits; the commitment published
 *   before the draw is SHA-256 of those 32 bytes;
 * - every entry's ticket is HMAC-SHA256 with the seed's 32 bytes as key and the entry as message;
 *   entries ordered by ticket (bytes, ascending) are the ranking, and the first N win.
 *
 * Why this draw: it needs only SHA-256 and HMAC, which every language has; it has no modulo bias
 * (nothing is reduced modulo the list's length); and an entry's ticket depends on the seed and that
 * entry alone, so adding or excluding someone else cannot move a person up or down relative to
 * the others — exclusions are visible, but cannot be used to pick a winner.
 *
 * Eligibility (judgeEntrants) is here too: who took part, checked against the conditions, with
 * every reason someone is out.
 */
import crypto from "node:crypto";
import type { PostParticipant } from "../connectors/types.js";
import { auditRules, scoreFollower } from "./bot-score.js";

export const drawAlgorithm = "chorus-giveaway-v1";

/** An entry: a network name, a colon, the person's id there; printable ASCII, no spaces. */
const entryPattern = /^[a-z0-9-]+:[\x21-\x7e]+$/;

export function entryOf(network: string, personId: string): string {
  return `${network}:${personId}`;
}

export function isValidEntry(entry: string): boolean {
  return entry.length <= 300 && entryPattern.test(entry);
}

/** Byte order of UTF-8 (for ASCII entries the same as code-unit order; spelled out for other languages). */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

export type CanonicalList = { entries: string[]; text: string; sha256: string };

/** The unique entries sorted by bytes, the text that is hashed, and its SHA-256 (hex). */
export function canonicalList(entries: readonly string[]): CanonicalList {
  const bad = entries.find((e) => !isValidEntry(e));
  if (bad !== undefined) throw new Error(`Not a valid entry: ${JSON.stringify(bad)}`);
  const unique = [...new Set(entries)].sort(byBytes);
  const text = unique.join("\n");
  return { entries: unique, text, sha256: sha256Hex(Buffer.from(text, "utf8")) };
}

/** Reads a canonical list's text back into entries; throws when the text is not canonical. */
export function parseCanonicalList(text: string): string[] {
  if (text === "") return [];
  const entries = text.split("\n");
  if (canonicalList(entries).text !== text) throw new Error("The entrant list is not in canonical form (sorted, unique, one entry a line, no final newline).");
  return entries;
}

export const sha256Hex = (bytes: Buffer | string): string => crypto.createHash("sha256").update(bytes).digest("hex");

const seedPattern = /^[0-9a-f]{64}$/;

function seedBytes(seedHex: string): Buffer {
  if (!seedPattern.test(seedHex)) throw new Error("A seed is 64 lower-case hex digits (32 bytes).");
  return Buffer.from(seedHex, "hex");
}

/** SHA-256 of the seed's 32 bytes (not of its hex text). */
export function commitmentOf(seedHex: string): string {
  return sha256Hex(seedBytes(seedHex));
}

/** An entry's ticket: HMAC-SHA256(key = seed bytes, message = the entry's UTF-8 bytes), hex. */
export function ticketOf(seedHex: string, entry: string): string {
  return crypto.createHmac("sha256", seedBytes(seedHex)).update(entry, "utf8").digest("hex");
}

export type Ranked = { place: number; entry: string; ticket: string };

/**
 * Every entry of the list by ticket, lowest first (hex strings of equal length compare as their
 * bytes do). Equal tickets would need a SHA-256 collision; the entry's bytes break the tie anyway.
 */
export function rankEntries(seedHex: string, entries: readonly string[]): Ranked[] {
  const list = canonicalList(entries).entries;
  return list
    .map((entry) => ({ entry, ticket: ticketOf(seedHex, entry) }))
    .sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : byBytes(a.entry, b.entry)))
    .map((r, i) => ({ place: i + 1, ...r }));
}

/** The first `count` of the ranking (all entries when there are fewer). */
export function drawWinners(seedHex: string, entries: readonly string[], count: number): Ranked[] {
  if (!Number.isInteger(count) || count < 1) throw new Error("The number of winners must be a whole number, at least 1.");
  return rankEntries(seedHex, entries).slice(0, count);
}

/** What the public page and `chorus giveaway verify` check: the published data, as published. */
export type PublishedDraw = {
  algorithm: string;
  commitment: string;
  entrants: { sha256: string; canonical: string };
  winnersCount: number;
  seed: string | null;
  winners: { place: number; entry: string }[] | null;
};

export type Verification = {
  ok: boolean;
  /** False until the seed is revealed: only the list and the commitment can be checked then. */
  drawn: boolean;
  checks: { listHash: boolean; commitment: boolean | null; winners: boolean | null; algorithm: boolean };
  recomputed: { place: number; entry: string }[] | null;
  problems: string[];
};

/** Recomputes everything a published draw claims, from its data alone. */
export function verifyDraw(p: PublishedDraw): Verification {
  const problems: string[] = [];
  const algorithm = p.algorithm === drawAlgorithm;
  if (!algorithm) problems.push(`Unknown algorithm "${p.algorithm}": this checker knows ${drawAlgorithm}.`);
  let entries: string[] = [];
  let listHash = false;
  try {
    entries = parseCanonicalList(p.entrants.canonical);
    listHash = sha256Hex(Buffer.from(p.entrants.canonical, "utf8")) === p.entrants.sha256;
    if (!listHash) problems.push("The entrant list's SHA-256 is not the one published: the list was changed.");
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (p.seed === null) return { ok: problems.length === 0, drawn: false, checks: { listHash, commitment: null, winners: null, algorithm }, recomputed: null, problems };
  let commitment = false;
  let winners = false;
  let recomputed: { place: number; entry: string }[] | null = null;
  try {
    commitment = commitmentOf(p.seed) === p.commitment;
    if (!commitment) problems.push("SHA-256 of the revealed seed is not the commitment published before the draw: the seed was changed.");
    recomputed = drawWinners(p.seed, entries, p.winnersCount).map(({ place, entry }) => ({ place, entry }));
    const claimed = (p.winners ?? []).map((w) => `${w.place}:${w.entry}`).join("\n");
    winners = claimed === recomputed.map((w) => `${w.place}:${w.entry}`).join("\n");
    if (!winners) problems.push("The published winners are not the ones the seed and the list give.");
  } catch (err) {
    problems.push((err as Error).message);
  }
  return { ok: problems.length === 0, drawn: true, checks: { listHash, commitment, winners, algorithm }, recomputed, problems };
}

// ---- Eligibility --------------------------------------------------------------------------------

/** How one enters: by reposting, by commenting, by either, or by both. */
export const entryActions = ["repost", "comment", "repost_or_comment", "repost_and_comment"] as const;
export type EntryAction = (typeof entryActions)[number];

export type GiveawayConditions = {
  action: EntryAction;
  /** The person must follow the brand's account. */
  mustFollow: boolean;
  /** Leave out accounts the audience audit's scoring calls likely bots (domain/bot-score.ts). */
  excludeBots: boolean;
};

/** Someone who reposted or commented the post, as the network shows them (connectors/types.ts). */
export type Participant = PostParticipant;

export const exclusionReasons = ["team", "duplicate", "not_reposted", "not_commented", "no_repost_or_comment", "not_following", "likely_bot"] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export type Entrant = {
  entry: string;
  handle: string;
  name: string;
  reposted: boolean;
  commented: boolean;
  follows: boolean | null;
  /** The bot score (0..1) when the profile was known. */
  botScore: number | null;
  eligible: boolean;
  /** Every reason they are out; empty when eligible. */
  reasons: ExclusionReason[];
};

/** A handle or id as people type it: without "@", lower case, trimmed. */
export const normalizeHandle = (h: string): string => h.trim().replace(/^@/, "").toLowerCase();

function actionReason(action: EntryAction, p: Participant): ExclusionReason | null {
  switch (action) {
    case "repost":
      return p.reposted ? null : "not_reposted";
    case "comment":
      return p.commented ? null : "not_commented";
    case "repost_or_comment":
      return p.reposted || p.commented ? null : "no_repost_or_comment";
    case "repost_and_comment":
      return !p.reposted ? "not_reposted" : !p.commented ? "not_commented" : null;
  }
}

/**
 * Checks everyone who took part against the conditions, as of `at` (the bot score's clock).
 * `team`: handles and ids of the brand's own people and accounts (any case, "@" or not). A person
 * listed twice (the network paged over them twice) is one entry: the later records are kept in the
 * list as "duplicate", out of the draw. A follow the network could not confirm (null) does not count
 * as following. Sorted by entry, so the frozen list reads the same however the network ordered it.
 */
export function judgeEntrants(input: { network: string; participants: readonly Participant[]; conditions: GiveawayConditions; team: readonly string[]; at: Date }): Entrant[] {
  const team = new Set(input.team.map(normalizeHandle));
  const seen = new Set<string>();
  const out: Entrant[] = [];
  for (const p of input.participants) {
    const entry = entryOf(input.network, p.id);
    const reasons: ExclusionReason[] = [];
    if (team.has(normalizeHandle(p.handle)) || team.has(normalizeHandle(p.id))) reasons.push("team");
    if (seen.has(entry)) reasons.push("duplicate");
    seen.add(entry);
    const action = actionReason(input.conditions.action, p);
    if (action) reasons.push(action);
    if (input.conditions.mustFollow && p.follows !== true) reasons.push("not_following");
    const scored = p.profile ? scoreFollower(p.profile, input.at) : null;
    if (input.conditions.excludeBots && scored && scored.score >= auditRules.botThreshold) reasons.push("likely_bot");
    out.push({ entry, handle: p.handle, name: p.name, reposted: p.reposted, commented: p.commented, follows: p.follows, botScore: scored?.score ?? null, eligible: reasons.length === 0, reasons });
  }
  return out.sort((a, b) => byBytes(a.entry, b.entry) || Number(a.reasons.includes("duplicate")) - Number(b.reasons.includes("duplicate")));
}

/** How many are out for each reason (a person out for two reasons counts in both). */
export function reasonCounts(entrants: readonly Entrant[]): Partial<Record<ExclusionReason, number>> {
  const counts: Partial<Record<ExclusionReason, number>> = {};
  for (const e of entrants) for (const r of e.reasons) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}
