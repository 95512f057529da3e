/**
 * A local stand-in for the VK API 5.199 (https://dev.vk.com/ru/method) answering the documented
 * shapes: HTTP 200 with `{ response }` or `{ error: { error_code, error_msg, request_params } }`, and
 * upload servers answering `{ server, photo, hash }` / `{ video_id, size }`. It records every request
 * (path, query, form fields, multipart files) so tests assert what Chorus sent. VK itself cannot be
 * reached from the test environment.
 *
 * For the inbox it keeps comments per post as VK shows them: wall.get lists the wall's posts with
 * their comment counters; wall.getComments answers the top level (with thread_items_count replies
 * in each `thread`) or one thread (comment_id), paged by offset/count, with `profiles`/`groups`
 * for extended=1, a deleted comment with replies as `deleted: true`; wall.createComment honours
 * guid and refuses a deleted parent or closed comments; likes.add and wall.deleteComment.
 *
 * For social listening it keeps public posts elsewhere on VK (addNetworkPost) and answers
 * newsfeed.search as documented: q (every word, a "quoted phrase" or a #hashtag, case-insensitive),
 * count (default 30, at most 200), start_time (default: 24 hours ago) and end_time (default: now),
 * start_from → next_from, newest first, only the first 1000 results reachable, and with extended=1
 * the authors in `profiles` / `groups` with the `fields` asked for (followers_count, members_count,
 * screen_name).
 *
 * For competitors (public pages of other communities): groups.getById answers the communities added
 * with addCommunity too (by id or short name, `deactivated` for a deleted or banned one, error 100
 * for a name that names nothing), and wall.get with owner_id=-<their id> lists their network posts
 * newest first (a pinned one first), offset/count (at most 100), with attachments, likes, reposts,
 * comments and views, `count` the wall's total; a closed community's wall answers error 15.
 *
 * For analytics: stats.get answers the community's statistics set in `state.stats` as one interval
 * (visitors by sex, age, city and country; reach; subscribed and unsubscribed), or error 15 when
 * none are set, as for a token without access to statistics.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedFile = { name: string; type: string; size: number; text: string };
export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The API method (wall.post …), or "upload:photo" / "upload:video". */
  api: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
  files: Record<string, RecordedFile>;
};
export type FakeComment = { id: number; from_id: number; date: number; text: string; reply_to_comment?: number; threadTop: number | null; deleted: boolean; guid?: string };
export type FakeProfile = { id: number; first_name: string; last_name: string; screen_name?: string; photo_100?: string; followers_count?: number };
type Post = { id: number; owner_id: number; date: number; text: string; attachments: string; guid: string | undefined; views: number; likes: number; reposts: number; comments: number };
/** A public post on someone's wall, for newsfeed.search; from_id is who wrote it (the owner unless said). */
export type FakeNetworkPost = { id: number; owner_id: number; from_id: number; date: number; text: string; links: string[]; likes: number; reposts: number; comments: number; views: number; repostOf?: { owner_id: number; id: number; text: string }; media?: ("photo" | "video" | "clip")[]; pinned?: boolean };
export type FakeCommunity = { id: number; name: string; screen_name: string; members_count?: number; deactivated?: "deleted" | "banned"; is_closed?: 0 | 1 | 2 };

