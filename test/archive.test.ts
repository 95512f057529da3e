/**
 * A brand's archive, exported from one Chorus and imported into another across databases (SQLite →
 * PostgreSQL and back when CHORUS_TEST_DATABASE_URL is set): the same rows, relations and media,
 * no secrets in the bytes, and damaged or foreign files refused with nothing written. Then the API
 * (who may download and import) and the command line.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { Command } from "commander";
import { strToU8, unzipSync, zipSync } from "fflate";
import { sql } from "kysely";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/api/app.js";
import { makeActorOf } from "../src/api/auth.js";
import { archiveRoutes } from "../src/api/routes/archive.routes.js";
import { registerArchiveCommands } from "../src/cli/archive.js";
import { registerImportCommands } from "../src/cli/import.js";
import { loadConfig } from "../src/config.js";
import type { AppError } from "../src/errors.js";
import { exportBrand, importBrand } from "../src/services/archive/index.js";
import { archiveTables, leftOut } from "../src/services/archive/tables.js";
import { createUser } from "../src/services/auth.service.js";
import { createDemo, type DemoResult } from "../src/services/demo.service.js";
import { createInboxDeps } from "../src/services/inbox/wiring.js";
import { uploadMedia } from "../src/services/media.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import type { Dialect } from "../src/store/db.js";
import { newId, nowIso } from "../src/store/ids.js";
import { mediaStorage } from "../src/store/storage.js";
import { addMember, createTenant, createTestApi, json, type TestApi } from "./support/app.js";
import { createTestStore, dialects, pgUrl, type TestStore } from "./support/stores.js";

const secrets = createSecrets(Buffer.alloc(32, 7));
const now = new Date("2026-03-16T09:30:00.000Z");

/** Collects what is written into one Buffer. */
function sink() {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

const storageOf = (s: TestStore) => mediaStorage({ dataDir: s.dataDir });

/** The demo plus what it lacks: a media file used by a post, notes, a reply, a correction. */
async function sourceWithDemo(dialect: Dialect): Promise<{ store: TestStore; demo: DemoResult; mediaId: string; png: Buffer }> {
  const store = await createTestStore(dialect);
  const demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
  const user = await store.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366cc" } }).png().toBuffer();
  const asset = await uploadMedia({ db: store.db, storage: storageOf(store), maxBytes: 10_000_000 }, { userId: user.id }, demo.workspaceId, { fileName: "cup.png", data: png, brandId: demo.brandId });
  const variant = await store.db
    .selectFrom("variants as v")
    .innerJoin("posts as p", "p.id", "v.post_id")
    .select("v.id")
    .where("p.brand_id", "=", demo.brandId)
    .where("v.status", "=", "published")
    .orderBy("v.id")
    .executeTakeFirstOrThrow();
  await store.db.updateTable("variants").set({ media: JSON.stringify([{ mediaId: asset.id, alt: "A cup" }]) }).where("id", "=", variant.id).execute();
  const item = await store.db.selectFrom("inbox_items").select(["id", "workspace_id", "text"]).where("brand_id", "=", demo.brandId).orderBy("id").executeTakeFirstOrThrow();
  await store.db.insertInto("inbox_notes").values({ id: newId(), workspace_id: item.workspace_id, item_id: item.id, author_id: user.id, text: "Call them back", created_at: nowIso() }).execute();
  await store.db
    .insertInto("inbox_replies")
    .values({ id: newId(), workspace_id: item.workspace_id, item_id: item.id, author_id: user.id, text: "Thank you!", status: "sent", external_id: "r1", error: null, created_at: nowIso(), sent_at: nowIso() })
    .execute();
  const mention = await store.db.selectFrom("mentions").select(["id", "text"]).where("brand_id", "=", demo.brandId).orderBy("id").executeTakeFirstOrThrow();
  await store.db
    .insertInto("sentiment_corrections")
    .values({ id: newId(), workspace_id: item.workspace_id, item_id: null, mention_id: mention.id, text: mention.text, lang: "en", from_label: "neutral", to_label: "negative", by: user.id, created_at: nowIso() })
    .execute();
  // Competitors and a report whose logo is a workspace file no post uses.
  const logo = await uploadMedia({ db: store.db, storage: storageOf(store), maxBytes: 10_000_000 }, { userId: user.id }, demo.workspaceId, { fileName: "logo.png", data: png });
  const at = nowIso();
  const competitorId = newId();
  const base = { workspace_id: demo.workspaceId, brand_id: demo.brandId };
  await store.db
    .insertInto("competitors")
    .values({ ...base, id: competitorId, name: "Южный Кофе", network: "sandbox", page: "south.coffee", external_id: "south", url: null, channel_id: null, enabled: 1, state: "ok", last_run_at: at, last_ok_at: at, last_error: null, failures: 0, next_run_at: null, followers: 4100, posts_visible: 1, created_by: user.id, created_at: at, updated_at: at })
    .execute();
  await store.db.insertInto("competitor_days").values({ ...base, competitor_id: competitorId, day: "2026-03-15", followers: 4100, following: 12, posts: 300, taken_at: at }).execute();
  // A channel's audience breakdown, as VK's statistics give it.
  const channel = await store.db.selectFrom("channels").select("id").where("brand_id", "=", demo.brandId).orderBy("id").executeTakeFirstOrThrow();
  await store.db
    .insertInto("channel_audience")
    .values([
      { ...base, channel_id: channel.id, day: "2026-03-15", dimension: "sex", key: "f", label: "female", count: 260 },
      { ...base, channel_id: channel.id, day: "2026-03-15", dimension: "cities", key: "2", label: "Санкт-Петербург", count: 300 },
    ])
    .execute();
  await store.db
    .insertInto("competitor_posts")
    .values({ ...base, id: newId(), competitor_id: competitorId, external_id: "p1", url: null, published_at: at, text: "=SUM(A1) a flat white", format: "text", likes: 40, comments: 3, reposts: 1, views: null, followers: 4100, first_seen_at: at, read_at: at })
    .execute();
  const reportId = newId();
  await store.db
    .insertInto("reports")
    .values({ ...base, id: reportId, name: "Weekly", language: "en", sections: "[]", period_kind: "weekly", agency_name: "Agency", logo_media_id: logo.id, primary_color: "#112233", accent_color: "#445566", weekday: 1, month_day: null, hour: 9, recipients: '["client@example.test"]', enabled: 1, last_due_at: null, last_sent_at: null, created_by: user.id, created_at: at, updated_at: at })
    .execute();
  await store.db
    .insertInto("report_runs")
    .values({ id: newId(), workspace_id: demo.workspaceId, report_id: reportId, trigger: "manual", run_key: null, period_from: "2026-03-09", period_to: "2026-03-15", status: "sent", error: null, recipients: "[]", bytes: 1000, attempts: 1, requested_by: user.id, started_at: at, finished_at: at })
    .execute();
  return { store, demo, mediaId: asset.id, png };
}

/** A fresh Chorus with one workspace and its owner. */
async function targetStore(dialect: Dialect) {
  const store = await createTestStore(dialect);
  const owner = await createUser(store.db, { email: "importer@example.test", name: "Importer", password: "correct horse battery" });
  const ws = await createWorkspace(store.db, { name: "New agency", ownerId: owner.id });
  return { store, workspaceId: ws.id, ownerId: owner.id };
}

async function countOf(store: TestStore, table: string, scope: { brandId: string; workspaceId: string }): Promise<number> {
  const spec = archiveTables.find((t) => t.table === table)!;
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} t where ${spec.where(scope)}`.execute(store.db);
  return Number(rows[0]?.n ?? 0);
}

const pairs: [Dialect, Dialect][] = pgUrl
  ? [
      ["sqlite", "postgres"],
      ["postgres", "sqlite"],
    ]
  : [["sqlite", "sqlite"]];

describe.each(pairs)("brand archive from %s into %s", (from, to) => {
  let source: Awaited<ReturnType<typeof sourceWithDemo>>;
  let target: Awaited<ReturnType<typeof targetStore>>;
  let archive: Buffer;
  let imported: Awaited<ReturnType<typeof importBrand>>;

  beforeAll(async () => {
    source = await sourceWithDemo(from);
    target = await targetStore(to);
    const s = sink();
    const result = await exportBrand({ db: source.store.db, storage: storageOf(source.store) }, "operator", { brandId: source.demo.brandId, out: s.out, source: "cli" });
    archive = s.bytes();
    expect(result.bytes).toBe(archive.length);
    imported = await importBrand({ db: target.store.db, storage: storageOf(target.store) }, "operator", { workspaceId: target.workspaceId, archive, source: "cli", asUserId: target.ownerId });
  }, 120_000);
  afterAll(async () => {
    await source?.store.cleanup();
    await target?.store.cleanup();
  });

  const sourceScope = () => ({ brandId: source.demo.brandId, workspaceId: source.demo.workspaceId });
  const targetScope = () => ({ brandId: imported.brandId, workspaceId: target.workspaceId });

  it("holds a manifest, JSON lines per table, CSVs and the media file, each with its checksum", () => {
    const files = unzipSync(new Uint8Array(archive));
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8"));
    expect(manifest).toMatchObject({ format: "chorus-brand-archive", formatVersion: 1, source: { brandId: source.demo.brandId } });
    expect(manifest.chorusVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.notIncluded.join(" ")).toMatch(/credentials/i);
    expect(manifest.tables.mentions.rows).toBeGreaterThan(100);
    expect(Object.keys(files).sort()).toEqual([...Object.keys(manifest.files), "manifest.json"].sort());
    expect(Buffer.from(files[`media/${source.mediaId}`]!).equals(source.png)).toBe(true);
    const posts = Buffer.from(files["csv/posts.csv"]!).toString("utf8");
    expect(posts.startsWith("\uFEFFvariant_id,post_id,")).toBe(true);
    expect(Buffer.from(files["csv/mentions.csv"]!).toString("utf8").split("\n").length).toBeGreaterThan(manifest.tables.mentions.rows);
    const lines = Buffer.from(files["data/posts.jsonl"]!).toString("utf8").trim().split("\n");
    expect(lines).toHaveLength(manifest.tables.posts.rows);
  });

  it("keeps no credential, secret or password hash anywhere in the archive", async () => {
    const channels = await source.store.db.selectFrom("channels").select("credentials_enc").where("brand_id", "=", source.demo.brandId).execute();
    const hashes = await source.store.db.selectFrom("users").select("password_hash").execute();
    const secretsOf = [...channels.map((c) => c.credentials_enc!), ...hashes.map((h) => h.password_hash)];
    expect(secretsOf.length).toBeGreaterThan(1);
    const files = unzipSync(new Uint8Array(archive));
    const texts = [archive.toString("latin1"), ...Object.values(files).map((f) => Buffer.from(f).toString("utf8"))];
    for (const text of texts) {
      for (const secret of secretsOf) expect(text.includes(secret)).toBe(false);
      expect(text).not.toMatch(/credentials_enc|password_hash|webhook_secret_enc|guest_token_hash|\$argon2/);
    }
  });

  it("imports every table with the same counts, texts, metrics, mentions and comments", async () => {
    for (const spec of archiveTables) {
      const expected = await countOf(source.store, spec.table, sourceScope());
      expect({ table: spec.table, n: await countOf(target.store, spec.table, targetScope()) }).toEqual({ table: spec.table, n: expected });
      expect(imported.counts[spec.table]).toBe(expected);
    }
    for (const t of ["posts", "variants", "publications", "metric_snapshots", "inbox_items", "inbox_notes", "mentions", "mention_queries", "links", "link_clicks", "media_assets", "competitors", "competitor_days", "competitor_posts", "reports", "report_runs"]) expect(imported.counts[t]).toBeGreaterThan(0);
    expect(imported.counts.media_assets).toBe(2);
    const report = await target.store.db.selectFrom("reports as r").innerJoin("media_assets as m", "m.id", "r.logo_media_id").select(["r.name", "m.file_name", "r.created_by"]).where("r.brand_id", "=", imported.brandId).executeTakeFirstOrThrow();
    expect(report).toEqual({ name: "Weekly", file_name: "logo.png", created_by: null });
    const texts = async (s: TestStore, brandId: string) => (await s.db.selectFrom("posts").select("base_text").where("brand_id", "=", brandId).execute()).map((p) => p.base_text).sort();
    expect(await texts(target.store, imported.brandId)).toEqual(await texts(source.store, source.demo.brandId));
    const metrics = async (s: TestStore, brandId: string) =>
      (await s.db.selectFrom("channel_posts").select(["text", "likes", "reach", "comments", "followers", "published_at"]).where("brand_id", "=", brandId).execute()).map((r) => JSON.stringify(r)).sort();
    expect(await metrics(target.store, imported.brandId)).toEqual(await metrics(source.store, source.demo.brandId));
    const comments = async (s: TestStore, brandId: string) =>
      (await s.db.selectFrom("inbox_items").select(["text", "author_handle", "sentiment", "status", "occurred_at"]).where("brand_id", "=", brandId).execute()).map((r) => JSON.stringify(r)).sort();
    expect(await comments(target.store, imported.brandId)).toEqual(await comments(source.store, source.demo.brandId));
    const mentions = async (s: TestStore, brandId: string) =>
      (await s.db.selectFrom("mentions").select(["external_id", "text", "sentiment", "likes", "published_at"]).where("brand_id", "=", brandId).execute()).map((r) => JSON.stringify(r)).sort();
    expect(await mentions(target.store, imported.brandId)).toEqual(await mentions(source.store, source.demo.brandId));
    const brand = await target.store.db.selectFrom("brands").selectAll().where("id", "=", imported.brandId).executeTakeFirstOrThrow();
    expect(brand).toMatchObject({ workspace_id: target.workspaceId, name: imported.source.brandName, timezone: "Europe/Moscow" });
  });

  it("keeps relations: a variant's publication's snapshots, a mention's queries, the media a post uses", async () => {
    const snapshotsOf = async (s: TestStore, brandId: string) => {
      const rows = await s.db
        .selectFrom("metric_snapshots as m")
        .innerJoin("publications as pub", "pub.id", "m.publication_id")
        .innerJoin("variants as v", "v.id", "pub.variant_id")
        .innerJoin("channels as c", "c.id", "v.channel_id")
        .innerJoin("channel_posts as cp", "cp.id", "m.channel_post_id")
        .select(["c.handle", "v.text", "m.taken_at", "m.likes", "m.reach", "cp.publication_id", "pub.id as pub_id"])
        .where("c.brand_id", "=", brandId)
        .execute();
      expect(rows.every((r) => r.publication_id === r.pub_id)).toBe(true);
      return rows.map((r) => `${r.handle}|${r.text}|${r.taken_at}|${r.likes}|${r.reach}`).sort();
    };
    const before = await snapshotsOf(source.store, source.demo.brandId);
    expect(before.length).toBeGreaterThan(100);
    expect(await snapshotsOf(target.store, imported.brandId)).toEqual(before);

    const queriesOf = async (s: TestStore, brandId: string) =>
      (
        await s.db
          .selectFrom("mention_queries as mq")
          .innerJoin("mentions as m", "m.id", "mq.mention_id")
          .innerJoin("listening_queries as q", "q.id", "mq.query_id")
          .select(["m.external_id", "q.name", "q.brand_id"])
          .where("m.brand_id", "=", brandId)
          .execute()
      )
        .map((r) => {
          expect(r.brand_id).toBe(brandId);
          return `${r.external_id}|${r.name}`;
        })
        .sort();
    expect(await queriesOf(target.store, imported.brandId)).toEqual(await queriesOf(source.store, source.demo.brandId));

    const withMedia = await target.store.db
      .selectFrom("variants as v")
      .innerJoin("posts as p", "p.id", "v.post_id")
      .select("v.media")
      .where("p.brand_id", "=", imported.brandId)
      .where("v.media", "!=", "[]")
      .executeTakeFirstOrThrow();
    const ref = (JSON.parse(withMedia.media) as { mediaId: string }[])[0]!;
    const asset = await target.store.db.selectFrom("media_assets").selectAll().where("id", "=", ref.mediaId).executeTakeFirstOrThrow();
    expect(asset).toMatchObject({ workspace_id: target.workspaceId, brand_id: imported.brandId, file_name: "cup.png", created_by: null });
    expect((await storageOf(target.store).get(asset.storage_key)).equals(source.png)).toBe(true);
    expect(asset.thumb_key).not.toBeNull();
    await storageOf(target.store).get(asset.thumb_key!);

    const note = await target.store.db
      .selectFrom("inbox_notes as n")
      .innerJoin("inbox_items as i", "i.id", "n.item_id")
      .select(["n.text", "n.author_id", "i.brand_id"])
      .where("i.brand_id", "=", imported.brandId)
      .executeTakeFirstOrThrow();
    expect(note).toEqual({ text: "Call them back", author_id: null, brand_id: imported.brandId });
    const correction = await target.store.db
      .selectFrom("sentiment_corrections as sc")
      .innerJoin("mentions as m", "m.id", "sc.mention_id")
      .select(["sc.to_label", "sc.by", "m.brand_id"])
      .where("sc.workspace_id", "=", target.workspaceId)
      .executeTakeFirstOrThrow();
    expect(correction).toEqual({ to_label: "negative", by: null, brand_id: imported.brandId });
  });

  it("imports channels disconnected, without credentials, and records the import", async () => {
    const channels = await target.store.db.selectFrom("channels").selectAll().where("brand_id", "=", imported.brandId).execute();
    expect(channels).toHaveLength(3);
    for (const c of channels) expect(c).toMatchObject({ status: "disconnected", credentials_enc: null, connected_by: null, workspace_id: target.workspaceId });
    const audit = await target.store.db.selectFrom("audit_events").selectAll().where("action", "=", "brand.import").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ workspace_id: target.workspaceId, actor_user_id: target.ownerId, target_id: imported.brandId });
    const exported = await source.store.db.selectFrom("audit_events").selectAll().where("action", "=", "brand.export").executeTakeFirstOrThrow();
    expect(exported).toMatchObject({ workspace_id: source.demo.workspaceId, target_id: source.demo.brandId });
  });

  it("imports the same archive again as a second brand with its name suffixed and new ids", async () => {
    const again = await importBrand({ db: target.store.db, storage: storageOf(target.store) }, "operator", { workspaceId: target.workspaceId, archive, source: "cli" });
    expect(again.brandId).not.toBe(imported.brandId);
    expect(again.brandName).toBe(`${imported.brandName} (imported)`);
    expect(again.counts).toEqual(imported.counts);
    await target.store.db.deleteFrom("brands").where("id", "=", again.brandId).execute();
  });

  it("refuses a tampered archive, a non-zip and a foreign zip, writing nothing", async () => {
    const brandsBefore = await target.store.db.selectFrom("brands").select("id").execute();
    const mediaDir = path.join(target.store.dataDir, "media");
    const filesBefore = fs.existsSync(mediaDir) ? fs.readdirSync(mediaDir, { recursive: true }).length : 0;
    const tampered = Buffer.from(archive);
    const at = Math.floor(tampered.length / 3);
    tampered[at] = (tampered[at] as number) ^ 0x5a;
    const attempt = (bytes: Buffer) => importBrand({ db: target.store.db, storage: storageOf(target.store) }, "operator", { workspaceId: target.workspaceId, archive: bytes, source: "cli" });
    await expect(attempt(tampered)).rejects.toThrow(/cannot be imported: .*(damaged|checksum).*Nothing was imported/);
    await expect(attempt(Buffer.from("name,likes\nhello,1\n"))).rejects.toThrow(/not a Chorus brand archive \(it is not a zip file\)/);
    await expect(attempt(Buffer.from(zipSync({ "notes.txt": strToU8("hello") })))).rejects.toThrow(/not a Chorus brand archive \(no manifest\.json\)/);
    const files = unzipSync(new Uint8Array(archive));
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8"));
    const newer = { ...files, "manifest.json": strToU8(JSON.stringify({ ...manifest, formatVersion: 2 })) };
    await expect(attempt(Buffer.from(zipSync(newer)))).rejects.toThrow(/newer Chorus \(archive format 2\)/);
    const extra = { ...files, "data/users.jsonl": strToU8('{"id":"x"}\n') };
    await expect(attempt(Buffer.from(zipSync(extra)))).rejects.toThrow(/which its manifest does not list/);
    const edited = { ...files, "data/posts.jsonl": strToU8(Buffer.from(files["data/posts.jsonl"]!).toString("utf8").replace("e", "x")) };
    await expect(attempt(Buffer.from(zipSync(edited)))).rejects.toThrow(/data\/posts\.jsonl does not match its checksum/);
    expect(await target.store.db.selectFrom("brands").select("id").execute()).toEqual(brandsBefore);
    expect(fs.existsSync(mediaDir) ? fs.readdirSync(mediaDir, { recursive: true }).length : 0).toBe(filesBefore);
  });

  it("rolls back everything, files included, when a row cannot be stored", async () => {
    const files = unzipSync(new Uint8Array(archive));
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8"));
    // A valid archive whose last table has a row the database refuses (a key column missing).
    const broken = '{"brand_id":"x","period":null}\n';
    const data = new TextEncoder().encode(broken);
    const { createHash } = await import("node:crypto");
    manifest.tables.mention_bands.rows = 1;
    manifest.files["data/mention_bands.jsonl"] = { bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
    const bad = { ...files, "data/mention_bands.jsonl": data, "manifest.json": strToU8(JSON.stringify(manifest)) };
    const brandsBefore = await target.store.db.selectFrom("brands").select("id").execute();
    const mediaDir = path.join(target.store.dataDir, "media", target.workspaceId);
    const filesBefore = fs.readdirSync(mediaDir).length;
    await expect(
      importBrand({ db: target.store.db, storage: storageOf(target.store) }, "operator", { workspaceId: target.workspaceId, archive: Buffer.from(zipSync(bad)), source: "cli" }),
    ).rejects.toThrow(/could not be imported: mention_bands: .*Nothing was imported/);
    expect(await target.store.db.selectFrom("brands").select("id").execute()).toEqual(brandsBefore);
    expect(fs.readdirSync(mediaDir).length).toBe(filesBefore);
  });
});

it("decides every table with a brand: archived or left out with a reason", async () => {
  const store = await createTestStore("sqlite");
  try {
    const { rows } = await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(store.db);
    const tables = new Set(rows.map((r) => r.t).filter((t) => !t.startsWith("kysely_") && !t.startsWith("sqlite_")));
    const decided = new Set([...archiveTables.map((t) => t.table), ...Object.keys(leftOut)]);
    expect([...tables].filter((t) => !decided.has(t))).toEqual([]);
    // Every reference column of an archived table is declared (or is workspace_id / brand_id).
    // Not references: the networks' own ids (posts, a giveaway's replies), and a click's visitor hash (its daily salt is never stored).
    const notReferences = ["external_id", "parent_external_id", "post_external_id", "commitment_reply_id", "result_reply_id", "visitor_hash"];
    for (const spec of archiveTables) {
      const declared = new Set(["id", "workspace_id", "brand_id", ...Object.keys(spec.refs ?? {}), ...(spec.users ?? []), ...(spec.secrets ?? [])]);
      const undeclared = rows.filter((r) => r.t === spec.table && (/_id$|_by$|^by$/.test(r.c) || r.c.endsWith("_enc") || r.c.endsWith("_hash")) && !declared.has(r.c) && !notReferences.includes(r.c));
      expect({ table: spec.table, undeclared: undeclared.map((r) => r.c) }).toEqual({ table: spec.table, undeclared: [] });
    }
  } finally {
    await store.cleanup();
  }
});

/** The test app with the archive routes (until src/api/app.ts registers them). */
async function createArchiveApi(dialect: Dialect): Promise<TestApi> {
  const api = await createTestApi(dialect);
  if (api.app.hasRoute({ method: "GET", url: "/api/workspaces/:ws/brands/:brandId/archive" })) return api;
  const { store, publishing, listening } = api;
  const config = loadConfig({ CHORUS_DATA_DIR: store.dataDir, CHORUS_SECRET: "x".repeat(40), CHORUS_DEMO: "0" });
  const app = await buildApp({ store, config, registry: publishing.registry, secrets: publishing.secrets, publishing, listening, logger: false });
  const inbox = createInboxDeps({ store, registry: publishing.registry, secrets: publishing.secrets, queue: publishing.queue });
  archiveRoutes(app, { store, config, registry: publishing.registry, secrets: publishing.secrets, publishing, inbox, listening, actorOf: makeActorOf(store) });
  await app.ready();
  return {
    ...api,
    app,
    close: async () => {
      await app.close();
      await api.close();
    },
  };
}

describe.each(dialects)("brand archive API (%s)", (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createArchiveApi(dialect);
  }, 60_000);
  afterAll(async () => api?.close());

  it("lets owners and managers download and import; others get 403, outsiders 404", async () => {
    const a = await createTenant(api);
    const b = await createTenant(api);
    const at = nowIso();
    await api.store.db
      .insertInto("posts")
      .values({ id: newId(), workspace_id: a.workspaceId, brand_id: a.brandId, status: "draft", rubric: null, format: "text", base_text: "Hello from the archive", tags: "[]", campaign: null, approval_step: null, created_by: a.ownerId, created_at: at, updated_at: at, recurrence: null, evergreen_days: null, recurrence_parent_id: null, recurred_at: null })
      .execute();
    const url = `/api/workspaces/${a.workspaceId}/brands/${a.brandId}/archive`;

    const outsider = await api.app.inject({ method: "GET", url, headers: { cookie: b.owner } });
    expect(outsider.statusCode).toBe(404);
    const otherBrand = await api.app.inject({ method: "GET", url: `/api/workspaces/${a.workspaceId}/brands/${b.brandId}/archive`, headers: { cookie: a.owner } });
    expect(otherBrand.statusCode).toBe(404);
    const editor = await addMember(api, a.workspaceId, "editor");
    expect((await api.app.inject({ method: "GET", url, headers: { cookie: editor.cookie } })).statusCode).toBe(403);

    const res = await api.app.inject({ method: "GET", url, headers: { cookie: a.owner } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="chorus-.*\.zip"$/);
    const zip = res.rawPayload;
    const files = unzipSync(new Uint8Array(zip));
    expect(JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")).tables.posts.rows).toBe(1);

    const importUrl = (ws: string) => `/api/workspaces/${ws}/archive/import`;
    const send = (ws: string, cookie: string, body: Buffer, type = "application/zip") => api.app.inject({ method: "POST", url: importUrl(ws), headers: { cookie, "content-type": type }, payload: body });
    expect((await send(a.workspaceId, b.owner, zip)).statusCode).toBe(404);
    expect((await send(a.workspaceId, editor.cookie, zip)).statusCode).toBe(403);
    // Without a body too: access is checked before the body is read.
    const bare = await api.app.inject({ method: "POST", url: importUrl(a.workspaceId), headers: { cookie: b.owner } });
    expect([bare.statusCode, bare.headers["content-type"]]).toEqual([404, expect.stringMatching(/application\/problem\+json/)]);
    const bareEditor = await api.app.inject({ method: "POST", url: importUrl(a.workspaceId), headers: { cookie: editor.cookie } });
    expect(bareEditor.statusCode).toBe(403);
    expect(json<{ detail: string }>(bareEditor).detail).toContain("editor");
    const notZip = await send(b.workspaceId, b.owner, Buffer.from("hello"));
    expect(notZip.statusCode).toBe(400);
    expect(json<{ detail: string }>(notZip).detail).toMatch(/not a Chorus brand archive/);
    const asJson = await api.app.inject({ method: "POST", url: importUrl(b.workspaceId), headers: { cookie: b.owner }, payload: { archive: "x" } });
    expect(asJson.statusCode).toBe(415);

    const ok = await send(b.workspaceId, b.owner, zip);
    expect(ok.statusCode).toBe(201);
    const body = json<{ brandId: string; brandName: string; counts: Record<string, number> }>(ok);
    expect(body.brandName).toBe((await api.store.db.selectFrom("brands").select("name").where("id", "=", a.brandId).executeTakeFirstOrThrow()).name);
    expect(body.counts.brands).toBe(1);
    const brand = await api.store.db.selectFrom("brands").select("workspace_id").where("id", "=", body.brandId).executeTakeFirstOrThrow();
    expect(brand.workspace_id).toBe(b.workspaceId);
    const audit = await api.store.db.selectFrom("audit_events").select(["actor_user_id", "data"]).where("action", "=", "brand.import").where("target_id", "=", body.brandId).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(b.ownerId);
  });
});

describe("chorus export brand / import archive", () => {
  let store: TestStore;
  let demo: DemoResult;
  let dir: string;
  const env = () => ({ CHORUS_DATA_DIR: store.dataDir, DATABASE_URL: "", CHORUS_SECRET: "" });

  async function chorus(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const program = new Command().exitOverride();
    // Both orders of registration share one `import` command.
    registerArchiveCommands(program, { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) });
    registerImportCommands(program, { env: env(), out: (l) => out.push(l), err: (l) => err.push(l) });
    try {
      await program.parseAsync(["node", "chorus", ...args]);
      return { out, err, error: null as unknown, program };
    } catch (e) {
      return { out, err, error: e, program };
    }
  }

  beforeAll(async () => {
    store = await createTestStore("sqlite");
    demo = await createDemo(store, { secrets, now, password: "demo-password-123" });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-archive-cli-"));
  }, 60_000);
  afterAll(async () => {
    await store?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exports the demo brand to a file and imports it into another workspace", async () => {
    const file = path.join(dir, "demo.zip");
    const exported = await chorus("export", "brand", "--brand", demo.brandId, "--out", file);
    expect(exported.error).toBeNull();
    expect(exported.out[0]).toMatch(/^Exported .* to .*demo\.zip \([\d,]+ bytes\): 59 posts, 169 variants, [\d,]+ publications, [\d,]+ metric_snapshots/);
    expect(fs.readdirSync(dir)).toEqual(["demo.zip"]);
    expect(exported.program.commands.find((c) => c.name() === "import")?.commands.map((c) => c.name()).sort()).toEqual(["archive", "post-metrics"]);

    const again = await chorus("export", "brand", "--brand", demo.brandId, "--out", file);
    expect((again.error as AppError).message).toMatch(/already exists/);
    const missing = await chorus("export", "brand", "--brand", newId(), "--out", path.join(dir, "x.zip"));
    expect((missing.error as AppError).code).toBe("not_found");
    expect(fs.readdirSync(dir)).toEqual(["demo.zip"]);

    const user = await createUser(store.db, { email: "second@example.test", name: "Second", password: "correct horse battery" });
    const ws = await createWorkspace(store.db, { name: "Second agency", ownerId: user.id });
    const imported = await chorus("import", "archive", file, "--workspace", ws.id, "--as-user", "Second@Example.test");
    expect(imported.error).toBeNull();
    expect(imported.out.join("\n")).toMatch(/Imported .* as brand .* \([0-9a-f-]{36}\)\.\n {2}59 posts, 169 variants, [\d,]+ publications/);
    expect(imported.out.join("\n")).toMatch(/3 channels are disconnected/);
    const brands = await store.db.selectFrom("brands").select(["id", "name"]).where("workspace_id", "=", ws.id).execute();
    expect(brands).toHaveLength(1);
    const posts = await store.db.selectFrom("posts").select("id").where("brand_id", "=", brands[0]!.id).execute();
    expect(posts).toHaveLength(59);
    const audit = await store.db.selectFrom("audit_events").select(["actor_user_id", "data"]).where("action", "=", "brand.import").executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(user.id);
    expect(JSON.parse(audit.data)).toMatchObject({ source: "cli" });

    const stranger = await chorus("import", "archive", file, "--workspace", ws.id, "--as-user", "nobody@example.test");
    expect((stranger.error as AppError).message).toMatch(/not a member/);
    fs.writeFileSync(path.join(dir, "bad.zip"), "not a zip");
    const bad = await chorus("import", "archive", path.join(dir, "bad.zip"), "--workspace", ws.id);
    expect((bad.error as AppError).message).toMatch(/not a Chorus brand archive/);
    expect(await store.db.selectFrom("brands").select("id").where("workspace_id", "=", ws.id).execute()).toHaveLength(1);
  });
});
