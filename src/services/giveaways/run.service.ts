/**
 * Running a giveaway: checking who takes part (preview: nothing kept), freezing the entrants and
 * committing to a seed, and the draw.
 *
 * Freeze: the network is read once (connector.fetchPostParticipants), everyone judged against the
 * conditions (domain/giveaway.ts judgeEntrants) and kept with their reasons; a seed of 32 random
 * bytes is drawn and kept encrypted; its commitment (SHA-256) and the SHA-256 of the canonical list
 * of eligible entries go on the public page at once, and — when asked and the network can reply —
 * in a reply under the post, whose time the network stamps. A post with no entrants, or none
 * eligible, is refused and nothing changes. The freeze happens once: the row changes from draft to
 * frozen in one conditional update, so of two freezes at the same moment exactly one wins.
 *
 * Draw: the winners are the first N of the ranking (domain/giveaway.ts drawWinners) of the frozen
 * eligible list; the seed is revealed in the same update (frozen → drawn, once). The result goes
 * on the page, and as a reply when asked.
 *
 * A reply that fails does not undo the freeze or the draw: the public page is the record; the
 * failure is kept (announce_error) and shown. Replies carry idempotency keys per giveaway and step,
 * so a retried request does not post twice where the network can tell.
 */
import crypto from "node:crypto";
import type { ChannelContext, Connector, PostParticipant } from "../../connectors/types.js";
import { ConnectorError } from "../../connectors/types.js";
import { canonicalList, commitmentOf, drawWinners, type Entrant, type ExclusionReason, type GiveawayConditions, judgeEntrants } from "../../domain/giveaway.js";
import { AppError } from "../../errors.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { type GiveawaysDeps, nowOf, publicPageUrl } from "./deps.js";
import { canRunOn, type EntrantsView, loadGiveaway, type RunnableConnector, summarize } from "./giveaways.service.js";
import { entrantsOf, type GiveawayRow, type GiveawayView, parseJson, presentGiveaway, type Winner } from "./present.js";

async function channelOf(deps: GiveawaysDeps, row: GiveawayRow): Promise<{ connector: RunnableConnector; ctx: ChannelContext }> {
  const channel = await deps.db.selectFrom("channels").selectAll().where("id", "=", row.channel_id).where("workspace_id", "=", row.workspace_id).executeTakeFirstOrThrow();
  const connector = deps.registry.get(channel.network);
  if (!connector || !canRunOn(connector)) throw new AppError("conflict", `${connector?.displayName ?? channel.network} does not let Chorus list who took part in a post.`);
  if (channel.status === "disconnected" || !channel.credentials_enc) throw new AppError("conflict", `The account @${channel.handle} is disconnected: reconnect it, then try again.`);
  const ctx: ChannelContext = {
    externalId: channel.external_id,
    handle: channel.handle,
    credentials: deps.secrets.decryptJson<Record<string, unknown>>(channel.credentials_enc),
    // Reading may renew the session (Bluesky rotates refresh tokens): the new one must be kept.
    saveCredentials: async (next) => {
      await deps.db.updateTable("channels").set({ credentials_enc: deps.secrets.encryptJson(next), updated_at: new Date().toISOString() }).where("id", "=", channel.id).execute();
    },
  };
  return { connector, ctx };
}

/** The network's refusal in words a person can act on. */
function refused(connector: Connector, err: unknown, doing: string): Error {
  if (!(err instanceof ConnectorError)) return err instanceof Error ? err : new Error(String(err));
  const name = connector.displayName;
  switch (err.kind) {
    case "rate_limited":
      return new AppError("rate_limited", `${name} asked Chorus to slow down while ${doing}; try again later. Nothing was changed.`, { cause: err, ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }) });
    case "auth_expired":
    case "revoked":
      return new AppError("conflict", `${name} no longer accepts this account's authorisation (${err.message}). Reconnect the channel, then try again.`, { cause: err });
    case "transient":
      return new AppError("unavailable", `${name} did not answer properly while ${doing} (${err.message}). Try again in a minute. Nothing was changed.`, { cause: err });
    default:
      return new AppError("bad_request", `${name} refused: ${err.message}`, { cause: err });
  }
}

/** The brand's own accounts (handles and network ids) and the handles listed for the giveaway. */
async function teamOf(deps: GiveawaysDeps, row: GiveawayRow): Promise<string[]> {
  const channels = await deps.db.selectFrom("channels").select(["handle", "external_id"]).where("workspace_id", "=", row.workspace_id).where("brand_id", "=", row.brand_id).execute();
  return [...channels.flatMap((c) => [c.handle, c.external_id]), ...parseJson<string[]>(row.team_handles, [])];
}