export type FakeVk = {
  url: string;
  requests: RecordedRequest[];
  calls(api: string): RecordedRequest[];
  /** The next call of `api` answers this VK error. */
  failNext(api: string, errorCode: number, errorMsg: string): void;
  /** The next call of `api` answers this HTTP status with an HTML body, as a broken proxy would. */
  failHttpNext(api: string, status: number): void;
  state: {
    token: string;
    group: { id: number; name: string; screen_name: string; members_count: number };
    adminLevel: number;
    permissions: number;
    posts: Map<string, Post>;
    wallTotal: number;
    /** Comments per post ("<owner>_<post>"), in the order they were written. */
    comments: Map<string, FakeComment[]>;
    profiles: Map<number, FakeProfile>;
    /** Posts whose comments are closed (wall.createComment answers 213). */
    closed: Set<string>;
    likes: { ownerId: number; itemId: number; type: string }[];
    /** Public posts elsewhere on VK, found by newsfeed.search. */
    networkPosts: FakeNetworkPost[];
    /** Other communities, named in newsfeed.search's `groups`. */
    communities: Map<number, FakeCommunity>;
    /** The community's statistics as stats.get answers them (one interval); unset: stats.get answers access denied. */
    stats?: FakeVkStats;
  };
  /** A post on the community's wall at `date` (unix seconds); returns its "<owner>_<post>". */
  addPost(opts?: { date?: number; text?: string }): string;
  /** A comment on a post by a person (from_id > 0) or a community (< 0); a reply when replyTo is given. */
  addComment(postKey: string, opts: { fromId: number; text: string; date?: number; replyTo?: number }): number;
  /** A public post on a wall (a person's: ownerId > 0, a community's: < 0) at `date` (unix seconds); returns "<owner>_<id>". */
  addNetworkPost(opts: { ownerId: number; fromId?: number; text: string; date: number; links?: string[]; likes?: number; reposts?: number; comments?: number; views?: number; media?: ("photo" | "video" | "clip")[]; pinned?: boolean; repostOf?: { ownerId: number; id: number; text: string } }): string;
  /** Another community on VK (a competitor's public page). */
  addCommunity(c: FakeCommunity): void;
  close(): Promise<void>;
};

export type FakeVkStats = {
  views: number;
  visitors: number;
  reach: number;
  subscribed: number;
  unsubscribed: number;
  sex: { value: string; count: number }[];
  age: { value: string; count: number }[];
  cities: { name: string; value: number; count: number }[];
  countries: { name: string; code: string; value: number; count: number }[];
};

/** Statistics of a coffee community for a day, in stats.get's shapes (tests set state.stats to it). */
export const sampleVkStats: FakeVkStats = {
  views: 900,
  visitors: 410,
  reach: 5230,
  subscribed: 37,
  unsubscribed: 12,
  sex: [
    { value: "f", count: 260 },
    { value: "m", count: 150 },
  ],
  age: [
    { value: "21-24", count: 120 },
    { value: "18-21", count: 80 },
  ],
  cities: [
    { name: "Санкт-Петербург", value: 2, count: 300 },
    { name: "Москва", value: 1, count: 70 },
  ],
  countries: [{ name: "Россия", code: "RU", value: 1, count: 395 }],
};

async function readBody(req: http.IncomingMessage): Promise<{ params: Record<string, string>; files: Record<string, RecordedFile> }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const params: Record<string, string> = {};
    const files: Record<string, RecordedFile> = {};
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") params[k] = v;
      else files[k] = { name: v.name, type: v.type, size: v.size, text: await v.text() };
    }
    return { params, files };
  }
  return { params: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))), files: {} };
}

/** A post's attachments as wall.getById shows them: media objects with ids, links with their url. */
function attachmentsJson(attachments: string): unknown[] {
  return attachments
    .split(",")
    .filter(Boolean)
    .map((a) => {
      const m = /^(photo|video|doc|audio)(-?\d+)_(\d+)(?:_\w+)?$/.exec(a);
      if (!m) return { type: "link", link: { url: a, title: "", description: "" } };
      return { type: m[1], [m[1]!]: { id: Number(m[3]), owner_id: Number(m[2]), ...(m[1] === "video" ? { access_key: "k" } : {}) } };
    });
}

/** wall (8192) + photos (4) + video (16) + groups (262144) + offline (65536). */
export const allScopes = 8192 + 4 + 16 + 262144 + 65536;

