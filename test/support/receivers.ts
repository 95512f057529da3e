/**
 * Local receivers for what Chorus sends out, on 127.0.0.1 and a free port: an SMTP server that
 * keeps every message's raw text, and an HTTP server that keeps every request (webhooks).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type MailCatcher = { url: string; messages: string[]; close: () => void };

/** SMTP without authentication or TLS; `url` is what CHORUS_SMTP_URL should be. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, done) {
      let raw = "";
      stream.on("data", (c: Buffer) => {
        raw += c.toString("utf8");
      });
      stream.on("end", () => {
        messages.push(raw);
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return { url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, messages, close: () => smtp.close() };
}

export type ReceivedRequest = { path: string; headers: http.IncomingHttpHeaders; body: string };
export type HookCatcher = { url: (path?: string) => string; requests: ReceivedRequest[]; close: () => void };

/** Answers 200 to everything and keeps the requests. */
export async function startHookCatcher(): Promise<HookCatcher> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      requests.push({ path: req.url ?? "/", headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: (path = "/hook") => `http://127.0.0.1:${port}${path}`, requests, close: () => server.close() };
}
