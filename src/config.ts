/**
 * Configuration, parsed once at boot from the environment (and CLI flags that override it).
 * Nothing else in Chorus reads process.env: the parsed Config is passed down.
 */
import path from "node:path";
import { z } from "zod";

const boolFlag = z
  .enum(["0", "1", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

function isSmtpUrl(v: string): boolean {
  if (!URL.canParse(v)) return false;
  const url = new URL(v);
  return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  CHORUS_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  CHORUS_SECRET: z.string().min(32, "CHORUS_SECRET must be at least 32 characters").optional(),
  CHORUS_DEMO: boolFlag.default(true),
  CHORUS_DEMO_PASSWORD: z.string().min(10, "CHORUS_DEMO_PASSWORD must be at least 10 characters").optional(),
  CHORUS_PUBLIC_URL: z.string().url().optional(),
  CHORUS_COOKIE_SECURE: boolFlag.optional(),
  CHORUS_WORKERS: boolFlag.default(true),
  CHORUS_QUEUE: z.enum(["embedded", "pg-boss"]).default("embedded"),
  CHORUS_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  CHORUS_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CHORUS_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  CHORUS_MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  CHORUS_ALLOW_PRIVATE_FETCH: boolFlag.default(false),
  CHORUS_TELEGRAM_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  // The message never repeats the value: it may carry the SMTP password.
  CHORUS_SMTP_URL: z
    .string()
    .refine(isSmtpUrl, "CHORUS_SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")
    .optional(),
  CHORUS_MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'CHORUS_MAIL_FROM must be an address, e.g. "Chorus <chorus@example.com>"')
    .default("Chorus <chorus@localhost>"),
  CHORUS_CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; undefined means the embedded SQLite database in dataDir. */
  databaseUrl: string | undefined;
  secret: string | undefined;
  demo: boolean;
  /** Password for the demo login; random (and printed) when unset. */
  demoPassword: string | undefined;
  publicUrl: string;
  cookieSecure: boolean;
  /** Whether `serve` also runs the job workers in-process (the embedded default). */
  workers: boolean;
  /** Job queue backend: our jobs table (SQLite or PostgreSQL), or pg-boss (PostgreSQL only). */
  queue: "embedded" | "pg-boss";
  sessionDays: number;
  logLevel: z.infer<typeof envSchema>["CHORUS_LOG_LEVEL"];
  bodyLimit: number;
  /** Largest accepted media upload, in bytes. */
  mediaMaxBytes: number;
  /** Let link previews (and other fetches of user-given URLs) reach private and loopback addresses. */
  allowPrivateFetch: boolean;
  /** A self-hosted Telegram Bot API server; unset means api.telegram.org. */
  telegramApiUrl: string | undefined;
  /**
   * Where alert e-mail goes out (smtp:// or smtps://); unset means e-mail is not configured.
   * It may hold the SMTP password: never log it (redactSmtpUrl in services/notify/email.ts).
   */
  smtpUrl: string | undefined;
  /** The From of alert e-mail. */
  mailFrom: string;
  /** The Chromium executable that prints PDF reports (playwright-core drives it). */
  chromiumPath: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in the environment mean "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const publicUrl = e.CHORUS_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.CHORUS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secret: e.CHORUS_SECRET,
    demo: e.CHORUS_DEMO,
    demoPassword: e.CHORUS_DEMO_PASSWORD,
    publicUrl,
    cookieSecure: e.CHORUS_COOKIE_SECURE ?? publicUrl.startsWith("https://"),
    workers: e.CHORUS_WORKERS,
    queue: e.CHORUS_QUEUE,
    sessionDays: e.CHORUS_SESSION_DAYS,
    logLevel: e.CHORUS_LOG_LEVEL,
    bodyLimit: e.CHORUS_BODY_LIMIT,
    mediaMaxBytes: e.CHORUS_MEDIA_MAX_BYTES,
    allowPrivateFetch: e.CHORUS_ALLOW_PRIVATE_FETCH,
    telegramApiUrl: e.CHORUS_TELEGRAM_API_URL,
    smtpUrl: e.CHORUS_SMTP_URL,
    mailFrom: e.CHORUS_MAIL_FROM,
    chromiumPath: e.CHORUS_CHROMIUM_PATH,
  };
}
