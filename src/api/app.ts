/**
 * The HTTP app: JSON API under /api, its OpenAPI 3.1 description at /api/openapi.json with a
 * browsable reference at /docs, and the built web UI for every other path.
 */
import fs from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import type { Config } from "../config.js";
import type { ConnectorRegistry } from "../connectors/registry.js";
import { AppError } from "../errors.js";
import type { InboxDeps } from "../services/inbox/deps.js";
import { createInboxDeps } from "../services/inbox/wiring.js";
import type { ListeningDeps } from "../services/listening/deps.js";
import { createListeningDeps } from "../services/listening/wiring.js";
import type { PublishingDeps } from "../services/publishing/deps.js";
import type { Secrets } from "../services/secrets.js";
import type { Store } from "../store/db.js";
import { version } from "../version.js";
import { makeActorOf } from "./auth.js";
import { assertRouteKnown, brandScopeGuard } from "./brand-scope.js";
import type { ApiContext } from "./context.js";
import { sendProblem, toAppError } from "./problem.js";
import { authRoutes } from "./routes/auth.routes.js";
import { brandRoutes } from "./routes/brand.routes.js";
import { hookRoutes } from "./routes/hooks.routes.js";
import { inboxWorkRoutes } from "./routes/inbox-work.routes.js";
import { inboxRoutes } from "./routes/inbox.routes.js";
import { linkRoutes } from "./routes/link.routes.js";
import { analyticsImportRoutes } from "./routes/analytics-import.routes.js";
import { analyticsRoutes } from "./routes/analytics.routes.js";
import { archiveRoutes } from "./routes/archive.routes.js";
import { auditRoutes } from "./routes/audit.routes.js";
import { competitorsRoutes } from "./routes/competitors.routes.js";
import { reportsRoutes } from "./routes/reports.routes.js";
import { strategyRoutes } from "./routes/strategy.routes.js";
import { briefsRoutes } from "./routes/briefs.routes.js";
import { campaignsRoutes } from "./routes/campaigns.routes.js";
import { leadersRoutes } from "./routes/leaders.routes.js";
import { giveawaysRoutes } from "./routes/giveaways.routes.js";
import { healthRoutes } from "./routes/health.routes.js";
import { listeningRoutes } from "./routes/listening.routes.js";
import { mediaRoutes } from "./routes/media.routes.js";
import { planningRoutes } from "./routes/planning.routes.js";
import { postRoutes } from "./routes/posts.routes.js";
import { workspaceRoutes } from "./routes/workspace.routes.js";

declare module "fastify" {
  interface FastifyInstance {
    apiRoutes: { method: string; url: string }[];
  }
}

