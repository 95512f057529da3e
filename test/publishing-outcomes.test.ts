/**
 * Publishing to a network that cannot say whether a post went out (Telegram's Bot API has no way
 * to read a channel's history): after a lost answer the variant is "unconfirmed" — never posted
 * a second time on its own — and a person decides. Also: transient errors retry, rate limits wait.
 * Telegram is the local fake answering the documented shapes; Chorus points at it through
 * CHORUS_TELEGRAM_API_URL (the setting for a self-hosted Bot API server).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type Tenant, type TestApi } from "./support/app.js";
import type { FakeTelegram } from "./support/fake-telegram.js";
import { dialects } from "./support/stores.js";
import { startTelegramTenant } from "./support/telegram-tenant.js";
import { waitFor } from "./support/wait.js";

type PostBody = { id: string; status: string; variants: { id: string; status: string; error: string | null; publications: { status: string; url: string | null }[] }[] };

describe.each(dialects)("publishing outcomes on Telegram (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let fake: FakeTelegram;
  let channelId: string;
  const call = async (method: "GET" | "POST", url: string, payload?: object) =>
    api.app.inject({ method, url: `/api/workspaces/${t.workspaceId}${url}`, payload, headers: { cookie: t.owner } });
  const getPost = async (id: string) => json<PostBody>(await call("GET", `/posts/${id}`));
  const scheduledPost = async (text: string) => {
    const created = json<PostBody>(await call("POST", "/posts", { brandId: t.brandId, baseText: text, format: "text", variants: [{ channelId, scheduledAt: new Date(Date.now() + 60_000).toISOString() }] }));
    await call("POST", `/posts/${created.id}/submit`);
    await call("POST", `/posts/${created.id}/approve`, {});
    await call("POST", `/posts/${created.id}/schedule`);
    return created;
  };

  beforeAll(async () => {
    ({ api, t, fake, channelId } = await startTelegramTenant(dialect));
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it("publishes to the channel with the text as-is", async () => {
    const post = await scheduledPost("Новое зерно: <b>не HTML</b> и *не markdown*");
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: new Date(Date.now() + 200).toISOString() });
    const done = await waitFor(() => getPost(post.id), (p) => p.status === "published");
    expect(done.variants[0]?.publications[0]?.url).toMatch(/^https:\/\/t\.me\/north_coffee\/\d+$/);
    const sent = fake.calls("sendMessage").at(-1);
    expect(sent?.params.text).toBe("Новое зерно: <b>не HTML</b> и *не markdown*");
    expect(sent?.params.parse_mode).toBeUndefined();
  });

  it("leaves a post whose outcome is unknown unconfirmed, and a person decides", async () => {
    const post = await scheduledPost("Outcome unknown");
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    // An earlier process called Telegram and died before recording the answer.
    await api.store.db
      .insertInto("publications")
      .values({ id: crypto.randomUUID(), workspace_id: t.workspaceId, variant_id: variantId, channel_id: channelId, idempotency_key: `${variantId}:0`, external_id: null, url: null, status: "publishing", attempts: 1, error: null, published_at: null, created_at: new Date().toISOString(), item: 0, late: 0 })
      .execute();
    const before = fake.calls("sendMessage").length;
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: new Date(Date.now() + 200).toISOString() });
    const unconfirmed = await waitFor(() => getPost(post.id), (p) => p.variants[0]?.status === "unconfirmed");
    expect(unconfirmed.variants[0]?.error).toMatch(/cannot be asked whether it went out/);
    expect(fake.calls("sendMessage").length).toBe(before);

    // The person checked the channel: it did not go out. Publish again.
    expect((await call("POST", `/variants/${variantId}/retry`)).statusCode).toBe(200);
    const done = await waitFor(() => getPost(post.id), (p) => p.status === "published");
    expect(done.variants[0]?.publications[0]?.status).toBe("published");
    expect(fake.calls("sendMessage").length).toBe(before + 1);
  });

  it("marks an unconfirmed post as published when a person found it", async () => {
    const post = await scheduledPost("Found it");
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    await api.store.db
      .insertInto("publications")
      .values({ id: crypto.randomUUID(), workspace_id: t.workspaceId, variant_id: variantId, channel_id: channelId, idempotency_key: `${variantId}:0`, external_id: null, url: null, status: "publishing", attempts: 1, error: null, published_at: null, created_at: new Date().toISOString(), item: 0, late: 0 })
      .execute();
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: new Date(Date.now() + 200).toISOString() });
    await waitFor(() => getPost(post.id), (p) => p.variants[0]?.status === "unconfirmed");
    const marked = json<PostBody>(await call("POST", `/variants/${variantId}/mark-published`, { url: "https://t.me/north_coffee/999" }));
    expect(marked.status).toBe("published");
    expect(marked.variants[0]?.publications[0]).toMatchObject({ status: "published", url: "https://t.me/north_coffee/999" });
  });

  it("waits out a rate limit and then publishes once", async () => {
    const post = await scheduledPost("Rate limited first");
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    fake.failNext("sendMessage", 429, "Too Many Requests: retry after 1", { retry_after: 1 });
    const before = fake.calls("sendMessage").length;
    const started = Date.now();
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: new Date(Date.now() + 200).toISOString() });
    const done = await waitFor(() => getPost(post.id), (p) => p.status === "published");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(done.variants[0]?.publications[0]?.status).toBe("published");
    // One refused call, one successful one.
    expect(fake.calls("sendMessage").length).toBe(before + 2);
  });

  it("fails for good with Telegram's reason when the bot was removed from the channel", async () => {
    const post = await scheduledPost("Bot removed");
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    fake.failNext("sendMessage", 403, "Forbidden: bot is not a member of the channel chat");
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: new Date(Date.now() + 200).toISOString() });
    const failed = await waitFor(() => getPost(post.id), (p) => p.status === "failed");
    expect(failed.variants[0]?.error).toMatch(/revoked Chorus's access/);
    expect(failed.variants[0]?.error).toMatch(/bot is not a member/);
  });
});
