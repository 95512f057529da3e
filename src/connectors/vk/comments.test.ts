import { describe, expect, it } from "vitest";
import { addAuthors, commentText, mapComment, newAuthors } from "./comments.js";
import { toCommentError, VkApiError } from "./errors.js";
import { threadItemSchema } from "./types.js";

const place = { ownerId: -218375, postId: 1000, groupId: 218375, threadTop: null };
const authors = newAuthors();
addAuthors(authors, {
  profiles: [{ id: 42, first_name: "Анна", last_name: "Смирнова", screen_name: "anna.s", photo_100: "https://vk.test/a.jpg", followers_count: 312 }],
  groups: [{ id: 555, name: "Соседи", screen_name: "sosedi", members_count: 9000 }],
});
const comment = (over: Record<string, unknown>) => threadItemSchema.parse({ id: 60, from_id: 42, date: 1_773_160_000, text: "Очень вкусно", ...over });

describe("vk comments → inbox items", () => {
  it("maps a top-level comment with its author from the profiles", () => {
    expect(mapComment(comment({}), place, authors)).toEqual({
      externalId: "-218375_1000_60",
      postExternalId: "-218375_1000",
      parentExternalId: null,
      kind: "comment",
      occurredAt: "2026-03-10T16:26:40.000Z",
      url: "https://vk.com/wall-218375_1000?reply=60",
      authorName: "Анна Смирнова",
      authorHandle: "anna.s",
      authorFollowers: 312,
      authorAvatarUrl: "https://vk.test/a.jpg",
      text: "Очень вкусно",
    });
  });

  it("answers reply_to_comment inside a thread, else the thread's top comment", () => {
    const inThread = { ...place, threadTop: 60 };
    expect(mapComment(comment({ id: 62, reply_to_comment: 61 }), inThread, authors)).toMatchObject({
      parentExternalId: "-218375_1000_61",
      kind: "reply",
      url: "https://vk.com/wall-218375_1000?reply=62&thread=60",
    });
    expect(mapComment(comment({ id: 63 }), inThread, authors)).toMatchObject({ parentExternalId: "-218375_1000_60" });
  });

  it("reports deleted comments, skips the community's own, names communities and unknown people", () => {
    expect(mapComment(comment({ deleted: true, text: "", from_id: 0 }), place, authors)).toMatchObject({ externalId: "-218375_1000_60", deleted: true, text: "" });
    expect(mapComment(comment({ from_id: -218375 }), place, authors)).toBeNull();
    expect(mapComment(comment({ from_id: -555 }), place, authors)).toMatchObject({ authorName: "Соседи", authorHandle: "sosedi", authorFollowers: 9000 });
    expect(mapComment(comment({ from_id: 77 }), place, authors)).toMatchObject({ authorName: "id77", authorHandle: "id77", authorFollowers: null });
  });

  it("describes a comment that is only an attachment", () => {
    expect(commentText({ text: "", attachments: [{ type: "sticker" }] })).toBe("[sticker]");
    expect(commentText({ text: " ", attachments: [{ type: "photo" }, { type: "photo" }, { type: "video" }] })).toBe("[photo, video]");
  });

  it("maps comment refusals to clear words", () => {
    const err = (code: number, msg = "") => toCommentError(new VkApiError("wall.createComment", code, msg), "the reply");
    expect(err(213, "Access to status replies denied")).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/comments are closed/) });
    expect(err(212)).toMatchObject({ kind: "invalid_content", message: expect.stringMatching(/turned off/) });
    expect(err(100, "One of the parameters specified was missing or invalid: reply_to_comment is invalid")).toMatchObject({
      kind: "invalid_content",
      message: expect.stringMatching(/deleted/),
    });
    expect(err(223)).toMatchObject({ kind: "rate_limited", retryAfter: 600 });
    expect(err(6)).toMatchObject({ kind: "rate_limited", retryAfter: 1 });
    expect(err(5).kind).toBe("auth_expired");
  });
});
