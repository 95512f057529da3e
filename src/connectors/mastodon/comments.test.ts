import { describe, expect, it } from "vitest";
import { compareIds, decodeCursor, encodeCursor, handleOf, parseLinkHeader, placeOfMention, statusText, threadItems } from "./comments.js";
import { htmlToText } from "./html.js";
import { type ThreadStatus, threadStatusSchema } from "./types.js";

describe("mastodon HTML → text", () => {
  it("keeps paragraphs and line breaks, drops tags, decodes entities once", () => {
    expect(htmlToText("<p>Hello&nbsp;there<br />second line</p><p>Новый абзац</p>")).toBe("Hello\u00a0there\nsecond line\n\nНовый абзац");
    expect(htmlToText("<p>a &lt;b&gt; &amp;amp; &#39;q&#39; &#x1F600; &quot;x&quot;</p>")).toBe("a <b> &amp; 'q' 😀 \"x\"");
    expect(htmlToText("<p>&unknown; &#0; &#xD800;</p>")).toBe("&unknown; \ufffd \ufffd");
  });

  it("reads mentions and links as people see them", () => {
    const html =
      '<p><span class="h-card" translate="no"><a href="https://mastodon.social/@northcoffee" class="u-url mention">@<span>northcoffee</span></a></span> see <a href="https://north.coffee/menu/autumn-2026" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">north.coffee/menu/autu</span><span class="invisible">mn-2026</span></a></p>';
    expect(htmlToText(html)).toBe("@northcoffee see https://north.coffee/menu/autumn-2026");
  });

  it("never keeps markup: scripts, styles and comments go with their content; lists and quotes become lines", () => {
    expect(htmlToText('<p>ok</p><script>alert("x")</script><style>p{}</style><!-- hidden -->')).toBe("ok");
    expect(htmlToText("<ul><li>one</li><li>two</li></ul><blockquote><p>quoted</p></blockquote>")).toBe("• one\n• two\nquoted");
    expect(htmlToText('<p onclick="x">&lt;script&gt;</p>')).toBe("<script>");
  });
});

const brand = { id: "1", username: "northcoffee", acct: "northcoffee" };
const anna = { id: "2", username: "anna", acct: "anna@social.example", display_name: "Анна", followers_count: 120, avatar: "https://social.example/a.png" };
const ivan = { id: "3", username: "ivan", acct: "ivan", display_name: "" };
const opts = { accountId: "1", instanceHost: "mastodon.test" };
let seq = 100;
const st = (account: Record<string, unknown>, inReplyTo: string | null, over: Record<string, unknown> = {}): ThreadStatus =>
  threadStatusSchema.parse({
    id: String(seq++),
    created_at: "2026-03-10T16:00:00.000Z",
    in_reply_to_id: inReplyTo,
    content: "<p>text</p>",
    uri: "https://x/s",
    url: "https://x/@a/1",
    account,
    ...over,
  });

describe("mastodon statuses → inbox items", () => {
  it("maps a thread: comments on the post and on the account's thread items, replies to others, not the account's own", () => {
    const root = st(brand, null);
    const item2 = st(brand, root.id); // a thread item the account added under its post
    const c1 = st(anna, root.id, { edited_at: "2026-03-10T17:00:00.000Z" });
    const c2 = st(ivan, item2.id);
    const r1 = st(ivan, c1.id, { visibility: "direct" });
    const answer = st(brand, c1.id);
    const r2 = st(anna, answer.id);
    const items = threadItems(root, [item2, c1, r1, answer, r2, c2], opts);
    expect(items.map((i) => [i.externalId, i.parentExternalId, i.kind])).toEqual([
      [c1.id, null, "comment"],
      [r1.id, c1.id, "message"],
      [r2.id, answer.id, "reply"],
      [c2.id, null, "comment"],
    ]);
    expect(items.every((i) => i.postExternalId === root.id)).toBe(true);
    expect(items[0]).toMatchObject({
      authorName: "Анна",
      authorHandle: "@anna@social.example",
      authorFollowers: 120,
      authorAvatarUrl: "https://social.example/a.png",
      text: "text",
      editedAt: "2026-03-10T17:00:00.000Z",
      url: "https://x/@a/1",
    });
    expect(items[1]).toMatchObject({ authorName: "ivan", authorHandle: "@ivan@mastodon.test", authorFollowers: null });
  });

  it("places a mention by its thread's root: under the account's post, a mention elsewhere, a message when direct", () => {
    const root = st(brand, null);
    const c1 = st(anna, root.id);
    const deep = st(ivan, c1.id);
    expect(placeOfMention(deep, [root, c1], opts)).toEqual({ postExternalId: root.id, parentExternalId: c1.id, kind: "reply" });
    const other = st(ivan, null);
    const mention = st(anna, other.id);
    expect(placeOfMention(mention, [other], opts)).toEqual({ postExternalId: mention.id, parentExternalId: null, kind: "mention" });
    expect(placeOfMention(st(anna, null), [], opts).kind).toBe("mention");
    const dm = st(anna, null, { visibility: "direct" });
    expect(placeOfMention(dm, [], opts)).toEqual({ postExternalId: dm.id, parentExternalId: null, kind: "message" });
    const dmAnswer = st(anna, "55", { visibility: "direct", in_reply_to_account_id: "1" });
    expect(placeOfMention(dmAnswer, [dm, st(brand, dm.id)], opts)).toMatchObject({ postExternalId: dm.id, parentExternalId: null, kind: "message" });
  });

  it("shows a content warning before the text, and names media without text", () => {
    expect(statusText({ content: "<p>spoiler body</p>", spoiler_text: "Food", media_attachments: [] })).toBe("Food\n\nspoiler body");
    expect(statusText({ content: "", spoiler_text: "", media_attachments: [{ type: "image" }] })).toBe("[image]");
    expect(handleOf({ acct: "x@y.z" }, "h")).toBe("@x@y.z");
  });

  it("orders ids, reads Link headers and keeps the cursor", () => {
    expect(["110", "99", "1000"].sort(compareIds)).toEqual(["99", "110", "1000"]);
    expect(parseLinkHeader('<https://m.test/api/v1/notifications?max_id=7>; rel="next", <https://m.test/api/v1/notifications?min_id=9>; rel="prev"')).toEqual({
      next: "https://m.test/api/v1/notifications?max_id=7",
      prev: "https://m.test/api/v1/notifications?min_id=9",
    });
    expect(parseLinkHeader(null)).toEqual({});
    expect(decodeCursor(encodeCursor({ notificationId: "123", sweptAt: 1700 }))).toEqual({ notificationId: "123", sweptAt: 1700 });
    expect(decodeCursor(null)).toEqual({ notificationId: null, sweptAt: null });
    expect(decodeCursor("123")).toEqual({ notificationId: "123", sweptAt: null });
  });
});
