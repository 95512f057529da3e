/**
 * The planning helpers end to end through the API, on SQLite and PostgreSQL: templates and
 * variables, posting slots and the queue, best times, recurring posts made by the worker, CSV
 * import with dry run, and the iCalendar feed.
 */
import { adoptSnapshots, trackPublications } from "../src/services/analytics/track.js";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextFreeSlot } from "../src/domain/slots.js";
import { registerPublishing } from "../src/jobs/publish-variant.job.js";
import { registerPlanning, schedulePlanningSweep } from "../src/jobs/recur.job.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";
import { waitFor } from "./support/wait.js";

type PostBody = { id: string; status: string; variants: { id: string; channelId: string; status: string; scheduledAt: string | null }[] };

describe.each(dialects)("planning helpers (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let channels: string[];
  const w = () => `/api/workspaces/${t.workspaceId}`;
  const call = async (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object, cookie = t.owner) =>
    api.app.inject({ method, url: `${w()}${url}`, payload, headers: { cookie } });
  const connect = async (handle: string) => {
    const res = await call("POST", "/channels", { brandId: t.brandId, network: "sandbox", fields: { handle } });
    expect(res.statusCode).toBe(201);
    return json<{ id: string }>(res).id;
  };
  const createPost = async (variants: object[], baseText = "Свежая обжарка ☕") => {
    const res = await call("POST", "/posts", { brandId: t.brandId, baseText, format: "text", variants });
    expect(res.statusCode, res.body).toBe(201);
    return json<PostBody>(res);
  };
  const approve = async (postId: string) => {
    expect((await call("POST", `/posts/${postId}/submit`)).statusCode).toBe(200);
    expect((await call("POST", `/posts/${postId}/approve`, {})).statusCode).toBe(200);
  };
  const countPosts = async () => (await api.store.db.selectFrom("posts").select("id").where("workspace_id", "=", t.workspaceId).execute()).length;

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    channels = [await connect("north_coffee"), await connect("north_news")];
    registerPublishing(api.queue, api.publishing);
    registerPlanning(api.queue, api.publishing);
    await api.queue.start();
    await schedulePlanningSweep(api.queue, new Date(), 200);
  });
  afterAll(async () => api?.close());

  it("templates: create, list, edit, render with variables and report a missing one, delete", async () => {
    const vars = await call("PUT", `/brands/${t.brandId}/variables`, { items: [{ key: "promo", value: "COFFEE10" }] });
    expect(vars.statusCode, vars.body).toBe(200);
    expect((await call("PUT", `/brands/${t.brandId}/variables`, { items: [{ key: "brand", value: "x" }] })).statusCode).toBe(400);
    const created = await call("POST", "/templates", { brandId: t.brandId, name: "Акция", text: "{brand}: код {promo}, скидка {discount}. {link}" });
    expect(created.statusCode, created.body).toBe(201);
    const tpl = json<{ id: string }>(created);
    const list = json<{ items: { id: string; name: string }[] }>(await call("GET", `/templates?brandId=${t.brandId}`));
    expect(list.items.map((i) => i.id)).toContain(tpl.id);
    expect(json(await call("PATCH", `/templates/${tpl.id}`, { name: "Акция недели" })).name).toBe("Акция недели");
    const rendered = json<{ text: string; problems: { variable: string }[] }>(
      await call("POST", `/templates/${tpl.id}/render`, { brandId: t.brandId, link: "https://north.example/sale" }),
    );
    expect(rendered.text).toMatch(/: код COFFEE10, скидка \{discount\}\. https:\/\/north\.example\/sale$/);
    expect(rendered.problems.map((p) => p.variable)).toEqual(["discount"]);
    const group = await call("POST", "/hashtag-groups", { name: "Кофе", tags: ["кофе", "#Кофе", "#espresso"] });
    expect(json(group)).toMatchObject({ tags: ["#кофе", "#espresso"], brandId: null });
    expect((await call("DELETE", `/templates/${tpl.id}`)).statusCode).toBe(204);
    expect(json<{ items: unknown[] }>(await call("GET", "/templates")).items).toEqual([]);
    const audit = await api.store.db.selectFrom("audit_events").select("action").where("workspace_id", "=", t.workspaceId).where("action", "like", "template.%").execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["template.create", "template.delete", "template.edit"]);
  });

  it("slots: add to queue takes the next free slot and skips a taken one; an approved post is scheduled", async () => {
    const put = await call("PUT", `/channels/${channels[0]}/slots`, { slots: [{ days: [1, 2, 3, 4, 5, 6, 7], time: "09:30" }, { days: [1, 2, 3, 4, 5, 6, 7], time: "18:00" }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(json(put)).toMatchObject({ timezone: "Europe/Moscow", slots: [{ days: [1, 2, 3, 4, 5, 6, 7], time: "09:30" }, { days: [1, 2, 3, 4, 5, 6, 7], time: "18:00" }] });
    const slots = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [{ weekday, time: "09:30" }, { weekday, time: "18:00" }]);
    const first = nextFreeSlot({ zone: "Europe/Moscow", slots, after: new Date(), taken: [] }) as Date;
    const second = nextFreeSlot({ zone: "Europe/Moscow", slots, after: first, taken: [] }) as Date;

    const a = await createPost([{ channelId: channels[0] }]);
    const queuedA = json<PostBody>(await call("POST", `/posts/${a.id}/queue`));
    expect(queuedA.status).toBe("draft");
    expect(queuedA.variants[0]?.scheduledAt).toBe(first.toISOString());

    const b = await createPost([{ channelId: channels[0] }]);
    await approve(b.id);
    const queuedB = await call("POST", `/posts/${b.id}/queue`);
    expect(queuedB.statusCode, queuedB.body).toBe(200);
    expect(json<PostBody>(queuedB)).toMatchObject({ status: "scheduled", variants: [{ scheduledAt: second.toISOString(), status: "scheduled" }] });

    const noSlots = await createPost([{ channelId: channels[1] }]);
    const refused = await call("POST", `/posts/${noSlots.id}/queue`);
    expect(refused.statusCode).toBe(400);
    expect(json<{ errors: { message: string }[] }>(refused).errors[0]?.message).toMatch(/no posting slots/);
  });

  it("best times: the network's general pattern on a new channel, the channel's history when it has enough", async () => {
    const fresh = json<{ source: string; suggestions: unknown[] }>(await call("GET", `/channels/${channels[1]}/best-times`));
    expect(fresh.source).toBe("general");
    expect(fresh.suggestions).toHaveLength(5);

    const ch = await connect("north_history");
    const post = await createPost([{ channelId: ch }]);
    const variantId = post.variants[0]?.id as string;
    // 12 posts on Tuesdays at 10:00 Moscow with ER 10 %, 12 on Wednesdays at 19:00 with ER 5 %.
    const lastTuesday = DateTime.now().setZone("Europe/Moscow").startOf("week").minus({ weeks: 1 }).plus({ days: 1 });
    const rows = [];
    for (let i = 0; i < 24; i++) {
      const tuesday = i < 12;
      const at = (tuesday ? lastTuesday.set({ hour: 10 }) : lastTuesday.plus({ days: 1 }).set({ hour: 19 })).minus({ weeks: i % 12 >= 6 ? 1 : 0 }).plus({ minutes: i });
      rows.push({ id: crypto.randomUUID(), at: at.toUTC().toISO() as string, er: tuesday ? 0.1 : 0.05 });
    }
    for (const r of rows) {
      await api.store.db
        .insertInto("publications")
        .values({ id: r.id, workspace_id: t.workspaceId, variant_id: variantId, channel_id: ch, idempotency_key: `hist:${r.id}`, external_id: r.id, url: null, status: "published", attempts: 1, error: null, published_at: r.at, created_at: r.at, item: 0, late: 0 })
        .execute();
      const snap = (takenAt: string, likes: number) => ({
        id: crypto.randomUUID(),
        workspace_id: t.workspaceId,
        channel_id: ch,
        publication_id: r.id,
        taken_at: takenAt,
        followers: null,
        reach: 1000,
        impressions: null,
        views: null,
        likes,
        comments: 0,
        reposts: 0,
        saves: null,
        clicks: null,
      });
      // An early snapshot with other counters: only the latest one counts.
      await api.store.db.insertInto("metric_snapshots").values([snap(r.at, 999), snap(new Date(Date.parse(r.at) + 86_400_000).toISOString(), r.er * 1000)]).execute();
    }
    // As publishing and the metric readings would have kept them: channel posts with their latest counters.
    await adoptSnapshots(
      api.store.db,
      await trackPublications(
        api.store.db,
        rows.map((r) => r.id),
        new Date(),
      ),
    );
    const res = json<{ source: string; sampleSize: number; suggestions: { weekday: number; hour: number; engagement: number; n: number }[] }>(
      await call("GET", `/channels/${ch}/best-times`),
    );
    expect(res.source).toBe("history");
    expect(res.sampleSize).toBe(24);
    expect(res.suggestions[0]).toMatchObject({ weekday: 2, hour: 10, n: 12 });
    expect(res.suggestions[0]?.engagement).toBeCloseTo(0.1);
    expect(res.suggestions[1]).toMatchObject({ weekday: 3, hour: 19, n: 12 });
  });

  it("recurrence: refuses an endless rule; the worker makes the next occurrence after the first is published", async () => {
    const at = new Date(Date.now() + 1500).toISOString();
    const post = await createPost([{ channelId: channels[1], scheduledAt: at }], "Ежедневный совет бариста");
    const endless = await call("PUT", `/posts/${post.id}/recurrence`, { rrule: "FREQ=DAILY", evergreenDays: null });
    expect(endless.statusCode).toBe(400);
    expect(json<{ detail: string }>(endless).detail).toMatch(/COUNT=n or UNTIL/);
    const set = await call("PUT", `/posts/${post.id}/recurrence`, { rrule: "FREQ=DAILY;COUNT=2", evergreenDays: null });
    expect(set.statusCode, set.body).toBe(200);
    expect(json<{ upcoming: string[] }>(set).upcoming).toHaveLength(2);
    await approve(post.id);
    expect((await call("POST", `/posts/${post.id}/schedule`)).statusCode).toBe(200);

    const child = await waitFor(
      () => api.store.db.selectFrom("posts").selectAll().where("recurrence_parent_id", "=", post.id).executeTakeFirst(),
      (p) => p !== undefined,
    );
    expect(child).toMatchObject({ status: "scheduled", base_text: "Ежедневный совет бариста", recurrence: "FREQ=DAILY;COUNT=2" });
    const variant = await api.store.db.selectFrom("variants").selectAll().where("post_id", "=", child?.id as string).executeTakeFirstOrThrow();
    const expected = DateTime.fromISO(at).setZone("Europe/Moscow").startOf("minute").plus({ days: 1 }).toUTC().toISO();
    expect(variant).toMatchObject({ status: "scheduled", channel_id: channels[1], scheduled_at: expected });
    const original = await api.store.db.selectFrom("posts").select(["status", "recurred_at"]).where("id", "=", post.id).executeTakeFirstOrThrow();
    expect(original.status).toBe("published");
    expect(original.recurred_at).not.toBeNull();
    // The sweep keeps running: still exactly one successor.
    await new Promise((r) => setTimeout(r, 600));
    expect(await api.store.db.selectFrom("posts").select("id").where("recurrence_parent_id", "=", post.id).execute()).toHaveLength(1);
  });

  it("evergreen: after publishing, the post comes back in the channel's next free slot N days later", async () => {
    const post = await createPost([{ channelId: channels[0], scheduledAt: new Date(Date.now() + 1500).toISOString() }], "Как выбрать зерно: гид");
    const set = await call("PUT", `/posts/${post.id}/recurrence`, { rrule: null, evergreenDays: 3 });
    expect(json(set)).toMatchObject({ rrule: null, evergreenDays: 3 });
    await approve(post.id);
    expect((await call("POST", `/posts/${post.id}/schedule`)).statusCode).toBe(200);
    const child = await waitFor(
      () => api.store.db.selectFrom("posts").selectAll().where("recurrence_parent_id", "=", post.id).executeTakeFirst(),
      (p) => p !== undefined,
    );
    expect(child).toMatchObject({ status: "scheduled", evergreen: 1, evergreen_days: 3 });
    const pub = await api.store.db.selectFrom("publications").innerJoin("variants", "variants.id", "publications.variant_id").select("publications.published_at").where("variants.post_id", "=", post.id).executeTakeFirstOrThrow();
    const variant = await api.store.db.selectFrom("variants").select("scheduled_at").where("post_id", "=", child?.id as string).executeTakeFirstOrThrow();
    const at = DateTime.fromISO(variant.scheduled_at as string).setZone("Europe/Moscow");
    expect(at.toMillis()).toBeGreaterThanOrEqual(Date.parse(pub.published_at as string) + 3 * 86_400_000);
    expect(["09:30", "18:00"]).toContain(at.toFormat("HH:mm"));
  });

  it("CSV import: a dry run lists every problem by line and creates nothing; a clean file creates drafts; one bad row creates none", async () => {
    const before = await countPosts();
    const bad = [
      "date;time;channels;text;rubric",
      "2027-02-01;09:30;@nobody;Первый;Продающий",
      "2027-02-31;10:00;north_coffee;Второй;",
      `2027-02-02;11:00;north_coffee;${"я".repeat(2001)};`,
      "2027-02-03;12:00;north_news;Четвёртый;Мемы",
    ].join("\r\n");
    const dry = await call("POST", "/imports/posts?dryRun=true", { brandId: t.brandId, csv: bad });
    expect(dry.statusCode, dry.body).toBe(200);
    const body = json<{ rows: number; posts: unknown[]; problems: { line: number; column: string; message: string }[] }>(dry);
    expect(body.rows).toBe(4);
    expect(body.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "channels"],
      [3, "date"],
      [4, "text"],
      [5, "rubric"],
    ]);
    expect(body.problems[2]?.message).toMatch(/Sandbox allows 2000/);
    const media = json<{ problems: { line: number; column: string; message: string }[] }>(
      await call("POST", "/imports/posts", { brandId: t.brandId, csv: "date,time,channels,text,media\n2027-02-01,09:30,north_coffee,Фото,nope.jpg\n" }),
    );
    expect(media.problems).toEqual([{ line: 2, column: "media", message: expect.stringMatching(/"nope.jpg" is not in .* media library/) }]);
    expect(await countPosts()).toBe(before);

    const clean = '\uFEFFdate;time;channels;text;campaign\r\n2027-03-01;09:30;@north_coffee, north_news;"Весна!\r\nНовый сорт";spring\r\n2027-03-02;18:00;north_coffee;Второй пост;\r\n';
    const created = await call("POST", "/imports/posts?dryRun=false", { brandId: t.brandId, csv: clean });
    expect(created.statusCode, created.body).toBe(200);
    const ids = json<{ postIds: string[] }>(created).postIds;
    expect(ids).toHaveLength(2);
    const first = json<PostBody & { baseText: string; campaign: string }>(await call("GET", `/posts/${ids[0]}`));
    expect(first).toMatchObject({ status: "draft", baseText: "Весна!\nНовый сорт", campaign: "spring" });
    expect(first.variants.map((v) => v.scheduledAt)).toEqual(["2027-03-01T06:30:00.000Z", "2027-03-01T06:30:00.000Z"]);

    const oneBad = `${clean}2027-03-03;25:00;north_coffee;Третий;\r\n`;
    const refused = await call("POST", "/imports/posts?dryRun=false", { brandId: t.brandId, csv: oneBad });
    expect(refused.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(refused).errors).toEqual([expect.objectContaining({ path: "line.5.time" })]);
    expect(await countPosts()).toBe(before + 2);
  });

  it("iCalendar feed: text/calendar with the scheduled posts, 404 after revoke", async () => {
    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const post = await createPost([{ channelId: channels[1], scheduledAt: at }], "Дегустация в субботу\nПриходите!");
    await approve(post.id);
    expect((await call("POST", `/posts/${post.id}/schedule`)).statusCode).toBe(200);
    const created = await call("POST", "/calendar-feeds", { brandId: t.brandId });
    expect(created.statusCode, created.body).toBe(201);
    const feed = json<{ id: string; url: string }>(created);
    const path = new URL(feed.url).pathname;
    expect(path).toMatch(/^\/ical\/[A-Za-z0-9_-]+\.ics$/);
    const ics = await api.app.inject({ method: "GET", url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers["content-type"]).toMatch(/^text\/calendar/);
    const unfolded = ics.body.replace(/\r\n[ \t]/g, "");
    expect(unfolded).toContain("BEGIN:VEVENT");
    expect(unfolded).toContain(`UID:${post.variants[0]?.id}@chorus`);
    expect(unfolded).toContain("SUMMARY:[Sandbox] Дегустация в субботу");
    expect(json<{ items: { id: string }[] }>(await call("GET", "/calendar-feeds")).items.map((f) => f.id)).toContain(feed.id);
    expect((await call("DELETE", `/calendar-feeds/${feed.id}`)).statusCode).toBe(204);
    expect((await api.app.inject({ method: "GET", url: path })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "GET", url: "/ical/not-a-token.ics" })).statusCode).toBe(404);
  });
});
