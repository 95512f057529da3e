/**
 * Competitors' pages on VK, Mastodon and Telegram, against local servers answering the shapes the
 * official documentation gives (test/support/fake-*.ts): none of the live networks can be reached
 * from here. Plus adding a Mastodon page through the service, anonymously, on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastodonConnector } from "../src/connectors/mastodon/index.js";
import { defaultInstanceLimits } from "../src/connectors/mastodon/types.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { createTelegramConnector } from "../src/connectors/telegram/index.js";
import { type ChannelContext, PublicPageNotFoundError } from "../src/connectors/types.js";
import { createVkConnector } from "../src/connectors/vk/index.js";
import { guardedFetch } from "../src/net/safe-fetch.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import { compareCompetitors } from "../src/services/competitors/comparison.service.js";
import { addCompetitor } from "../src/services/competitors/competitors.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import { type FakeMastodon, startFakeMastodon } from "./support/fake-mastodon.js";
import { type FakeTelegram, startFakeTelegram } from "./support/fake-telegram.js";
import { type FakeVk, startFakeVk } from "./support/fake-vk.js";
import { createTestStore, type TestStore } from "./support/stores.js";

const dayS = 86_400;
const nowS = () => Math.floor(Date.now() / 1000);

describe("VK communities as competitors (documented shapes)", () => {
  let vk: FakeVk;
  let channel: ChannelContext;
  const connector = () => createVkConnector({ baseUrl: vk.url, minIntervalMs: 0 });

  beforeAll(async () => {
    vk = await startFakeVk();
    channel = { externalId: `-${vk.state.group.id}`, handle: vk.state.group.screen_name, credentials: { accessToken: vk.state.token, groupId: vk.state.group.id, screenName: vk.state.group.screen_name } };
    vk.addCommunity({ id: 555, name: "Кофе Хаус", screen_name: "coffeehouse", members_count: 48_200 });
    vk.addCommunity({ id: 556, name: "Закрытый клуб", screen_name: "closed_club", members_count: 300, is_closed: 1 });
    vk.addCommunity({ id: 557, name: "Удалённое", screen_name: "deleted_one", deactivated: "deleted" });
    vk.addNetworkPost({ ownerId: -555, text: "Старый закреп", date: nowS() - 90 * dayS, likes: 500, pinned: true });
    vk.addNetworkPost({ ownerId: -555, text: "Фото нового десерта", date: nowS() - 2 * dayS, likes: 120, comments: 8, reposts: 5, views: 9100, media: ["photo"] });
    vk.addNetworkPost({ ownerId: -555, text: "Галерея", date: nowS() - 3 * dayS, likes: 80, views: 7000, media: ["photo", "photo", "photo"] });
    vk.addNetworkPost({ ownerId: -555, text: "Читайте в блоге", date: nowS() - 4 * dayS, likes: 10, views: 3000, links: ["https://coffeehouse.example/blog"] });
    vk.addNetworkPost({ ownerId: -555, fromId: 42, text: "Пост участника в предложке", date: nowS() - 1 * dayS, likes: 1 });
    vk.addNetworkPost({ ownerId: -555, text: "Слишком старый", date: nowS() - 60 * dayS, likes: 3 });
  });
  afterAll(async () => vk?.close());

  it("reads the community (groups.getById with members_count) and its own recent posts (wall.get owner_id=-id, filter=owner)", async () => {
    const page = await connector().fetchPublicPage!(channel, "https://vk.com/coffeehouse", { since: new Date(Date.now() - 30 * dayS * 1000) });
    expect(page.profile).toEqual({ externalId: "-555", handle: "coffeehouse", name: "Кофе Хаус", url: "https://vk.com/coffeehouse", followers: 48_200, following: null, posts: 5 });
    expect(page.posts?.map((p) => ({ text: p.text, format: p.format, likes: p.likes, comments: p.comments, reposts: p.reposts, views: p.views }))).toEqual([
      { text: "Фото нового десерта", format: "image", likes: 120, comments: 8, reposts: 5, views: 9100 },
      { text: "Галерея", format: "carousel", likes: 80, comments: 0, reposts: 0, views: 7000 },
      { text: "Читайте в блоге", format: "link", likes: 10, comments: 0, reposts: 0, views: 3000 },
    ]);
    expect(page.posts?.[0]?.url).toMatch(/^https:\/\/vk\.com\/wall-555_\d+$/);
    const [getById] = vk.calls("groups.getById").slice(-1);
    expect(getById?.params).toMatchObject({ group_id: "coffeehouse", fields: "members_count", v: "5.199" });
    expect(vk.calls("wall.get").at(-1)?.params).toMatchObject({ owner_id: "-555", filter: "owner", count: "100", offset: "0" });
  });

  it("refuses a community that does not exist or was deleted, and keeps a closed one's posts unknown", async () => {
    await expect(connector().fetchPublicPage!(channel, "no_such_community")).rejects.toBeInstanceOf(PublicPageNotFoundError);
    await expect(connector().fetchPublicPage!(channel, "deleted_one")).rejects.toThrow(/deleted/);
    const closed = await connector().fetchPublicPage!(channel, "club556");
    expect(closed).toMatchObject({ profile: { name: "Закрытый клуб", followers: 300 }, posts: null });
    await expect(connector().fetchPublicPage!(null, "coffeehouse")).rejects.toThrow(/token of one of the brand's VK channels/);
  });
});

describe("Mastodon accounts as competitors (documented shapes)", () => {
  let mastodon: FakeMastodon;
  let channel: ChannelContext;
  let store: TestStore;

  beforeAll(async () => {
    mastodon = await startFakeMastodon();
    channel = {
      externalId: mastodon.state.account.id,
      handle: `@northcoffee@${mastodon.host}`,
      credentials: { instanceUrl: mastodon.url, accessToken: mastodon.state.token, visibility: "public", accountId: mastodon.state.account.id, limits: defaultInstanceLimits },
    };
    const rival = mastodon.addAccount("rivalcafe", { displayName: "Rival Café", followers: 2300, following: 120, statuses: 412 });
    const someone = mastodon.addAccount("someone");
    const day = 86_400_000;
    const theirs = mastodon.addStatus(someone, "Someone else's post");
    // Oldest first: ids grow with time, as Mastodon's snowflakes do.
    mastodon.addStatus(rival, "Long ago", { createdAt: new Date(Date.now() - 90 * day).toISOString() });
    mastodon.addStatus(rival, "Our blog https://rival.example/post", { createdAt: new Date(Date.now() - 3 * day).toISOString(), card: { url: "https://rival.example/post", title: "Post" }, counts: { favourites: 5 } });
    mastodon.addStatus(rival, "A gallery", { createdAt: new Date(Date.now() - 2 * day).toISOString(), media: ["image", "image"], counts: { favourites: 12 } });
    mastodon.addStatus(rival, "Answering a guest", { inReplyTo: theirs, createdAt: new Date(Date.now() - 1 * day).toISOString() });
    mastodon.addStatus(rival, "", { reblogOf: theirs, createdAt: new Date(Date.now() - 1 * day).toISOString() });
    mastodon.addStatus(rival, "New pastries today", { createdAt: new Date(Date.now() - 1 * day).toISOString(), media: ["image"], counts: { favourites: 40, reblogs: 6, replies: 3 } });
    mastodon.addAccount("banned", { suspended: true });
    store = await createTestStore("sqlite");
  });
  afterAll(async () => {
    await mastodon?.close();
    await store?.cleanup();
  });

  it("reads a public account anonymously from its home server: lookup, then its own statuses without replies or boosts", async () => {
    const connector = createMastodonConnector({ fetch: guardedFetch({ allowPrivate: true }) });
    expect(connector.publicPageChannel).toBe("optional");
    const before = mastodon.requests.length;
    const page = await connector.fetchPublicPage!(null, `${mastodon.url}/@rivalcafe`);
    expect(page.profile).toMatchObject({ handle: `@rivalcafe@${mastodon.host}`, name: "Rival Café", followers: 2300, following: 120, posts: 412 });
    expect(page.posts?.map((p) => ({ text: p.text, format: p.format, likes: p.likes, comments: p.comments, reposts: p.reposts, views: p.views }))).toEqual([
      { text: "New pastries today", format: "image", likes: 40, comments: 3, reposts: 6, views: null },
      { text: "A gallery", format: "carousel", likes: 12, comments: 0, reposts: 0, views: null },
      { text: "Our blog https://rival.example/post", format: "link", likes: 5, comments: 0, reposts: 0, views: null },
    ]);
    const sent = mastodon.requests.slice(before);
    expect(sent.map((r) => r.route)).toEqual(["GET /api/v1/accounts/lookup", "GET /api/v1/accounts/:id/statuses"]);
    expect(sent[0]?.query).toEqual({ acct: "rivalcafe" });
    expect(sent[1]?.query).toMatchObject({ exclude_replies: "true", exclude_reblogs: "true", limit: "40" });
    // No token was sent: the page was read as anyone can.
    expect(sent.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it("sends the channel's token only to the channel's own server, and refuses accounts that are not there or not public", async () => {
    const connector = createMastodonConnector({ fetch: guardedFetch({ allowPrivate: true }) });
    const before = mastodon.requests.length;
    const page = await connector.fetchPublicPage!(channel, "@rivalcafe");
    expect(page.profile.followers).toBe(2300);
    expect(mastodon.requests.slice(before).every((r) => r.headers.authorization === `Bearer ${mastodon.state.token}`)).toBe(true);
    await expect(connector.fetchPublicPage!(channel, "@nobody")).rejects.toBeInstanceOf(PublicPageNotFoundError);
    await expect(connector.fetchPublicPage!(channel, "@banned")).rejects.toThrow(/suspended/);
    await expect(connector.fetchPublicPage!(null, "@rivalcafe")).rejects.toThrow(/Name the server/);
    mastodon.state.publicApi = false;
    try {
      await expect(connector.fetchPublicPage!(null, `${mastodon.url}/@rivalcafe`)).rejects.toThrow(/only to people signed in/);
    } finally {
      mastodon.state.publicApi = true;
    }
    // Through the guarded fetch, a private address is refused unless allowed.
    await expect(createMastodonConnector({ fetch: guardedFetch({ allowPrivate: false }) }).fetchPublicPage!(null, `${mastodon.url}/@rivalcafe`)).rejects.toBeInstanceOf(PublicPageNotFoundError);
  });

  it("adds the account as a competitor without any Mastodon channel and compares it", async () => {
    const user = await createUser(store.db, { email: "m@example.test", name: "M", password: "a long password 1" });
    const ws = await createWorkspace(store.db, { name: "M", ownerId: user.id });
    const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: "Brand", timezone: "Europe/Moscow", locale: "en" });
    const deps = { db: store.db, registry: createConnectorRegistry({ db: store.db, allowPrivateFetch: true }), secrets: createSecrets(Buffer.alloc(32, 1)) };
    const added = await addCompetitor(deps, { userId: user.id }, ws.id, { brandId: brand.id, network: "mastodon", page: `${mastodon.url}/@rivalcafe` });
    expect(added).toMatchObject({ page: `@rivalcafe@${mastodon.host}`, name: "Rival Café", channel: null, followers: 2300, postsVisible: true });
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    const c = await compareCompetitors(deps, { userId: user.id }, ws.id, { brandId: brand.id, from: monthAgo, to: today });
    const rival = c.pages.find((p) => p.id === added.id)!;
    expect(rival).toMatchObject({ posts: 3, interactions: 40 + 6 + 3 + 12 + 5, followersAtPosts: 3 * 2300 });
    expect(rival.erFollowers).toBeCloseTo(66 / 6900, 12);
    expect(c.pages[0]).toMatchObject({ kind: "brand", posts: 0, erFollowers: null });
  });
});

describe("Telegram public channels as competitors (what the Bot API allows)", () => {
  let telegram: FakeTelegram;
  let channel: ChannelContext;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    telegram.state.publicChats.set("rival_coffee", { id: -1001111111111, type: "channel", title: "Rival Coffee", memberCount: 15_400 });
    telegram.state.publicChats.set("rival_chat", { id: -1002222222222, type: "supergroup", title: "Rival chat", memberCount: 90 });
    channel = {
      externalId: String(telegram.state.chat.id),
      handle: `@${telegram.state.chat.username}`,
      credentials: { botToken: telegram.state.token, chatId: String(telegram.state.chat.id), username: telegram.state.chat.username ?? null, botId: telegram.state.bot.id },
    };
  });
  afterAll(async () => telegram?.close());

  it("gives the title and subscribers of a public channel the bot is not in, and no posts", async () => {
    const connector = createTelegramConnector({ baseUrl: telegram.url });
    const page = await connector.fetchPublicPage!(channel, "https://t.me/rival_coffee");
    expect(page).toEqual({
      profile: { externalId: "-1001111111111", handle: "@rival_coffee", name: "Rival Coffee", url: "https://t.me/rival_coffee", followers: 15_400, following: null, posts: null },
      posts: null,
    });
    expect(telegram.calls("getChat").at(-1)?.params).toEqual({ chat_id: "@rival_coffee" });
    expect(telegram.calls("getChatMemberCount").at(-1)?.params).toEqual({ chat_id: "@rival_coffee" });
  });

  it("refuses a channel that does not exist, a group, and a private channel's id", async () => {
    const connector = createTelegramConnector({ baseUrl: telegram.url });
    await expect(connector.fetchPublicPage!(channel, "@no_such_channel")).rejects.toBeInstanceOf(PublicPageNotFoundError);
    await expect(connector.fetchPublicPage!(channel, "@rival_chat")).rejects.toThrow(/supergroup, not a channel/);
    await expect(connector.fetchPublicPage!(channel, "-1003333333333")).rejects.toThrow(/not a public Telegram channel/);
  });
});