async function readEntrants(deps: GiveawaysDeps, row: GiveawayRow, at: Date): Promise<Entrant[]> {
  const { connector, ctx } = await channelOf(deps, row);
  let participants: PostParticipant[];
  try {
    participants = await connector.fetchPostParticipants(ctx, row.post_external_id, { at });
  } catch (err) {
    throw refused(connector, err, "reading who took part in the post");
  }
  const conditions = parseJson<GiveawayConditions>(row.conditions, { action: "repost", mustFollow: false, excludeBots: true });
  return judgeEntrants({ network: row.network, participants, conditions, team: await teamOf(deps, row), at });
}

const reasonWords: Record<ExclusionReason, string> = {
  team: "the brand's team",
  duplicate: "listed twice",
  not_reposted: "did not repost",
  not_commented: "did not comment",
  no_repost_or_comment: "neither reposted nor commented",
  not_following: "do not follow the account",
  likely_bot: "likely bots",
};

/** Who would take part if the giveaway were frozen now; nothing is kept. */
export async function previewEntrants(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string): Promise<EntrantsView> {
  await requireAccess(deps.db, actor, workspaceId, "posts.write");
  const row = await loadGiveaway(deps.db, workspaceId, id);
  if (row.status !== "draft") return summarize(entrantsOf(row), true);
  return summarize(await readEntrants(deps, row, nowOf(deps)), false);
}

type Texts = { commitment: (n: number, commitment: string, url: string) => string; result: (winners: string, url: string) => string };
const texts: Record<"en" | "ru", Texts> = {
  en: {
    commitment: (n, c, url) => `Giveaway entries are closed: ${n} entrants. Commitment to the draw's secret seed (SHA-256): ${c}. Check the draw: ${url}`,
    result: (w, url) => `Giveaway winners: ${w}. Congratulations! Anyone can recompute the draw: ${url}`,
  },
  ru: {
    commitment: (n, c, url) => `Приём заявок закрыт: ${n} участников. Обязательство на секретный ключ розыгрыша (SHA-256): ${c}. Проверка: ${url}`,
    result: (w, url) => `Победители розыгрыша: ${w}. Поздравляем! Любой может пересчитать итоги: ${url}`,
  },
};

async function textsFor(deps: GiveawaysDeps, row: GiveawayRow): Promise<Texts> {
  const brand = await deps.db.selectFrom("brands").select("locale").where("id", "=", row.brand_id).executeTakeFirst();
  return brand?.locale.startsWith("ru") ? texts.ru : texts.en;
}

/** Posts an announcement under the post; returns the reply's id, or the error in words. */
async function announce(deps: GiveawaysDeps, row: GiveawayRow, step: "commitment" | "result", text: string): Promise<{ replyId: string | null; error: string | null }> {
  const { connector, ctx } = await channelOf(deps, row);
  if (!connector.reply || !connector.capabilities.reply) return { replyId: null, error: `${connector.displayName} cannot post replies from Chorus: share the public page instead.` };
  try {
    const reply = await connector.reply(ctx, row.post_external_id, text, { idempotencyKey: `giveaway:${row.id}:${step}` });
    return { replyId: reply.externalId, error: null };
  } catch (err) {
    return { replyId: null, error: `The ${step === "commitment" ? "commitment" : "result"} could not be posted under the post: ${(err as Error).message}` };
  }
}

