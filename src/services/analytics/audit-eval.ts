/**
 * How well the audience audit's scoring (domain/bot-score.ts) works on labelled followers:
 * precision, recall and F1 for "bot", the bot / dead / live confusion matrix, per-kind results
 * (which kinds of account it gets wrong) and, per sample, the estimated shares next to the true ones.
 *
 * Two labelled sets: datasets/audience/followers.labeled.jsonl (synthetic, CC0; see its README) and
 * the Sandbox network's own audience model, whose every follower is a person or a bot by
 * construction (connectors/sandbox/audience.ts). `npx tsx datasets/audience/evaluate.ts` prints both.
 */
import { z } from "zod";
import { type Audience, followersAt, sampleFollowers } from "../../connectors/sandbox/audience.js";
import { rngFor } from "../../connectors/sandbox/random.js";
import type { RemoteFollower } from "../../connectors/types.js";
import { auditSample, type FollowerClass, followerClasses } from "../../domain/bot-score.js";
import { type Evaluation, evaluate, formatEvaluation } from "../analysis/evaluate.js";

/** One line of the labelled set: a follower, the audit sample it belongs to, and the truth. */
export const labeledFollowerSchema = z.object({
  /** The audit sample (one channel's followers, audited at one time): bursts are found per sample. */
  sample: z.string().min(1),
  auditedAt: z.iso.datetime(),
  channelFollowers: z.number().int().min(0),
  label: z.enum(followerClasses),
  /** What kind of account the generator made (person, lurker, farm_bot…), for per-kind results. */
  kind: z.string().min(1),
  handle: z.string(),
  name: z.string(),
  hasAvatar: z.boolean(),
  posts: z.number().int().min(0),
  followers: z.number().int().min(0),
  following: z.number().int().min(0),
  createdAt: z.string(),
  lastActiveAt: z.string().nullable(),
});
export type LabeledFollower = z.infer<typeof labeledFollowerSchema>;

export function parseLabeledJsonl(text: string): { rows: LabeledFollower[]; problems: { line: number; message: string }[] } {
  const rows: LabeledFollower[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ line: i + 1, message: "Not valid JSON." });
      return;
    }
    const parsed = labeledFollowerSchema.safeParse(value);
    if (parsed.success) rows.push(parsed.data);
    else problems.push({ line: i + 1, message: parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ") });
  });
  return { rows, problems };
}

export const profileOf = (r: LabeledFollower): RemoteFollower => ({
  handle: r.handle,
  name: r.name,
  hasAvatar: r.hasAvatar,
  posts: r.posts,
  followers: r.followers,
  following: r.following,
  createdAt: r.createdAt,
  lastActiveAt: r.lastActiveAt,
});

export type SampleResult = {
  sample: string;
  n: number;
  truth: Record<FollowerClass, number>;
  estimated: Record<FollowerClass, number>;
  /** The Wilson 95 % interval of the estimated live share. */
  liveInterval: { low: number; high: number };
  bursts: number;
};

export type AuditEvaluation = {
  n: number;
  /** Bot against not-bot. */
  bot: { precision: number; recall: number; f1: number; support: number };
  /** bot / dead / live. */
  classes: Evaluation;
  /** For each kind of account: how many, and what they were classed as. */
  byKind: Record<string, { n: number; label: FollowerClass; predicted: Record<FollowerClass, number> }>;
  samples: SampleResult[];
};

const zero = (): Record<FollowerClass, number> => ({ bot: 0, dead: 0, live: 0 });

