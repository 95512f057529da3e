/**
 * Advertising posts under 38-FZ, through the API and the real queue on both databases: an ad
 * without its erid token is refused at scheduling (and held by the worker whatever let it through),
 * one with its token goes out carrying «Реклама», the advertiser and the token, and the placement
 * is listed and exported for the advertising data operator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerPublishing } from "../src/jobs/publish-variant.job.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";
import { waitFor } from "./support/wait.js";

type PostBody = { id: string; status: string; ad: { erid: string | null } | null; variants: { id: string; status: string; error: string | null }[] };

describe.each(dialects)("advertising labels (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let channelId: string;
  const w = () => `/api/workspaces/${t.workspaceId}`;
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) => api.app.inject({ method, url: `${w()}${url}`, payload, headers: { cookie: t.owner } });
  const ad = { advertiser: "ООО «Северный кофе»", advertiserTaxId: "7701234567" };
  const newPost = async (mark: object | null, link = "https://north.coffee/raf") => {
    const res = await call("POST", "/posts", { brandId: t.brandId, baseText: "Раф с можжевельником — только до воскресенья", format: "text", ad: mark, variants: [{ channelId, link }] });
    expect(res.statusCode, res.body).toBe(201);
    return json<PostBody>(res);
  };
  const scheduleSoon = async (postId: string) => {
    await api.store.db.updateTable("variants").set({ scheduled_at: new Date(Date.now() + 300).toISOString() }).where("post_id", "=", postId).execute();
    return call("POST", `/posts/${postId}/schedule`);
  };

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    // No approval steps, so a draft can be scheduled directly.
    const settings = { rubrics: [], approvalSteps: [], approvalDeadlineHours: null, missedPostPolicy: "publish_late", lateThresholdMinutes: 15 };
    expect((await api.app.inject({ method: "PUT", url: `${w()}/brands/${t.brandId}/settings`, headers: { cookie: t.owner }, payload: settings })).statusCode).toBe(200);
    const ch = await call("POST", "/channels", { brandId: t.brandId, network: "sandbox", fields: { handle: `ads_${t.workspaceId.slice(-6)}` } });
    channelId = json<{ id: string }>(ch).id;
    registerPublishing(api.queue, api.publishing);
    await api.queue.start();
  });
  afterAll(async () => api?.close());

  it("refuses to schedule an ad without its erid token, and says so in the composer's live check", async () => {
    const post = await newPost(ad);
    expect(post.ad).toMatchObject({ erid: null });
    const res = await scheduleSoon(post.id);
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(res).errors[0]).toMatchObject({ path: "ad.erid", message: expect.stringMatching(/erid token/) });
    expect(json<PostBody>(await call("GET", `/posts/${post.id}`)).status).toBe("draft");
    const live = json<{ problems: { field: string }[]; length: { count: number } }>(await call("POST", "/validate", { channelId, text: "Раф", format: "text", ad }));
    expect(live.problems.map((p) => p.field)).toContain("ad.erid");
    // The counter measures the text as sent: with its label.
    expect(live.length.count).toBeGreaterThan("Раф".length + "Реклама. ООО «Северный кофе», ИНН 7701234567.".length);
  });

  it("refuses a malformed mark with the field to fix, and creates nothing", async () => {
    const before = await api.store.db.selectFrom("posts").select("id").where("workspace_id", "=", t.workspaceId).execute();
    const res = await call("POST", "/posts", { brandId: t.brandId, baseText: "x", format: "text", ad: { advertiser: "A", advertiserTaxId: "123" }, variants: [{ channelId }] });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(res).errors[0]?.path).toMatch(/ad\.advertiserTaxId/);
    expect(await api.store.db.selectFrom("posts").select("id").where("workspace_id", "=", t.workspaceId).execute()).toEqual(before);
  });

  it("publishes an ad with «Реклама», the advertiser and the token, and lists the placement", async () => {
    const post = await newPost({ ...ad, erid: "2VtzqwXYZab" });
    expect((await scheduleSoon(post.id)).statusCode).toBe(200);
    const done = await waitFor(
      async () => json<PostBody>(await call("GET", `/posts/${post.id}`)),
      (p) => p.status === "published",
    );
    const sent = await api.store.db.selectFrom("sandbox_posts").select("text").where("idempotency_key", "=", `${done.variants[0]?.id}:0`).executeTakeFirstOrThrow();
    expect(sent.text).toContain("Реклама. ООО «Северный кофе», ИНН 7701234567. erid: 2VtzqwXYZab");
    // The editor's text stays clean: the label is added on the way out.
    const stored = await api.store.db.selectFrom("variants").select("text").where("post_id", "=", post.id).executeTakeFirstOrThrow();
    expect(stored.text).not.toContain("Реклама");

    const today = new Date().toISOString().slice(0, 10);
    const list = json<{ items: { erid: string; advertiserTaxId: string; postId: string; url: string | null }[] }>(
      await call("GET", `/brands/${t.brandId}/ad-placements?from=2026-01-01&to=2099-12-31`),
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ erid: "2VtzqwXYZab", advertiserTaxId: "7701234567", postId: post.id });
    const csv = await call("GET", `/brands/${t.brandId}/ad-placements/export?from=${today.slice(0, 8)}01&to=2099-12-31&format=csv`);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.split("\n")[0]).toContain("erid,advertiser,advertiser_inn,published_at");
    expect(csv.body).toContain("2VtzqwXYZab");
    const none = json<{ items: unknown[] }>(await call("GET", `/brands/${t.brandId}/ad-placements?from=2020-01-01&to=2020-01-31`));
    expect(none.items).toEqual([]);
    expect((await call("GET", `/brands/${t.brandId}/ad-placements?from=2026-02-01&to=2026-01-01`)).statusCode).toBe(400);
  });

  it("holds an ad whose token vanished after scheduling, instead of publishing it unmarked", async () => {
    const post = await newPost({ ...ad, erid: "LdtCKabc123" });
    expect((await scheduleSoon(post.id)).statusCode).toBe(200);
    await api.store.db.updateTable("posts").set({ ad: JSON.stringify(ad) }).where("id", "=", post.id).execute();
    const failed = await waitFor(
      async () => json<PostBody>(await call("GET", `/posts/${post.id}`)),
      (p) => p.variants[0]?.status === "failed",
    );
    expect(failed.variants[0]?.error).toMatch(/erid token/);
    const sent = await api.store.db.selectFrom("sandbox_posts").select("id").where("idempotency_key", "=", `${failed.variants[0]?.id}:0`).execute();
    expect(sent).toEqual([]);
  });
});
