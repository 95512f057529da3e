/**
 * The archive's spreadsheets: the brand's posts with their publications and latest counters,
 * comments, mentions and post metrics, for a person opening the archive without Chorus. UTF-8 with
 * a BOM (Excel then reads Cyrillic), one header row, an unknown value is an empty cell. A text cell
 * that begins with = + - @ gets a leading apostrophe so a spreadsheet shows it instead of running
 * it as a formula (comments and mentions are written by strangers); the JSON files keep the exact text.
 */
import { stringify } from "csv-stringify/sync";
import { inertCell } from "../analytics/export.js";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../../store/schema.js";
import { brandIs, type Scope } from "./tables.js";

type Row = Record<string, unknown>;

export type CsvSpec = {
  name: string;
  description: string;
  columns: string[];
  /** One page of rows after the key `after` (the first column), by that key. */
  page: (s: Scope, after: string, limit: number) => RawBuilder<Row>;
  /** Adds what one query cannot give on both databases (a mention's query names). */
  enrich?: (db: Kysely<Database>, rows: Row[]) => Promise<void>;
};

export const csvSpecs: CsvSpec[] = [
  {
    name: "posts",
    description: "one row per post and channel: the text, schedule, status, where and when it was published and its latest counters",
    columns: [
      "variant_id", "post_id", "post_status", "created_at", "rubric", "format", "campaign", "network", "channel", "handle", "scheduled_at", "status",
      "published_at", "url", "text", "reach", "impressions", "views", "likes", "comments", "reposts", "saves", "clicks", "metrics_at",
    ],
    page: (s, after, limit) => sql<Row>`
      select v.id as variant_id, p.id as post_id, p.status as post_status, p.created_at, p.rubric, p.format, p.campaign, c.network, c.name as channel,
             c.handle, v.scheduled_at, v.status, pub.published_at, pub.url, v.text, cp.reach, cp.impressions, cp.views, cp.likes, cp.comments,
             cp.reposts, cp.saves, cp.clicks, cp.metrics_at
      from variants v
      join posts p on p.id = v.post_id
      join channels c on c.id = v.channel_id
      left join publications pub on pub.variant_id = v.id and pub.item = 0
      left join channel_posts cp on cp.publication_id = pub.id
      where ${brandIs("p.brand_id", s.brandId)} and v.id > ${after}
      order by v.id limit ${limit}`,
  },
  {
    name: "comments",
    description: "comments, replies, mentions and messages from the brand's channels, with sentiment and state",
    columns: [
      "id", "occurred_at", "network", "channel", "kind", "author_name", "author_handle", "author_followers", "text", "lang", "sentiment",
      "sentiment_score", "status", "url", "post_url", "first_response_at", "resolved_at", "deleted_at",
    ],
    page: (s, after, limit) => sql<Row>`
      select i.id, i.occurred_at, c.network, c.name as channel, i.kind, i.author_name, i.author_handle, i.author_followers, i.text, i.lang,
             i.sentiment, i.sentiment_score, i.status, i.url, pub.url as post_url, i.first_response_at, i.resolved_at, i.deleted_at
      from inbox_items i
      join channels c on c.id = i.channel_id
      left join publications pub on pub.id = i.publication_id
      where ${brandIs("i.brand_id", s.brandId)} and i.id > ${after}
      order by i.id limit ${limit}`,
  },
  {
    name: "mentions",
    description: "mentions found by listening, with sentiment, engagement and the queries they matched",
    columns: [
      "id", "published_at", "network", "author_name", "author_handle", "author_followers", "title", "text", "url", "lang", "sentiment",
      "sentiment_score", "likes", "reposts", "replies", "irrelevant", "duplicate_of", "queries",
    ],
    page: (s, after, limit) => sql<Row>`
      select m.id, m.published_at, m.network, m.author_name, m.author_handle, m.author_followers, m.title, m.text, m.url, m.lang, m.sentiment,
             m.sentiment_score, m.likes, m.reposts, m.replies, m.irrelevant, m.duplicate_of
      from mentions m
      where ${brandIs("m.brand_id", s.brandId)} and m.id > ${after}
      order by m.id limit ${limit}`,
    enrich: async (db, rows) => {
      if (!rows.length) return;
      const ids = rows.map((r) => String(r.id));
      const names = await db
        .selectFrom("mention_queries as mq")
        .innerJoin("listening_queries as q", "q.id", "mq.query_id")
        .select(["mq.mention_id", "q.name"])
        .where("mq.mention_id", "in", ids)
        .orderBy("q.name")
        .execute();
      const byMention = new Map<string, string[]>();
      for (const n of names) byMention.set(n.mention_id, [...(byMention.get(n.mention_id) ?? []), n.name]);
      for (const r of rows) r.queries = (byMention.get(String(r.id)) ?? []).join("; ");
    },
  },
  {
    name: "post-metrics",
    description: "every post on the brand's channels (published by Chorus, imported or found on the network) with its latest counters",
    columns: [
      "id", "published_at", "network", "channel", "origin", "url", "format", "rubric", "campaign", "paid", "followers", "reach", "impressions",
      "views", "likes", "comments", "reposts", "saves", "clicks", "metrics_at", "text",
    ],
    page: (s, after, limit) => sql<Row>`
      select cp.id, cp.published_at, c.network, c.name as channel, cp.origin, cp.url, cp.format, cp.rubric, cp.campaign, cp.paid, cp.followers,
             cp.reach, cp.impressions, cp.views, cp.likes, cp.comments, cp.reposts, cp.saves, cp.clicks, cp.metrics_at, cp.text
      from channel_posts cp
      join channels c on c.id = cp.channel_id
      where ${brandIs("cp.brand_id", s.brandId)} and cp.id > ${after}
      order by cp.id limit ${limit}`,
  },
];

/** CSV lines of the rows in the spec's column order (the header when `header`). */
export function csvLines(spec: CsvSpec, rows: Row[], header: boolean): string {
  const cells = rows.map((r) =>
    spec.columns.map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return null;
      return inertCell(v as string | number);
    }),
  );
  return (header ? "\uFEFF" : "") + stringify(header ? [spec.columns, ...cells] : cells);
}
