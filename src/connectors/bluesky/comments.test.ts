/**
 * fetchComments' bookkeeping against a fake AppView: when threads are re-read, when a thread is
 * claimed complete, how notification paging continues through the cursor and when the cursor comes
 * back null. The real network is exercised in test/inbox.bluesky.test.ts.
 */
import type { Agent } from "@atproto/api";
import { describe, expect, it } from "vitest";
import { replyTextProblem } from "./comment-actions.js";
import { fetchBlueskyComments } from "./comments.js";

const me = "did:plc:brand";
const bob = { did: "did:plc:bob", handle: "bob.test", displayName: "Bob" };
const t0 = new Date("2030-05-01T12:00:00.000Z");
const iso = (msAgo: number) => new Date(t0.getTime() - msAgo).toISOString();
const uri = (did: string, rkey: string) => `at://${did}/app.bsky.feed.post/${rkey}`;

type Node = Record<string, unknown>;
const view = (did: string, rkey: string, extra: { reply?: [string, string]; replyCount?: number; msAgo?: number } = {}) => ({
  uri: uri(did, rkey),
  cid: `cid${rkey}`,
  author: did === me ? { did: me, handle: "brand.test" } : bob,
  indexedAt: iso(extra.msAgo ?? 60_000),
  replyCount: extra.replyCount ?? 0,
  record: {
    text: `text ${rkey}`,
    createdAt: iso(extra.msAgo ?? 60_000),
    ...(extra.reply ? { reply: { root: { uri: extra.reply[0], cid: "c" }, parent: { uri: extra.reply[1], cid: "c" } } } : {}),
  },
});
const node = (post: ReturnType<typeof view>, replies?: Node[]): Node => ({ $type: "app.bsky.feed.defs#threadViewPost", post, ...(replies ? { replies } : {}) });

/** A fake AppView: one root post with the given thread, and `notifications` newest first. */
function fakeAgent(opts: { thread: Node; notifications?: Node[] }) {
  const calls = { threads: 0, notificationPages: 0 };
  const root = (opts.thread as { post: ReturnType<typeof view> }).post;
  const notifications = opts.notifications ?? [];
  const agent = {
    app: {
      bsky: {
        feed: {
          getAuthorFeed: async () => ({ data: { feed: [{ post: root }] } }),
          getPostThread: async () => {
            calls.threads++;
            return { data: { thread: opts.thread } };
          },
        },
        notification: {
          listNotifications: async (params: { limit: number; cursor?: string }) => {
            calls.notificationPages++;
            const start = params.cursor ? Number(params.cursor) : 0;
            const page = notifications.slice(start, start + params.limit);
            const next = start + params.limit < notifications.length ? String(start + params.limit) : undefined;
            return { data: { notifications: page, ...(next ? { cursor: next } : {}) } };
          },
        },
        actor: { getProfiles: async (p: { actors: string[] }) => ({ data: { profiles: p.actors.map((did) => ({ did, followersCount: 7 })) } }) },
      },
    },
  };
  return { agent: agent as unknown as Agent, calls };
}

const rootView = view(me, "root", { replyCount: 1 });
const reply = view(bob.did, "r1", { reply: [rootView.uri, rootView.uri] });

