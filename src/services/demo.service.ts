/**
 * The demo workspace: a coffee-shop brand with three Sandbox channels, a month of published posts
 * with their metrics and comments, and a week of scheduled posts, so a first-time user sees every
 * screen filled in. All channels are on the simulated Sandbox network and say so. Given the same
 * `now`, the content, times and simulated numbers come out the same (row ids are fresh UUIDs).
 */
import type { InsertObject, Kysely } from "kysely";
import { DateTime } from "luxon";
import seedrandom from "seedrandom";
import { createSandboxConnector } from "../connectors/sandbox/index.js";
import type { ChannelContext, PublishResult, RemoteComment, VariantInput } from "../connectors/types.js";
import { AppError } from "../errors.js";
import type { Store } from "../store/db.js";
import { newId } from "../store/ids.js";
import type { Database } from "../store/schema.js";
import { adoptSnapshots, refreshClicks, trackPublications } from "./analytics/track.js";
import { newCode } from "./link.service.js";
import { recordAudit } from "./audit.service.js";
import { seedDemoCampaigns } from "./campaigns/demo.js";
import { seedDemoCompetitors } from "./competitors/demo.js";
import { seedDemoMistakes } from "./health/demo.js";
import { seedDemoLeaders } from "./leaders/demo.js";
import { seedDemoStrategy } from "./strategy/demo.js";
import { defaultBrandSettings } from "../domain/brand-settings.js";
import { seedDemoListening } from "./demo-listening.js";
import { dueAt } from "../domain/inbox-priority.js";
import { type Analyzer, createAnalyzer } from "./analysis/index.js";
import { inboxItemRow } from "./inbox/item-row.js";
import { createUser, hashPassword } from "./auth.service.js";
import { randomToken, type Secrets } from "./secrets.js";
import { createWorkspace } from "./workspace.service.js";

export const demoEmail = "demo@chorus.local";

export type DemoResult = { email: string; password: string; workspaceId: string; brandId: string };

const zone = "Europe/Moscow";
const historyDays = 30;
const scheduleDays = 7;
const chunkSize = 200;
const hourMs = 3_600_000;
/** When each publication's counters are recorded, as in a real metrics sync. */
const snapshotOffsetsHours = [1, 6, 24, 48, 168];

const demoChannels = [
  { handle: "severny.coffee", followers: 5200, botShare: 0.06, lang: "ru", delayMinutes: 0 },
  { handle: "severny.roastery", followers: 1900, botShare: 0.12, lang: "ru", delayMinutes: 12 },
  // An older English account that once bought followers: something for the audience audit to find.
  { handle: "north.coffee.en", followers: 800, botShare: 0.25, lang: "en", delayMinutes: 25 },
] as const;

type Template = { rubric: string; format: string; ru: string; en: string; link?: string };

