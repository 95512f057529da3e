/** Runs every plan health rule over one brand's gathered inputs, most severe findings first. */
import { type ChannelAudit, type ChannelEngagement, type DeletedComment, deadAudiences, deletedNegative, type InboxStats, slowAnswers, unansweredComments } from "./plan-health-audience.js";
import { type Finding, type HourCell, longSilences, mixOffPlan, oneFormat, type PlanChannel, type PlanPost, postsAtLowHours, severities, type Severity, tooManyPosts } from "./plan-health.js";
import type { MixItem } from "./strategy.js";

export type PlanHealthInput = {
  zone: string;
  /** The period as instants: [start, end). */
  start: string;
  end: string;
  now: string;
  channels: PlanChannel[];
  posts: PlanPost[];
  mix: readonly MixItem[];
  hours: HourCell[];
  inbox: InboxStats;
  deleted: DeletedComment[];
  audits: ChannelAudit[];
  engagement: ChannelEngagement[];
};

export type FindingCounts = Record<Severity, number>;

export function runPlanHealth(input: PlanHealthInput): { findings: Finding[]; counts: FindingCounts } {
  const findings = [
    ...tooManyPosts(input.posts, input.channels, input.zone),
    ...longSilences(input.posts, input.channels, { start: input.start, end: input.end, now: input.now }),
    ...oneFormat(input.posts),
    ...mixOffPlan(input.posts, input.mix),
    ...postsAtLowHours(input.posts, input.hours, input.zone),
    ...unansweredComments(input.inbox),
    ...slowAnswers(input.inbox),
    ...deletedNegative(input.deleted),
    ...deadAudiences(input.audits, input.engagement, input.channels),
  ];
  // Stable: within a severity, the rules keep the order above (the order of the work loop).
  const ranked = findings.map((f, i) => ({ f, i })).sort((a, b) => severities.indexOf(a.f.severity) - severities.indexOf(b.f.severity) || a.i - b.i).map((x) => x.f);
  const counts: FindingCounts = { critical: 0, warning: 0, info: 0 };
  for (const f of ranked) counts[f.severity]++;
  return { findings: ranked, counts };
}
