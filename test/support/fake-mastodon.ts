/**
 * A local stand-in for a Mastodon server (https://docs.joinmastodon.org/methods/) answering the
 * documented shapes: Account, Instance (v2), MediaAttachment (200, or 202 with url null then 206
 * while processing), Status, `{ error }` answers (401, 403, 404, 422, 429), Idempotency-Key replay
 * and the X-RateLimit-* headers. It records every request so tests assert what Chorus sent. No
 * Mastodon server can be reached from the test environment.
 *
 * For the inbox: statuses by other accounts (addStatus) in threads, mention notifications
 * (GET /api/v1/notifications with types[], max_id/since_id/min_id, limit and a Link header),
 * GET /api/v1/statuses/:id/context (ancestors root first, descendants in thread order),
 * POST /api/v1/statuses/:id/favourite, and a reply to a missing status answering 404.
 *
 * For social listening: GET /api/v2/search (q, type, resolve, limit up to 40, offset, max_id and
 * min_id; a "quoted phrase" matches as a phrase, a word anywhere in the text; public statuses
 * only, newest first, `accounts` and `hashtags` empty for type=statuses) and
 * GET /api/v1/timelines/tag/:hashtag (max_id/since_id/min_id, limit up to 40, a Link header).
 * Statuses carry `language`, `card` and `tags` as the Status entity documents them.
 *
 * For competitors (public accounts): GET /api/v1/accounts/lookup?acct= (404 "Record not found" for
 * an unknown name; a suspended account with `suspended: true`) and GET /api/v1/accounts/:id/statuses
 * for any account added with addAccount (exclude_replies, exclude_reblogs, max_id, limit up to 40,
 * newest first), both answered without a token as Mastodon does for public data — unless
 * `state.publicApi` is false (a server in limited federation mode answers 401).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedFile = { name: string; type: string; size: number; text: string };
export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  /** "METHOD /path" with ids replaced by :id, e.g. "GET /api/v1/media/:id". */
  route: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string | string[]>;
  files: Record<string, RecordedFile>;
};
export type FakeAccount = { id: string; username: string; acct: string; display_name: string; followers_count: number; avatar: string; url: string; following_count?: number; statuses_count?: number; suspended?: boolean };
type Status = {
  id: string;
  created_at: string;
  edited_at?: string;
  content: string;
  visibility: string;
  in_reply_to_id: string | null;
  media_ids: string[];
  favourites_count: number;
  reblogs_count: number;
  replies_count: number;
  /** Someone else's status; the connected account's own when absent. */
  account?: FakeAccount;
  spoiler_text?: string;
  favourited?: boolean;
  reblog_of?: string;
  language?: string | null;
  /** The preview card of the status's first link (a PreviewCard: url, title, description, type). */
  card?: { url: string; title: string; description?: string; type?: string } | null;
};
type Notification = { id: string; type: string; created_at: string; account: FakeAccount; status_id: string };
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export type FakeMastodon = {
  url: string;
  host: string;
  requests: RecordedRequest[];
  calls(route: string): RecordedRequest[];
  failNext(route: string, status: number, body: unknown, headers?: Record<string, string>): void;
  state: {
    token: string;
    account: { id: string; username: string; display_name: string; followers_count: number; following_count: number; statuses_count: number };
    maxCharacters: number;
    maxMedia: number;
    /** How many GET /api/v1/media/:id answer 206 before an asynchronously processed upload is ready. */
    processingPolls: number;
    statuses: Map<string, Status>;
    rateLimit: { limit: number; remaining: number; reset: string };
    notifications: Notification[];
    /** Accounts added with addAccount, by id. */
    accounts: Map<string, FakeAccount>;
    /** False: public reads (lookup, an account's statuses) need a token, as in limited federation mode. */
    publicApi: boolean;
  };
  /** Someone on the network (acct with a server part for a remote account). */
  addAccount(username: string, opts?: { acct?: string; displayName?: string; followers?: number; following?: number; statuses?: number; suspended?: boolean }): FakeAccount;
  /**
   * A status by `account` (the connected account when null), optionally answering `inReplyTo`.
   * A mention notification is made when it mentions the account (`mention`, by default when it
   * answers one of the account's statuses or its text names @username).
   */
  addStatus(
    account: FakeAccount | null,
    text: string,
    opts?: {
      inReplyTo?: string;
      visibility?: string;
      createdAt?: string;
      mention?: boolean;
      spoiler?: string;
      html?: string;
      language?: string | null;
      card?: { url: string; title: string; description?: string; type?: string } | null;
      counts?: { favourites?: number; reblogs?: number; replies?: number };
      /** The status's id; Mastodon's are snowflakes, (milliseconds << 16) | sequence. A counter otherwise. */
      id?: string;
      /** Attached media by type (MediaAttachment.type). */
      media?: ("image" | "video" | "gifv")[];
      /** A boost of another status (its own text is empty). */
      reblogOf?: string;
    },
  ): string;
  /** Changes a status's text and sets edited_at, as an edit on the network does. */
  editStatus(id: string, text: string, editedAt?: string): void;
  close(): Promise<void>;
};