export async function freezeGiveaway(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string): Promise<GiveawayView> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const row = await loadGiveaway(db, workspaceId, id);
  if (row.status !== "draft") {
    throw new AppError("conflict", `The entrants were frozen at ${row.frozen_at} and the commitment published: a giveaway is frozen once, so nobody can swap the list after seeing it.`);
  }
  const at = nowOf(deps);
  const entrants = await readEntrants(deps, row, at);
  if (entrants.length === 0) {
    throw new AppError("conflict", "Nobody has reposted or commented the post yet, so there is no one to draw from. Nothing was changed: freeze the entrants once people have taken part.");
  }
  const eligible = entrants.filter((e) => e.eligible);
  if (eligible.length === 0) {
    const counts = summarize(entrants, false).counts.reasons;
    const why = Object.entries(counts).map(([r, n]) => `${n} ${reasonWords[r as ExclusionReason]}`).join(", ");
    throw new AppError("conflict", `None of the ${entrants.length} people who took part meets the conditions (${why}). Nothing was changed: check the conditions, or wait for more entrants.`);
  }
  const list = canonicalList(eligible.map((e) => e.entry));
  const seed = crypto.randomBytes(32).toString("hex");
  const commitment = commitmentOf(seed);
  const atIso = at.toISOString();
  const res = await db
    .updateTable("giveaways")
    .set({
      status: "frozen",
      entrants: JSON.stringify(entrants),
      entrant_count: entrants.length,
      eligible_count: list.entries.length,
      list_sha256: list.sha256,
      commitment,
      seed_enc: deps.secrets.encrypt(seed),
      frozen_at: atIso,
      updated_at: atIso,
    })
    .where("id", "=", id)
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError("conflict", "Someone else froze this giveaway a moment ago: reload to see its commitment.");
  await recordAudit(db, {
    workspaceId,
    actorUserId: actor.userId,
    action: "giveaway.freeze",
    targetType: "giveaway",
    targetId: id,
    data: { entrants: entrants.length, eligible: list.entries.length, listSha256: list.sha256, commitment },
    ip: actor.ip ?? null,
  });
  if (row.announce === 1) {
    const t = await textsFor(deps, row);
    const out = await announce(deps, row, "commitment", t.commitment(list.entries.length, commitment, publicPageUrl(deps, row.public_id as string)));
    await db.updateTable("giveaways").set({ commitment_reply_id: out.replyId, announce_error: out.error }).where("id", "=", id).execute();
  }
  return presentGiveaway(deps, await loadGiveaway(db, workspaceId, id));
}

/** Up to five handles: a reply has room for a few (Bluesky: 300 characters); the page lists them all. */
function winnerList(winners: Winner[]): string {
  const shown = winners.slice(0, 5).map((w) => `@${w.handle}`);
  return winners.length > shown.length ? `${shown.join(", ")} (+${winners.length - shown.length})` : shown.join(", ");
}

export async function drawGiveaway(deps: GiveawaysDeps, actor: Actor, workspaceId: string, id: string): Promise<GiveawayView> {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const row = await loadGiveaway(db, workspaceId, id);
  if (row.status === "draft") throw new AppError("conflict", "Freeze the entrants first: the draw needs the frozen list and the published commitment.");
  if (row.status === "drawn") throw new AppError("conflict", `The winners were drawn at ${row.drawn_at}: a giveaway is drawn once.`);
  const entrants = entrantsOf(row);
  const eligible = entrants.filter((e) => e.eligible);
  if (eligible.length === 0) throw new AppError("conflict", "The giveaway has no eligible entrants to draw from. Nothing was changed.");
  // A brand archive leaves the encrypted seed behind (it is the exporting server's secret).
  if (!row.seed_enc) throw new AppError("conflict", "This giveaway's secret seed is not on this server (the giveaway was imported from an archive), so it cannot be drawn here. Nothing was changed.");
  const seed = deps.secrets.decrypt(row.seed_enc);
  const handles = new Map(eligible.map((e) => [e.entry, e.handle]));
  const winners: Winner[] = drawWinners(seed, eligible.map((e) => e.entry), row.winners_count).map((w) => ({ place: w.place, entry: w.entry, handle: handles.get(w.entry) ?? w.entry }));
  const atIso = nowOf(deps).toISOString();
  const res = await db
    .updateTable("giveaways")
    .set({ status: "drawn", seed, seed_enc: null, winners: JSON.stringify(winners), drawn_at: atIso, updated_at: atIso })
    .where("id", "=", id)
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "frozen")
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError("conflict", "Someone else drew this giveaway a moment ago: reload to see the winners.");
  await recordAudit(db, { workspaceId, actorUserId: actor.userId, action: "giveaway.draw", targetType: "giveaway", targetId: id, data: { winners: winners.map((w) => w.entry), seed }, ip: actor.ip ?? null });
  if (row.announce === 1) {
    const t = await textsFor(deps, row);
    const out = await announce(deps, row, "result", t.result(winnerList(winners), publicPageUrl(deps, row.public_id as string)));
    await db.updateTable("giveaways").set({ result_reply_id: out.replyId, announce_error: out.error }).where("id", "=", id).execute();
  }
  return presentGiveaway(deps, await loadGiveaway(db, workspaceId, id));
}
