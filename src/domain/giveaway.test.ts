import { describe, expect, it } from "vitest";
import type { RemoteFollower } from "../connectors/types.js";
import {
  canonicalList,
  commitmentOf,
  drawAlgorithm,
  drawWinners,
  judgeEntrants,
  type Participant,
  parseCanonicalList,
  rankEntries,
  reasonCounts,
  ticketOf,
  verifyDraw,
} from "./giveaway.js";

// The worked example of docs/giveaways.md: the same seed, list and results (checked with openssl too).
const seed = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const entries = ["sandbox:olga_sokolova7", "sandbox:emily.carter12", "sandbox:anna.smirnova42", "sandbox:dm.volkov3", "sandbox:taras.shevchuk88", "sandbox:emily.carter12"];

describe("the canonical entrant list", () => {
  it("is the unique entries sorted by bytes, joined with \\n, and its SHA-256", () => {
    const list = canonicalList(entries);
    expect(list.text).toBe("sandbox:anna.smirnova42\nsandbox:dm.volkov3\nsandbox:emily.carter12\nsandbox:olga_sokolova7\nsandbox:taras.shevchuk88");
    expect(list.sha256).toBe("f34f5b967f7ddc44997806f92e148782a38881e94d032ef8963e09cc793254b4");
    expect(parseCanonicalList(list.text)).toEqual(list.entries);
  });

  it("sorts by bytes, not by locale (upper case before lower, '.' before digits)", () => {
    expect(canonicalList(["sandbox:b", "sandbox:B", "sandbox:a.1", "sandbox:a1"]).entries).toEqual(["sandbox:B", "sandbox:a.1", "sandbox:a1", "sandbox:b"]);
  });

  it("refuses entries with spaces, newlines or no network, and text that is not canonical", () => {
    expect(() => canonicalList(["sandbox:anna smirnova"])).toThrow(/Not a valid entry/);
    expect(() => canonicalList(["anna"])).toThrow(/Not a valid entry/);
    expect(() => canonicalList(["sandbox:a\nsandbox:b"])).toThrow(/Not a valid entry/);
    expect(() => parseCanonicalList("sandbox:b\nsandbox:a")).toThrow(/canonical/);
    expect(() => parseCanonicalList("sandbox:a\n")).toThrow();
  });
});