export async function startFakeVk(): Promise<FakeVk> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, ({ kind: "api"; code: number; msg: string } | { kind: "http"; status: number })[]>();
  const state: FakeVk["state"] = {
    token: "vk1.a.fake-user-token",
    group: { id: 218375, name: "Кофейня North", screen_name: "north_coffee", members_count: 8120 },
    adminLevel: 3,
    permissions: allScopes,
    posts: new Map(),
    wallTotal: 412,
    comments: new Map(),
    profiles: new Map(),
    closed: new Set(),
    likes: [],
    networkPosts: [],
    communities: new Map(),
  };
  let nextPostId = 1000;
  let nextPhotoId = 457239000;
  let nextVideoId = 456239000;
  let nextCommentId = 50;
  let nextNetworkPostId = 7000;
  const guids = new Map<string, number>();
  let base = "";

  const error = (code: number, msg: string, params: Record<string, string>) => ({
    error: {
      error_code: code,
      error_msg: msg,
      request_params: Object.entries(params)
        .filter(([k]) => k !== "access_token")
        .map(([key, value]) => ({ key, value })),
    },
  });
  const groupMatches = (id: string | undefined) => id === String(state.group.id) || id === state.group.screen_name;
  const commentGuids = new Map<string, number>();
  const live = (postKey: string) => (state.comments.get(postKey) ?? []).filter((c) => !c.deleted);
  const findComment = (ownerId: number, id: number) => {
    for (const [k, list] of state.comments) if (k.startsWith(`${ownerId}_`)) for (const c of list) if (c.id === id) return c;
    return undefined;
  };
  /** A comment as wall.getComments shows it; a deleted one keeps only its id, date and `deleted`. */
  const commentJson = (c: FakeComment, ownerId: number, postId: number) =>
    c.deleted
      ? { id: c.id, from_id: 0, date: c.date, text: "", deleted: true, post_id: postId, owner_id: ownerId, parents_stack: [] }
      : {
          id: c.id,
          from_id: c.from_id,
          date: c.date,
          text: c.text,
          post_id: postId,
          owner_id: ownerId,
          parents_stack: c.threadTop ? [c.threadTop] : [],
          ...(c.reply_to_comment ? { reply_to_comment: c.reply_to_comment, reply_to_user: 1 } : {}),
          likes: { count: 0, user_likes: 0, can_like: 1 },
        };

  const ok = (response: unknown) => ({ response });
  function getComments(p: Record<string, string>) {
    const postKey = `${p.owner_id}_${p.post_id}`;
    if (!state.posts.has(postKey)) return error(100, "One of the parameters specified was missing or invalid: post_id is invalid", p);
    const all = state.comments.get(postKey) ?? [];
    const ownerId = Number(p.owner_id);
    const postId = Number(p.post_id);
    const offset = Number(p.offset ?? 0);
    const count = Math.min(Number(p.count ?? 10), 100);
    const order = (list: FakeComment[]) => (p.sort === "desc" ? [...list].reverse() : list);
    const repliesOf = (top: number) => all.filter((c) => c.threadTop === top && !c.deleted);
    const shown: FakeComment[] = [];
    let level: FakeComment[];
    let items: unknown[];
    if (p.comment_id) {
      level = order(repliesOf(Number(p.comment_id)));
      const page = level.slice(offset, offset + count);
      shown.push(...page);
      items = page.map((c) => commentJson(c, ownerId, postId));
    } else {
      // A deleted top comment stays (as deleted) while it has replies; otherwise it is gone.
      level = order(all.filter((c) => c.threadTop === null && (!c.deleted || repliesOf(c.id).length > 0)));
      const page = level.slice(offset, offset + count);
      const inThread = Math.min(Number(p.thread_items_count ?? 0), 10);
      items = page.map((c) => {
        const replies = repliesOf(c.id);
        const first = replies.slice(0, inThread);
        shown.push(c, ...first);
        return { ...commentJson(c, ownerId, postId), thread: { count: replies.length, items: first.map((r) => commentJson(r, ownerId, postId)), can_post: true, show_reply_button: true, groups_can_post: true } };
      });
    }
    const body: Record<string, unknown> = { count: live(postKey).length, current_level_count: level.length, can_post: 1, show_reply_button: 1, groups_can_post: true, items };
    if (p.extended === "1") {
      const ids = [...new Set(shown.filter((c) => !c.deleted).map((c) => c.from_id))];
      body.profiles = ids.filter((id) => id > 0).flatMap((id) => {
        const prof = state.profiles.get(id);
        return prof ? [{ ...prof, can_access_closed: true, is_closed: false }] : [];
      });
      body.groups = ids
        .filter((id) => id < 0)
        .map((id) => (id === -state.group.id ? { id: state.group.id, name: state.group.name, screen_name: state.group.screen_name, photo_100: "https://vk.test/g.jpg" } : { id: -id, name: `Community ${-id}`, screen_name: `club${-id}` }));
    }
    return ok(body);
  }

  /** newsfeed.search: the matching posts in the window, newest first; next_from is an opaque position. */
  function searchNewsfeed(p: Record<string, string>) {
    const q = (p.q ?? "").trim().toLowerCase();
    const now = Math.floor(Date.now() / 1000);
    const startTime = p.start_time ? Number(p.start_time) : now - 86_400;
    const endTime = p.end_time ? Number(p.end_time) : now;
    const count = Math.min(Math.max(Number(p.count ?? 30), 0), 200);
    const offset = p.start_from ? Number(Buffer.from(p.start_from, "base64url").toString("utf8").split("/")[0]) : 0;
    const terms = [...q.matchAll(/"([^"]+)"|(\S+)/g)].map((t) => t[1] ?? t[2]!);
    const matching = state.networkPosts
      .filter((post) => post.date >= startTime && post.date <= endTime)
      .filter((post) => q !== "" && terms.every((t) => `${post.text} ${post.repostOf?.text ?? ""}`.toLowerCase().includes(t)))
      .sort((a, b) => b.date - a.date || b.id - a.id)
      // VK lets a search reach its first 1000 results only.
      .slice(0, 1000);
    const page = matching.slice(offset, offset + count);
    const items = page.map((post) => ({
      id: post.id,
      owner_id: post.owner_id,
      from_id: post.from_id,
      date: post.date,
      post_type: "post",
      text: post.text,
      attachments: post.links.map((url) => ({ type: "link", link: { url, title: "", description: "" } })),
      comments: { count: post.comments, can_post: 1 },
      likes: { count: post.likes, user_likes: 0, can_like: 1 },
      reposts: { count: post.reposts, user_reposted: 0 },
      views: { count: post.views },
      // A repost carries the shared post in copy_history.
      ...(post.repostOf ? { copy_history: [{ id: post.repostOf.id, owner_id: post.repostOf.owner_id, from_id: post.repostOf.owner_id, date: post.date - 60, post_type: "post", text: post.repostOf.text }] } : {}),
    }));
    const body: Record<string, unknown> = { items, count: matching.length, total_count: matching.length };
    if (offset + count < matching.length) body.next_from = Buffer.from(`${offset + count}/${page.at(-1)?.owner_id}_${page.at(-1)?.id}`).toString("base64url");
    if (p.extended === "1") {
      const fields = (p.fields ?? "").split(",");
      const authors = [...new Set(page.map((post) => post.from_id))];
      body.profiles = authors.flatMap((id) => {
        const prof = id > 0 ? state.profiles.get(id) : undefined;
        if (!prof) return [];
        const { followers_count, screen_name, ...rest } = prof;
        return [{ ...rest, ...(fields.includes("screen_name") && screen_name ? { screen_name } : {}), ...(fields.includes("followers_count") && followers_count !== undefined ? { followers_count } : {}), can_access_closed: true, is_closed: false }];
      });
      body.groups = authors.flatMap((id) => {
        const g = id < 0 ? state.communities.get(-id) : undefined;
        if (!g) return [];
        return [{ id: g.id, name: g.name, screen_name: g.screen_name, is_closed: 0, type: "page", ...(fields.includes("members_count") && g.members_count !== undefined ? { members_count: g.members_count } : {}) }];
      });
    }
    return { response: body };
  }

  function answer(api: string, p: Record<string, string>): unknown {
    if (p.v !== "5.199") return error(8, "Invalid request: versions below 5.0 are no longer supported", p);
    if (p.access_token !== state.token) return error(5, "User authorization failed: invalid access_token (4).", p);
    const ok = (response: unknown) => ({ response });
    switch (api) {
      case "groups.getById": {
        const other = [...state.communities.values()].find((c) => p.group_id === String(c.id) || p.group_id === c.screen_name);
        if (other && !groupMatches(p.group_id)) {
          const g: Record<string, unknown> = { id: other.id, name: other.name, screen_name: other.screen_name, is_closed: other.is_closed ?? 0, type: "page" };
          if (other.deactivated) g.deactivated = other.deactivated;
          if ((p.fields ?? "").split(",").includes("members_count") && other.members_count !== undefined && !other.deactivated) g.members_count = other.members_count;
          return ok({ groups: [g], profiles: [] });
        }
        if (!groupMatches(p.group_id)) return error(100, "One of the parameters specified was missing or invalid: group_id is undefined", p);
        const fields = (p.fields ?? "").split(",");
        const g: Record<string, unknown> = { id: state.group.id, name: state.group.name, screen_name: state.group.screen_name, is_closed: 0, type: "page" };
        if (fields.includes("members_count")) g.members_count = state.group.members_count;
        if (fields.includes("is_admin")) g.is_admin = state.adminLevel > 0 ? 1 : 0;
        if (fields.includes("admin_level") && state.adminLevel > 0) g.admin_level = state.adminLevel;
        return ok({ groups: [g], profiles: [] });
      }
      case "account.getAppPermissions":
        return ok(state.permissions);
      case "photos.getWallUploadServer":
        return ok({ album_id: -14, upload_url: `${base}/upload/photo?gid=${p.group_id}`, user_id: 0 });
      case "photos.saveWallPhoto":
        if (!p.photo || !p.hash || !p.server) return error(100, "One of the parameters specified was missing or invalid: photo", p);
        return ok([{ album_id: -14, date: 1_773_158_400, id: nextPhotoId++, owner_id: -Number(p.group_id), sizes: [], text: "" }]);
      case "video.save":
        return ok({ access_key: "k", description: "", owner_id: -Number(p.group_id), title: p.name ?? "", upload_url: `${base}/upload/video?vid=${nextVideoId}`, video_id: nextVideoId++ });
      case "wall.post": {
        if (!p.message && !p.attachments) return error(100, "One of the parameters specified was missing or invalid: message is empty or invalid", p);
        // guid: a repeated post with the same guid is not published again.
        const known = p.guid ? guids.get(p.guid) : undefined;
        if (known !== undefined) return ok({ post_id: known });
        const id = nextPostId++;
        if (p.guid) guids.set(p.guid, id);
        const owner = Number(p.owner_id);
        state.posts.set(`${owner}_${id}`, { id, owner_id: owner, date: 1_773_158_400, text: p.message ?? "", attachments: p.attachments ?? "", guid: p.guid, views: 0, likes: 0, reposts: 0, comments: 0 });
        return ok({ post_id: id });
      }
      case "wall.createComment": {
        const postKey = `${p.owner_id}_${p.post_id}`;
        const known = p.guid ? commentGuids.get(p.guid) : undefined;
        if (known !== undefined) return ok({ comment_id: known, parents_stack: [] });
        if (!state.posts.has(postKey)) {
          if (state.comments.has(postKey)) return error(100, "One of the parameters specified was missing or invalid: post_id is invalid", p);
          // A post the fake never saw (publishing tests): accepted without keeping it.
          const id = nextCommentId++;
          if (p.guid) commentGuids.set(p.guid, id);
          return ok({ comment_id: id, parents_stack: [] });
        }
        if (state.closed.has(postKey)) return error(213, "Access to status replies denied", p);
        if (!p.message && !p.attachments) return error(100, "One of the parameters specified was missing or invalid: message is empty or invalid", p);
        const list = state.comments.get(postKey) ?? [];
        const parent = p.reply_to_comment ? list.find((c) => c.id === Number(p.reply_to_comment)) : undefined;
        if (p.reply_to_comment && (!parent || parent.deleted)) return error(100, "One of the parameters specified was missing or invalid: reply_to_comment is invalid", p);
        const id = nextCommentId++;
        const from = p.from_group ? -Number(p.from_group) : 1;
        list.push({ id, from_id: from, date: 1_773_162_000, text: p.message ?? "", threadTop: parent ? (parent.threadTop ?? parent.id) : null, deleted: false, ...(parent ? { reply_to_comment: parent.id } : {}), ...(p.guid ? { guid: p.guid } : {}) });
        state.comments.set(postKey, list);
        if (p.guid) commentGuids.set(p.guid, id);
        return ok({ comment_id: id, parents_stack: parent ? [parent.threadTop ?? parent.id] : [] });
      }
      case "wall.getComments":
        return getComments(p);
      case "newsfeed.search":
        return searchNewsfeed(p);
      case "likes.add": {
        if (p.type !== "comment") return error(100, "One of the parameters specified was missing or invalid: type is invalid", p);
        const c = findComment(Number(p.owner_id), Number(p.item_id));
        if (!c || c.deleted) return error(100, "One of the parameters specified was missing or invalid: item_id is invalid", p);
        state.likes.push({ ownerId: Number(p.owner_id), itemId: Number(p.item_id), type: p.type });
        return ok({ likes: state.likes.filter((l) => l.itemId === c.id).length });
      }
      case "wall.delete": {
        const key = `${p.owner_id}_${p.post_id}`;
        if (!state.posts.delete(key)) return error(100, "One of the parameters specified was missing or invalid: post_id", p);
        return ok(1);
      }
      case "wall.deleteComment": {
        const c = findComment(Number(p.owner_id), Number(p.comment_id));
        if (c?.deleted) return error(104, "Not found", p);
        if (c) c.deleted = true;
        return ok(1);
      }
      case "wall.getById": {
        const items = (p.posts ?? "").split(",").flatMap((k) => {
          const post = state.posts.get(k);
          return post
            ? [{ id: post.id, owner_id: post.owner_id, from_id: post.owner_id, date: post.date, text: post.text, attachments: attachmentsJson(post.attachments), views: { count: post.views }, likes: { count: post.likes, user_likes: 0 }, reposts: { count: post.reposts }, comments: { count: post.comments } }]
            : [];
        });
        return ok({ items, profiles: [], groups: [] });
      }
      case "wall.edit": {
        const post = state.posts.get(`${p.owner_id}_${p.post_id}`);
        if (!post) return error(100, "One of the parameters specified was missing or invalid: post_id", p);
        if (!p.message && !p.attachments) return error(100, "One of the parameters specified was missing or invalid: message is empty or invalid", p);
        // Like VK: what is not sent is removed (the attachments are replaced as a whole).
        post.text = p.message ?? "";
        post.attachments = p.attachments ?? "";
        return ok({ post_id: post.id });
      }
      case "wall.get": {
        const owner = Number(p.owner_id);
        const community = owner < 0 ? state.communities.get(-owner) : undefined;
        if (community && owner !== -state.group.id) {
          if (community.is_closed) return error(15, "Access denied: this wall available only for community members", p);
          const offset = Number(p.offset ?? 0);
          const count = Math.min(Number(p.count ?? 20), 100);
          const wall = state.networkPosts.filter((post) => post.owner_id === owner && (p.filter !== "owner" || post.from_id === owner)).sort((a, b) => Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)) || b.date - a.date || b.id - a.id);
          const items = wall.slice(offset, offset + count).map((post) => ({
            id: post.id,
            owner_id: post.owner_id,
            from_id: post.from_id,
            date: post.date,
            post_type: "post",
            text: post.text,
            ...(post.pinned ? { is_pinned: 1 } : {}),
            attachments: [
              ...(post.media ?? []).map((type, i) => ({ type, [type]: { id: 456_000 + i, owner_id: post.owner_id } })),
              ...post.links.map((url) => ({ type: "link", link: { url, title: "", description: "" } })),
            ],
            comments: { count: post.comments, can_post: 1 },
            likes: { count: post.likes, user_likes: 0, can_like: 1 },
            reposts: { count: post.reposts, user_reposted: 0 },
            views: { count: post.views },
          }));
          return ok({ count: wall.length, items });
        }
        const offset = Number(p.offset ?? 0);
        const count = Math.min(Number(p.count ?? 20), 100);
        const items = [...state.posts.values()]
          .filter((post) => post.owner_id === owner)
          .sort((a, b) => b.id - a.id)
          .slice(offset, offset + count)
          .map((post) => ({
            id: post.id,
            owner_id: post.owner_id,
            from_id: post.owner_id,
            date: post.date,
            text: post.text,
            comments: { count: live(`${post.owner_id}_${post.id}`).length, can_post: 1 },
            likes: { count: post.likes },
            views: { count: post.views },
          }));
        return ok({ count: state.wallTotal, items });
      }
      case "stats.get": {
        // Without statistics set up, as for a token that may not read them: access denied.
        if (!state.stats) return error(15, "Access denied: no access to this group statistics", p);
        if (!groupMatches(p.group_id)) return error(100, "One of the parameters specified was missing or invalid: group_id", p);
        const st = state.stats;
        return ok([
          {
            period_from: Number(p.timestamp_from),
            period_to: Number(p.timestamp_to),
            visitors: { views: st.views, visitors: st.visitors, sex: st.sex, age: st.age, cities: st.cities, countries: st.countries },
            reach: { reach: st.reach, reach_subscribers: Math.floor(st.reach / 2) },
            activity: { subscribed: st.subscribed, unsubscribed: st.unsubscribed },
          },
        ]);
      }
      default:
        return error(3, "Unknown method passed", p);
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const { params, files } = await readBody(req);
    const upload = /^\/upload\/(photo|video)$/.exec(url.pathname);
    const method = /^\/method\/([a-zA-Z.]+)$/.exec(url.pathname)?.[1];
    const api = upload ? `upload:${upload[1]}` : (method ?? url.pathname);
    requests.push({ method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), api, headers: req.headers, params, files });
    const failure = failures.get(api)?.shift();
    if (failure?.kind === "http") {
      res.writeHead(failure.status, { "content-type": "text/html" });
      res.end("<html><body>502 Bad Gateway</body></html>");
      return;
    }
    let body: unknown;
    if (failure) body = error(failure.code, failure.msg, params);
    else if (upload?.[1] === "photo") body = files.photo ? { server: 622624, photo: JSON.stringify([{ photo: "abc", sizes: [] }]), hash: "8112ae88" } : { server: 622624, photo: "[]", hash: "" };
    else if (upload?.[1] === "video") body = files.video_file ? { size: files.video_file.size, video_id: Number(url.searchParams.get("vid")), video_hash: "h" } : { error: "no file" };
    else if (method) body = answer(method, params);
    else body = { error: "not found" };
    // Upload servers answer JSON as text/html, as VK's do.
    res.writeHead(200, { "content-type": upload ? "text/html; charset=utf-8" : "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  const queue = (api: string, f: { kind: "api"; code: number; msg: string } | { kind: "http"; status: number }) => {
    const list = failures.get(api) ?? [];
    list.push(f);
    failures.set(api, list);
  };
  return {
    url: base,
    requests,
    calls: (api) => requests.filter((r) => r.api === api),
    failNext: (api, code, msg) => queue(api, { kind: "api", code, msg }),
    failHttpNext: (api, status) => queue(api, { kind: "http", status }),
    state,
    addPost(opts = {}) {
      const id = nextPostId++;
      const owner = -state.group.id;
      state.posts.set(`${owner}_${id}`, { id, owner_id: owner, date: opts.date ?? 1_773_158_400, text: opts.text ?? "", attachments: "", guid: undefined, views: 0, likes: 0, reposts: 0, comments: 0 });
      return `${owner}_${id}`;
    },
    addComment(postKey, opts) {
      const list = state.comments.get(postKey) ?? [];
      const parent = opts.replyTo === undefined ? undefined : list.find((c) => c.id === opts.replyTo);
      const id = nextCommentId++;
      list.push({
        id,
        from_id: opts.fromId,
        date: opts.date ?? 1_773_160_000,
        text: opts.text,
        threadTop: parent ? (parent.threadTop ?? parent.id) : null,
        deleted: false,
        ...(parent ? { reply_to_comment: parent.id } : {}),
      });
      state.comments.set(postKey, list);
      return id;
    },
    addNetworkPost(opts) {
      const id = nextNetworkPostId++;
      state.networkPosts.push({
        id,
        owner_id: opts.ownerId,
        from_id: opts.fromId ?? opts.ownerId,
        date: opts.date,
        text: opts.text,
        links: opts.links ?? [],
        likes: opts.likes ?? 0,
        reposts: opts.reposts ?? 0,
        comments: opts.comments ?? 0,
        views: opts.views ?? 0,
        ...(opts.media ? { media: opts.media } : {}),
        ...(opts.pinned ? { pinned: true } : {}),
        ...(opts.repostOf ? { repostOf: { owner_id: opts.repostOf.ownerId, id: opts.repostOf.id, text: opts.repostOf.text } } : {}),
      });
      return `${opts.ownerId}_${id}`;
    },
    addCommunity(c) {
      state.communities.set(c.id, c);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
