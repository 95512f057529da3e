/**
 * Audience audits on both databases: a Sandbox channel's followers sampled through the network,
 * scored, and compared with the Sandbox's own truth (its audience model decides person or bot per
 * follower); tenancy (another workspace's user gets "not found"); a network that cannot list
 * followers; the network's refusals; and the route (audit.routes.ts) on a small app of its own.
 */
import fastifyCookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActorOf } from "../src/api/auth.js";
import type { ApiContext } from "../src/api/context.js";
import { sendProblem, toAppError } from "../src/api/problem.js";
import { auditRoutes } from "../src/api/routes/audit.routes.js";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { rngFor } from "../src/connectors/sandbox/random.js";
import { auditRules, wilson } from "../src/domain/bot-score.js";
import { AppError } from "../src/errors.js";
import { type AuditDeps, type AuditResult, listAudits, runAudit } from "../src/services/analytics/audit.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { newId } from "../src/store/ids.js";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

describe.each(dialects)("audience audit (%s)", (dialect) => {
  let api: TestApi;
  let t: Tenant;
  let other: Tenant;
  let deps: AuditDeps;
  let routes: FastifyInstance;
  let channelId = "";
  let vkChannel = "";
  const botShare = 0.3;
  let handle = "";
  const owner = () => ({ userId: t.ownerId });

  /** Connects a Sandbox account through the API, as a user would. */
  async function sandboxChannel(tenant: Tenant, fields: Record<string, unknown>): Promise<string> {
    const res = await api.app.inject({
      method: "POST",
      url: `/api/workspaces/${tenant.workspaceId}/channels`,
      headers: { cookie: tenant.owner },
      payload: { brandId: tenant.brandId, network: "sandbox", fields },
    });
    expect(res.statusCode).toBe(201);
    return json<{ id: string }>(res).id;
  }

  async function failure(p: Promise<unknown>): Promise<AppError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }

  beforeAll(async () => {
    api = await createTestApi(dialect);
    t = await createTenant(api);
    other = await createTenant(api, "Other agency");
    // The same key and connectors the test API uses, so the services read what the API stored.
    deps = { db: api.store.db, registry: createConnectorRegistry({ db: api.store.db }), secrets: createSecrets(Buffer.alloc(32, 7)) };
    handle = `audit_${t.workspaceId.slice(-8)}`;
    channelId = await sandboxChannel(t, { handle, followers: 20_000, botShare });

    // The route on an app of its own (src/api/app.ts registers it once it is wired in).
    const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(fastifyCookie);
    app.setErrorHandler((err, req, reply) => sendProblem(reply, req, toAppError(err as Error, 1_048_576)));
    auditRoutes(app, { store: api.store, registry: deps.registry, secrets: deps.secrets, actorOf: makeActorOf(api.store) } as unknown as ApiContext);
    await app.ready();
    routes = app;
  });
  afterAll(async () => {
    await routes?.close();
    await api?.close();
  });

  it("estimates a Sandbox channel's share of bots close to the network's truth", async () => {
    const result = await runAudit(deps, owner(), t.workspaceId, channelId, { size: 400 });
    expect(result.summary.sampleSize).toBe(400);
    expect(result.channel).toMatchObject({ id: channelId, network: "sandbox", handle, simulated: true });
    // The Sandbox's audience model draws person or bot for the i-th follower from this seed.
    const truth = result.followers.map((_, i) => (rngFor(handle, "follower", i)() < botShare ? "bot" : "live"));
    const trueShare = truth.filter((c) => c === "bot").length / truth.length;
    expect(Math.abs(result.summary.shares.bot - trueShare)).toBeLessThan(0.02);
    expect(Math.abs(result.summary.shares.bot - botShare)).toBeLessThan(0.06);
    const { low, high } = wilson(truth.filter((c) => c === "bot").length, truth.length);
    expect(result.summary.intervals.bot.low).toBeCloseTo(low, 1);
    expect(result.summary.intervals.bot.high).toBeCloseTo(high, 1);
    const wrong = result.followers.filter((f, i) => f.class !== truth[i]).length;
    expect(wrong / result.followers.length).toBeLessThan(0.02);

    // The live estimate scales the live share to the channel's followers (the Sandbox grows slowly).
    expect(result.channelFollowers).toBeGreaterThanOrEqual(20_000);
    expect(result.channelFollowers).toBeLessThan(20_500);
    const est = result.summary.liveEstimate!;
    expect(est.live).toBe(Math.round(result.channelFollowers! * result.summary.shares.live));
    expect(est.low).toBeLessThan(est.live);
    expect(est.high).toBeGreaterThan(est.live);

    // Every bot says why.
    const bot = result.followers.find((f) => f.class === "bot")!;
    expect(bot.score).toBeGreaterThanOrEqual(auditRules.botThreshold);
    expect(bot.signals.map((s) => s.signal)).toContain("follow_ratio");
    expect(result.summary.signals.follow_ratio.count).toBeGreaterThan(0);
    expect(result.scoring.botThreshold).toBe(auditRules.botThreshold);
    // Plain JSON: an audit can be stored as it is.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);

    // Kept: its summary (not the followers' profiles), listed newest first.
    const kept = await listAudits(deps.db, owner(), t.workspaceId, channelId);
    expect(kept[0]).toMatchObject({ id: result.id, channelId, sampleSize: 400, channelFollowers: result.channelFollowers, liveEstimate: est.live, shares: result.summary.shares });
    expect(kept[0]?.summary).toEqual(result.summary);
    const row = await deps.db.selectFrom("audience_audits").select("summary").where("id", "=", result.id).executeTakeFirstOrThrow();
    expect(row.summary).not.toContain(bot.profile.handle);
  });

  it("answers another workspace's user, and a channel of another workspace, with not found", async () => {
    const outsider = await failure(runAudit(deps, { userId: other.ownerId }, t.workspaceId, channelId, { size: 20 }));
    expect(outsider.status).toBe(404);
    const elsewhere = await failure(runAudit(deps, { userId: other.ownerId }, other.workspaceId, channelId, { size: 20 }));
    expect(elsewhere.status).toBe(404);
    const unknown = await failure(runAudit(deps, owner(), t.workspaceId, newId(), { size: 20 }));
    expect(unknown.status).toBe(404);
    expect((await failure(listAudits(deps.db, { userId: other.ownerId }, t.workspaceId, channelId))).status).toBe(404);
    expect((await failure(listAudits(deps.db, { userId: other.ownerId }, other.workspaceId, channelId))).status).toBe(404);
  });

  it("lets every role that reads analytics run one, clients included", async () => {
    const client = await addMember(api, t.workspaceId, "client");
    const result = await runAudit(deps, { userId: client.userId }, t.workspaceId, channelId, { size: 20 });
    expect(result.summary.sampleSize).toBe(20);
  });

  it("says so when the network does not let Chorus read followers", async () => {
    vkChannel = newId();
    const now = new Date().toISOString();
    await api.store.db
      .insertInto("channels")
      .values({
        id: vkChannel,
        workspace_id: t.workspaceId,
        brand_id: t.brandId,
        network: "vk",
        name: "VK community",
        handle: "club1",
        external_id: "-1",
        status: "active",
        credentials_enc: deps.secrets.encryptJson({ accessToken: "x" }),
        settings: "{}",
        last_error: null,
        last_success_at: null,
        last_failure_at: null,
        connected_by: t.ownerId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const err = await failure(runAudit(deps, owner(), t.workspaceId, vkChannel, { size: 20 }));
    expect(err.code).toBe("conflict");
    expect(err.message).toMatch(/does not let Chorus read followers/);
  });

  it("turns the network's refusals into errors a person can act on", async () => {
    const limited = await sandboxChannel(t, { handle: `${handle}_rl`, failMode: "rate_limited" });
    const slow = await failure(runAudit(deps, owner(), t.workspaceId, limited, { size: 20 }));
    expect(slow).toMatchObject({ code: "rate_limited", retryAfter: 60 });
    const expired = await sandboxChannel(t, { handle: `${handle}_ex`, failMode: "auth_expired" });
    const reconnect = await failure(runAudit(deps, owner(), t.workspaceId, expired, { size: 20 }));
    expect(reconnect.code).toBe("conflict");
    expect(reconnect.message).toMatch(/Reconnect the channel/);
  });

  it("runs through the route: validated size, the audit as JSON, problems for the rest", async () => {
    const url = (ws: string, ch: string) => `/api/workspaces/${ws}/channels/${ch}/audits`;
    const post = (cookie: string, ws: string, ch: string, payload: object) => routes.inject({ method: "POST", url: url(ws, ch), headers: { cookie }, payload });

    const ok = await post(t.owner, t.workspaceId, channelId, { size: 50 });
    expect(ok.statusCode).toBe(200);
    const body = json<AuditResult>(ok);
    expect(body.summary.sampleSize).toBe(50);
    expect(body.followers[0]).toMatchObject({ profile: { handle: expect.any(String) }, class: expect.stringMatching(/^(bot|dead|live)$/) });
    // Without a size: the default.
    expect(json<AuditResult>(await post(t.owner, t.workspaceId, channelId, {})).requestedSize).toBe(200);

    for (const payload of [{ size: 5 }, { size: 5000 }, { size: 12.5 }, { size: "50" }, { size: 50, extra: 1 }]) {
      const bad = await post(t.owner, t.workspaceId, channelId, payload);
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
      expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    expect((await post(other.owner, t.workspaceId, channelId, { size: 50 })).statusCode).toBe(404);
    const cannot = await post(t.owner, t.workspaceId, vkChannel, { size: 50 });
    expect(cannot.statusCode).toBe(409);
    expect(json<{ code: string; detail: string }>(cannot)).toMatchObject({ code: "conflict", detail: expect.stringMatching(/does not let Chorus read followers/) });
    expect((await routes.inject({ method: "POST", url: url(t.workspaceId, channelId), payload: { size: 50 } })).statusCode).toBe(401);
    expect((await post(t.owner, t.workspaceId, "not-an-id", { size: 50 })).statusCode).toBe(400);
  });
});
