/**
 * The demo brand's strategy: a brand-awareness plan with four KPIs that track against the demo's
 * month of data (live subscribers gained since the contract, ER by reach, link clicks a day,
 * response time), two personas, a content mix whose published mix visibly differs from the plan
 * (the demo posts its four rubrics about equally; the plan wants few selling posts), posting
 * frequency, tone of voice and three months of budget.
 *
 * The contract was signed three weeks ago. With `secrets` the demo's Sandbox channels are audited
 * as the audience audit would have audited them — once at signing, once now — so live
 * subscribers gained have a baseline; without it the live KPI honestly says "no audit yet".
 * Call after the demo's channel days, posts and comments are in place.
 */
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import { createSandboxConnector } from "../../connectors/sandbox/index.js";
import type { Strategy } from "../../domain/strategy.js";
import type { Database } from "../../store/schema.js";
import { runAudit } from "../analytics/audit.service.js";
import type { Secrets } from "../secrets.js";
import { brandOf, channelsOf } from "./brand.js";
import { recordContract } from "./contract.service.js";
import { storeStrategy } from "./strategy.service.js";

export type DemoStrategyInput = { workspaceId: string; brandId: string; userId: string; now: Date; secrets?: Secrets | undefined };

const signedDaysAgo = 21;

export async function seedDemoStrategy(db: Kysely<Database>, input: DemoStrategyInput): Promise<void> {
  const { workspaceId, brandId, userId, now } = input;
  const brand = await brandOf(db, workspaceId, brandId);
  const channels = await channelsOf(db, workspaceId, brandId);
  const signedAt = DateTime.fromJSDate(now, { zone: brand.timezone }).minus({ days: signedDaysAgo }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
  const day = (days: number) => DateTime.fromJSDate(now, { zone: brand.timezone }).plus({ days }).toISODate() as string;

  if (input.secrets) {
    for (const at of [signedAt.minus({ hours: 2 }).toJSDate(), new Date(now.getTime() - 3_600_000)]) await auditChannels(db, input.secrets, { workspaceId, userId, channelIds: channels.map((c) => c.id), at });
  }
  await recordContract(db, { workspaceId, brandId, userId, at: signedAt.toJSDate(), note: "Договор на 3 месяца: +600 живых подписчиков, ER по охвату не ниже 7,5 %, ответ на комментарии в течение часа." });

  const main = channels[0];
  const startsOn = signedAt.toISODate() as string;
  const endsOn = DateTime.fromISO(startsOn).plus({ months: 3 }).toISODate() as string;
  const months = [0, 1, 2].map((i) => DateTime.fromISO(startsOn).plus({ months: i }).toFormat("yyyy-MM"));
  const strategy: Strategy = {
    goalType: "brand",
    goal: "Сделать «Северный Кофе» любимой кофейней района: больше живых подписчиков, которые приходят в кофейни и заказывают зерно на сайте.",
    startsOn,
    endsOn,
    kpis: [
      { metric: "live_followers_gained", label: "", target: 600, comparison: "gte", deadline: day(40), channelId: null, note: "Живые подписчики по аудиту аудитории, без ботов — как в договоре." },
      { metric: "er_reach", label: "", target: 7.5, comparison: "gte", deadline: day(40), channelId: null, note: "" },
      { metric: "link_clicks_per_day", label: "", target: 15, comparison: "gte", deadline: day(30), channelId: null, note: "Переходы на сайт по коротким ссылкам из постов." },
      { metric: "response_minutes_median", label: "", target: 60, comparison: "lte", deadline: day(14), channelId: null, note: "Отвечаем на комментарии в течение часа." },
    ],
    kpiIdeas: ["Больше отметок кофеен в сторис гостей"],
    segments: [
      {
        name: "Офисные сотрудники рядом с кофейнями",
        description: "Работают в бизнес-центрах у кофеен, берут кофе с собой утром и после обеда.",
        ageFrom: 25,
        ageTo: 40,
        geography: "Санкт-Петербург, центр и Петроградская сторона",
        interests: ["кофе с собой", "завтраки", "спорт"],
        pains: ["очереди утром", "нет времени ждать заказ"],
        channels: [{ network: "VK", reason: "Сообщество района и акции для постоянных гостей" }],
      },
      {
        name: "Любители кофе дома",
        description: "Варят кофе дома, выбирают зерно и разбираются в обжарке.",
        ageFrom: 22,
        ageTo: 45,
        geography: "Россия, доставка по городу",
        interests: ["альтернативное заваривание", "спешелти", "новые сорта"],
        pains: ["непонятно, какое зерно выбрать", "горечь в чашке"],
        channels: [{ network: "Telegram", reason: "Гиды по завариванию и новинки зерна читают полностью" }],
      },
    ],
    contentMix: [
      { rubric: "Новинки", kind: "informative", share: 35 },
      { rubric: "Полезное", kind: "educational", share: 30 },
      { rubric: "За кулисами", kind: "entertaining", share: 25 },
      { rubric: "Акции", kind: "selling", share: 10 },
    ],
    frequency: channels.map((c, i) => ({ network: c.name, channelId: c.id, postsPerWeek: i === 0 ? 10 : 7 })),
    toneOfVoice: "Тёплый и дружеский, на «вы», без канцелярита. Шутим про кофе, не про гостей. На негатив отвечаем спокойно и по делу, ничего не удаляем.",
    budget: months.flatMap((month) => [
      { month, line: "Работа SMM", amount: 90000, currency: "RUB" },
      { month, line: "Таргетированная реклама", amount: 40000, currency: "RUB" },
    ]),
    notes: main ? `Основной канал: ${main.name}.` : "",
  };
  await storeStrategy(db, { workspaceId, brandId, userId, strategy, action: "demo.strategy" });
}

/** Audits the channels as of `at` through the audience audit itself, the Sandbox's clock set to `at`. */
async function auditChannels(db: Kysely<Database>, secrets: Secrets, input: { workspaceId: string; userId: string; channelIds: string[]; at: Date }): Promise<void> {
  const sandbox = createSandboxConnector({ db, now: () => input.at });
  const registry: ConnectorRegistry = { get: (network) => (network === sandbox.network ? sandbox : undefined), all: () => [sandbox] };
  for (const channelId of input.channelIds) {
    await runAudit({ db, registry, secrets, now: () => input.at }, { userId: input.userId }, input.workspaceId, channelId, { size: 400 });
  }
}