describe("the draw (chorus-giveaway-v1)", () => {
  it("commits to SHA-256 of the seed's 32 bytes", () => {
    expect(commitmentOf(seed)).toBe("630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
    expect(() => commitmentOf("ABC")).toThrow(/64 lower-case hex/);
  });

  it("ranks by HMAC-SHA256(seed, entry): the fixed vector of the docs", () => {
    expect(ticketOf(seed, "sandbox:olga_sokolova7")).toBe("4fc0672b56be5199b469732e4ee48a003ba59bd0cdcbd9ef014dbba16923beee");
    expect(rankEntries(seed, entries).map((r) => [r.place, r.entry, r.ticket.slice(0, 8)])).toEqual([
      [1, "sandbox:olga_sokolova7", "4fc0672b"],
      [2, "sandbox:emily.carter12", "765076bc"],
      [3, "sandbox:anna.smirnova42", "aeab0066"],
      [4, "sandbox:taras.shevchuk88", "d2458476"],
      [5, "sandbox:dm.volkov3", "f0dbbebb"],
    ]);
    expect(drawWinners(seed, entries, 2).map((w) => w.entry)).toEqual(["sandbox:olga_sokolova7", "sandbox:emily.carter12"]);
  });

  it("the second vector: Bluesky DIDs", () => {
    const s = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    expect(commitmentOf(s)).toBe("954d5a49fd70d9b8bcdb35d252267829957f7ef7fa6c74f88419bdc5e82209f4");
    expect(drawWinners(s, ["bluesky:did:plc:aaaa", "bluesky:did:plc:bbbb", "bluesky:did:plc:cccc"], 2).map((w) => w.entry)).toEqual(["bluesky:did:plc:cccc", "bluesky:did:plc:aaaa"]);
  });

  it("does not move anyone when someone else is left out, and gives everyone when there are fewer than N", () => {
    const without = rankEntries(seed, entries.filter((e) => e !== "sandbox:emily.carter12")).map((r) => r.entry);
    expect(without).toEqual(["sandbox:olga_sokolova7", "sandbox:anna.smirnova42", "sandbox:taras.shevchuk88", "sandbox:dm.volkov3"]);
    expect(drawWinners(seed, entries, 50)).toHaveLength(5);
    expect(() => drawWinners(seed, entries, 0)).toThrow();
  });

  it("is fair: over many seeds each of 4 entries wins about a quarter of the time", () => {
    const wins = new Map<string, number>();
    const list = ["sandbox:a", "sandbox:b", "sandbox:c", "sandbox:d"];
    for (let i = 0; i < 4000; i++) {
      const s = i.toString(16).padStart(64, "0");
      const w = drawWinners(s, list, 1)[0]!.entry;
      wins.set(w, (wins.get(w) ?? 0) + 1);
    }
    for (const e of list) expect(Math.abs((wins.get(e) ?? 0) - 1000)).toBeLessThan(120);
  });
});

describe("verifyDraw", () => {
  const list = canonicalList(entries);
  const published = {
    algorithm: drawAlgorithm,
    commitment: commitmentOf(seed),
    entrants: { sha256: list.sha256, canonical: list.text },
    winnersCount: 2,
    seed,
    winners: [
      { place: 1, entry: "sandbox:olga_sokolova7" },
      { place: 2, entry: "sandbox:emily.carter12" },
    ],
  };

  it("accepts the published data as published", () => {
    expect(verifyDraw(published)).toMatchObject({ ok: true, drawn: true, problems: [] });
    expect(verifyDraw({ ...published, seed: null, winners: null })).toMatchObject({ ok: true, drawn: false, checks: { listHash: true, commitment: null } });
  });

  it("finds a changed list, seed or winner", () => {
    expect(verifyDraw({ ...published, entrants: { ...published.entrants, canonical: list.text.replace("dm.volkov3", "dm.volkov4") } }).checks.listHash).toBe(false);
    const otherSeed = "1".repeat(64);
    const r = verifyDraw({ ...published, seed: otherSeed });
    expect(r.ok).toBe(false);
    expect(r.checks.commitment).toBe(false);
    expect(verifyDraw({ ...published, winners: [{ place: 1, entry: "sandbox:dm.volkov3" }, published.winners[1]!] }).checks.winners).toBe(false);
  });
});

describe("judgeEntrants", () => {
  const at = new Date("2026-03-01T00:00:00Z");
  const person = (over: Partial<RemoteFollower> = {}): RemoteFollower => ({ handle: "x", name: "Anna", hasAvatar: true, posts: 120, followers: 150, following: 180, createdAt: "2022-01-01T00:00:00Z", lastActiveAt: "2026-02-27T00:00:00Z", ...over });
  const bot: RemoteFollower = { handle: "id12345678", name: "Вика", hasAvatar: false, posts: 0, followers: 3, following: 4200, createdAt: "2026-02-01T00:00:00Z", lastActiveAt: null };
  const p = (id: string, over: Partial<Participant> = {}): Participant => ({ id, handle: id, name: id, reposted: true, commented: true, follows: true, profile: person({ handle: id }), ...over });
  const participants = [
    p("anna"),
    p("boris", { commented: false }),
    p("vera", { reposted: false }),
    p("gleb", { follows: false }),
    p("dina", { follows: null }),
    p("id12345678", { profile: bot }),
    p("north.coffee"),
    p("Manager.Masha"),
    p("anna", { reposted: false }),
    p("egor", { profile: null }),
  ];

  it("gives each person their reasons, and sorts the list by entry", () => {
    const out = judgeEntrants({ network: "sandbox", participants, conditions: { action: "repost_and_comment", mustFollow: true, excludeBots: true }, team: ["north.coffee", "@manager.masha"], at });
    expect(out.map((e) => [e.entry, e.reasons])).toEqual([
      ["sandbox:Manager.Masha", ["team"]],
      ["sandbox:anna", []],
      ["sandbox:anna", ["duplicate", "not_reposted"]],
      ["sandbox:boris", ["not_commented"]],
      ["sandbox:dina", ["not_following"]],
      ["sandbox:egor", []],
      ["sandbox:gleb", ["not_following"]],
      ["sandbox:id12345678", ["likely_bot"]],
      ["sandbox:north.coffee", ["team"]],
      ["sandbox:vera", ["not_reposted"]],
    ]);
    expect(out.filter((e) => e.eligible).map((e) => e.entry)).toEqual(["sandbox:anna", "sandbox:egor"]);
    expect(out.find((e) => e.entry === "sandbox:id12345678")?.botScore).toBeGreaterThanOrEqual(0.55);
    expect(reasonCounts(out)).toEqual({ team: 2, duplicate: 1, not_reposted: 2, not_commented: 1, not_following: 2, likely_bot: 1 });
  });

  it("lets either action in, and keeps bots and non-followers when the conditions allow", () => {
    const out = judgeEntrants({ network: "sandbox", participants, conditions: { action: "repost_or_comment", mustFollow: false, excludeBots: false }, team: [], at });
    expect(out.filter((e) => !e.eligible).map((e) => [e.entry, e.reasons])).toEqual([["sandbox:anna", ["duplicate"]]]);
    const reposts = judgeEntrants({ network: "sandbox", participants: [p("a", { reposted: false, commented: false })], conditions: { action: "repost_or_comment", mustFollow: false, excludeBots: false }, team: [], at });
    expect(reposts[0]?.reasons).toEqual(["no_repost_or_comment"]);
  });
});