const templates: Template[] = [
  {
    rubric: "Новинки",
    format: "video",
    ru: "Встречайте раф с лавандой и мёдом 💜 Нежный, чуть цветочный, идеален для холодного утра. Уже во всех кофейнях «Северного Кофе».",
    en: "Meet our lavender & honey raf 💜 Gentle, slightly floral, perfect for a cold morning. Now in every North Coffee.",
  },
  {
    rubric: "Новинки",
    format: "image",
    ru: "Новый сезонный десерт — морковный торт с апельсиновым кремом. Печём каждое утро, пока не закончится 🥕",
    en: "New seasonal dessert: carrot cake with orange cream. Baked every morning until it's gone 🥕",
  },
  {
    rubric: "Новинки",
    format: "carousel",
    ru: "Новое зерно на полке: Эфиопия Иргачеффе. Ноты жасмина, бергамота и персика. Листайте, чтобы узнать, как мы его завариваем →",
    en: "New beans on the shelf: Ethiopia Yirgacheffe. Notes of jasmine, bergamot and peach. Swipe to see how we brew it →",
  },
  {
    rubric: "Новинки",
    format: "image",
    ru: "Cold brew вернулся! 18 часов холодной экстракции — и никакой горечи. Попробуйте с тоником или апельсиновым соком.",
    en: "Cold brew is back! 18 hours of cold extraction and no bitterness. Try it with tonic or orange juice.",
  },
  {
    rubric: "За кулисами",
    format: "video",
    ru: "Как мы обжариваем зерно: один день из жизни нашего обжарщика Миши. Спойлер: он начинается в шесть утра ☕🔥",
    en: "How we roast our beans: a day in the life of Misha, our roaster. Spoiler: it starts at 6 am ☕🔥",
  },
  {
    rubric: "За кулисами",
    format: "image",
    ru: "Знакомьтесь, это Аня — старший бариста на Лиговском. Латте-арт у неё получается лучше, чем у всех нас вместе взятых.",
    en: "Meet Anya, head barista on Ligovsky. Her latte art beats the rest of us put together.",
  },
  {
    rubric: "За кулисами",
    format: "carousel",
    ru: "Утро кофейни до открытия: проверяем помол, настраиваем эспрессо, печём круассаны. Листайте →",
    en: "Our café's morning before opening: checking the grind, dialling in the espresso, baking croissants. Swipe →",
  },
  {
    rubric: "За кулисами",
    format: "text",
    ru: "Почему у нас нет сиропов с ароматизаторами? Мы хотим, чтобы вы чувствовали вкус кофе, а не химии. Сиропы варим сами: ваниль, карамель, имбирь.",
    en: "Why no flavoured syrups? We want you to taste the coffee, not chemicals. We make our own: vanilla, caramel, ginger.",
  },
  {
    rubric: "Акции",
    format: "image",
    ru: "Счастливые часы: с 15:00 до 17:00 второй капучино за полцены. Приходите с коллегами ☕☕",
    en: "Happy hours: from 3 to 5 pm your second cappuccino is half price. Bring a colleague ☕☕",
  },
  {
    rubric: "Акции",
    format: "link",
    ru: "Заказывайте зерно на сайте до воскресенья — скидка 15% по промокоду СЕВЕР15. Доставка по городу бесплатно от 1500 ₽.",
    en: "Order beans on our website by Sunday: 15% off with the code NORTH15. Free delivery in the city from 1,500 ₽.",
    link: "https://north-coffee.example/shop",
  },
  {
    rubric: "Акции",
    format: "text",
    ru: "Приходите со своей кружкой — скидка 10% на любой напиток. Планете приятно, вам выгодно 🌱",
    en: "Bring your own cup and get 10% off any drink. Good for the planet, good for you 🌱",
  },
  {
    rubric: "Акции",
    format: "image",
    ru: "Розыгрыш! Подпишитесь и отметьте в комментариях друга, с которым пошли бы на кофе. В пятницу выберем трёх победителей — им месяц кофе бесплатно.",
    en: "Giveaway! Follow us and tag a friend you'd go for coffee with. On Friday we'll pick three winners for a month of free coffee.",
  },
  {
    rubric: "Полезное",
    format: "carousel",
    ru: "5 способов заварить кофе дома без кофемашины: френч-пресс, воронка, аэропресс, турка и гейзер. Сохраняйте, чтобы не потерять 📌",
    en: "5 ways to brew coffee at home without a machine: French press, pour-over, AeroPress, cezve and moka pot. Save this 📌",
  },
  {
    rubric: "Полезное",
    format: "text",
    ru: "Как хранить зерно: в непрозрачной банке, при комнатной температуре и ни в коем случае не в холодильнике. Вкуснее всего — в течение месяца после обжарки.",
    en: "How to store beans: in an opaque jar at room temperature, never in the fridge. They taste best within a month of roasting.",
  },
  {
    rubric: "Полезное",
    format: "link",
    ru: "Большой гид по помолу: от эспрессо до френч-пресса. Читайте в нашем блоге.",
    en: "Our big guide to grind size, from espresso to French press. Read it on our blog.",
    link: "https://north-coffee.example/blog/grind",
  },
  {
    rubric: "Полезное",
    format: "video",
    ru: "Латте-арт за 60 секунд: показываем, как нарисовать сердечко дома ❤️",
    en: "Latte art in 60 seconds: how to pour a heart at home ❤️",
  },
];

/** Local times the audience is most active (see the Sandbox audience model), and a few worse ones. */
const goodSlots = [
  [9, 0],
  [13, 0],
  [19, 0],
  [20, 30],
] as const;
const offSlots = [
  [7, 10],
  [15, 40],
  [23, 20],
] as const;