/** Scores each sample as one audit (bursts are a property of the sample) and compares with the labels. */
export function evaluateAudit(rows: readonly LabeledFollower[]): AuditEvaluation {
  const bySample = new Map<string, LabeledFollower[]>();
  for (const r of rows) bySample.set(r.sample, [...(bySample.get(r.sample) ?? []), r]);
  const actual: FollowerClass[] = [];
  const predicted: FollowerClass[] = [];
  const byKind: AuditEvaluation["byKind"] = {};
  const samples: SampleResult[] = [];
  for (const [sample, members] of bySample) {
    const first = members[0]!;
    const report = auditSample(members.map(profileOf), new Date(first.auditedAt), first.channelFollowers);
    const truth = zero();
    const estimated = zero();
    report.followers.forEach((scored, i) => {
      const row = members[i]!;
      actual.push(row.label);
      predicted.push(scored.class);
      truth[row.label]++;
      estimated[scored.class]++;
      const k = byKind[row.kind] ?? { n: 0, label: row.label, predicted: zero() };
      byKind[row.kind] = k;
      k.n++;
      k.predicted[scored.class]++;
    });
    samples.push({ sample, n: members.length, truth, estimated, liveInterval: report.summary.intervals.live, bursts: report.summary.bursts.length });
  }
  // Only the classes that occur: the Sandbox has no dead followers, and a class with no support would drag macro-F1 down.
  const classes = evaluate(actual, predicted, followerClasses.filter((c) => actual.includes(c) || predicted.includes(c)));
  return { n: actual.length, bot: classes.perClass.bot ?? { precision: 0, recall: 0, f1: 0, support: 0 }, classes, byKind, samples };
}

/**
 * The Sandbox's audience as a labelled set: for each audience, the first `size` followers of
 * sampleFollowers() with their true kind, read from the same seeded draw the model makes (its first
 * number decides bot or person). The Sandbox has no dead followers: every person was active in
 * the last 20 days.
 */
export function sandboxLabeledSet(
  opts: { botShares?: number[]; size?: number; auditedAt?: Date; followers?: number } = {},
): LabeledFollower[] {
  const at = opts.auditedAt ?? new Date("2026-06-01T12:00:00.000Z");
  const size = opts.size ?? 500;
  const rows: LabeledFollower[] = [];
  for (const [k, botShare] of (opts.botShares ?? [0.05, 0.12, 0.25, 0.4]).entries()) {
    const a: Audience = {
      handle: `sandbox.audit${k + 1}`,
      followers: opts.followers ?? 10_000,
      timezone: "Europe/Moscow",
      botShare,
      failMode: "none",
      connectedAt: new Date(at.getTime() - 30 * 86_400_000).toISOString(),
    };
    sampleFollowers(a, size, at).forEach((f, i) => {
      const bot = rngFor(a.handle, "follower", i)() < a.botShare;
      rows.push({
        sample: `${a.handle} (bots ${Math.round(botShare * 100)} %)`,
        auditedAt: at.toISOString(),
        channelFollowers: followersAt(a, at),
        label: bot ? "bot" : "live",
        kind: bot ? "sandbox_bot" : "sandbox_person",
        ...f,
      });
    });
  }
  return rows;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** A block for a terminal: the bot figures, the confusion matrix, per kind and per sample. */
export function formatAuditEvaluation(e: AuditEvaluation, title: string): string {
  const lines = [
    `${title}: ${e.n} followers — bot precision ${pct(e.bot.precision)}, recall ${pct(e.bot.recall)}, F1 ${pct(e.bot.f1)}`,
    `bot / dead / live: accuracy ${pct(e.classes.accuracy)}, macro-F1 ${pct(e.classes.macroF1)}`,
    // formatEvaluation's own first line speaks of texts; the tables below it are what is wanted.
    formatEvaluation(e.classes, "").split("\n").slice(1).join("\n"),
    "",
    "by kind (true label → classed as bot / dead / live):",
    ...Object.entries(e.byKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, k]) => `  ${kind.padEnd(22)} ${String(k.n).padStart(5)}  ${k.label.padEnd(4)} → ${k.predicted.bot} / ${k.predicted.dead} / ${k.predicted.live}`),
    "",
    "by sample (true → estimated share; live interval):",
    ...e.samples.map((s) => {
      const share = (c: FollowerClass) => `${pct(s.truth[c] / s.n)} → ${pct(s.estimated[c] / s.n)}`;
      return `  ${s.sample.padEnd(28)} n=${s.n}  bot ${share("bot")}  dead ${share("dead")}  live ${share("live")} [${pct(s.liveInterval.low)}–${pct(s.liveInterval.high)}]  bursts ${s.bursts}`;
    }),
  ];
  return lines.join("\n");
}
