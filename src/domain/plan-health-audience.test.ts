import { describe, expect, it } from "vitest";
import { type ChannelAudit, deadAudiences, deletedNegative, type InboxStats, slowAnswers, unansweredComments } from "./plan-health-audience.js";
import { runPlanHealth } from "./plan-health-check.js";
import type { PlanChannel } from "./plan-health.js";

const vk: PlanChannel = { id: "ch-vk", name: "VK", network: "vk", since: "2025-01-01T00:00:00.000Z" };
const calm: InboxStats = { targetMinutes: 60, unanswered: [], unansweredCount: 0, unansweredNegative: 0, answered: 0, answeredLate: 0, medianFirstResponseMinutes: null, late: [] };

describe("unansweredComments", () => {
  it("is quiet when everything is answered", () => {
    expect(unansweredComments(calm)).toEqual([]);
  });

  it("warns about a few and is critical with a negative one, listing the negative first", () => {
    const few = { ...calm, unansweredCount: 2, unanswered: [{ id: "a", occurredAt: "2026-03-01T10:00:00.000Z", negative: false }, { id: "b", occurredAt: "2026-03-02T10:00:00.000Z", negative: false }] };
    expect(unansweredComments(few)[0]).toMatchObject({ severity: "warning", evidence: { count: 2, negative: 0, targetMinutes: 60 }, params: { oldest: "2026-03-01T10:00:00.000Z" } });
    const angry = { ...few, unansweredNegative: 1, unanswered: [...few.unanswered, { id: "c", occurredAt: "2026-03-03T10:00:00.000Z", negative: true }], unansweredCount: 3 };
    const [f] = unansweredComments(angry);
    expect(f?.severity).toBe("critical");
    expect(f?.items.map((i) => i.id)).toEqual(["c", "a", "b"]);
  });

  it("is critical from 10 unanswered even without negativity, and counts beyond the sample", () => {
    const [f] = unansweredComments({ ...calm, unansweredCount: 10, unanswered: [{ id: "a", occurredAt: "2026-03-01T10:00:00.000Z", negative: false }] });
    expect(f).toMatchObject({ severity: "critical", evidence: { count: 10 } });
    expect(unansweredComments({ ...calm, unansweredCount: 9, unanswered: [] })[0]?.severity).toBe("warning");
  });
});

describe("slowAnswers", () => {
  it("judges from 5 answers, and more than 20 % late, not exactly 20 %", () => {
    expect(slowAnswers({ ...calm, answered: 4, answeredLate: 4 })).toEqual([]);
    expect(slowAnswers({ ...calm, answered: 10, answeredLate: 2 })).toEqual([]);
    const [f] = slowAnswers({ ...calm, answered: 10, answeredLate: 3, medianFirstResponseMinutes: 95.04, late: [{ id: "x" }] });
    expect(f).toMatchObject({ rule: "slow_answers", evidence: { answered: 10, late: 3, latePercent: 30, medianMinutes: 95, targetMinutes: 60 }, items: [{ kind: "inbox_item", id: "x" }] });
  });
});

describe("deletedNegative", () => {
  it("is critical when a negative comment was deleted without an answer or hiding it first", () => {
    expect(deletedNegative([])).toEqual([]);
    expect(deletedNegative([{ id: "a", deletedAt: "2026-03-01T10:00:00.000Z", answered: true, hidden: false }])[0]?.severity).toBe("warning");
    const [f] = deletedNegative([
      { id: "a", deletedAt: "2026-03-01T10:00:00.000Z", answered: true, hidden: false },
      { id: "b", deletedAt: "2026-03-02T10:00:00.000Z", answered: false, hidden: false },
    ]);
    expect(f).toMatchObject({ severity: "critical", evidence: { deleted: 2, unanswered: 1 } });
    expect(f?.items.map((i) => i.id)).toEqual(["b", "a"]);
  });
});

describe("deadAudiences", () => {
  const audit = (bot: number, dead: number, sampleSize = 200): ChannelAudit => ({ channelId: vk.id, auditedAt: "2026-03-01T10:00:00.000Z", sampleSize, botShare: bot, deadShare: dead, liveShare: 1 - bot - dead });

  it("warns from 30 % bots + inactive, critical from 50 %, and ignores small audits", () => {
    expect(deadAudiences([audit(0.1, 0.19)], [], [vk])).toEqual([]);
    expect(deadAudiences([audit(0.1, 0.2)], [], [vk])[0]).toMatchObject({ rule: "dead_audience", severity: "warning", evidence: { botPercent: 10, deadPercent: 20, livePercent: 70 } });
    expect(deadAudiences([audit(0.3, 0.2)], [], [vk])[0]?.severity).toBe("critical");
    expect(deadAudiences([audit(0.3, 0.2, 49)], [], [vk])).toEqual([]);
  });

  it("flags ER by followers under 0.3 % on 1,000+ followers over 5+ posts", () => {
    const er = (erFollowers: number, followers = 5000, posts = 5) => ({ channelId: vk.id, posts, followers, erFollowers, lowest: [{ postId: "p1", interactions: 6 }, { postId: null, interactions: 7 }] });
    const [f] = deadAudiences([], [er(0.12)], [vk]);
    expect(f).toMatchObject({ rule: "low_engagement", evidence: { erFollowers: 0.12, followers: 5000, posts: 5, limit: 0.3 } });
    expect(f?.items).toEqual([{ kind: "channel", id: vk.id }, { kind: "post", id: "p1" }]);
    expect(deadAudiences([], [er(0.3)], [vk])).toEqual([]);
    expect(deadAudiences([], [er(0.1, 999)], [vk])).toEqual([]);
    expect(deadAudiences([], [er(0.1, 5000, 4)], [vk])).toEqual([]);
  });
});

describe("runPlanHealth", () => {
  it("puts critical findings first and counts them", () => {
    const r = runPlanHealth({
      zone: "Europe/Moscow",
      start: "2026-03-01T00:00:00.000Z",
      end: "2026-03-15T00:00:00.000Z",
      now: "2026-03-10T00:00:00.000Z",
      channels: [vk],
      posts: [],
      mix: [],
      hours: [],
      inbox: { ...calm, unansweredCount: 1, unansweredNegative: 1, unanswered: [{ id: "n", occurredAt: "2026-03-09T00:00:00.000Z", negative: true }] },
      deleted: [],
      audits: [],
      engagement: [],
    });
    expect(r.findings.map((f) => f.rule)).toEqual(["unanswered_comments", "long_silence"]);
    expect(r.counts).toEqual({ critical: 1, warning: 1, info: 0 });
  });
});
