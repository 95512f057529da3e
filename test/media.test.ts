/** The media library through the API: type sniffing, limits, thumbnails, alt text, deletion rules, isolation. */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mediaInputs } from "../src/services/media.service.js";
import { mediaStorage } from "../src/store/storage.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type Asset = { id: string; mime: string; width: number; height: number; bytes: number; alt: string | null; thumbnailUrl: string | null; fileUrl: string; brandId: string | null };

/** A multipart/form-data body with one file and optional text fields. */
function multipart(file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}) {
  const boundary = `----chorus${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

const png = (w = 800, h = 600) => sharp({ create: { width: w, height: h, channels: 3, background: "#3366cc" } }).png().toBuffer();
const jpeg = (w = 640, h = 480) => sharp({ create: { width: w, height: h, channels: 3, background: "#cc6633" } }).jpeg().toBuffer();

function storedFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, "media");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe.each(dialects)("media library (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    other = await createTenant(api);
  });
  afterAll(async () => api?.close());

  const upload = (cookie: string, ws: string, file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}) => {
    const body = multipart(file, fields);
    return api.app.inject({ method: "POST", url: `/api/workspaces/${ws}/media`, headers: { cookie, ...body.headers }, payload: body.payload });
  };
  const rows = (ws: string) => api.store.db.selectFrom("media_assets").selectAll().where("workspace_id", "=", ws).execute();

  it("stores a PNG with its real type, size and a 400-px JPEG thumbnail", async () => {
    const data = await png();
    const res = await upload(t.owner, t.workspaceId, { name: "banner.png", type: "image/png", data }, { brandId: t.brandId, alt: "Blue banner" });
    expect(res.statusCode, res.body).toBe(201);
    const a = json<Asset>(res);
    expect(a).toMatchObject({ mime: "image/png", width: 800, height: 600, bytes: data.length, alt: "Blue banner", brandId: t.brandId });
    expect(a.thumbnailUrl).toBe(`/api/workspaces/${t.workspaceId}/media/${a.id}/thumbnail`);

    const file = await api.app.inject({ method: "GET", url: a.fileUrl, headers: { cookie: t.owner } });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(file.headers["content-disposition"]).toBe("inline; filename*=UTF-8''banner.png");
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    expect(file.headers["cache-control"]).toBe("private, max-age=86400");
    expect(file.rawPayload.equals(data)).toBe(true);
    const again = await api.app.inject({ method: "GET", url: a.fileUrl, headers: { cookie: t.owner, "if-none-match": String(file.headers.etag) } });
    expect(again.statusCode).toBe(304);

    const thumb = await api.app.inject({ method: "GET", url: a.thumbnailUrl as string, headers: { cookie: t.owner } });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers["content-type"]).toBe("image/jpeg");
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 400, 300]);

    const audit = await api.store.db.selectFrom("audit_events").select("action").where("target_id", "=", a.id).execute();
    expect(audit.map((e) => e.action)).toEqual(["media.upload"]);
  });

  it("accepts a JPEG sent as application/octet-stream and judges it by its bytes", async () => {
    const res = await upload(t.owner, t.workspaceId, { name: "IMG_0001.JPG", type: "application/octet-stream", data: await jpeg() });
    expect(res.statusCode, res.body).toBe(201);
    expect(json<Asset>(res)).toMatchObject({ mime: "image/jpeg", width: 640, height: 480 });
  });

  it("refuses a JPEG named .png and declared image/png, storing nothing", async () => {
    const before = { rows: (await rows(t.workspaceId)).length, files: storedFiles(api.store.dataDir).length };
    const res = await upload(t.owner, t.workspaceId, { name: "photo.png", type: "image/png", data: await jpeg() });
    expect(res.statusCode).toBe(400);
    const p = json<{ code: string; detail: string; errors: { path: string }[] }>(res);
    expect(p.code).toBe("validation_failed");
    expect(p.detail).toBe('"photo.png" is not a PNG image (image/png) as declared: its content is a JPEG image (image/jpeg). Upload it with the right type or convert it.');
    expect(p.errors[0]?.path).toBe("file");
    const byName = await upload(t.owner, t.workspaceId, { name: "photo.png", type: "image/jpeg", data: await jpeg() });
    expect(byName.statusCode).toBe(400);
    expect(json<{ detail: string }>(byName).detail).toMatch(/^"photo\.png" is not a PNG image: its content is a JPEG image \(image\/jpeg\)/);
    const text = await upload(t.owner, t.workspaceId, { name: "notes.txt", type: "text/plain", data: Buffer.from("just text, not a picture") });
    expect(text.statusCode).toBe(415);
    expect((await rows(t.workspaceId)).length).toBe(before.rows);
    expect(storedFiles(api.store.dataDir).length).toBe(before.files);
  });

  it("answers 413 for a file over the limit and stores nothing", async () => {
    const small = await createTestApi(dialect, { CHORUS_MEDIA_MAX_BYTES: "20000" });
    try {
      const s = await createTenant(small);
      const noise = await sharp(Buffer.from(Array.from({ length: 200 * 200 * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
      expect(noise.length).toBeGreaterThan(20000);
      const body = multipart({ name: "noise.png", type: "image/png", data: noise });
      const res = await small.app.inject({ method: "POST", url: `/api/workspaces/${s.workspaceId}/media`, headers: { cookie: s.owner, ...body.headers }, payload: body.payload });
      expect(res.statusCode).toBe(413);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(json<{ detail: string }>(res).detail).toBe("The file is larger than the limit of 20000 bytes (CHORUS_MEDIA_MAX_BYTES).");
      expect(await small.store.db.selectFrom("media_assets").select("id").execute()).toEqual([]);
      expect(storedFiles(small.store.dataDir)).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it("lists newest first with a brand filter and pages, and updates alt text", async () => {
    const list = json<{ items: Asset[]; nextCursor: string | null }>(await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/media?limit=1`, headers: { cookie: t.owner } }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.mime).toBe("image/jpeg");
    const next = json<{ items: Asset[] }>(await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/media?limit=1&cursor=${list.nextCursor}`, headers: { cookie: t.owner } }));
    expect(next.items[0]?.mime).toBe("image/png");
    const byBrand = json<{ items: Asset[] }>(await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/media?brandId=${t.brandId}`, headers: { cookie: t.owner } }));
    expect(byBrand.items.map((i) => i.mime)).toEqual(["image/png"]);

    const id = byBrand.items[0]?.id as string;
    const patched = await api.app.inject({ method: "PATCH", url: `/api/workspaces/${t.workspaceId}/media/${id}`, headers: { cookie: t.owner }, payload: { alt: "Синий баннер" } });
    expect(patched.statusCode).toBe(200);
    expect(json<Asset>(patched).alt).toBe("Синий баннер");
    const got = json<Asset>(await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/media/${id}`, headers: { cookie: t.owner } }));
    expect(got.alt).toBe("Синий баннер");
  });

  it("resolves media references for publishing, refusing unknown and foreign ids by position", async () => {
    const mine = (await rows(t.workspaceId)).find((r) => r.mime === "image/png");
    const foreign = await upload(other.owner, other.workspaceId, { name: "x.jpg", type: "image/jpeg", data: await jpeg(100, 100) });
    const foreignId = json<Asset>(foreign).id;
    const deps = { db: api.store.db, storage: mediaStorage({ dataDir: api.store.dataDir }) };
    const inputs = await mediaInputs(deps, t.workspaceId, [{ mediaId: mine?.id as string }, { mediaId: mine?.id as string, alt: "own words" }], { withReader: true });
    expect(inputs[0]).toMatchObject({ type: "image/png", width: 800, height: 600, alt: "Синий баннер", fileName: "banner.png" });
    expect(inputs[1]?.alt).toBe("own words");
    expect((await inputs[0]?.read?.())?.length).toBe(mine?.bytes);
    const err = await mediaInputs(deps, t.workspaceId, [{ mediaId: mine?.id as string }, { mediaId: foreignId }, { mediaId: "0190f5a0-0000-7000-8000-000000000000" }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "validation_failed", errors: [{ path: "media.1" }, { path: "media.2" }] });
  });

  it("refuses to delete a file a scheduled post uses, then deletes it softly", async () => {
    const mine = (await rows(t.workspaceId)).find((r) => r.mime === "image/png");
    const id = mine?.id as string;
    const ch = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/channels`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, network: "sandbox", fields: { handle: "media_shop" } } });
    const post = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/posts`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, baseText: "With a picture", format: "text", variants: [{ channelId: json<{ id: string }>(ch).id }] } });
    expect(post.statusCode, post.body).toBe(201);
    const variantId = json<{ variants: { id: string }[] }>(post).variants[0]?.id as string;
    // Attached and scheduled as the publishing service stores it (JSON text in variants.media).
    await api.store.db.updateTable("variants").set({ media: JSON.stringify([{ mediaId: id, alt: null }]), status: "scheduled", scheduled_at: "2099-01-01T10:00:00.000Z" }).where("id", "=", variantId).execute();

    const refused = await api.app.inject({ method: "DELETE", url: `/api/workspaces/${t.workspaceId}/media/${id}`, headers: { cookie: t.owner } });
    expect(refused.statusCode).toBe(409);
    expect(json<{ detail: string }>(refused).detail).toBe('"banner.png" is attached to 1 scheduled post. Remove it from them or cancel them first.');

    await api.store.db.updateTable("variants").set({ status: "draft" }).where("id", "=", variantId).execute();
    const del = await api.app.inject({ method: "DELETE", url: `/api/workspaces/${t.workspaceId}/media/${id}`, headers: { cookie: t.owner } });
    expect(del.statusCode).toBe(204);
    expect((await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/media/${id}`, headers: { cookie: t.owner } })).statusCode).toBe(404);
    expect((await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/media/${id}/file`, headers: { cookie: t.owner } })).statusCode).toBe(404);
    const row = await api.store.db.selectFrom("media_assets").select("deleted_at").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const audit = await api.store.db.selectFrom("audit_events").select("action").where("target_id", "=", id).orderBy("id").execute();
    expect(audit.map((e) => e.action)).toEqual(["media.upload", "media.delete"]);
  });

  it("keeps another workspace out and lets only writers upload", async () => {
    const a = json<Asset>(await upload(t.owner, t.workspaceId, { name: "private.png", type: "image/png", data: await png(50, 50) }));
    for (const call of [
      { method: "GET" as const, url: `/api/workspaces/${t.workspaceId}/media/${a.id}` },
      { method: "GET" as const, url: a.fileUrl },
      { method: "GET" as const, url: a.thumbnailUrl as string },
      { method: "PATCH" as const, url: `/api/workspaces/${t.workspaceId}/media/${a.id}`, payload: { alt: "stolen" } },
      { method: "DELETE" as const, url: `/api/workspaces/${t.workspaceId}/media/${a.id}` },
      { method: "GET" as const, url: `/api/workspaces/${other.workspaceId}/media/${a.id}` },
      { method: "DELETE" as const, url: `/api/workspaces/${other.workspaceId}/media/${a.id}` },
    ]) {
      const res = await api.app.inject({ ...call, headers: { cookie: other.owner } });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    const row = await api.store.db.selectFrom("media_assets").select(["alt", "deleted_at"]).where("id", "=", a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ alt: null, deleted_at: null });

    const client = await addMember(api, t.workspaceId, "client");
    expect((await upload(client.cookie, t.workspaceId, { name: "c.png", type: "image/png", data: await png(20, 20) })).statusCode).toBe(403);
    expect((await api.app.inject({ method: "GET", url: a.fileUrl, headers: { cookie: client.cookie } })).statusCode).toBe(200);
  });
});
