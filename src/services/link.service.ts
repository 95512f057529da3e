/**
 * Links: UTM tags on every link of a post right before it is published, optional short links
 * (<public URL>/l/<code>) that count clicks, and the click counts per link.
 *
 * Privacy: a click keeps no IP address. The visitor hash is sha256(salt + ip + user agent) with a
 * random salt per day that lives in link_salts only for that day and the next, then is deleted:
 * after that nobody (not even with the database) can tell who clicked, yet unique visitors per day
 * can be counted. This is the scheme Plausible Analytics uses.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { findUrls, replaceUrls, tagText, utmFor } from "../domain/utm.js";
import { newId, nowIso } from "../store/ids.js";
import { decodeCursor, type PageRequest, type PageResult, pageLimit, toPage } from "../store/paginate.js";
import type { Database } from "../store/schema.js";
import { type Actor, requireBrandAccess } from "./access.js";

// No 0/O, 1/l/I: codes get read aloud and retyped from screenshots.
const alphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
export const codePattern = new RegExp(`^[${alphabet}]{8}$`);

export function newCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

export type LinkPolicyInput = {
  workspaceId: string;
  postId: string;
  variantId: string;
  channelId: string;
  network: string;
  campaign: string | null;
  text: string;
  link: string | null;
  shorten: boolean;
  publicUrl: string;
};

/**
 * Tags every link of a variant (text and link field) with UTM parameters and, when `shorten`,
 * replaces each by a short link. Idempotent per variant: a retried publish reuses the short links
 * made the first time, so the published text is the same and clicks are not split.
 */
export async function applyLinkPolicy(db: Kysely<Database>, input: LinkPolicyInput): Promise<{ text: string; link: string | null }> {
  const shortPrefix = `${input.publicUrl.replace(/\/+$/, "")}/l/`;
  const ours = (url: string) => url.startsWith(shortPrefix);
  const params = utmFor({ network: input.network, campaign: input.campaign, postId: input.postId });
  const text = tagText(input.text, params, { skip: ours });
  const link = input.link && !ours(input.link) ? tagText(input.link, params, { skip: ours }) : input.link;
  if (!input.shorten) return { text, link };

  const targets = new Set(findUrls(text).map((f) => f.url).filter((u) => !ours(u)));
  if (link && !ours(link)) targets.add(link);
  if (targets.size === 0) return { text, link };

  const codes = await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom("links")
      .select(["code", "target_url"])
      .where("workspace_id", "=", input.workspaceId)
      .where("variant_id", "=", input.variantId)
      .execute();
    const byTarget = new Map(existing.map((l) => [l.target_url, l.code]));
    for (const target of targets) {
      if (byTarget.has(target)) continue;
      // 55^8 ≈ 8·10^13 codes: a clash is rare enough that a retry loop needs no bound beyond a few tries.
      let code = newCode();
      for (let i = 0; i < 5 && (await tx.selectFrom("links").select("id").where("code", "=", code).executeTakeFirst()); i++) code = newCode();
      await tx
        .insertInto("links")
        .values({
          id: newId(),
          workspace_id: input.workspaceId,
          code,
          target_url: target,
          post_id: input.postId,
          variant_id: input.variantId,
          channel_id: input.channelId,
          created_at: nowIso(),
        })
        .execute();
      byTarget.set(target, code);
    }
    return byTarget;
  });
  const shortOf = (u: string) => {
    const code = codes.get(u);
    return code ? shortPrefix + code : u;
  };
  return { text: replaceUrls(text, shortOf), link: link ? shortOf(link) : link };
}

/** The target of a short code, or undefined. */
export async function resolveLink(db: Kysely<Database>, code: string): Promise<{ id: string; workspaceId: string; targetUrl: string } | undefined> {
  if (!codePattern.test(code)) return undefined;
  const row = await db.selectFrom("links").select(["id", "workspace_id", "target_url"]).where("code", "=", code).executeTakeFirst();
  return row ? { id: row.id, workspaceId: row.workspace_id, targetUrl: row.target_url } : undefined;
}

// Link-preview fetchers and crawlers: their "clicks" are not people.
const botAgents =
  /bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|meta-externalagent|vkshare|telegrambot|whatsapp|skypeuripreview|embedly|cardyb|mastodon|pleroma|misskey|curl\/|wget\/|python-|go-http-client|java\/|okhttp|node-fetch|undici|axios|headless|lighthouse|pingdom|uptime/i;

export const isBotAgent = (ua: string | undefined): boolean => !ua || botAgents.test(ua);

async function dailySalt(db: Kysely<Database>, day: string): Promise<string> {
  await db
    .insertInto("link_salts")
    .values({ day, salt: randomBytes(32).toString("hex") })
    .onConflict((oc) => oc.column("day").doNothing())
    .execute();
  const row = await db.selectFrom("link_salts").select("salt").where("day", "=", day).executeTakeFirstOrThrow();
  // Yesterday's salt stays for clicks in flight around midnight; older ones go, and with them any
  // way to link a hash back to an address.
  const yesterday = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await db.deleteFrom("link_salts").where("day", "<", yesterday).execute();
  return row.salt;
}

