/**
 * The `chorus` command. `serve` is what `npm start` runs: migrations, the demo workspace on an
 * empty database, the HTTP server and (by default) the job workers, all in one process.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { buildApp } from "../api/app.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { AppError } from "../errors.js";
import { registerPublishing, registerSweep, scheduleSweep } from "../jobs/publish-variant.job.js";
import { registerInbox, scheduleInboxSweep } from "../jobs/ingest-comments.job.js";
import { registerListening, scheduleListeningSweep } from "../jobs/listen.job.js";
import { registerMetrics, scheduleMetricsSweep } from "../jobs/sync-metrics.job.js";
import { registerCompetitors, scheduleCompetitorsSweep } from "../jobs/competitors.job.js";
import { registerPlanHealth, scheduleHealthSweep } from "../jobs/plan-health.job.js";
import { registerReports, scheduleReportsSweep } from "../jobs/send-report.job.js";
import { createReportsDeps } from "../services/reports/wiring.js";
import { registerTraining } from "../jobs/train-model.job.js";
import { registerPlanning, schedulePlanningSweep } from "../jobs/recur.job.js";
import { createInboxDeps } from "../services/inbox/wiring.js";
import { createListeningDeps } from "../services/listening/wiring.js";
import { registerMaintenance, scheduleCleanup } from "../jobs/maintenance.js";
import type { JobQueue } from "../jobs/queue.js";
import { createUser } from "../services/auth.service.js";
import { createDemo } from "../services/demo.service.js";
import { createWorkspace } from "../services/workspace.service.js";
import { migrateToLatest } from "../store/migrate.js";
import { openStore } from "../store/db.js";
import { randomToken } from "../services/secrets.js";
import { version } from "../version.js";
import { isEmpty, openRuntime, type Runtime } from "./runtime.js";
import { registerAnalyticsCommands } from "./analytics.js";
import { registerArchiveCommands } from "./archive.js";
import { registerGiveawayCommands } from "./giveaway.js";
import { registerImportCommands } from "./import.js";
import { registerSentimentCommands } from "./sentiment.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/web next to dist/cli in a build; from sources (tsx) the build's output is used too. */
const webRoot = [path.resolve(here, "../web"), path.resolve(here, "../../dist/web")].find((p) =>
  fs.existsSync(path.join(p, "index.html")),
);

