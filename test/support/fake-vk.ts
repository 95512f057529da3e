/**
 * A local stand-in for the VK API 5.199 (https://dev.vk.com/ru/method) answering the documented
 * shapes: HTTP 200 with `{ response }` or `{ error: { error_code, error_msg, request_params } }`, and
 * upload servers answering `{ server, photo, hash }` / `{ video_id, size }`. It records every request
 * (path, query, form fields, multipart files) so tests assert what Chorus sent. VK itself cannot be
 * reached from the test environment.
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
type Post = { id: number; owner_id: number; date: number; text: string; attachments: string; guid: string | undefined; views: number; likes: number; reposts: number; comments: number };

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
  };
  close(): Promise<void>;
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
  };
  let nextPostId = 1000;
  let nextPhotoId = 457239000;
  let nextVideoId = 456239000;
  let nextCommentId = 50;
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

  function answer(api: string, p: Record<string, string>): unknown {
    if (p.v !== "5.199") return error(8, "Invalid request: versions below 5.0 are no longer supported", p);
    if (p.access_token !== state.token) return error(5, "User authorization failed: invalid access_token (4).", p);
    const ok = (response: unknown) => ({ response });
    switch (api) {
      case "groups.getById": {
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
      case "wall.createComment":
        return ok({ comment_id: nextCommentId++, parents_stack: [] });
      case "wall.delete": {
        const key = `${p.owner_id}_${p.post_id}`;
        if (!state.posts.delete(key)) return error(100, "One of the parameters specified was missing or invalid: post_id", p);
        return ok(1);
      }
      case "wall.deleteComment":
        return ok(1);
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
      case "wall.get":
        return ok({ count: state.wallTotal, items: [] });
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
