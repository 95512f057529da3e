/**
 * Listening alert rules: what they watch, their thresholds, and whether figures break them. Pure,
 * so every rule's edges are unit-tested; the service gathers the figures and delivers alerts.
 *
 * - volume_spike: mentions in the last `windowMinutes` at least `factor` × the average of the same
 *   length over the previous `baselineDays` (and at least `minMentions`, so 3 mentions after a quiet
 *   night are not a spike);
 * - negative_share: negative mentions over all mentions in the last `windowMinutes` above
 *   `threshold` (with at least `minMentions`);
 * - influencer: a mention by an author with at least `minFollowers` followers — every such mention
 *   since the last alert goes into one alert (grouping).
 * A rule that fired stays quiet for its cool-down; what happens meanwhile is in the next alert.
 */
import { z } from "zod";

export const volumeSpikeParams = z.strictObject({
  factor: z.number().min(1.1, "A spike is at least 1.1× the baseline").max(100),
  windowMinutes: z.number().int().min(10).max(24 * 60),
  baselineDays: z.number().int().min(1).max(60).default(7),
  minMentions: z.number().int().min(1).max(100_000).default(10),
});
export const negativeShareParams = z.strictObject({
  threshold: z.number().gt(0, "The share must be above 0").lt(1, "The share must be below 1 (e.g. 0.3 for 30 %)"),
  windowMinutes: z.number().int().min(10).max(7 * 24 * 60),
  minMentions: z.number().int().min(1).max(100_000).default(10),
});
export const influencerParams = z.strictObject({
  minFollowers: z.number().int().min(100, "At least 100 followers").max(1_000_000_000),
});

export type VolumeSpikeParams = z.infer<typeof volumeSpikeParams>;
export type NegativeShareParams = z.infer<typeof negativeShareParams>;
export type InfluencerParams = z.infer<typeof influencerParams>;

export type RuleParams =
  | { type: "volume_spike"; params: VolumeSpikeParams }
  | { type: "negative_share"; params: NegativeShareParams }
  | { type: "influencer"; params: InfluencerParams };

export const paramsSchemaOf = { volume_spike: volumeSpikeParams, negative_share: negativeShareParams, influencer: influencerParams } as const;

export const defaultParams = {
  volume_spike: { factor: 3, windowMinutes: 60, baselineDays: 7, minMentions: 10 },
  negative_share: { threshold: 0.3, windowMinutes: 120, minMentions: 10 },
  influencer: { minFollowers: 50_000 },
} as const;

export const defaultCooldownMinutes = 120;

/** The figures a rule is judged on, gathered by the service for the rule's window. */
export type RuleFigures =
  | { type: "volume_spike"; mentions: number; baselineAverage: number }
  | { type: "negative_share"; mentions: number; negative: number }
  | { type: "influencer"; mentions: { followers: number }[] };

export type Verdict = { fire: false } | { fire: true; title: string; figures: Record<string, number> };

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function judge(rule: RuleParams, f: RuleFigures): Verdict {
  if (rule.type === "volume_spike" && f.type === "volume_spike") {
    const { factor, minMentions, windowMinutes } = rule.params;
    if (f.mentions < minMentions) return { fire: false };
    // A baseline of zero means any volume above the minimum is a spike; the ratio is then reported as the count.
    const ratio = f.baselineAverage > 0 ? f.mentions / f.baselineAverage : f.mentions;
    if (ratio < factor) return { fire: false };
    return {
      fire: true,
      title: `${f.mentions} mentions in ${windowMinutes} min — ${Math.round(ratio * 10) / 10}× the usual ${Math.round(f.baselineAverage * 10) / 10}`,
      figures: { mentions: f.mentions, baselineAverage: Math.round(f.baselineAverage * 100) / 100, ratio: Math.round(ratio * 100) / 100 },
    };
  }
  if (rule.type === "negative_share" && f.type === "negative_share") {
    const { threshold, minMentions, windowMinutes } = rule.params;
    if (f.mentions < minMentions) return { fire: false };
    const share = f.negative / f.mentions;
    if (share <= threshold) return { fire: false };
    return {
      fire: true,
      title: `${pct(share)} of mentions negative in ${windowMinutes} min (${f.negative} of ${f.mentions}; threshold ${pct(threshold)})`,
      figures: { mentions: f.mentions, negative: f.negative, share: Math.round(share * 1000) / 1000, threshold },
    };
  }
  if (rule.type === "influencer" && f.type === "influencer") {
    const big = f.mentions.filter((m) => m.followers >= rule.params.minFollowers);
    if (big.length === 0) return { fire: false };
    const top = Math.max(...big.map((m) => m.followers));
    return {
      fire: true,
      title: big.length === 1 ? `A mention by an author with ${top.toLocaleString("en")} followers` : `${big.length} mentions by authors with over ${rule.params.minFollowers.toLocaleString("en")} followers`,
      figures: { mentions: big.length, maxFollowers: top },
    };
  }
  return { fire: false };
}

/** Whether a rule that last fired at `lastFiredAt` is still cooling down at `now`. */
export function coolingDown(lastFiredAt: string | null, cooldownMinutes: number, now: Date): boolean {
  return lastFiredAt !== null && now.getTime() - Date.parse(lastFiredAt) < cooldownMinutes * 60_000;
}
