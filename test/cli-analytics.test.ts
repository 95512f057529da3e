/** `chorus analytics summary` on a fresh data directory with the demo, run from the sources through tsx. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SqliteDatabase from "better-sqlite3";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = ["--import", "tsx", path.resolve("src/cli/main.ts")];

describe("chorus analytics summary", () => {
  let dataDir: string;
  const env = () => ({ ...process.env, CHORUS_DATA_DIR: dataDir, DATABASE_URL: "", CHORUS_SECRET: "" });
  const chorus = (...args: string[]) => run(process.execPath, [...cli, ...args], { env: env() });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-cli-analytics-"));
    await chorus("demo", "--password", "demo password 1");
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("prints the dashboard's figures as JSON, the same as the rows say", async () => {
    const db = new SqliteDatabase(path.join(dataDir, "chorus.sqlite"), { readonly: true });
    const brand = db.prepare("select b.id, b.timezone from brands b join channels c on c.brand_id = b.id limit 1").get() as { id: string; timezone: string };
    const to = DateTime.now().setZone(brand.timezone).toISODate()!;
    const from = DateTime.fromISO(to).minus({ days: 13 }).toISODate()!;
    const start = DateTime.fromISO(from, { zone: brand.timezone }).toUTC().toISO()!;
    const end = DateTime.fromISO(to, { zone: brand.timezone }).plus({ days: 1 }).toUTC().toISO()!;
    const rows = db
      .prepare("select likes, comments, reposts, saves, reach from channel_posts where brand_id = ? and published_at >= ? and published_at < ?")
      .all(brand.id, start, end) as { likes: number; comments: number; reposts: number; saves: number | null; reach: number | null }[];
    db.close();
    expect(rows.length).toBeGreaterThan(5);

    const { stdout } = await chorus("analytics", "summary", "--brand", brand.id, "--from", from, "--to", to, "--json");
    const s = JSON.parse(stdout) as { totals: { posts: number; interactions: number }; rates: { erReach: number }; byFormat: { format: string; posts: number }[]; byWeekdayHour: { weekday: number; hour: number; posts: number }[]; formulas: Record<string, string> };
    const interactions = rows.reduce((sum, r) => sum + r.likes + r.comments + r.reposts + (r.saves ?? 0), 0);
    const reach = rows.reduce((sum, r) => sum + (r.reach ?? 0), 0);
    expect(s.totals.posts).toBe(rows.length);
    expect(s.totals.interactions).toBe(interactions);
    expect(s.rates.erReach).toBeCloseTo(interactions / reach, 10);
    expect(s.byFormat.reduce((sum, f) => sum + f.posts, 0)).toBe(rows.length);
    expect(s.byWeekdayHour.reduce((sum, c) => sum + c.posts, 0)).toBe(rows.length);
    expect(s.formulas.erFollowers).toMatch(/followers/);

    const text = await chorus("analytics", "summary", "--brand", brand.id, "--from", from, "--to", to);
    expect(text.stdout).toMatch(/ER by reach/);
    expect(text.stdout).toMatch(/By format:/);
  });

  it("refuses a backwards period and an unknown brand with a message and exit code 2", async () => {
    await expect(chorus("analytics", "summary", "--brand", "00000000-0000-7000-8000-000000000000", "--from", "2026-01-01", "--to", "2026-01-31")).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/not found/) });
    const db = new SqliteDatabase(path.join(dataDir, "chorus.sqlite"), { readonly: true });
    const brand = db.prepare("select id from brands limit 1").get() as { id: string };
    db.close();
    await expect(chorus("analytics", "summary", "--brand", brand.id, "--from", "2026-02-01", "--to", "2026-01-01")).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/ends before it starts/) });
  });
});