function config(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

/** Registers every job kind on the runtime's queue and starts working. */
async function startWorkers(rt: Runtime): Promise<JobQueue> {
  const queue = rt.queue;
  registerMaintenance(queue, rt.store.db);
  registerPublishing(queue, rt.publishing);
  registerSweep(queue, rt.publishing);
  registerPlanning(queue, rt.publishing);
  const inbox = createInboxDeps({ store: rt.store, registry: rt.registry, secrets: rt.secrets, queue });
  registerInbox(queue, inbox);
  registerTraining(queue, inbox);
  registerListening(queue, createListeningDeps({ store: rt.store, registry: rt.registry, secrets: rt.secrets, queue, config: rt.config }));
  registerMetrics(queue, { db: rt.store.db, registry: rt.registry, secrets: rt.secrets });
  registerCompetitors(queue, { db: rt.store.db, registry: rt.registry, secrets: rt.secrets });
  registerReports(queue, createReportsDeps({ store: rt.store, config: rt.config }));
  registerPlanHealth(queue, { db: rt.store.db });
  await queue.start();
  await scheduleCleanup(queue);
  await scheduleSweep(queue);
  await schedulePlanningSweep(queue);
  await scheduleInboxSweep(queue);
  // Now, not at the next minute: sources added while the workers were down (the demo's) run at once.
  await scheduleListeningSweep(queue, new Date());
  await scheduleMetricsSweep(queue, new Date());
  await scheduleCompetitorsSweep(queue, new Date());
  await scheduleReportsSweep(queue, new Date());
  await scheduleHealthSweep(queue, new Date());
  return queue;
}

function printDemoLogin(publicUrl: string, email: string, password: string) {
  const lines = [
    "Chorus created a demo workspace (CHORUS_DEMO=0 skips this).",
    `  Open:     ${publicUrl}`,
    `  E-mail:   ${email}`,
    `  Password: ${password}`,
    "Its channels are on the built-in Sandbox network: simulated, not a real social network.",
  ];
  console.log(`\n${lines.join("\n")}\n`);
}

/** Stops on SIGINT/SIGTERM: no new requests or jobs, running ones finish, then the store closes. */
function onShutdown(fn: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: shutting down…`);
    fn().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

export function buildCli(): Command {
  const program = new Command();
  program
    .name("chorus")
    .description("Chorus, the open-source social media marketing workspace.\nConfiguration comes from environment variables (see the README); flags override them.")
    .version(version, "-v, --version", "print the version");

  program
    .command("serve")
    .description("run the web UI and API (and, unless --no-workers, the job workers) — what `npm start` runs")
    .option("-p, --port <port>", "port to listen on (PORT, default 3000)")
    .option("--host <host>", "address to listen on (HOST, default 0.0.0.0)")
    .option("--no-workers", "do not run job workers in this process (CHORUS_WORKERS=0); run `chorus worker` instead")
    .action(async (opts: { port?: string; host?: string; workers: boolean }) => {
      const cfg = config({
        PORT: opts.port ?? process.env.PORT,
        HOST: opts.host ?? process.env.HOST,
        CHORUS_WORKERS: opts.workers ? process.env.CHORUS_WORKERS : "0",
      });
      const rt = await openRuntime(cfg);
      if (cfg.demo && (await isEmpty(rt.store))) {
        const demo = await createDemo(rt.store, { secrets: rt.secrets, password: cfg.demoPassword });
        printDemoLogin(cfg.publicUrl, demo.email, demo.password);
      }
      const app = await buildApp({ store: rt.store, config: cfg, registry: rt.registry, secrets: rt.secrets, publishing: rt.publishing, webRoot });
      const queue = cfg.workers ? await startWorkers(rt) : undefined;
      await app.listen({ port: cfg.port, host: cfg.host });
      const where = cfg.databaseUrl ? "PostgreSQL" : `SQLite in ${cfg.dataDir}`;
      console.log(`Chorus ${version} is listening on ${cfg.publicUrl} (database: ${where}; workers: ${queue ? "in this process" : "off"})`);
      if (!webRoot) console.log("The web UI is not built: run `npm run build`.");
      onShutdown(async () => {
        await app.close();
        await rt.queue.stop();
        await rt.store.close();
      });
    });

  program
    .command("worker")
    .description("run only the job workers (scale-out: any number of them beside `chorus serve --no-workers`)")
    .action(async () => {
      const rt = await openRuntime(config());
      const queue = await startWorkers(rt);
      console.log(`Chorus worker ${version} is running (${queue.backend} queue). Ctrl+C stops it.`);
      onShutdown(async () => {
        await queue.stop();
        await rt.store.close();
      });
    });

  program
    .command("migrate")
    .description("bring the database schema up to date (serve does this too)")
    .action(async () => {
      const cfg = config();
      const store = openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
      try {
        const applied = await migrateToLatest(store);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      } finally {
        await store.close();
      }
    });

  program
    .command("demo")
    .description("create the demo workspace (a coffee shop on the Sandbox network) and print its login")
    .option("--password <password>", "password for demo@chorus.local (CHORUS_DEMO_PASSWORD; random if unset)")
    .action(async (opts: { password?: string }) => {
      const cfg = config();
      const rt = await openRuntime(cfg);
      try {
        const demo = await createDemo(rt.store, { secrets: rt.secrets, password: opts.password ?? cfg.demoPassword });
        printDemoLogin(cfg.publicUrl, demo.email, demo.password);
      } finally {
        await rt.store.close();
      }
    });

  const user = program.command("user").description("manage user accounts");
  user
    .command("create")
    .description("create a user, and with --workspace a new workspace they own")
    .requiredOption("--email <email>", "e-mail address (the login)")
    .option("--name <name>", "display name (default: the e-mail)")
    .addOption(new Option("--password <password>", "password, at least 10 characters (default: read CHORUS_PASSWORD, else generate one)"))
    .option("--workspace <name>", "also create a workspace with this name, owned by the user")
    .option("--locale <locale>", "interface language: en or ru", "en")
    .action(async (opts: { email: string; name?: string; password?: string; workspace?: string; locale: string }) => {
      if (!["en", "ru"].includes(opts.locale)) throw new AppError("validation_failed", "--locale must be en or ru.");
      const rt = await openRuntime(config());
      try {
        const given = opts.password ?? process.env.CHORUS_PASSWORD;
        const password = given ?? randomToken(12);
        const created = await createUser(rt.store.db, { email: opts.email, name: opts.name ?? "", password, locale: opts.locale });
        console.log(`Created user ${created.email} (id ${created.id}).`);
        if (!given) console.log(`Password: ${password}`);
        if (opts.workspace) {
          const ws = await createWorkspace(rt.store.db, { name: opts.workspace, ownerId: created.id });
          console.log(`Created workspace "${ws.name}" (id ${ws.id}) with ${created.email} as owner.`);
        }
      } finally {
        await rt.store.close();
      }
    });

  program
    .command("backup")
    .description("write a consistent copy of the SQLite database to a file, while Chorus keeps running")
    .argument("<file>", "where to write the backup (must not exist)")
    .action(async (file: string) => {
      const cfg = config();
      if (cfg.databaseUrl) {
        throw new AppError("bad_request", "DATABASE_URL points to PostgreSQL: back it up with pg_dump, e.g. pg_dump -Fc \"$DATABASE_URL\" > chorus.dump");
      }
      const target = path.resolve(file);
      if (fs.existsSync(target)) throw new AppError("conflict", `${target} already exists; choose a new file name.`);
      const store = openStore({ dataDir: cfg.dataDir });
      try {
        if (!store.sqlite) throw new Error("unreachable: SQLite store without a handle");
        // SQLite's online backup API copies a consistent snapshot page by page; writers go on meanwhile.
        await store.sqlite.backup(target);
        const size = fs.statSync(target).size;
        console.log(`Backed up ${path.join(cfg.dataDir, "chorus.sqlite")} to ${target} (${(size / 1024 / 1024).toFixed(1)} MiB).`);
        console.log("Keep the key file (secret.key in the data directory) or CHORUS_SECRET with it: channel credentials need it.");
      } finally {
        await store.close();
      }
    });

  registerSentimentCommands(program);
  registerAnalyticsCommands(program);
  registerImportCommands(program);
  registerArchiveCommands(program);
  registerGiveawayCommands(program);

  program
    .command("version")
    .description("print the version")
    .action(() => console.log(version));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof AppError) {
      console.error(`chorus: ${err.message}`);
      process.exit(err instanceof AppError && err.status < 500 ? 2 : 1);
    }
    throw err;
  }
}

await main(process.argv);
