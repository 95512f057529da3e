/**
 * Storing post statistics imported from CSV (see src/domain/post-metrics-csv.ts): for networks
 * without API access and for history from before Chorus.
 *
 * All or nothing: the whole file is read and checked first, and one problem anywhere stores nothing.
 * Then, in one transaction, each row upserts the channel's post by its key (the network's id, else
 * its address, else a hash of its time and text) — importing the same file again updates the posts
 * instead of adding them — and adds a metric snapshot taken now, so a post's history shows each
 * reading. Rows go in chunks of 500: 500 × 30 columns stays under SQLite's and PostgreSQL's limits on
 * bound parameters, and 100,000 rows are 400 statements instead of 200,000.
 */
import type { Kysely } from "kysely";
import { IANAZone } from "luxon";
import { type ExportKind, exportNames, type MetricsProblem, type PostMetricsFile, parseFieldMap, parsePostMetricsCsv } from "../../domain/post-metrics-csv.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";

type Db = Kysely<Database>;

/** The largest file the API accepts (the CLI reads any size). */
export const maxPostMetricsCsvBytes = 50 * 1024 * 1024;
const chunk = 500;

/** The file has problems: nothing was stored. The API answers 422 with the list. */
export class PostMetricsFileInvalid extends AppError {
  readonly problems: MetricsProblem[];
  readonly problemCount: number;

  constructor(problems: MetricsProblem[], problemCount: number) {
    const shown = problems.length < problemCount ? ` (the first ${problems.length} are listed)` : "";
    super("validation_failed", `The file has ${problemCount} problem${problemCount > 1 ? "s" : ""}${shown}; nothing was imported. Fix them and import the file again.`, {
      errors: problems.map((p) => ({ path: `line.${p.line}${p.column ? `.${p.column}` : ""}`, message: p.message })),
    });
    this.problems = problems;
    this.problemCount = problemCount;
  }
}

export type PostMetricsImportInput = {
  workspaceId: string;
  brandId: string;
  channelId: string;
  /** The file as it came (bytes: UTF-8 or UTF-16 with a BOM), or null when nothing was sent. */
  csv: string | Uint8Array | null;
  /** `field=Header` pairs. */
  map?: readonly string[];
  /** Read times without an offset in this zone instead of the brand's. */
  timezone?: string | undefined;
  dryRun?: boolean;
  /** For the audit trail: where the file came from. */
  source: "api" | "cli";
  fileName?: string | undefined;
  now?: Date;
};

export type PostMetricsImportResult = {
  dryRun: boolean;
  channelId: string;
  rows: number;
  created: number;
  updated: number;
  snapshots: number;
  publishedFrom: string | null;
  publishedTo: string | null;
  kind: ExportKind;
  kindName: string;
  columns: PostMetricsFile["columns"];
  timezone: string;
  warnings: string[];
};

/**
 * `actor` is the signed-in user, checked for "posts.write" (importing a post's figures is editing
 * the brand's posts); "operator" is someone at the server's command line, who has the database anyway.
 */