describe("fetchComments' cursor", () => {
  it("reads the threads once per run: the follow-up call only looks at notifications and ends the run", async () => {
    const { agent, calls } = fakeAgent({ thread: node(rootView, [node(reply)]) });
    const first = await fetchBlueskyComments(agent, me, null, t0);
    expect(first.items).toMatchObject([{ externalId: `${reply.uri}|${reply.cid}`, kind: "comment", parentExternalId: null, authorFollowers: 7 }]);
    expect(first.complete).toEqual([`${rootView.uri}|${rootView.cid}`]);
    expect(first.cursor).not.toBeNull();
    const followUp = await fetchBlueskyComments(agent, me, first.cursor, new Date(t0.getTime() + 5_000));
    expect(followUp).toEqual({ items: [], complete: [], cursor: null });
    expect(calls.threads).toBe(1);
    // The next run, a minute later, reads them again.
    const nextRun = await fetchBlueskyComments(agent, me, first.cursor, new Date(t0.getTime() + 60_000));
    expect(nextRun.items).toHaveLength(1);
    expect(calls.threads).toBe(2);
  });

  it("re-reads the threads when the last reading is in the future (another clock) or the cursor is unreadable", async () => {
    const { agent, calls } = fakeAgent({ thread: node(rootView, [node(reply)]) });
    const future = JSON.stringify({ v: 1, mentionsSince: iso(0), threadsReadAt: new Date(t0.getTime() + 3_600_000).toISOString() });
    expect((await fetchBlueskyComments(agent, me, future, t0)).items).toHaveLength(1);
    expect((await fetchBlueskyComments(agent, me, "not json", t0)).items).toHaveLength(1);
    expect((await fetchBlueskyComments(agent, me, JSON.stringify({ v: 0 }), t0)).items).toHaveLength(1);
    expect(calls.threads).toBe(3);
  });

  it("pages long runs of notifications through the cursor, then moves the watermark to the newest", async () => {
    const mentions = Array.from({ length: 650 }, (_, i) => ({
      uri: uri(bob.did, `m${i}`),
      cid: `cidm${i}`,
      author: bob,
      reason: i % 2 === 0 ? "mention" : "like",
      indexedAt: iso(1_000 + i * 10_000),
      record: { text: `mention ${i}`, createdAt: iso(1_000 + i * 10_000) },
    }));
    const { agent, calls } = fakeAgent({ thread: node(rootView, [node(reply)]), notifications: mentions });
    const first = await fetchBlueskyComments(agent, me, null, t0);
    expect(calls.notificationPages).toBe(5);
    expect(first.items.filter((i) => i.kind === "mention")).toHaveLength(250);
    const state = JSON.parse(first.cursor!) as { notifications?: string; top?: string };
    expect(state).toMatchObject({ notifications: "500", top: iso(1_000) });
    const second = await fetchBlueskyComments(agent, me, first.cursor, new Date(t0.getTime() + 1_000));
    expect(second.items.filter((i) => i.kind === "mention")).toHaveLength(75);
    expect(second.complete).toEqual([]);
    expect(JSON.parse(second.cursor!)).toEqual({ v: 1, mentionsSince: iso(1_000), threadsReadAt: t0.toISOString() });
    // Nothing newer: the next call within the run ends it.
    const third = await fetchBlueskyComments(agent, me, second.cursor, new Date(t0.getTime() + 2_000));
    expect(third.cursor).toBeNull();
    // It read only down to the watermark, less the 10-minute overlap: the first page.
    expect(calls.notificationPages).toBe(5 + 2 + 1);
  });
});

describe("fetchComments' threads", () => {
  const deep = view(bob.did, "r2", { reply: [rootView.uri, reply.uri] });
  const mine = view(me, "mine", { reply: [rootView.uri, reply.uri], replyCount: 1 });
  const underMine = view(bob.did, "r3", { reply: [rootView.uri, mine.uri] });

  it("gives replies at every depth by others, with their parents, and skips the account's own", async () => {
    const thread = node(rootView, [node({ ...reply, replyCount: 2 }, [node(deep), node(mine, [node(underMine)])])]);
    const { agent } = fakeAgent({ thread });
    const page = await fetchBlueskyComments(agent, me, null, t0);
    const id = (v: { uri: string; cid: string }) => `${v.uri}|${v.cid}`;
    expect(page.items.map((i) => [i.externalId, i.kind, i.parentExternalId])).toEqual([
      [id(reply), "comment", null],
      [id(deep), "reply", id(reply)],
      [id(underMine), "reply", id(mine)],
    ]);
    expect(page.complete).toEqual([id(rootView)]);
  });

  it("does not claim a thread complete when a reply is blocked, missing, cut off by depth or left out", async () => {
    const cases: Node[] = [
      node(rootView, [node(reply), { $type: "app.bsky.feed.defs#blockedPost", uri: uri(bob.did, "x"), blocked: true, author: { did: bob.did } }]),
      node(rootView, [{ $type: "app.bsky.feed.defs#notFoundPost", uri: uri(bob.did, "x"), notFound: true }]),
      node(rootView, [node({ ...reply, replyCount: 3 })]),
      node({ ...rootView, replyCount: 2 }, [node(reply)]),
    ];
    for (const thread of cases) {
      const { agent } = fakeAgent({ thread });
      const page = await fetchBlueskyComments(agent, me, null, t0);
      expect(page.complete).toEqual([]);
    }
  });
});

describe("replyTextProblem", () => {
  it("counts graphemes and refuses empty or too long replies", () => {
    expect(replyTextProblem("Thank you! 👍🏽")).toBeNull();
    expect(replyTextProblem("🇺🇦".repeat(300))).toBeNull();
    expect(replyTextProblem("  ")).toMatch(/empty reply/);
    expect(replyTextProblem("a".repeat(305))).toBe("The reply is 305 characters long; Bluesky allows 300. Shorten it by 5.");
    expect(replyTextProblem("👨‍👩‍👧‍👦".repeat(200))).toMatch(/3000 bytes/);
  });
});
