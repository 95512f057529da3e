/**
 * Publishing end to end through the API and the real queue, on SQLite and PostgreSQL: compose,
 * validate, approve (incl. a guest link), schedule, publish on time exactly once, and the ways
 * it can go wrong (bad content, past times, revoked access, unknown outcomes, missed times).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerPublishing } from "../src/jobs/publish-variant.job.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";
import { waitFor } from "./support/wait.js";

type PostBody = {
  id: string;
  status: string;
  variants: { id: string; channelId: string; status: string; problems: { field: string; message: string }[]; publications: { status: string; url: string | null; late: boolean }[]; error: string | null }[];
  approvals: { stepName: string; status: string; decidedBy: string | null; comment: string | null }[];
  history: { action: string }[];
  can: Record<string, boolean>;
};

describe.each(dialects)("publishing (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let channels: string[];
  const w = () => `/api/workspaces/${t.workspaceId}`;
  const call = async (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object, cookie = t.owner, headers: Record<string, string> = {}) =>
    api.app.inject({ method, url: `${w()}${url}`, payload, headers: { cookie, ...headers } });
  const connect = async (handle: string, extra: object = {}) => {
    const res = await call("POST", "/channels", { brandId: t.brandId, network: "sandbox", fields: { handle, ...extra } });
    expect(res.statusCode).toBe(201);
    return json<{ id: string }>(res).id;
  };
  const createPost = async (variants: object[], baseText = "Свежая обжарка: эфиопия иргачефф ☕") => {
    const res = await call("POST", "/posts", { brandId: t.brandId, baseText, format: "text", rubric: "Продающий", variants });
    expect(res.statusCode, res.body).toBe(201);
    return json<PostBody>(res);
  };
  const approve = async (postId: string) => {
    expect((await call("POST", `/posts/${postId}/submit`)).statusCode).toBe(200);
    const res = await call("POST", `/posts/${postId}/approve`, {});
    expect(res.statusCode, res.body).toBe(200);
    return json<PostBody>(res);
  };
  const soon = (ms = 300) => new Date(Date.now() + ms).toISOString();
  const getPost = async (id: string) => json<PostBody>(await call("GET", `/posts/${id}`));

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    await api.store.db.updateTable("brands").set({ locale: "ru" }).where("id", "=", t.brandId).execute();
    channels = [await connect("north_coffee"), await connect("north_coffee_2")];
    registerPublishing(api.queue, api.publishing);
    await api.queue.start();
  });
  afterAll(async () => api?.close());

  it("creates a post with a variant per channel, and Idempotency-Key makes a retried create return the same post", async () => {
    const body = { brandId: t.brandId, baseText: "Hello", format: "text", variants: channels.map((channelId) => ({ channelId })) };
    const first = await call("POST", "/posts", body, t.owner, { "idempotency-key": "create-1" });
    const again = await call("POST", "/posts", body, t.owner, { "idempotency-key": "create-1" });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(json<PostBody>(again).id).toBe(json<PostBody>(first).id);
    const rows = await api.store.db.selectFrom("posts").select("id").where("base_text", "=", "Hello").execute();
    expect(rows).toHaveLength(1);
    const other = await call("POST", "/posts", { ...body, baseText: "Different" }, t.owner, { "idempotency-key": "create-1" });
    expect(other.statusCode).toBe(409);
  });

  it("shows content problems per variant and refuses to schedule until they are fixed", async () => {
    const tooLong = "я".repeat(2001);
    const post = await createPost([{ channelId: channels[0] }, { channelId: channels[1], text: tooLong }]);
    expect(post.variants[0]?.problems).toEqual([]);
    expect(post.variants[1]?.problems[0]?.message).toMatch(/2001 characters long; Sandbox allows 2000/);
    const live = await call("POST", "/validate", { channelId: channels[1], text: tooLong, format: "text" });
    expect(json(live)).toMatchObject({ length: { count: 2001, max: 2000, unit: "graphemes" } });
    await approve(post.id);
    await api.store.db.updateTable("variants").set({ scheduled_at: soon(60_000) }).where("post_id", "=", post.id).execute();
    const res = await call("POST", `/posts/${post.id}/schedule`);
    expect(res.statusCode).toBe(400);
    const errors = json<{ errors: { path: string; message: string }[] }>(res).errors;
    expect(errors.map((e) => e.path)).toEqual(["variants.1.text"]);
    expect((await getPost(post.id)).variants.every((v) => v.status === "draft")).toBe(true);
  });

  it("measures links as they will be sent, with their UTM tags", async () => {
    const text = `${"я".repeat(1960)} https://example.com/menu`;
    const live = json<{ problems: { message: string }[]; length: { count: number } }>(await call("POST", "/validate", { channelId: channels[0], text, format: "text" }));
    expect(live.length.count).toBeGreaterThan(2000);
    expect(live.problems[0]?.message).toMatch(/Sandbox allows 2000/);
    const post = await createPost([{ channelId: channels[0] }], text);
    expect(post.variants[0]?.problems[0]?.message).toMatch(/Sandbox allows 2000/);
  });

  it("refuses a time in the past, naming the variant", async () => {
    const post = await createPost([{ channelId: channels[0], scheduledAt: "2020-01-01T10:00:00+03:00" }]);
    await approve(post.id);
    const res = await call("POST", `/posts/${post.id}/schedule`);
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(res).errors[0]).toMatchObject({ path: "variants.0.scheduledAt", message: expect.stringMatching(/in the past/) });
  });

  it("cannot be scheduled without approval; roles decide approval steps; rejection needs a comment", async () => {
    const post = await createPost([{ channelId: channels[0], scheduledAt: soon(60_000) }]);
    const early = await call("POST", `/posts/${post.id}/schedule`);
    expect(early.statusCode).toBe(409);
    expect(json<{ detail: string }>(early).detail).toMatch(/needs approval/);
    expect((await call("POST", `/posts/${post.id}/submit`)).statusCode).toBe(200);
    const editor = await addMember(api, t.workspaceId, "editor");
    const denied = await call("POST", `/posts/${post.id}/approve`, {}, editor.cookie);
    expect(denied.statusCode).toBe(403);
    expect(json<{ detail: string }>(denied).detail).toMatch(/decided by owner or manager; your role is editor/);
    const noComment = await call("POST", `/posts/${post.id}/reject`, {});
    expect(noComment.statusCode).toBe(400);
    const rejected = json<PostBody>(await call("POST", `/posts/${post.id}/reject`, { comment: "Добавьте цену" }));
    expect(rejected.status).toBe("draft");
    expect(rejected.approvals[0]).toMatchObject({ status: "rejected", comment: "Добавьте цену" });
  });

  it("sends an approved post that is edited back to draft", async () => {
    const post = await createPost([{ channelId: channels[0] }]);
    const approved = await approve(post.id);
    expect(approved.status).toBe("approved");
    const edited = json<PostBody>(await call("PATCH", `/posts/${post.id}`, { baseText: "Changed after approval" }));
    expect(edited.status).toBe("draft");
    expect(edited.history.map((h) => h.action)).toEqual(["post.create", "post.submit", "post.approve", "post.edit"]);
  });

  it("lets a client approve through a guest link, after the manager step", async () => {
    const settings = { rubrics: ["Продающий"], approvalSteps: [{ name: "Manager", roles: ["owner", "manager"] }, { name: "Client", roles: ["client"] }], approvalDeadlineHours: 48, missedPostPolicy: "publish_late", lateThresholdMinutes: 15 };
    expect((await call("PUT", `/brands/${t.brandId}/settings`, settings)).statusCode).toBe(200);
    try {
      const post = await createPost([{ channelId: channels[0] }]);
      const afterManager = await approve(post.id);
      expect(afterManager.status).toBe("in_review");
      const link = json<{ url: string }>(await call("POST", `/posts/${post.id}/approval-link`));
      const token = link.url.split("/approve/")[1];
      const info = await api.app.inject({ method: "GET", url: `/api/approvals/${token}` });
      expect(json(info)).toMatchObject({ stepName: "Client", post: { baseText: expect.any(String) } });
      const ok = await api.app.inject({ method: "POST", url: `/api/approvals/${token}/approve`, payload: { name: "Irina" } });
      expect(ok.statusCode).toBe(200);
      const done = await getPost(post.id);
      expect(done.status).toBe("approved");
      expect(done.approvals.map((a) => [a.stepName, a.status, a.decidedBy])).toEqual([
        ["Manager", "approved", expect.any(String)],
        ["Client", "approved", "Irina (guest link)"],
      ]);
      const reused = await api.app.inject({ method: "POST", url: `/api/approvals/${token}/approve`, payload: { name: "Irina" } });
      expect(reused.statusCode).toBe(404);
    } finally {
      await call("PUT", `/brands/${t.brandId}/settings`, { ...settings, approvalSteps: [{ name: "Manager", roles: ["owner", "manager"] }] });
    }
  });

  it("publishes every variant on time, once, and the calendar shows it", async () => {
    const at = soon(500);
    const post = await createPost(channels.map((channelId) => ({ channelId, scheduledAt: at })));
    await approve(post.id);
    const scheduled = json<PostBody>(await call("POST", `/posts/${post.id}/schedule`));
    expect(scheduled.status).toBe("scheduled");
    const done = await waitFor(() => getPost(post.id), (p) => p.status === "published");
    for (const v of done.variants) {
      expect(v.status).toBe("published");
      expect(v.publications).toEqual([expect.objectContaining({ status: "published", url: expect.stringMatching(/^sandbox:\/\//), late: false })]);
    }
    const onNetwork = await api.store.db.selectFrom("sandbox_posts").select("id").where("idempotency_key", "in", done.variants.map((v) => `${v.id}:0`)).execute();
    expect(onNetwork).toHaveLength(2);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const cal = json<{ items: { postId: string; status: string; url: string | null }[] }>(
      await api.app.inject({ method: "GET", url: `${w()}/calendar?from=${from}&to=${to}&status=published`, headers: { cookie: t.owner } }),
    );
    expect(cal.items.filter((i) => i.postId === post.id)).toHaveLength(2);
    expect(cal.items.every((i) => i.status === "published" && i.url)).toBe(true);
  });

  it("after a crash mid-publish, checks the network instead of posting twice", async () => {
    const post = await createPost([{ channelId: channels[0], scheduledAt: soon(60_000) }]);
    await approve(post.id);
    await call("POST", `/posts/${post.id}/schedule`);
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    // The earlier process wrote "publishing", the network got the post, then the process died.
    const key = `${variantId}:0`;
    const [channel] = await api.store.db.selectFrom("channels").select(["id", "handle"]).where("id", "=", channels[0] as string).execute();
    await api.store.db.insertInto("sandbox_posts").values({ id: "crash-test-post", account: channel?.handle as string, idempotency_key: key, text: "x", format: "text", media_count: 0, published_at: new Date().toISOString(), deleted_at: null }).execute();
    await api.store.db
      .insertInto("publications")
      .values({ id: crypto.randomUUID(), workspace_id: t.workspaceId, variant_id: variantId, channel_id: channels[0] as string, idempotency_key: key, external_id: null, url: null, status: "publishing", attempts: 1, error: null, published_at: null, created_at: new Date().toISOString(), item: 0, late: 0 })
      .execute();
    const moved = json<PostBody>(await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: soon(200) }));
    expect(moved.variants[0]?.status).toBe("scheduled");
    const done = await waitFor(() => getPost(post.id), (p) => p.status === "published");
    expect(done.variants[0]?.publications[0]?.url).toMatch(/crash-test-post$/);
    const copies = await api.store.db.selectFrom("sandbox_posts").select("id").where("idempotency_key", "=", key).execute();
    expect(copies).toHaveLength(1);
  });

  it("marks the channel for reconnection and explains, when the network revoked access", async () => {
    const broken = await connect("expired_shop", { failMode: "auth_expired" });
    const post = await createPost([{ channelId: broken, scheduledAt: soon(300) }]);
    await approve(post.id);
    await call("POST", `/posts/${post.id}/schedule`);
    const failed = await waitFor(() => getPost(post.id), (p) => p.status === "failed");
    expect(failed.variants[0]?.error).toMatch(/Reconnect the channel/);
    const ch = await api.store.db.selectFrom("channels").select(["status", "last_error"]).where("id", "=", broken).executeTakeFirstOrThrow();
    expect(ch.status).toBe("error");
    const health = json<{ ok: boolean; lastFailureAt: string | null }>(await call("GET", `/channels/${broken}/health`));
    expect(health.ok).toBe(false);
    expect(health.lastFailureAt).not.toBeNull();
  });

  it("holds a post whose time passed while Chorus was down, when the brand says so", async () => {
    const settings = json<Record<string, unknown>>(await call("GET", `/brands/${t.brandId}/settings`));
    await call("PUT", `/brands/${t.brandId}/settings`, { ...settings, missedPostPolicy: "hold", lateThresholdMinutes: 1 });
    try {
      const post = await createPost([{ channelId: channels[0], scheduledAt: soon(60_000) }]);
      await approve(post.id);
      await call("POST", `/posts/${post.id}/schedule`);
      const variantId = (await getPost(post.id)).variants[0]?.id as string;
      // Chorus was down: the variant's time is 10 minutes ago and its job runs only now.
      const past = new Date(Date.now() - 10 * 60_000).toISOString();
      await api.store.db.updateTable("variants").set({ scheduled_at: past }).where("id", "=", variantId).execute();
      await api.queue.enqueue("publish.variant", { variantId, scheduledAt: past }, { key: `${variantId}@${past}` });
      const held = await waitFor(() => getPost(post.id), (p) => p.variants[0]?.status === "held");
      expect(held.variants[0]?.error).toMatch(/passed while Chorus was not running/);
      const retried = await call("POST", `/variants/${variantId}/retry`);
      expect(retried.statusCode).toBe(200);
      const done = await waitFor(() => getPost(post.id), (p) => p.status === "published");
      expect(done.variants[0]?.publications[0]?.status).toBe("published");
    } finally {
      await call("PUT", `/brands/${t.brandId}/settings`, { ...settings, missedPostPolicy: "publish_late" });
    }
  });

  it("moves a scheduled variant: only the new time publishes", async () => {
    const post = await createPost([{ channelId: channels[1], scheduledAt: soon(400) }]);
    await approve(post.id);
    await call("POST", `/posts/${post.id}/schedule`);
    const variantId = (await getPost(post.id)).variants[0]?.id as string;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await call("POST", `/variants/${variantId}/reschedule`, { scheduledAt: later });
    await new Promise((r) => setTimeout(r, 1200));
    const p = await getPost(post.id);
    expect(p.variants[0]?.status).toBe("scheduled");
    expect(p.variants[0]?.publications).toEqual([]);
  });
});