export type AppDeps = {
  store: Store;
  config: Config;
  registry: ConnectorRegistry;
  secrets: Secrets;
  publishing: PublishingDeps;
  /** The inbox's dependencies; built from the others when absent. */
  inbox?: InboxDeps | undefined;
  /** Listening's dependencies; built from the others when absent. */
  listening?: ListeningDeps | undefined;
  /** Directory of the built web UI (dist/web); the API works without it. */
  webRoot?: string | undefined;
  logger?: boolean;
  /** The clock of the routes whose answers depend on it (brief links expire); tests move it. */
  now?: (() => Date) | undefined;
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { store, config } = deps;
  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: true,
    // One line per request only when debugging; errors are always logged.
    logController: new LogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
  }).withTypeProvider<ZodTypeProvider>();

  // The API's routes, kept so tests can prove every one of them is covered by isolation checks.
  const apiRoutes: { method: string; url: string }[] = [];
  app.addHook("onRoute", (r) => {
    if (!r.url.startsWith("/api/")) return;
    assertRouteKnown(r.url);
    for (const method of [r.method].flat()) if (method !== "HEAD") apiRoutes.push({ method, url: r.url });
  });
  app.decorate("apiRoutes", apiRoutes);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);
  // Media uploads: one file, streamed with the size limit enforced as it arrives.
  await app.register(fastifyMultipart, { limits: { fileSize: config.mediaMaxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });

  app.addHook("onSend", async (req, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    if (!req.url.startsWith("/docs")) {
      reply.header("x-frame-options", "DENY");
      reply.header(
        "content-security-policy",
        "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
    }
    if (req.url.startsWith("/api/") && !reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err as Error, config.bodyLimit);
    if (appErr.code === "internal") req.log.error({ err }, "unhandled error");
    return sendProblem(reply, req, appErr);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Chorus API",
        version,
        description:
          "The HTTP API of Chorus, the open-source SMM workspace. Sign in with POST /api/auth/login (session cookie) or send an API token as `Authorization: Bearer chorus_…`. Errors are application/problem+json (RFC 9457). Lists are paged with `cursor` and `limit`; pass back `nextCursor`.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "An API token from Settings → API tokens" },
          cookie: { type: "apiKey", in: "cookie", name: "chorus_session" },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", uiConfig: { url: "/api/openapi.json" } as object });

  const inbox = deps.inbox ?? createInboxDeps({ store, registry: deps.registry, secrets: deps.secrets, queue: deps.publishing.queue });
  const listening = deps.listening ?? createListeningDeps({ store, registry: deps.registry, secrets: deps.secrets, queue: deps.publishing.queue, config });
  const ctx: ApiContext = { store, config, registry: deps.registry, secrets: deps.secrets, publishing: deps.publishing, inbox, listening, actorOf: makeActorOf(store) };

  // Members limited to some brands reach only those brands' objects (src/api/brand-scope.ts).
  app.addHook("preHandler", brandScopeGuard(ctx));

  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.get(
    "/api/health",
    {
      schema: {
        tags: ["System"],
        summary: "Liveness and database check (no sign-in needed)",
        response: { 200: z.object({ status: z.literal("ok"), version: z.string(), database: z.enum(["sqlite", "postgres"]) }) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(store.db);
      } catch (err) {
        throw new AppError("unavailable", "The database does not answer. Check that it is running and reachable.", { cause: err });
      }
      return { status: "ok" as const, version, database: store.dialect };
    },
  );

  authRoutes(app, ctx);
  workspaceRoutes(app, ctx);
  brandRoutes(app, ctx);
  postRoutes(app, ctx);
  mediaRoutes(app, ctx);
  linkRoutes(app, ctx);
  planningRoutes(app, ctx);
  inboxWorkRoutes(app, ctx);
  inboxRoutes(app, ctx);
  hookRoutes(app, ctx);
  listeningRoutes(app, ctx);
  analyticsRoutes(app, ctx);
  analyticsImportRoutes(app, ctx);
  archiveRoutes(app, ctx);
  auditRoutes(app, ctx);
  competitorsRoutes(app, ctx);
  reportsRoutes(app, ctx);
  strategyRoutes(app, ctx);
  giveawaysRoutes(app, ctx);
  healthRoutes(app, ctx, deps.now ? { now: deps.now } : {});
  campaignsRoutes(app, ctx, deps.now ? { now: deps.now } : {});
  leadersRoutes(app, ctx, deps.now ? { now: deps.now } : {});
  briefsRoutes(app, ctx, { db: store.db, publicUrl: config.publicUrl, ...(deps.now ? { now: deps.now } : {}) });

  const webRoot = deps.webRoot;
  const hasWeb = webRoot !== undefined && fs.existsSync(path.join(webRoot, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  }

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith("/api/") || req.url === "/api" || (req.method !== "GET" && req.method !== "HEAD")) {
      return sendProblem(reply, req, new AppError("not_found", `There is no ${req.method} ${req.url.split("?")[0]} in the API. See /docs.`));
    }
    if (!hasWeb) {
      return reply
        .status(404)
        .type("text/plain")
        .send("The web UI is not built. Run `npm run build` (or `npm start`, which builds it), then reload.");
    }
    // A missing build asset is a real 404: answering index.html would hand the browser HTML as a script.
    if (req.url.startsWith("/assets/") || /\.[a-z0-9]{1,8}(\?|$)/i.test(req.url)) {
      return reply.status(404).type("text/plain").send("Not found");
    }
    // Client-side routes (/w/…, /invite/…) all load the single-page app.
    return reply.type("text/html").sendFile("index.html");
  });

  return app;
}
