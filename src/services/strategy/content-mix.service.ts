/**
 * The content mix actually published against the strategy's plan (DOMAIN.md's known mistake: "a
 * wrong ratio of informative to entertaining content; using only one content type"). Each
 * publication on each channel counts once, by its rubric; a rubric is of the kind the strategy's
 * mix gives it. Rubrics the plan does not name, and posts without a rubric, are shown apart —
 * never guessed into a kind. analytics calls contentMixOf for its own pages.
 */
import { type Kysely, sql } from "kysely";
import { infoToEntertainment, plannedKinds, type RubricKind, rubricKinds, type Strategy } from "../../domain/strategy.js";
import { AppError } from "../../errors.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { brandOf } from "./brand.js";
import { instantsOf } from "./measure.js";
import { readStrategy } from "./strategy.service.js";

export type MixRow = { rubric: string | null; kind: RubricKind | null; posts: number; share: number; plannedShare: number | null };
export type KindShare = { kind: RubricKind; posts: number; share: number; plannedShare: number | null };

export type ContentMix = {
  period: { from: string; to: string };
  hasPlan: boolean;
  posts: number;
  /** Per rubric published or planned; shares in percent of all posts of the period. */
  rubrics: MixRow[];
  /** Per kind, over the posts whose rubric the plan names (shares of those posts, in percent). */
  kinds: KindShare[];
  /** Posts whose rubric the plan does not name (or that have none). */
  outsidePlan: number;
  /** informative ÷ entertaining, published and planned; null without entertaining content. */
  ratio: { actual: number | null; planned: number | null };
};

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The published mix of a brand's days [from, to] (YYYY-MM-DD, inclusive) against its strategy; no access check. */
export async function contentMixOf(db: Kysely<Database>, workspaceId: string, brandId: string, from: string, to: string): Promise<ContentMix> {
  if (!isoDay.test(from) || !isoDay.test(to) || to < from) {
    throw new AppError("validation_failed", "from and to must be days (YYYY-MM-DD), to not before from.", { errors: [{ path: "to", message: "Must not be before from" }] });
  }
  const brand = await brandOf(db, workspaceId, brandId);
  const plan = (await readStrategy(db, workspaceId, brandId))?.strategy.contentMix ?? [];
  const { start, end } = instantsOf({ from, to, zone: brand.timezone });
  const rows = await db
    .selectFrom("channel_posts")
    .select(["rubric", sql<number>`count(*)`.as("posts")])
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("published_at", ">=", start.toISOString())
    .where("published_at", "<", end.toISOString())
    .groupBy("rubric")
    .execute();
  return mixOf(rows.map((r) => ({ rubric: r.rubric, posts: Number(r.posts) })), plan, { from, to });
}

/** The arithmetic of contentMixOf, from the posts per rubric and the plan. */
export function mixOf(published: { rubric: string | null; posts: number }[], plan: Strategy["contentMix"], period: { from: string; to: string }): ContentMix {
  const planned = new Map(plan.map((m) => [m.rubric.toLocaleLowerCase(), m]));
  const total = published.reduce((s, r) => s + r.posts, 0);
  const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);
  const rubrics: MixRow[] = published.map((r) => {
    const p = r.rubric === null ? undefined : planned.get(r.rubric.toLocaleLowerCase());
    return { rubric: p?.rubric ?? r.rubric, kind: p?.kind ?? null, posts: r.posts, share: pct(r.posts, total), plannedShare: p?.share ?? null };
  });
  for (const m of plan) {
    if (!rubrics.some((r) => r.rubric?.toLocaleLowerCase() === m.rubric.toLocaleLowerCase())) rubrics.push({ rubric: m.rubric, kind: m.kind, posts: 0, share: 0, plannedShare: m.share });
  }
  rubrics.sort((a, b) => b.posts - a.posts || (b.plannedShare ?? 0) - (a.plannedShare ?? 0));
  const inPlan = rubrics.filter((r) => r.kind !== null).reduce((s, r) => s + r.posts, 0);
  const byKind = Object.fromEntries(rubricKinds.map((k) => [k, 0])) as Record<RubricKind, number>;
  for (const r of rubrics) if (r.kind) byKind[r.kind] += r.posts;
  const plannedByKind = plannedKinds(plan);
  const kinds = rubricKinds.map((kind) => ({ kind, posts: byKind[kind], share: pct(byKind[kind], inPlan), plannedShare: plan.length ? plannedByKind[kind] : null }));
  return {
    period,
    hasPlan: plan.length > 0,
    posts: total,
    rubrics,
    kinds,
    outsidePlan: total - inPlan,
    ratio: { actual: infoToEntertainment(byKind), planned: plan.length ? infoToEntertainment(plannedByKind) : null },
  };
}

export async function contentMix(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, q: { from: string; to: string }): Promise<ContentMix> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  return contentMixOf(db, workspaceId, brandId, q.from, q.to);
}
