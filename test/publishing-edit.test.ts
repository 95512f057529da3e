/**
 * Editing a post that is already out: published to the local fake Telegram (the Bot API's
 * documented shapes, reached through CHORUS_TELEGRAM_API_URL), then edited through the API. The
 * network is told first; Chorus changes its own copy only when the network accepted the edit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type Tenant, type TestApi } from "./support/app.js";
import type { FakeTelegram } from "./support/fake-telegram.js";
import { dialects } from "./support/stores.js";
import { startTelegramTenant } from "./support/telegram-tenant.js";
import { waitFor } from "./support/wait.js";

type PostBody = {
  id: string;
  status: string;
  variants: { id: string; status: string; text: string; customised: boolean; publications: { status: string; url: string | null; externalId: string | null }[] }[];
  history: { action: string; data: Record<string, unknown> }[];
};

describe.each(dialects)("editing a published post (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let fake: FakeTelegram;
  let channelId: string;
  const call = async (method: "GET" | "POST", url: string, payload?: object) =>
    api.app.inject({ method, url: `/api/workspaces/${t.workspaceId}${url}`, payload, headers: { cookie: t.owner } });
  const getPost = async (id: string) => json<PostBody>(await call("GET", `/posts/${id}`));
  const publishedPost = async (text: string) => {
    const created = json<PostBody>(await call("POST", "/posts", { brandId: t.brandId, baseText: text, format: "text", variants: [{ channelId, scheduledAt: new Date(Date.now() + 60_000).toISOString() }] }));
    await call("POST", `/posts/${created.id}/submit`);
    await call("POST", `/posts/${created.id}/approve`, {});
    await call("POST", `/posts/${created.id}/schedule`);
    const variantId = created.variants[0]?.id as string;
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: new Date(Date.now() + 200).toISOString() });
    await waitFor(() => getPost(created.id), (p) => p.status === "published");
    return { postId: created.id, variantId };
  };

  beforeAll(async () => {
    ({ api, t, fake, channelId } = await startTelegramTenant(dialect));
  });
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });

  it("sends editMessageText with the new text and updates the variant, recording old and new text", async () => {
    const { postId, variantId } = await publishedPost("Новое зерно из Эфиопии");
    const before = await getPost(postId);
    const messageId = Number(before.variants[0]?.publications[0]?.externalId?.split(":")[1]);

    const res = await call("POST", `/variants/${variantId}/edit-published`, { text: "Новое зерно из Кении <b>как есть</b>" });
    expect(res.statusCode, res.body).toBe(200);
    const sent = fake.calls("editMessageText").at(-1);
    expect(sent?.params).toMatchObject({ chat_id: "-1001234567890", message_id: messageId, text: "Новое зерно из Кении <b>как есть</b>" });
    expect(sent?.params.parse_mode).toBeUndefined();

    const after = json<PostBody>(res);
    expect(after.variants[0]).toMatchObject({ status: "published", text: "Новое зерно из Кении <b>как есть</b>", customised: true });
    expect(after.variants[0]?.publications[0]?.url).toBe(before.variants[0]?.publications[0]?.url);
    expect(after.history.find((h) => h.action === "post.edit_published")?.data).toMatchObject({
      variantId,
      oldText: "Новое зерно из Эфиопии",
      newText: "Новое зерно из Кении <b>как есть</b>",
    });
  });

  it("refuses a text the network would refuse (400 with errors), before calling it", async () => {
    const { postId, variantId } = await publishedPost("Короткий пост");
    const calls = fake.calls("editMessageText").length;
    const res = await call("POST", `/variants/${variantId}/edit-published`, { text: "a".repeat(4097) });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(res).errors[0]).toMatchObject({ path: "text", message: expect.stringMatching(/Telegram allows 4096/) });
    expect(fake.calls("editMessageText").length).toBe(calls);
    expect((await getPost(postId)).variants[0]?.text).toBe("Короткий пост");
  });

  it("passes on the network's refusal and changes nothing locally", async () => {
    const { postId, variantId } = await publishedPost("Старый пост");
    fake.failNext("editMessageText", 400, "Bad Request: message can't be edited");
    const res = await call("POST", `/variants/${variantId}/edit-published`, { text: "Новый текст" });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toMatch(/Telegram refused the edit: .*no longer lets the bot edit this message/);
    const post = await getPost(postId);
    expect(post.variants[0]?.text).toBe("Старый пост");
    expect(post.history.some((h) => h.action === "post.edit_published")).toBe(false);
  });

  it("refuses a variant that has not gone out", async () => {
    const created = json<PostBody>(await call("POST", "/posts", { brandId: t.brandId, baseText: "Черновик", format: "text", variants: [{ channelId }] }));
    const res = await call("POST", `/variants/${created.variants[0]?.id}/edit-published`, { text: "x" });
    expect(res.statusCode).toBe(409);
    expect(json<{ detail: string }>(res).detail).toMatch(/Only a published variant/);
  });

  it("refuses a Sandbox variant: the sandbox network has no editing", async () => {
    const ch = await call("POST", "/channels", { brandId: t.brandId, network: "sandbox", fields: { handle: `edit_${t.workspaceId.slice(-6)}` } });
    expect(ch.statusCode, ch.body).toBe(201);
    const created = json<PostBody>(await call("POST", "/posts", { brandId: t.brandId, baseText: "Sandbox", format: "text", variants: [{ channelId: json<{ id: string }>(ch).id }] }));
    const res = await call("POST", `/variants/${created.variants[0]?.id}/edit-published`, { text: "x" });
    expect(res.statusCode).toBe(409);
    expect(json<{ detail: string }>(res).detail).toMatch(/Sandbox posts cannot be edited/);
    const networks = json<{ network: string; capabilities: Record<string, boolean> }[] | { items: { network: string; capabilities: Record<string, boolean> }[] }>(
      await api.app.inject({ method: "GET", url: "/api/networks", headers: { cookie: t.owner } }),
    );
    const list = Array.isArray(networks) ? networks : networks.items;
    expect(list.find((n) => n.network === "sandbox")?.capabilities.edit).toBe(false);
    expect(list.find((n) => n.network === "telegram")?.capabilities.edit).toBe(true);
  });
});