/** Media the simulated network is told about; there are no stored media assets in the demo. */
const mediaFor = (format: string): VariantInput["media"] => {
  if (format === "video") return [{ type: "video/mp4", bytes: 14_000_000 }];
  if (format === "carousel") return [1, 2, 3].map(() => ({ type: "image/jpeg", bytes: 600_000 }));
  if (format === "image") return [{ type: "image/jpeg", bytes: 600_000 }];
  return [];
};

async function insertChunked<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: InsertObject<Database, T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await db.insertInto(table).values(rows.slice(i, i + chunkSize)).execute();
  }
}

type PostPlan = { at: DateTime; template: Template };

/** Fisher–Yates with the seeded generator. */
function shuffle<T>(rng: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One or two posts a day at the given local days, mostly at good hours, cycling through the templates. */
function planPosts(rng: () => number, days: DateTime[], isAllowed: (at: DateTime) => boolean): PostPlan[] {
  const order = shuffle(rng, templates);
  const plans: PostPlan[] = [];
  for (const day of days) {
    const slots = shuffle(rng, goodSlots).slice(0, rng() < 0.5 ? 1 : 2);
    for (const [hour, minute] of slots) {
      // Now and then a post goes out at a worse hour, so analytics has something to compare.
      const [h, m] = rng() < 0.15 ? offSlots[Math.floor(rng() * offSlots.length)]! : [hour, minute];
      const at = day.set({ hour: h, minute: m + Math.floor(rng() * 15) });
      if (isAllowed(at)) plans.push({ at, template: order[plans.length % order.length]! });
    }
  }
  return plans.sort((x, y) => x.at.toMillis() - y.at.toMillis());
}

/** The demo brands' settings: Russian rubrics, one approval step (the demo user, an owner, can approve). */
const demoBrandSettings = defaultBrandSettings("ru");

/**
 * Creates the demo user, workspace, brands, channels and content. Refuses when the demo user
 * exists. createWorkspace runs its own transaction (Kysely cannot nest them), so the user and
 * workspace are created first and removed again if filling in the content fails.
 */
export async function createDemo(
  store: Store,
  opts: { secrets: Secrets; now?: Date; password?: string | undefined },
): Promise<DemoResult> {
  const { db } = store;
  const now = opts.now ?? new Date();
  const existing = await db.selectFrom("users").select("id").where("email", "=", demoEmail).executeTakeFirst();
  if (existing) {
    throw new AppError("conflict", `The demo already exists: sign in as ${demoEmail}. Delete that user to create it again.`);
  }
  const password = opts.password ?? randomToken(12); // 12 random bytes = 16 base64url characters
  const analyzer = await createAnalyzer();
  const user = await createUser(db, { email: demoEmail, name: "Demo Manager", password });
  const workspace = await createWorkspace(db, { name: "Demo Agency", ownerId: user.id });
  try {
    const brandId = await db
      .transaction()
      .execute((tx) => fillDemo(tx, { workspaceId: workspace.id, userId: user.id, secrets: opts.secrets, now, analyzer }));
    return { email: demoEmail, password, workspaceId: workspace.id, brandId };
  } catch (err) {
    await db.deleteFrom("workspaces").where("id", "=", workspace.id).execute();
    await db.deleteFrom("users").where("id", "=", user.id).execute();
    throw err;
  }
}

async function fillDemo(
  tx: Kysely<Database>,
  ctx: { workspaceId: string; userId: string; secrets: Secrets; now: Date; analyzer: Analyzer },
): Promise<string> {
  const { workspaceId, userId, now } = ctx;
  const nowIso = now.toISOString();
  const rng = seedrandom(`chorus-demo:${nowIso}`);
  const localNow = DateTime.fromJSDate(now, { zone });
  const setUpAt = localNow.minus({ days: historyDays + 5 });

  const brandId = newId();
  await tx
    .insertInto("brands")
    .values([
      {
        id: brandId,
        workspace_id: workspaceId,
        name: "Северный Кофе / North Coffee",
        timezone: zone,
        locale: "ru",
        created_at: setUpAt.toUTC().toISO()!,
        archived_at: null,
        settings: JSON.stringify(demoBrandSettings),
      },
      {
        id: newId(),
        workspace_id: workspaceId,
        name: "Пекарня «Булка» / Bulka Bakery",
        timezone: zone,
        locale: "ru",
        created_at: setUpAt.toUTC().toISO()!,
        archived_at: null,
        settings: JSON.stringify(demoBrandSettings),
      },
    ])
    .execute();

  // A team, so the Members page shows what roles look like. They cannot sign in (random
  // passwords nobody knows) until an owner resets them; they are there to be looked at.
  const team = [
    { email: "olga@chorus.local", name: "Ольга Смирнова", role: "editor" as const },
    { email: "artem@chorus.local", name: "Артём Ковалёв", role: "moderator" as const },
    // The client works with her own brand only: she never sees the bakery.
    { email: "client@chorus.local", name: "Irina (North Coffee)", role: "client" as const, brandIds: [brandId] },
  ];
  for (const person of team) {
    const id = newId();
    await tx
      .insertInto("users")
      .values({
        id,
        email: person.email,
        name: person.name,
        password_hash: await hashPassword(randomToken(24)),
        locale: "ru",
        created_at: setUpAt.toUTC().toISO()!,
        disabled_at: null,
      })
      .execute();
    await tx
      .insertInto("memberships")
      .values({ workspace_id: workspaceId, user_id: id, role: person.role, created_at: setUpAt.toUTC().toISO()!, brand_ids: "brandIds" in person ? JSON.stringify(person.brandIds) : null })
      .execute();
  }

  // The Sandbox's clock is moved through the past month so posts get their historical times.
  let clock = setUpAt.toJSDate();
  const sandbox = createSandboxConnector({ db: tx, now: () => clock });
  const channels: { id: string; ctx: ChannelContext; def: (typeof demoChannels)[number] }[] = [];
  for (const def of demoChannels) {
    const connected = await sandbox.connect({ handle: def.handle, followers: def.followers, botShare: def.botShare });
    const id = newId();
    await tx
      .insertInto("channels")
      .values({
        id,
        workspace_id: workspaceId,
        brand_id: brandId,
        network: "sandbox",
        name: connected.name,
        handle: connected.handle,
        external_id: connected.externalId,
        status: "active",
        credentials_enc: ctx.secrets.encryptJson(connected.credentials),
        settings: "{}",
        last_error: null,
        connected_by: userId,
        created_at: clock.toISOString(),
        updated_at: clock.toISOString(),
      })
      .execute();
    channels.push({
      id,
      def,
      ctx: { externalId: connected.externalId, handle: connected.handle, credentials: connected.credentials },
    });
  }

  const posts: InsertObject<Database, "posts">[] = [];
  const variants: InsertObject<Database, "variants">[] = [];
  const publications: InsertObject<Database, "publications">[] = [];
  const snapshots: InsertObject<Database, "metric_snapshots">[] = [];
  const inbox: InsertObject<Database, "inbox_items">[] = [];
  const published: { channel: (typeof channels)[number]; publicationId: string; result: PublishResult }[] = [];
  const links: InsertObject<Database, "links">[] = [];
  const clicks: InsertObject<Database, "link_clicks">[] = [];

  const pastDays = Array.from({ length: historyDays }, (_, i) => localNow.minus({ days: historyDays - i }).startOf("day"));
  for (const [n, plan] of planPosts(rng, pastDays, () => true).entries()) {
    const postId = newId();
    const at = plan.at.toUTC();
    const { template } = plan;
    posts.push({
      id: postId,
      workspace_id: workspaceId,
      brand_id: brandId,
      status: "published",
      rubric: template.rubric,
      format: template.format,
      base_text: template.ru,
      tags: "[]",
      campaign: null,
      approval_step: null,
      created_by: userId,
      created_at: at.minus({ days: 2 }).toUTC().toISO()!,
      updated_at: at.toUTC().toISO()!,
    });
    for (const channel of channels) {
      const publishedAt = at.plus({ minutes: channel.def.delayMinutes });
      const variant: VariantInput = {
        text: channel.def.lang === "en" ? template.en : template.ru,
        format: template.format,
        media: mediaFor(template.format),
        link: template.link ?? null,
      };
      const variantId = newId();
      variants.push({
        id: variantId,
        workspace_id: workspaceId,
        post_id: postId,
        channel_id: channel.id,
        text: variant.text,
        media: "[]",
        link: variant.link ?? null,
        first_comment: null,
        thread: "[]",
        customised: variant.text === template.ru ? 0 : 1,
        error: null,
        scheduled_at: publishedAt.toUTC().toISO()!,
        status: "published",
        created_at: at.minus({ days: 2 }).toUTC().toISO()!,
        updated_at: publishedAt.toUTC().toISO()!,
      });
      clock = publishedAt.toJSDate();
      const key = `demo:${nowIso}:${channel.ctx.handle}:${n}`;
      const result = await sandbox.publish(channel.ctx, variant, key);
      const publicationId = newId();
      publications.push({
        id: publicationId,
        workspace_id: workspaceId,
        variant_id: variantId,
        channel_id: channel.id,
        idempotency_key: key,
        external_id: result.externalId,
        url: result.url,
        status: "published",
        attempts: 1,
        item: 0,
        late: 0,
        error: null,
        published_at: result.publishedAt,
        created_at: result.publishedAt,
      });
      published.push({ channel, publicationId, result });
      if (variant.link) {
        // Its short link, and people (a few bots among them) following it over the next two days.
        const linkId = newId();
        links.push({ id: linkId, workspace_id: workspaceId, code: newCode(), target_url: `${variant.link}?utm_source=${channel.def.handle}&utm_medium=social&utm_campaign=demo`, post_id: postId, variant_id: variantId, channel_id: channel.id, created_at: result.publishedAt });
        const n = 8 + Math.floor(rng() * 40);
        for (let k = 0; k < n; k++) {
          const clickedAt = new Date(Date.parse(result.publishedAt) + rng() * rng() * 48 * 3_600_000);
          if (clickedAt > now) continue;
          clicks.push({ id: newId(), link_id: linkId, workspace_id: workspaceId, clicked_at: clickedAt.toISOString(), referrer_host: channel.def.handle, visitor_hash: newId(), bot: rng() < 0.08 ? 1 : 0 });
        }
      }
    }
  }
  clock = now;

  for (const { channel, publicationId, result } of published) {
    for (const offset of snapshotOffsetsHours) {
      const takenAt = new Date(Date.parse(result.publishedAt) + offset * hourMs);
      if (takenAt > now) break;
      const [m] = await sandbox.fetchPostMetrics!(channel.ctx, [result.externalId], takenAt);
      if (!m) continue;
      snapshots.push({
        id: newId(),
        workspace_id: workspaceId,
        channel_id: channel.id,
        publication_id: publicationId,
        taken_at: takenAt.toISOString(),
        followers: null,
        reach: m.reach,
        impressions: m.impressions,
        views: m.views,
        likes: m.likes,
        comments: m.comments,
        reposts: m.reposts,
        saves: m.saves,
        clicks: null,
      });
    }
  }

  for (const channel of channels) {
    for (let daysAgo = historyDays; daysAgo >= 0; daysAgo--) {
      const takenAt = localNow.minus({ days: daysAgo }).toJSDate();
      const stats = await sandbox.fetchChannelStats!(channel.ctx, takenAt);
      snapshots.push({
        id: newId(),
        workspace_id: workspaceId,
        channel_id: channel.id,
        publication_id: null,
        taken_at: takenAt.toISOString(),
        followers: stats.followers,
        reach: null,
        impressions: null,
        views: null,
        likes: null,
        comments: null,
        reposts: null,
        saves: null,
        clicks: null,
      });
    }

    const publicationOf = new Map(
      published.filter((p) => p.channel === channel).map((p) => [p.result.externalId, p.publicationId]),
    );
    // The network reports comments, then their authors' edits and deletions: the latest word on each counts.
    const latest = new Map<string, RemoteComment>();
    let cursor: string | null = null;
    do {
      const page = await sandbox.fetchComments!(channel.ctx, cursor, now);
      for (const c of page.items) {
        if (c.deleted) latest.delete(c.externalId);
        else latest.set(c.externalId, c);
      }
      cursor = page.cursor;
    } while (cursor);
    for (const c of latest.values()) {
      // The team answered and closed what came more than two days ago, except the complaints of
      // the last week, which were opened and still wait (the overdue work the demo shows first);
      // the recent ones are new.
      const occurred = new Date(c.occurredAt);
      const age = now.getTime() - occurred.getTime();
      const analysis = ctx.analyzer.analyze(c.text);
      const lingering = analysis.sentiment === "negative" && age <= 7 * 86_400_000;
      const done = age > 2 * 86_400_000 && !lingering;
      const firstResponseAt = done ? new Date(occurred.getTime() + (10 + ((inbox.length * 37) % 170)) * 60_000).toISOString() : null;
      const state = {
        status: done ? ("resolved" as const) : age > 2 * 86_400_000 ? ("open" as const) : ("new" as const),
        firstResponseAt,
        resolvedAt: firstResponseAt ? new Date(Date.parse(firstResponseAt) + 30 * 60_000).toISOString() : null,
      };
      const due = dueAt(occurred, demoBrandSettings.responseSlaMinutes, zone, demoBrandSettings.workingHours).toISOString();
      const place = { workspaceId, brandId, channelId: channel.id, publicationId: publicationOf.get(c.postExternalId) ?? null };
      inbox.push(inboxItemRow(c, place, analysis, due, now, state));
    }
  }

  const nextDays = Array.from({ length: scheduleDays }, (_, i) => localNow.plus({ days: i }).startOf("day"));
  // The last channel posts a little later than the first; all of it stays within the week.
  const weekEnd = localNow.plus({ days: scheduleDays }).minus({ hours: 1 });
  for (const plan of planPosts(rng, nextDays, (at) => at > localNow && at < weekEnd)) {
    const postId = newId();
    const { template } = plan;
    posts.push({
      id: postId,
      workspace_id: workspaceId,
      brand_id: brandId,
      status: "scheduled",
      rubric: template.rubric,
      format: template.format,
      base_text: template.ru,
      tags: "[]",
      campaign: null,
      approval_step: null,
      created_by: userId,
      created_at: nowIso,
      updated_at: nowIso,
    });
    for (const channel of channels) {
      variants.push({
        id: newId(),
        workspace_id: workspaceId,
        post_id: postId,
        channel_id: channel.id,
        text: channel.def.lang === "en" ? template.en : template.ru,
        media: "[]",
        link: template.link ?? null,
        first_comment: null,
        thread: "[]",
        customised: channel.def.lang === "en" ? 1 : 0,
        error: null,
        scheduled_at: plan.at.plus({ minutes: channel.def.delayMinutes }).toUTC().toISO()!,
        status: "scheduled",
        created_at: nowIso,
        updated_at: nowIso,
      });
    }
  }

  await insertChunked(tx, "posts", posts);
  await insertChunked(tx, "variants", variants);
  await insertChunked(tx, "publications", publications);
  await insertChunked(tx, "metric_snapshots", snapshots);
  // The analytics' rows: each channel's days (the day's last reading) and the posts with their latest counters.
  const days = new Map<string, InsertObject<Database, "channel_days">>();
  for (const s of snapshots) {
    if (s.publication_id !== null) continue;
    const day = DateTime.fromISO(s.taken_at as string, { zone }).toISODate() as string;
    days.set(`${s.channel_id}|${day}`, { channel_id: s.channel_id as string, day, workspace_id: workspaceId, brand_id: brandId, followers: s.followers as number, taken_at: s.taken_at as string });
  }
  await insertChunked(tx, "channel_days", [...days.values()]);
  await insertChunked(tx, "links", links);
  await insertChunked(tx, "link_clicks", clicks);
  const tracked = await trackPublications(
    tx,
    publications.map((p) => p.id as string),
    now,
  );
  await adoptSnapshots(tx, tracked);
  await refreshClicks(tx, tracked);
  await insertChunked(tx, "inbox_items", inbox);
  const main = channels[0];
  if (main) await seedDemoListening(tx, { workspaceId, brandId, userId, userEmail: demoEmail, channelId: main.id, secrets: ctx.secrets, now, analyzer: ctx.analyzer });
  await seedDemoCompetitors(tx, { workspaceId, brandId, userId, now });
  await seedDemoCampaigns(tx, { workspaceId, brandId, userId, now });
  await seedDemoLeaders(tx, { workspaceId, brandId, userId, now });
  await seedDemoStrategy(tx, { workspaceId, brandId, userId, now, secrets: ctx.secrets });
  await seedDemoMistakes(tx, { workspaceId, brandId, userId, now });
  await recordAudit(tx, { workspaceId, actorUserId: userId, action: "demo.create", targetType: "brand", targetId: brandId });
  return brandId;
}
