/**
 * The `chorus` command on a fresh data directory, run from the sources through tsx (the built
 * command, bin/chorus.js → dist/, is what the end-to-end tests start).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = ["--import", "tsx", path.resolve("src/cli/main.ts")];

describe("chorus CLI", () => {
  let dataDir: string;
  const env = () => ({ ...process.env, CHORUS_DATA_DIR: dataDir, DATABASE_URL: "", CHORUS_SECRET: "" });
  const chorus = (...args: string[]) => run(process.execPath, [...cli, ...args], { env: env() });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-cli-"));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("--help lists the commands", async () => {
    const { stdout } = await chorus("--help");
    for (const cmd of ["serve", "worker", "migrate", "demo", "user", "backup", "version"]) expect(stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, "m"));
    const user = await chorus("user", "--help");
    expect(user.stdout).toMatch(/create/);
  });

  it("version prints the package version", async () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect((await chorus("version")).stdout.trim()).toBe(pkg.version);
  });

  it("migrate, user create, demo and a consistent backup", async () => {
    expect((await chorus("migrate")).stdout).toMatch(/Applied: 001-foundation/);
    expect((await chorus("migrate")).stdout).toMatch(/up to date/);

    const created = await chorus("user", "create", "--email", "Anna@Example.test", "--name", "Anna", "--workspace", "Anna's agency");
    expect(created.stdout).toMatch(/Created user anna@example\.test/);
    expect(created.stdout).toMatch(/Password: \S{10,}/);
    expect(created.stdout).toMatch(/Created workspace "Anna's agency"/);
    await expect(chorus("user", "create", "--email", "anna@example.test", "--password", "long enough pw")).rejects.toMatchObject({
      stderr: expect.stringMatching(/already exists/),
    });

    const demo = await chorus("demo", "--password", "demo password 1");
    expect(demo.stdout).toMatch(/demo@chorus\.local/);
    expect(demo.stdout).toMatch(/Sandbox/);

    const target = path.join(dataDir, "backup.sqlite");
    const backup = await chorus("backup", target);
    expect(backup.stdout).toMatch(/Backed up/);
    const copy = new SqliteDatabase(target, { readonly: true });
    const live = new SqliteDatabase(path.join(dataDir, "chorus.sqlite"), { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const table of ["users", "workspaces", "posts", "publications", "inbox_items"]) {
        const count = (db: SqliteDatabase.Database) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
        expect(count(copy), table).toBe(count(live));
      }
    } finally {
      copy.close();
      live.close();
    }
    await expect(chorus("backup", target)).rejects.toMatchObject({ stderr: expect.stringMatching(/already exists/) });
  });

  it("explains a bad configuration instead of crashing", async () => {
    const bad = run(process.execPath, [...cli, "migrate"], { env: { ...env(), DATABASE_URL: "mysql://nope" } });
    await expect(bad).rejects.toMatchObject({ stderr: expect.stringMatching(/DATABASE_URL must start with postgres/) });
  });
});