export async function recordClick(
  db: Kysely<Database>,
  input: { linkId: string; workspaceId: string; ip: string; userAgent?: string | undefined; referrer?: string | undefined; now?: Date },
): Promise<void> {
  const at = input.now ?? new Date();
  const day = at.toISOString().slice(0, 10);
  const salt = await dailySalt(db, day);
  const visitorHash = createHash("sha256").update(`${salt}\n${input.ip}\n${input.userAgent ?? ""}`).digest("hex");
  let referrerHost: string | null = null;
  if (input.referrer && URL.canParse(input.referrer)) referrerHost = new URL(input.referrer).hostname || null;
  await db
    .insertInto("link_clicks")
    .values({
      id: newId(),
      link_id: input.linkId,
      workspace_id: input.workspaceId,
      clicked_at: at.toISOString(),
      referrer_host: referrerHost,
      visitor_hash: visitorHash,
      bot: isBotAgent(input.userAgent) ? 1 : 0,
    })
    .execute();
}

export type LinkSummary = {
  id: string;
  code: string;
  shortUrl: string;
  targetUrl: string;
  postId: string | null;
  variantId: string | null;
  channelId: string | null;
  createdAt: string;
  /** Clicks by people (bots excluded). */
  clicks: number;
  /** Distinct visitors per day, summed over days (the hash changes daily by design). */
  uniqueVisitors: number;
  botClicks: number;
};

export async function listLinks(
  deps: { db: Kysely<Database>; publicUrl: string },
  actor: Actor,
  workspaceId: string,
  q: PageRequest & { postId?: string | undefined },
): Promise<PageResult<LinkSummary>> {
  const { db } = deps;
  const { brands } = await requireBrandAccess(db, actor, workspaceId, "analytics.read");
  const limit = pageLimit(q.limit);
  const after = decodeCursor(q.cursor);
  let query = db.selectFrom("links").selectAll().where("workspace_id", "=", workspaceId);
  // A link's brand is its post's or its channel's; one with neither is shown to those who see every brand.
  if (brands) {
    query = query.where((eb) =>
      eb.or([
        eb("post_id", "in", eb.selectFrom("posts").select("id").where("workspace_id", "=", workspaceId).where("brand_id", "in", brands)),
        eb("channel_id", "in", eb.selectFrom("channels").select("id").where("workspace_id", "=", workspaceId).where("brand_id", "in", brands)),
      ]),
    );
  }
  if (q.postId) query = query.where("post_id", "=", q.postId);
  if (after) query = query.where("id", "<", after);
  const rows = await query.orderBy("id", "desc").limit(limit + 1).execute();
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db
        .selectFrom("link_clicks")
        .select((eb) => [
          "link_id",
          eb.fn.sum<number>(sql`case when bot = 0 then 1 else 0 end`).as("clicks"),
          eb.fn.sum<number>(sql`case when bot = 1 then 1 else 0 end`).as("bots"),
          eb.fn.count<number>(sql`distinct case when bot = 0 then visitor_hash end`).as("uniques"),
        ])
        .where("workspace_id", "=", workspaceId)
        .where("link_id", "in", ids)
        .groupBy("link_id")
        .execute()
    : [];
  const byLink = new Map(counts.map((c) => [c.link_id, c]));
  const base = `${deps.publicUrl.replace(/\/+$/, "")}/l/`;
  return toPage(rows, limit, (r) => r.id, (r) => {
    const c = byLink.get(r.id);
    return {
      id: r.id,
      code: r.code,
      shortUrl: base + r.code,
      targetUrl: r.target_url,
      postId: r.post_id,
      variantId: r.variant_id,
      channelId: r.channel_id,
      createdAt: r.created_at,
      clicks: Number(c?.clicks ?? 0),
      uniqueVisitors: Number(c?.uniques ?? 0),
      botClicks: Number(c?.bots ?? 0),
    };
  });
}

const codePlaceholder = "x".repeat(8);

/**
 * What applyLinkPolicy will make of a text, without writing anything: UTM-tagged links, or short
 * links of the same length as real ones. Validation measures this, because it is what the
 * network will count.
 */
export function linkPolicyPreview(input: Omit<LinkPolicyInput, "workspaceId" | "variantId" | "channelId">): { text: string; link: string | null } {
  const shortPrefix = `${input.publicUrl.replace(/\/+$/, "")}/l/`;
  const ours = (url: string) => url.startsWith(shortPrefix);
  const params = utmFor({ network: input.network, campaign: input.campaign, postId: input.postId });
  const tagged = tagText(input.text, params, { skip: ours });
  const taggedLink = input.link && !ours(input.link) ? tagText(input.link, params, { skip: ours }) : input.link;
  if (!input.shorten) return { text: tagged, link: taggedLink };
  const short = `${shortPrefix}${codePlaceholder}`;
  return {
    text: replaceUrls(tagged, (url) => (ours(url) ? url : short)),
    link: taggedLink && !ours(taggedLink) ? short : taggedLink,
  };
}