async function readBody(req: http.IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  const form: Record<string, string | string[]> = {};
  const files: Record<string, RecordedFile> = {};
  const add = (k: string, v: string) => {
    if (k.endsWith("[]")) form[k] = [...((form[k] as string[] | undefined) ?? []), v];
    else form[k] = v;
  };
  if (type.startsWith("multipart/form-data")) {
    const fd = await new Response(raw, { headers: { "content-type": type } }).formData();
    for (const [k, v] of fd.entries()) {
      if (typeof v === "string") add(k, v);
      else files[k] = { name: v.name, type: v.type, size: v.size, text: await v.text() };
    }
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) add(k, v);
  }
  return { form, files };
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
/** Roughly how Mastodon renders plain text: paragraphs, line breaks, linkified URLs with the scheme in an invisible span. */
const render = (text: string) =>
  text
    .split(/\n\n+/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br />").replace(/(https?:\/\/)([^\s<]+)/g, '<a href="$1$2" rel="nofollow noopener" target="_blank"><span class="invisible">$1</span><span class="">$2</span><span class="invisible"></span></a>')}</p>`)
    .join("");

export async function startFakeMastodon(): Promise<FakeMastodon> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, Answer[]>();
  const state: FakeMastodon["state"] = {
    token: "fake-mastodon-token",
    account: { id: "109876543210", username: "northcoffee", display_name: "North Coffee", followers_count: 640, following_count: 88, statuses_count: 1210 },
    maxCharacters: 500,
    maxMedia: 4,
    processingPolls: 2,
    statuses: new Map(),
    rateLimit: { limit: 300, remaining: 300, reset: new Date(Date.now() + 5 * 60_000).toISOString() },
    notifications: [],
    accounts: new Map(),
    publicApi: true,
  };
  const media = new Map<string, { id: string; type: string; polls: number }>();
  const idempotency = new Map<string, string>();
  let nextId = 110_000_000_000_000_000n;
  const newId = () => String(nextId++);
  let base = "";
  let host = "";

  const own = (): FakeAccount => ({
    id: state.account.id,
    username: state.account.username,
    acct: state.account.username,
    display_name: state.account.display_name,
    followers_count: state.account.followers_count,
    avatar: `${base}/avatars/${state.account.username}.png`,
    url: `${base}/@${state.account.username}`,
  });
  const authorOf = (s: Status) => s.account ?? own();
  const statusJson = (s: Status): Record<string, unknown> => ({
    id: s.id,
    created_at: s.created_at,
    edited_at: s.edited_at ?? null,
    in_reply_to_id: s.in_reply_to_id,
    in_reply_to_account_id: s.in_reply_to_id ? (state.statuses.get(s.in_reply_to_id) ? authorOf(state.statuses.get(s.in_reply_to_id)!).id : null) : null,
    visibility: s.visibility,
    sensitive: Boolean(s.spoiler_text),
    spoiler_text: s.spoiler_text ?? "",
    uri: `${base}/users/${authorOf(s).username}/statuses/${s.id}`,
    url: `${base}/@${authorOf(s).acct}/${s.id}`,
    content: s.content,
    reblog: s.reblog_of && state.statuses.get(s.reblog_of) ? { ...statusJson(state.statuses.get(s.reblog_of)!), account: authorOf(state.statuses.get(s.reblog_of)!) } : null,
    favourited: s.favourited ?? false,
    account: s.account ?? { id: state.account.id, username: state.account.username, acct: state.account.username },
    media_attachments: s.media_ids.map((id) => ({ id, type: media.get(id)?.type ?? "image", url: `${base}/media/${id}` })),
    favourites_count: s.favourites_count,
    reblogs_count: s.reblogs_count,
    replies_count: s.replies_count,
    language: s.language ?? null,
    card: s.card ? { description: "", type: "link", ...s.card } : null,
    tags: tagsOf(s).map((name) => ({ name, url: `${base}/tags/${name}` })),
  });
  const accountJson = (x: FakeAccount) => ({
    id: x.id,
    username: x.username,
    acct: x.acct,
    display_name: x.display_name,
    url: x.url,
    avatar: x.avatar,
    followers_count: x.followers_count,
    following_count: x.following_count ?? 0,
    statuses_count: x.statuses_count ?? 0,
    ...(x.suspended ? { suspended: true } : {}),
  });
  const mediaJson = (m: { id: string; type: string }, ready: boolean) => ({ id: m.id, type: m.type, url: ready ? `${base}/media/${m.id}` : null, preview_url: null, description: null });
  const err = (status: number, error: string): Answer => ({ status, body: { error } });

  function answer(method: string, path: string, query: URLSearchParams, headers: http.IncomingHttpHeaders, form: Record<string, string | string[]>, files: Record<string, RecordedFile>): Answer {
    const a = state.account;
    if (method === "GET" && path === "/api/v2/instance") {
      return {
        status: 200,
        body: {
          domain: host,
          title: "Fake Mastodon",
          version: "4.3.0",
          configuration: {
            urls: { streaming: `wss://${host}` },
            statuses: { max_characters: state.maxCharacters, max_media_attachments: state.maxMedia, characters_reserved_per_url: 23 },
            media_attachments: { supported_mime_types: ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/webm"], image_size_limit: 16777216, image_matrix_limit: 33177600, video_size_limit: 103809024, video_frame_rate_limit: 120, video_matrix_limit: 8294400 },
          },
        },
      };
    }
    if (method === "GET" && path === "/api/v1/accounts/verify_credentials") {
      return { status: 200, body: { id: a.id, username: a.username, acct: a.username, display_name: a.display_name, followers_count: a.followers_count, following_count: a.following_count, statuses_count: a.statuses_count, source: { privacy: "public" } } };
    }
    if (method === "POST" && path === "/api/v2/media") {
      const file = files.file;
      if (!file) return err(422, "Validation failed: File can't be blank");
      const m = { id: newId(), type: file.type.startsWith("video/") ? "video" : "image", polls: 0 };
      media.set(m.id, m);
      // Since 4.0 images are processed synchronously (200); video asynchronously (202, url null).
      return m.type === "video" ? { status: 202, body: mediaJson(m, false) } : { status: 200, body: mediaJson(m, true) };
    }
    let m = /^\/api\/v1\/media\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const item = media.get(m[1]!);
      if (!item) return err(404, "Record not found");
      item.polls++;
      const ready = item.type !== "video" || item.polls > state.processingPolls;
      return { status: ready ? 200 : 206, body: mediaJson(item, ready) };
    }
    if (method === "POST" && path === "/api/v1/statuses") {
      const key = headers["idempotency-key"];
      const seen = typeof key === "string" ? idempotency.get(key) : undefined;
      if (seen) return { status: 200, body: statusJson(state.statuses.get(seen)!) };
      const text = typeof form.status === "string" ? form.status : "";
      const ids = (form["media_ids[]"] as string[] | undefined) ?? [];
      if (!text.trim() && ids.length === 0) return err(422, "Validation failed: Text can't be blank");
      if ([...text].length > state.maxCharacters) return err(422, `Validation failed: Text character limit of ${state.maxCharacters} exceeded`);
      if (ids.length > state.maxMedia) return err(422, "Validation failed: Media attachments too many");
      for (const id of ids) if (!media.has(id)) return err(422, "Validation failed: Media attachments is invalid");
      const replyTo = typeof form.in_reply_to_id === "string" ? form.in_reply_to_id : null;
      if (replyTo && !state.statuses.has(replyTo)) return err(404, "The post you are trying to reply to does not appear to exist.");
      const s: Status = { id: newId(), created_at: new Date().toISOString(), content: render(text), visibility: String(form.visibility ?? "public"), in_reply_to_id: replyTo, media_ids: ids, favourites_count: 0, reblogs_count: 0, replies_count: 0 };
      state.statuses.set(s.id, s);
      if (typeof key === "string") idempotency.set(key, s.id);
      return { status: 200, body: statusJson(s) };
    }
    m = /^\/api\/v1\/statuses\/([^/]+)\/(context|favourite)$/.exec(path);
    if (m) {
      const s = state.statuses.get(m[1]!);
      if (!s) return err(404, "Record not found");
      if (m[2] === "favourite" && method === "POST") {
        if (!s.favourited) s.favourites_count++;
        s.favourited = true;
        return { status: 200, body: statusJson(s) };
      }
      if (m[2] === "context" && method === "GET") return { status: 200, body: contextOf(s) };
      return err(404, "Not found");
    }
    if (method === "GET" && path === "/api/v1/notifications") return notifications(query);
    if (method === "GET" && path === "/api/v2/search") return search(query);
    m = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(path);
    if (method === "GET" && m) return tagTimeline(decodeURIComponent(m[1]!), query);
    m = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path);
    if (m) {
      const s = state.statuses.get(m[1]!);
      if (!s) return err(404, "Record not found");
      if (method === "DELETE") state.statuses.delete(s.id);
      if (method === "PUT") {
        // Editing: the new text; media_ids[] when given replace the attachments, otherwise they stay.
        const text = typeof form.status === "string" ? form.status : "";
        const ids = (form["media_ids[]"] as string[] | undefined) ?? s.media_ids;
        if (!text.trim() && ids.length === 0) return err(422, "Validation failed: Text can't be blank");
        if ([...text].length > state.maxCharacters) return err(422, `Validation failed: Text character limit of ${state.maxCharacters} exceeded`);
        for (const id of ids) if (!media.has(id)) return err(422, "Validation failed: Media attachments is invalid");
        s.content = render(text);
        s.media_ids = ids;
        s.edited_at = new Date().toISOString();
      }
      return { status: 200, body: statusJson(s) };
    }
    if (method === "GET" && path === "/api/v1/accounts/lookup") {
      const acct = (query.get("acct") ?? "").replace(/^@/, "");
      const found = [...state.accounts.values()].find((x) => x.acct === acct || x.username === acct);
      if (!found) return err(404, "Record not found");
      return { status: 200, body: accountJson(found) };
    }
    m = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(path);
    const other = m ? state.accounts.get(m[1]!) : undefined;
    if (method === "GET" && m && other) {
      const limit = Math.min(Number(query.get("limit") ?? 20), 40);
      const maxId = query.get("max_id");
      const all = [...state.statuses.values()]
        .filter((s) => s.account?.id === other.id && (query.get("exclude_replies") !== "true" || s.in_reply_to_id === null) && (query.get("exclude_reblogs") !== "true" || !s.reblog_of))
        .filter((s) => s.visibility === "public" || s.visibility === "unlisted")
        .sort((x, y) => (BigInt(y.id) > BigInt(x.id) ? 1 : -1));
      const page = all.filter((s) => !maxId || BigInt(s.id) < BigInt(maxId)).slice(0, limit);
      return { status: 200, body: page.map((s) => ({ ...statusJson(s), account: accountJson(other) })) };
    }
    if (method === "GET" && m) {
      if (m[1] !== a.id) return err(404, "Record not found");
      const limit = Math.min(Number(query.get("limit") ?? 20), 40);
      const maxId = query.get("max_id");
      const all = [...state.statuses.values()]
        .filter((s) => !s.account && (query.get("exclude_replies") !== "true" || s.in_reply_to_id === null))
        .sort((x, y) => (BigInt(y.id) > BigInt(x.id) ? 1 : -1));
      const page = all.filter((s) => !maxId || BigInt(s.id) < BigInt(maxId)).slice(0, limit);
      return { status: 200, body: page.map(statusJson) };
    }
    return err(404, "Not found");
  }

  const byId = (x: { id: string }, y: { id: string }) => (BigInt(x.id) < BigInt(y.id) ? -1 : BigInt(x.id) > BigInt(y.id) ? 1 : 0);
  /** Ancestors from the root down; descendants depth first, each branch in id order. */
  function contextOf(s: Status) {
    const ancestors: Status[] = [];
    for (let p = s.in_reply_to_id ? state.statuses.get(s.in_reply_to_id) : undefined; p; p = p.in_reply_to_id ? state.statuses.get(p.in_reply_to_id) : undefined) ancestors.unshift(p);
    const descendants: Status[] = [];
    const walk = (id: string) => {
      for (const c of [...state.statuses.values()].filter((x) => x.in_reply_to_id === id).sort(byId)) {
        descendants.push(c);
        walk(c.id);
      }
    };
    walk(s.id);
    return { ancestors: ancestors.map(statusJson), descendants: descendants.map(statusJson) };
  }

  /** GET /api/v1/notifications: newest first; max_id older than, since_id newest newer than, min_id immediately newer than. */
  function notifications(query: URLSearchParams): Answer {
    const types = query.getAll("types[]");
    const exclude = query.getAll("exclude_types[]");
    const limit = Math.min(Math.max(Number(query.get("limit") ?? 40), 1), 80);
    const maxId = query.get("max_id");
    const sinceId = query.get("since_id");
    const minId = query.get("min_id");
    let list = state.notifications
      .filter((n) => state.statuses.has(n.status_id))
      .filter((n) => (types.length === 0 || types.includes(n.type)) && !exclude.includes(n.type))
      .filter((n) => !maxId || BigInt(n.id) < BigInt(maxId))
      .filter((n) => !sinceId || BigInt(n.id) > BigInt(sinceId))
      .filter((n) => !minId || BigInt(n.id) > BigInt(minId))
      .sort(byId);
    // min_id pages forward from it (the oldest of what is newer); otherwise the newest page.
    list = minId ? list.slice(0, limit) : list.slice(-limit);
    const page = list.reverse();
    const body = page.map((n) => ({ id: n.id, type: n.type, created_at: n.created_at, account: n.account, status: statusJson(state.statuses.get(n.status_id)!) }));
    const headers: Record<string, string> = {};
    if (page.length > 0) {
      const q = types.map((t) => `&types[]=${t}`).join("");
      headers.link = `<${base}/api/v1/notifications?max_id=${page.at(-1)!.id}${q}>; rel="next", <${base}/api/v1/notifications?min_id=${page[0]!.id}${q}>; rel="prev"`;
    }
    return { status: 200, body, headers };
  }

  /** What a status says, as text: the content warning and the content without tags. */
  const plainOf = (s: Status) => `${s.spoiler_text ?? ""} ${s.content.replace(/<(br|\/p)\b[^>]*>/gi, " ").replace(/<[^>]*>/g, "")}`.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  /** Hashtags in a status, lowercased, as Mastodon normalises them. */
  const tagsOf = (s: Status) => [...new Set([...plainOf(s).matchAll(/(?:^|[^\p{L}\p{N}_/])#([\p{L}\p{N}_]+)/gu)].map((t) => t[1]!.toLowerCase()))];
  const newestFirst = (x: Status, y: Status) => -byId(x, y);
  const statusesOf = (list: Status[]) => list.map((s) => ({ ...statusJson(s), account: authorOf(s) }));

  /**
   * GET /api/v2/search. Real servers match with Elasticsearch (words, stems, phrases); here a word
   * matches anywhere in the text, case-insensitively, and a "quoted phrase" as it is written.
   */
  function search(query: URLSearchParams): Answer {
    const q = (query.get("q") ?? "").trim();
    if (!q) return err(400, "Validation failed: q can't be blank");
    const type = query.get("type");
    const limit = Math.min(Math.max(Number(query.get("limit") ?? 20), 1), 40);
    const offset = Math.max(Number(query.get("offset") ?? 0), 0);
    const maxId = query.get("max_id");
    const minId = query.get("min_id");
    // resolve=true with a status URL looks the status up (here: one this server holds).
    if (query.get("resolve") === "true" && /^https?:\/\//.test(q)) {
      const held = [...state.statuses.values()].filter((s) => statusJson(s).uri === q || statusJson(s).url === q);
      return { status: 200, body: { accounts: [], statuses: statusesOf(held), hashtags: [] } };
    }
    const phrases = [...q.matchAll(/"([^"]+)"|(\S+)/g)].map((p) => (p[1] ?? p[2]!).toLowerCase());
    const found = [...state.statuses.values()]
      .filter((s) => s.visibility === "public")
      .filter((s) => phrases.every((p) => plainOf(s).toLowerCase().includes(p)))
      .filter((s) => !maxId || BigInt(s.id) < BigInt(maxId))
      .filter((s) => !minId || BigInt(s.id) > BigInt(minId))
      .sort(newestFirst)
      .slice(offset, offset + limit);
    const statuses = type === null || type === "statuses" ? statusesOf(found) : [];
    return { status: 200, body: { accounts: [], statuses, hashtags: [] } };
  }

  /** GET /api/v1/timelines/tag/:hashtag: public statuses with the tag, newest first, paged like notifications. */
  function tagTimeline(tag: string, query: URLSearchParams): Answer {
    const limit = Math.min(Math.max(Number(query.get("limit") ?? 20), 1), 40);
    const maxId = query.get("max_id");
    const sinceId = query.get("since_id");
    const minId = query.get("min_id");
    let list = [...state.statuses.values()]
      .filter((s) => s.visibility === "public" && tagsOf(s).includes(tag.toLowerCase()))
      .filter((s) => !maxId || BigInt(s.id) < BigInt(maxId))
      .filter((s) => !sinceId || BigInt(s.id) > BigInt(sinceId))
      .filter((s) => !minId || BigInt(s.id) > BigInt(minId))
      .sort(byId);
    list = minId ? list.slice(0, limit) : list.slice(-limit);
    const page = list.reverse();
    const headers: Record<string, string> = {};
    if (page.length > 0) {
      const at = `${base}/api/v1/timelines/tag/${encodeURIComponent(tag)}`;
      headers.link = `<${at}?max_id=${page.at(-1)!.id}>; rel="next", <${at}?min_id=${page[0]!.id}>; rel="prev"`;
    }
    return { status: 200, body: statusesOf(page), headers };
  }

  const routeOf = (method: string, path: string) => `${method} ${path.replace(/\/\d+(?=\/|$)/g, "/:id")}`;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const { form, files } = await readBody(req);
    const route = routeOf(method, url.pathname);
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), route, headers: req.headers, form, files });
    state.rateLimit.remaining = Math.max(0, state.rateLimit.remaining - 1);
    const queued = failures.get(route)?.shift();
    // Public data answers without a token (unless the server is in limited federation mode); a wrong token is refused everywhere.
    const publicRead = method === "GET" && (url.pathname === "/api/v2/instance" || (state.publicApi && (url.pathname === "/api/v1/accounts/lookup" || state.accounts.has(/^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(url.pathname)?.[1] ?? ""))));
    const authorised = req.headers.authorization === `Bearer ${state.token}` || (publicRead && req.headers.authorization === undefined);
    const out: Answer = queued ?? (!authorised ? err(401, "The access token is invalid") : answer(method, url.pathname, url.searchParams, req.headers, form, files));
    res.writeHead(out.status, {
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-limit": String(state.rateLimit.limit),
      "x-ratelimit-remaining": String(state.rateLimit.remaining),
      "x-ratelimit-reset": state.rateLimit.reset,
      ...out.headers,
    });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  host = `127.0.0.1:${port}`;
  return {
    url: base,
    host,
    requests,
    calls: (route) => requests.filter((r) => r.route === route),
    failNext(route, status, body, headers) {
      const list = failures.get(route) ?? [];
      list.push({ status, body, ...(headers ? { headers } : {}) });
      failures.set(route, list);
    },
    state,
    addAccount(username, opts = {}) {
      const account: FakeAccount = {
        id: newId(),
        username,
        acct: opts.acct ?? username,
        display_name: opts.displayName ?? username,
        followers_count: opts.followers ?? 10,
        avatar: `${base}/avatars/${username}.png`,
        url: `${base}/@${opts.acct ?? username}`,
        ...(opts.following !== undefined ? { following_count: opts.following } : {}),
        ...(opts.statuses !== undefined ? { statuses_count: opts.statuses } : {}),
        ...(opts.suspended ? { suspended: true } : {}),
      };
      state.accounts.set(account.id, account);
      return account;
    },
    addStatus(account, text, opts = {}) {
      const parent = opts.inReplyTo ? state.statuses.get(opts.inReplyTo) : undefined;
      const s: Status = {
        id: opts.id ?? newId(),
        created_at: opts.createdAt ?? new Date().toISOString(),
        content: opts.html ?? render(text),
        visibility: opts.visibility ?? "public",
        in_reply_to_id: opts.inReplyTo ?? null,
        media_ids: (opts.media ?? []).map((type) => {
          const m = { id: newId(), type, polls: 0 };
          media.set(m.id, m);
          return m.id;
        }),
        ...(opts.reblogOf ? { reblog_of: opts.reblogOf } : {}),
        favourites_count: opts.counts?.favourites ?? 0,
        reblogs_count: opts.counts?.reblogs ?? 0,
        replies_count: opts.counts?.replies ?? 0,
        ...(account ? { account } : {}),
        ...(opts.spoiler ? { spoiler_text: opts.spoiler } : {}),
        ...(opts.language !== undefined ? { language: opts.language } : {}),
        ...(opts.card !== undefined ? { card: opts.card } : {}),
      };
      state.statuses.set(s.id, s);
      if (parent) parent.replies_count++;
      const mentions = opts.mention ?? ((parent !== undefined && !parent.account) || text.includes(`@${state.account.username}`));
      if (account && mentions) state.notifications.push({ id: newId(), type: "mention", created_at: s.created_at, account, status_id: s.id });
      return s.id;
    },
    editStatus(id, text, editedAt) {
      const s = state.statuses.get(id);
      if (!s) throw new Error(`no status ${id}`);
      s.content = render(text);
      s.edited_at = editedAt ?? new Date().toISOString();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
