/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) answering the
 * documented shapes: `{ ok: true, result }`, or `{ ok: false, error_code, description, parameters }`
 * with the HTTP status equal to error_code. It records every request (path, headers, JSON or
 * multipart fields and files) so tests assert what Chorus sent. Telegram itself cannot be reached
 * from the test environment.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedFile = { name: string; type: string; size: number; text: string };
export type RecordedRequest = {
  method: string;
  path: string;
  /** The Bot API method (sendMessage …), the token left out. */
  api: string;
  token: string;
  headers: http.IncomingHttpHeaders;
  /** JSON body, or the multipart text fields with JSON-looking values parsed. */
  params: Record<string, unknown>;
  files: Record<string, RecordedFile>;
};
type Answer = { status: number; body: unknown };

export type FakeTelegram = {
  url: string;
  requests: RecordedRequest[];
  calls(api: string): RecordedRequest[];
  /** The next call of `api` gets this answer instead of the simulated one. */
  failNext(api: string, errorCode: number, description: string, parameters?: Record<string, unknown>): void;
  state: {
    token: string;
    bot: { id: number; username: string };
    chat: { id: number; type: string; title: string; username?: string };
    /** The bot's ChatMember in the channel. */
    member: Record<string, unknown>;
    memberCount: number;
    nextMessageId: number;
    deleted: number[];
    /** What each sent message holds now: its text, or its caption when it carries media. */
    messages: Map<number, { text?: string; caption?: string }>;
  };
  close(): Promise<void>;
};

async function readBody(req: http.IncomingMessage): Promise<{ params: Record<string, unknown>; files: Record<string, RecordedFile> }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return { params: JSON.parse(raw.toString("utf8") || "{}"), files: {} };
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const params: Record<string, unknown> = {};
    const files: Record<string, RecordedFile> = {};
    for (const [k, v] of form.entries()) {
      if (typeof v === "string") {
        params[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
      } else {
        const text = await v.text();
        files[k] = { name: v.name, type: v.type, size: v.size, text };
      }
    }
    return { params, files };
  }
  return { params: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))), files: {} };
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, Answer[]>();
  const state: FakeTelegram["state"] = {
    token: "123456789:AAE-fake-token-for-tests_0123456789",
    bot: { id: 123456789, username: "chorus_test_bot" },
    chat: { id: -1001234567890, type: "channel", title: "Кофейня North", username: "north_coffee" },
    member: { status: "administrator", can_post_messages: true, can_delete_messages: true },
    memberCount: 1523,
    nextMessageId: 100,
    deleted: [],
    messages: new Map(),
  };
  const fail = (status: number, description: string, parameters?: Record<string, unknown>): Answer => ({
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  });
  const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });
  const message = (id: number, extra: Record<string, unknown> = {}) => ({
    message_id: id,
    date: 1_773_158_400,
    chat: { id: state.chat.id, type: "channel", title: state.chat.title, ...(state.chat.username ? { username: state.chat.username } : {}) },
    ...extra,
  });
  const chatMatches = (chatId: unknown) => String(chatId) === String(state.chat.id) || chatId === `@${state.chat.username}`;

  function answer(api: string, p: Record<string, unknown>, files: Record<string, RecordedFile>): Answer {
    const queued = failures.get(api)?.shift();
    if (queued) return queued;
    if (api !== "getMe" && p.chat_id !== undefined && !chatMatches(p.chat_id)) return fail(400, "Bad Request: chat not found");
    switch (api) {
      case "getMe":
        return ok({ id: state.bot.id, is_bot: true, first_name: "Chorus", username: state.bot.username });
      case "getChat":
        return ok({ ...state.chat });
      case "getChatMember":
        return ok({ user: { id: Number(p.user_id), is_bot: true, first_name: "Chorus" }, ...state.member });
      case "getChatMemberCount":
        return ok(state.memberCount);
      case "sendMessage": {
        const text = String(p.text ?? "");
        if (text.length > 4096) return fail(400, "Bad Request: message is too long");
        if (text.trim() === "") return fail(400, "Bad Request: message text is empty");
        const id = state.nextMessageId++;
        state.messages.set(id, { text });
        return ok(message(id, { text }));
      }
      case "sendPhoto":
      case "sendVideo": {
        const field = api === "sendPhoto" ? "photo" : "video";
        if (!files[field]) return fail(400, "Bad Request: wrong file identifier/HTTP URL specified");
        if (String(p.caption ?? "").length > 1024) return fail(400, "Bad Request: message caption is too long");
        const id = state.nextMessageId++;
        state.messages.set(id, { caption: String(p.caption ?? "") });
        return ok(message(id, { [field]: [{ file_id: "F" }] }));
      }
      case "sendMediaGroup": {
        const media = p.media as { type: string; media: string }[];
        if (!Array.isArray(media) || media.length < 2 || media.length > 10) return fail(400, "Bad Request: wrong number of media");
        for (const m of media) {
          if (!files[m.media.replace("attach://", "")]) return fail(400, "Bad Request: wrong file identifier/HTTP URL specified");
        }
        const group = String(Date.now());
        return ok(
          media.map((m) => {
            const id = state.nextMessageId++;
            state.messages.set(id, { caption: String((m as { caption?: string }).caption ?? "") });
            return message(id, { media_group_id: group });
          }),
        );
      }
      // editMessageText / editMessageCaption: the edited Message, or the documented 400 answers.
      case "editMessageText":
      case "editMessageCaption": {
        const held = state.messages.get(Number(p.message_id));
        if (!held) return fail(400, "Bad Request: message to edit not found");
        if (api === "editMessageText") {
          const text = String(p.text ?? "");
          if (held.text === undefined) return fail(400, "Bad Request: there is no text in the message to edit");
          if (text.trim() === "") return fail(400, "Bad Request: message text is empty");
          if (text.length > 4096) return fail(400, "Bad Request: MESSAGE_TOO_LONG");
          if (text === held.text) return fail(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
          held.text = text;
          return ok(message(Number(p.message_id), { text, edit_date: 1_773_162_000 }));
        }
        const caption = String(p.caption ?? "");
        if (held.caption === undefined) return fail(400, "Bad Request: there is no caption in the message to edit");
        if (caption.length > 1024) return fail(400, "Bad Request: message caption is too long");
        if (caption === held.caption) return fail(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        held.caption = caption;
        return ok(message(Number(p.message_id), { caption, edit_date: 1_773_162_000 }));
      }
      case "deleteMessage":
        state.deleted.push(Number(p.message_id));
        return ok(true);
      case "deleteMessages":
        state.deleted.push(...(p.message_ids as number[]));
        return ok(true);
      default:
        return fail(404, "Not Found: method not found");
    }
  }

  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    const { params, files } = await readBody(req);
    const token = m?.[1] ?? "";
    const api = m?.[2] ?? "";
    requests.push({ method: req.method ?? "", path, api, token, headers: req.headers, params, files });
    const out = !m ? fail(404, "Not Found") : token !== state.token ? fail(401, "Unauthorized") : answer(api, params, files);
    res.writeHead(out.status, { "content-type": "application/json" });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (api) => requests.filter((r) => r.api === api),
    failNext(api, errorCode, description, parameters) {
      const list = failures.get(api) ?? [];
      list.push(fail(errorCode, description, parameters));
      failures.set(api, list);
    },
    state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
