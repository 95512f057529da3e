/**
 * The demo's competitors: two other coffee places on the Sandbox network with a month of posts
 * (one posts twice a day, photos and video; the other every other day, mostly text and links), read
 * day by day as the daily job would have read them since the demo brand was set up — so the
 * comparison has followers over time, posting frequency, formats and interactions on the first
 * start. Their posts live in sandbox_posts like any Sandbox account's; their audiences are the
 * Sandbox's public model (connectors/sandbox/public-page.ts). Given the same `now`, the same
 * posts and figures come out.
 */
import crypto from "node:crypto";
import type { InsertObject, Kysely } from "kysely";
import { DateTime } from "luxon";
import seedrandom from "seedrandom";
import { createSandboxConnector } from "../../connectors/sandbox/index.js";
import { PublicPageNotFoundError } from "../../connectors/types.js";
import { newId } from "../../store/ids.js";
import type { CompetitorsTable } from "../../store/schema-competitors.js";
import type { Database } from "../../store/schema.js";
import { recordPageReading, sinceFor } from "./read.js";

const historyDays = 30;
const dayMs = 86_400_000;

type Rival = {
  handle: string;
  name: string;
  /** Chance of a post at each of the day's slots (local hours). */
  slots: [hour: number, chance: number][];
  formats: [format: string, weight: number][];
  texts: string[];
};

export const demoRivals: Rival[] = [
  {
    handle: "kofemania.spb",
    name: "Кофемания СПб",
    slots: [
      [9, 0.85],
      [18, 0.8],
      [21, 0.3],
    ],
    formats: [
      ["image", 5],
      ["video", 3],
      ["carousel", 2],
      ["text", 1],
    ],
    texts: [
      "Новый сезонный латте с тыквой и корицей уже в меню 🎃",
      "Утро начинается с капучино. Ждём вас с 8:00 ☕",
      "Бариста-баттл в эту субботу: приходите болеть!",
      "Свежая выпечка каждый час — круассаны ещё тёплые 🥐",
      "Как мы выбираем зерно: репортаж с дегустации",
      "Скидка 20% на второй напиток до конца недели",
    ],
  },
  {
    handle: "zerno.bar",
    name: "Zerno Bar",
    slots: [[12, 0.5]],
    formats: [
      ["text", 4],
      ["link", 3],
      ["image", 2],
    ],
    texts: [
      "Почему светлая обжарка — это не кисло, а ярко. Разбираем в блоге.",
      "Новый лот из Колумбии: ноты карамели и красного яблока.",
      "Мастер-класс по воронке в четверг, запись по ссылке.",
      "Мы открыли второй бар на Петроградке!",
    ],
  },
];

const sandboxPostId = (account: string, key: string) => crypto.createHash("sha256").update(`${account}\u0000${key}`).digest("hex").slice(0, 24);

function pickWeighted<T extends string>(rng: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/**
 * Adds the demo competitors to `brandId` (a brand of `workspaceId`) with a month of history up to
 * `now`. Does nothing when the brand already watches competitors, so it can be called again.
 */
export async function seedDemoCompetitors(tx: Kysely<Database>, opts: { workspaceId: string; brandId: string; userId: string; now: Date }): Promise<string[]> {
  const { workspaceId, brandId, userId, now } = opts;
  const existing = await tx.selectFrom("competitors").select("id").where("brand_id", "=", brandId).executeTakeFirst();
  if (existing) return [];
  const brand = await tx.selectFrom("brands").select("timezone").where("id", "=", brandId).where("workspace_id", "=", workspaceId).executeTakeFirstOrThrow();
  const zone = brand.timezone;
  const localNow = DateTime.fromJSDate(now, { zone });
  const nowIso = now.toISOString();
  let clock = now;
  const sandbox = createSandboxConnector({ db: tx, now: () => clock });
  const ids: string[] = [];

  for (const rival of demoRivals) {
    const rng = seedrandom(`chorus-demo-rival:${rival.handle}:${nowIso}`);
    // Posts from a few days before the first reading, so the page already has a history then.
    const posts: InsertObject<Database, "sandbox_posts">[] = [];
    for (let daysAgo = historyDays + 5; daysAgo >= 0; daysAgo--) {
      const day = localNow.minus({ days: daysAgo }).startOf("day");
      for (const [hour, chance] of rival.slots) {
        // The very first day always has a post: the page exists from then on (see the readings below).
        if (posts.length > 0 && rng() >= chance) continue;
        const at = day.set({ hour, minute: Math.floor(rng() * 50) });
        if (at > localNow) continue;
        const key = `demo-rival:${nowIso}:${rival.handle}:${posts.length}`;
        posts.push({
          id: sandboxPostId(rival.handle, key),
          account: rival.handle,
          idempotency_key: key,
          text: rival.texts[Math.floor(rng() * rival.texts.length)]!,
          format: pickWeighted(rng, rival.formats),
          media_count: 0,
          published_at: at.toUTC().toISO() as string,
          deleted_at: null,
        });
      }
    }
    for (let i = 0; i < posts.length; i += 200) await tx.insertInto("sandbox_posts").values(posts.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();

    // Read once a day, mid-morning, as the daily job would have since the brand was set up.
    const firstAt = localNow.minus({ days: historyDays }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    const row: CompetitorsTable = {
      id: newId(),
      workspace_id: workspaceId,
      brand_id: brandId,
      name: rival.name,
      network: "sandbox",
      page: rival.handle,
      external_id: `sandbox:${rival.handle}`,
      url: `sandbox://${rival.handle}`,
      channel_id: null,
      enabled: 1,
      state: "ok",
      last_run_at: null,
      last_ok_at: null,
      last_error: null,
      failures: 0,
      next_run_at: null,
      followers: null,
      posts_visible: 1,
      created_by: userId,
      created_at: firstAt.toISOString(),
      updated_at: firstAt.toISOString(),
    };
    await tx.insertInto("competitors").values(row).execute();
    let lastOk: string | null = null;
    for (let at = firstAt.getTime(); at <= now.getTime(); at += dayMs) {
      clock = new Date(at);
      let page: Awaited<ReturnType<NonNullable<typeof sandbox.fetchPublicPage>>>;
      try {
        page = await sandbox.fetchPublicPage!(null, rival.handle, { since: sinceFor(lastOk, clock), at: clock });
      } catch (err) {
        // A rival that rarely posts may not have posted yet on the first days: the page appears with its first post.
        if (err instanceof PublicPageNotFoundError) continue;
        throw err;
      }
      await recordPageReading(tx, row, zone, page, clock);
      lastOk = clock.toISOString();
    }
    await tx
      .updateTable("competitors")
      .set({ state: "ok", last_run_at: lastOk, last_ok_at: lastOk, next_run_at: new Date(Date.parse(lastOk ?? nowIso) + dayMs).toISOString() })
      .where("id", "=", row.id)
      .execute();
    ids.push(row.id);
  }
  return ids;
}