export async function importPostMetrics(db: Db, actor: Actor | "operator", input: PostMetricsImportInput): Promise<PostMetricsImportResult> {
  const { workspaceId, brandId, channelId } = input;
  if (actor !== "operator") await requireAccess(db, actor, workspaceId, "posts.write");
  const brand = await db.selectFrom("brands").select(["id", "timezone"]).where("id", "=", brandId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!brand) throw notFound("Brand");
  const channel = await db.selectFrom("channels").select("id").where("id", "=", channelId).where("brand_id", "=", brandId).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!channel) throw notFound("Channel");

  const { map, errors } = parseFieldMap(input.map ?? []);
  if (errors.length) throw new AppError("validation_failed", `The column map is not valid: ${errors.join(" ")}`, { errors: errors.map((message) => ({ path: "map", message })) });
  const zone = input.timezone ?? brand.timezone;
  if (input.timezone !== undefined && !IANAZone.isValidZone(input.timezone)) {
    throw new AppError("validation_failed", `"${input.timezone}" is not a time zone: use an IANA name such as Europe/Moscow.`, { errors: [{ path: "timezone", message: "Not an IANA time zone" }] });
  }
  if (input.csv === null) throw new AppError("bad_request", "Send the CSV file itself as the request body, with Content-Type: text/csv.");

  const now = input.now ?? new Date();
  const file = parsePostMetricsCsv(input.csv, { zone, now, map });
  if (file.problemCount > 0) throw new PostMetricsFileInvalid(file.problems, file.problemCount);

  const times = file.rows.map((r) => r.publishedAt).sort();
  const outcome = {
    dryRun: input.dryRun === true,
    channelId,
    rows: file.rows.length,
    created: 0,
    updated: 0,
    snapshots: 0,
    publishedFrom: times[0] ?? null,
    publishedTo: times.at(-1) ?? null,
    kind: file.kind,
    kindName: exportNames[file.kind],
    columns: file.columns,
    timezone: zone,
    warnings: file.warnings,
  };
  if (input.dryRun) {
    for (let i = 0; i < file.rows.length; i += chunk) {
      const keys = file.rows.slice(i, i + chunk).map((r) => r.postKey);
      const found = await db.selectFrom("channel_posts").select("post_key").where("channel_id", "=", channelId).where("post_key", "in", keys).execute();
      outcome.updated += found.length;
    }
    outcome.created = file.rows.length - outcome.updated;
    return outcome;
  }

  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < file.rows.length; i += chunk) {
      const rows = file.rows.slice(i, i + chunk);
      const proposed = new Map<string, string>();
      const values = rows.map((r) => {
        const id = newId();
        proposed.set(r.postKey, id);
        return {
          id,
          workspace_id: workspaceId,
          brand_id: brandId,
          channel_id: channelId,
          publication_id: null,
          post_key: r.postKey,
          external_id: r.externalId,
          origin: "import" as const,
          url: r.url,
          text: r.text,
          format: r.format,
          rubric: r.rubric,
          paid: r.paid ? 1 : 0,
          campaign: r.campaign,
          published_at: r.publishedAt,
          followers: r.followers,
          reach: r.reach,
          impressions: r.impressions,
          views: r.views,
          likes: r.likes,
          comments: r.comments,
          reposts: r.reposts,
          saves: r.saves,
          clicks: r.clicks,
          metrics_at: at,
          sync_due_at: null,
          created_at: at,
          updated_at: at,
        };
      });
      const stored = await tx
        .insertInto("channel_posts")
        .values(values)
        .onConflict((oc) =>
          oc.columns(["channel_id", "post_key"]).doUpdateSet((eb) => {
            // A value the file leaves blank keeps what is stored (another export, or the network, gave it);
            // origin, publication and the sync schedule of a post Chorus published stay as they are.
            const kept = <C extends "external_id" | "url" | "rubric" | "campaign" | "followers" | "reach" | "impressions" | "views" | "likes" | "comments" | "reposts" | "saves" | "clicks">(c: C) =>
              eb.fn.coalesce(eb.ref(`excluded.${c}`), eb.ref(`channel_posts.${c}`));
            return {
              external_id: kept("external_id"),
              url: kept("url"),
              text: eb.case().when(eb.ref("excluded.text"), "!=", "").then(eb.ref("excluded.text")).else(eb.ref("channel_posts.text")).end(),
              ...(file.gives.format ? { format: eb.ref("excluded.format") } : {}),
              ...(file.gives.paid ? { paid: eb.ref("excluded.paid") } : {}),
              rubric: kept("rubric"),
              campaign: kept("campaign"),
              published_at: eb.ref("excluded.published_at"),
              followers: kept("followers"),
              reach: kept("reach"),
              impressions: kept("impressions"),
              views: kept("views"),
              likes: kept("likes"),
              comments: kept("comments"),
              reposts: kept("reposts"),
              saves: kept("saves"),
              clicks: kept("clicks"),
              metrics_at: eb.ref("excluded.metrics_at"),
              updated_at: eb.ref("excluded.updated_at"),
            };
          }),
        )
        .returning(["id", "post_key"])
        .execute();
      const idOf = new Map(stored.map((s) => [s.post_key, s.id]));
      for (const s of stored) {
        if (proposed.get(s.post_key) === s.id) outcome.created++;
        else outcome.updated++;
      }
      await tx
        .insertInto("metric_snapshots")
        .values(
          rows.map((r) => ({
            id: newId(),
            workspace_id: workspaceId,
            channel_id: channelId,
            publication_id: null,
            channel_post_id: idOf.get(r.postKey) as string,
            taken_at: at,
            followers: r.followers,
            reach: r.reach,
            impressions: r.impressions,
            views: r.views,
            likes: r.likes,
            comments: r.comments,
            reposts: r.reposts,
            saves: r.saves,
            clicks: r.clicks,
          })),
        )
        .execute();
      outcome.snapshots += rows.length;
    }
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor === "operator" ? null : actor.userId,
      action: "analytics.import",
      targetType: "channel",
      targetId: channelId,
      data: {
        brandId,
        source: input.source,
        ...(input.fileName ? { file: input.fileName } : {}),
        kind: file.kind,
        rows: outcome.rows,
        created: outcome.created,
        updated: outcome.updated,
        snapshots: outcome.snapshots,
        publishedFrom: outcome.publishedFrom,
        publishedTo: outcome.publishedTo,
      },
      ip: actor === "operator" ? null : (actor.ip ?? null),
    });
  });
  return outcome;
}
