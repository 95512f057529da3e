/**
 * Bad input gets a clear application/problem+json answer and changes nothing: malformed JSON,
 * unknown fields, wrong types, oversized bodies, wrong passwords, expired sessions, a role
 * without permission. Also: sessions, logout, API tokens, pagination and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createTenant, createTestApi, json, password, signIn, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type ProblemBody = { type: string; title: string; status: number; detail: string; code: string; errors?: { path: string; message: string }[] };

describe.each(dialects)("API input and accounts (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  const brands = async () =>
    (await api.store.db.selectFrom("brands").select("id").where("workspace_id", "=", t.workspaceId).execute()).length;

  beforeAll(async () => {
    api = await createTestApi(dialect, { CHORUS_BODY_LIMIT: "4096" });
    t = await createTenant(api);
  });
  afterAll(async () => api?.close());

  const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
    api.app.inject({ method: "POST", url, payload, headers: { cookie: t.owner, "content-type": "application/json", ...headers } });

  it("answers malformed JSON with a problem that says so", async () => {
    const before = await brands();
    const res = await post(`/api/workspaces/${t.workspaceId}/brands`, '{"name": "Broken",');
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const p = json<ProblemBody>(res);
    expect(p.code).toBe("bad_request");
    expect(p.detail).toMatch(/not valid JSON/);
    expect(await brands()).toBe(before);
  });

  it("rejects unknown fields and names them", async () => {
    const before = await brands();
    const res = await post(`/api/workspaces/${t.workspaceId}/brands`, { name: "X", timezone: "UTC", locale: "en", colour: "red" });
    expect(res.statusCode).toBe(400);
    const p = json<ProblemBody>(res);
    expect(p.code).toBe("validation_failed");
    expect(JSON.stringify(p.errors)).toContain("colour");
    expect(await brands()).toBe(before);
  });

  it("rejects wrong types with the field's path", async () => {
    const res = await post(`/api/workspaces/${t.workspaceId}/tokens`, { name: "ci", expiresInDays: "ten" });
    expect(res.statusCode).toBe(400);
    expect(json<ProblemBody>(res).errors?.map((e) => e.path)).toContain("expiresInDays");
    const tokens = await api.store.db.selectFrom("api_tokens").select("id").where("workspace_id", "=", t.workspaceId).execute();
    expect(tokens).toHaveLength(0);
  });

  it("rejects an unknown time zone, and ids that are not ids", async () => {
    const tz = await post(`/api/workspaces/${t.workspaceId}/brands`, { name: "X", timezone: "Mars/Olympus", locale: "en" });
    expect(tz.statusCode).toBe(400);
    expect(json<ProblemBody>(tz).errors?.[0]?.path).toBe("timezone");
    const badId = await api.app.inject({ method: "GET", url: "/api/workspaces/not-an-id/brands", headers: { cookie: t.owner } });
    expect(badId.statusCode).toBe(400);
    expect(json<ProblemBody>(badId).errors?.[0]?.path).toBe("path.ws");
  });

  it("refuses oversized bodies with 413", async () => {
    const before = await brands();
    const res = await post(`/api/workspaces/${t.workspaceId}/brands`, { name: "x".repeat(10_000), timezone: "UTC", locale: "en" });
    expect(res.statusCode).toBe(413);
    expect(json<ProblemBody>(res).code).toBe("payload_too_large");
    expect(await brands()).toBe(before);
  });

  it("refuses bodies that are not JSON with 415", async () => {
    const res = await post(`/api/workspaces/${t.workspaceId}/brands`, "name=X", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.statusCode).toBe(415);
    expect(json<ProblemBody>(res).detail).toMatch(/application\/json/);
  });

  it("validates channel fields against the network's connect form", async () => {
    const res = await post(`/api/workspaces/${t.workspaceId}/channels`, { brandId: t.brandId, network: "sandbox", fields: { handle: "No Spaces!" } });
    expect(res.statusCode).toBe(400);
    expect(json<ProblemBody>(res).errors?.map((e) => e.path)).toContain("fields.handle");
    const unknown = await post(`/api/workspaces/${t.workspaceId}/channels`, { brandId: t.brandId, network: "myspace", fields: {} });
    expect(unknown.statusCode).toBe(400);
    expect(json<ProblemBody>(unknown).errors?.[0]?.path).toBe("network");
    const channels = await api.store.db.selectFrom("channels").select("id").where("workspace_id", "=", t.workspaceId).execute();
    expect(channels).toHaveLength(0);
  });

  it("answers unknown API paths with a problem, not the web page", async () => {
    const res = await api.app.inject({ method: "GET", url: "/api/nope" });
    expect(res.statusCode).toBe(404);
    expect(json<ProblemBody>(res).code).toBe("not_found");
  });

  describe("accounts", () => {
    it("a wrong password is 401 and records the failure", async () => {
      const res = await api.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: t.email, password: "wrong password!" } });
      expect(res.statusCode).toBe(401);
      expect(json<ProblemBody>(res).code).toBe("invalid_credentials");
      expect(res.cookies.find((c) => c.name === "chorus_session")).toBeUndefined();
      const audit = await api.store.db.selectFrom("audit_events").select("action").where("action", "=", "auth.login_failed").execute();
      expect(audit.length).toBeGreaterThan(0);
    });

    it("rate-limits repeated failures for an e-mail, even with the right password afterwards", async () => {
      const m = await addMember(api, t.workspaceId, "analyst");
      for (let i = 0; i < 5; i++) {
        const r = await api.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: m.email, password: `nope nope ${i}` } });
        expect(r.statusCode).toBe(401);
      }
      const locked = await api.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: m.email, password } });
      expect(locked.statusCode).toBe(429);
      expect(locked.headers["retry-after"]).toBe("900");
      expect(json<ProblemBody>(locked).detail).toMatch(/15 minutes/);
    });

    it("sets an httpOnly SameSite session cookie, and logout ends the session", async () => {
      const res = await api.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: t.email, password } });
      const cookie = res.cookies.find((c) => c.name === "chorus_session");
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe("Lax");
      const header = `chorus_session=${cookie?.value}`;
      expect((await api.app.inject({ method: "GET", url: "/api/me", headers: { cookie: header } })).statusCode).toBe(200);
      const out = await api.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: header } });
      expect(out.statusCode).toBe(204);
      const after = await api.app.inject({ method: "GET", url: "/api/me", headers: { cookie: header } });
      expect(after.statusCode).toBe(401);
    });

    it("an expired session is 401 session_expired", async () => {
      const cookie = await signIn(api.app, t.email);
      await api.store.db.updateTable("sessions").set({ expires_at: "2000-01-01T00:00:00.000Z" }).execute();
      const res = await api.app.inject({ method: "GET", url: "/api/me", headers: { cookie } });
      expect(res.statusCode).toBe(401);
      expect(json<ProblemBody>(res).code).toBe("session_expired");
      expect(json<ProblemBody>(res).detail).toMatch(/Sign in again/);
      t.owner = await signIn(api.app, t.email);
    });

    it("refuses cookie-authenticated writes from another origin", async () => {
      const before = await brands();
      const res = await post(`/api/workspaces/${t.workspaceId}/brands`, { name: "CSRF", timezone: "UTC", locale: "en" }, { origin: "https://evil.example" });
      expect(res.statusCode).toBe(403);
      expect(await brands()).toBe(before);
    });

    it("API tokens work as Bearer, only in their workspace, until revoked", async () => {
      const created = await post(`/api/workspaces/${t.workspaceId}/tokens`, { name: "reporting script", expiresInDays: 30 });
      expect(created.statusCode).toBe(201);
      const { token, apiToken } = json<{ token: string; apiToken: { id: string; prefix: string } }>(created);
      expect(token.startsWith(apiToken.prefix)).toBe(true);
      const stored = await api.store.db.selectFrom("api_tokens").select("token_hash").where("id", "=", apiToken.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(token);
      const auth = { authorization: `Bearer ${token}` };
      expect((await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/brands`, headers: auth })).statusCode).toBe(200);
      const del = await api.app.inject({ method: "DELETE", url: `/api/workspaces/${t.workspaceId}/tokens/${apiToken.id}`, headers: { cookie: t.owner } });
      expect(del.statusCode).toBe(204);
      const after = await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/brands`, headers: auth });
      expect(after.statusCode).toBe(401);
    });

    it("PATCH /api/me changes the language and rejects unknown ones", async () => {
      const ok = await api.app.inject({ method: "PATCH", url: "/api/me", headers: { cookie: t.owner }, payload: { locale: "ru" } });
      expect(json<{ user: { locale: string } }>(ok).user.locale).toBe("ru");
      const bad = await api.app.inject({ method: "PATCH", url: "/api/me", headers: { cookie: t.owner }, payload: { locale: "xx" } });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe("invitations", () => {
    it("invite → accept creates the account with the invited role and signs in; the link works once", async () => {
      const inv = await post(`/api/workspaces/${t.workspaceId}/invitations`, { email: "New.Person@Example.test", role: "moderator" });
      expect(inv.statusCode).toBe(201);
      const { acceptUrl } = json<{ acceptUrl: string }>(inv);
      const token = acceptUrl.split("/invite/")[1];
      const info = await api.app.inject({ method: "GET", url: `/api/invitations/${token}` });
      expect(json(info)).toMatchObject({ email: "new.person@example.test", role: "moderator", userExists: false });
      const short = await api.app.inject({ method: "POST", url: `/api/invitations/${token}/accept`, payload: { name: "New", password: "short" } });
      expect(short.statusCode).toBe(400);
      const accepted = await api.app.inject({ method: "POST", url: `/api/invitations/${token}/accept`, payload: { name: "New Person", password } });
      expect(accepted.statusCode).toBe(200);
      const cookie = accepted.cookies.find((c) => c.name === "chorus_session");
      const me = json<{ workspaces: { id: string; role: string }[] }>(
        await api.app.inject({ method: "GET", url: "/api/me", headers: { cookie: `chorus_session=${cookie?.value}` } }),
      );
      expect(me.workspaces).toEqual([expect.objectContaining({ id: t.workspaceId, role: "moderator" })]);
      const again = await api.app.inject({ method: "POST", url: `/api/invitations/${token}/accept`, payload: { name: "X", password } });
      expect(again.statusCode).toBe(410);
    });
  });

  it("pages lists with an opaque cursor", async () => {
    for (let i = 0; i < 5; i++) await post(`/api/workspaces/${t.workspaceId}/brands`, { name: `Brand ${i}`, timezone: "UTC", locale: "en" });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/workspaces/${t.workspaceId}/brands?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = json<{ items: { id: string }[]; nextCursor: string | null }>(await api.app.inject({ method: "GET", url, headers: { cookie: t.owner } }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((b) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(await brands());
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/brands?cursor=zzz`, headers: { cookie: t.owner } });
    expect(bad.statusCode).toBe(400);
  });

  it("records an audit event for a channel connect", async () => {
    const res = await post(`/api/workspaces/${t.workspaceId}/channels`, { brandId: t.brandId, network: "sandbox", fields: { handle: "audited_shop" } });
    expect(res.statusCode).toBe(201);
    const row = await api.store.db.selectFrom("channels").select("credentials_enc").where("id", "=", json<{ id: string }>(res).id).executeTakeFirstOrThrow();
    expect(row.credentials_enc).toMatch(/^v1:/);
    const audit = json<{ items: { action: string; targetId: string }[] }>(
      await api.app.inject({ method: "GET", url: `/api/workspaces/${t.workspaceId}/audit`, headers: { cookie: t.owner } }),
    );
    expect(audit.items[0]).toMatchObject({ action: "channel.connect", targetId: json<{ id: string }>(res).id });
  });

  it("serves OpenAPI 3.1 and health", async () => {
    const doc = json<{ openapi: string; paths: Record<string, unknown> }>(await api.app.inject({ method: "GET", url: "/api/openapi.json" }));
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/workspaces/{ws}/channels");
    const health = json(await api.app.inject({ method: "GET", url: "/api/health" }));
    expect(health).toMatchObject({ status: "ok", database: dialect });
    const docs = await api.app.inject({ method: "GET", url: "/docs/" });
    expect(docs.statusCode).toBe(200);
  });
});
