/**
 * The plan health rules about people (DOMAIN.md, "The known mistakes"): comments left without an
 * answer or answered late, negative comments deleted instead of answered or hidden, and audiences
 * that look dead (an audit finding bots and inactive accounts, or posts that get a handful of
 * interactions however many followers there are). Pure; see plan-health.ts for the shapes.
 */
import { type Finding, finding, type ItemRef, type PlanChannel } from "./plan-health.js";

export type InboxStats = {
  /** The brand's answer target (brand settings responseSlaMinutes). */
  targetMinutes: number;
  /** Items past their due time with no answer, not resolved, hidden or deleted: oldest first, a bounded sample. */
  unanswered: { id: string; occurredAt: string; negative: boolean }[];
  unansweredCount: number;
  unansweredNegative: number;
  /** Answered items of the period: how many, how many after their due time, the median first response. */
  answered: number;
  answeredLate: number;
  medianFirstResponseMinutes: number | null;
  /** The late ones, slowest first (a bounded sample). */
  late: { id: string }[];
};

export type DeletedComment = { id: string; deletedAt: string; answered: boolean; hidden: boolean };

export type ChannelAudit = { channelId: string; auditedAt: string; sampleSize: number; botShare: number; deadShare: number; liveShare: number };

/** Per channel over the period's published posts: how many, with followers known, and their mean ER by followers (percent). */
export type ChannelEngagement = { channelId: string; posts: number; followers: number; erFollowers: number; lowest: { postId: string | null; interactions: number }[] };

export const audienceThresholds = {
  /** Unanswered past the target: one negative is already critical (it is read by everyone); this many of any kind too. */
  unansweredCritical: 10,
  /** Slow answers: judged from this many answers, and a finding when more than this share came after the target. */
  minAnswered: 5,
  lateShare: 0.2,
  /** Bots + inactive accounts in an audit: a warning from 30 %, critical from 50 %. */
  deadWarning: 0.3,
  deadCritical: 0.5,
  /** An audit smaller than this is not trusted. */
  minAuditSample: 50,
  /** "Many subscribers but posts get 5–10 likes": ER by followers under 0.3 % on a channel of 1,000+ followers, over 5+ posts. */
  lowErFollowers: 0.3,
  minFollowers: 1000,
  minPostsForEr: 5,
} as const;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Comments waiting past the brand's answer target. */
export function unansweredComments(s: InboxStats): Finding[] {
  if (s.unansweredCount === 0) return [];
  const oldest = s.unanswered[0];
  return [
    finding({
      rule: "unanswered_comments",
      severity: s.unansweredNegative > 0 || s.unansweredCount >= audienceThresholds.unansweredCritical ? "critical" : "warning",
      params: oldest ? { oldest: oldest.occurredAt } : {},
      evidence: { count: s.unansweredCount, negative: s.unansweredNegative, targetMinutes: s.targetMinutes },
      // Negative first: those are the ones to answer now.
      items: [...s.unanswered.filter((i) => i.negative), ...s.unanswered.filter((i) => !i.negative)].map((i): ItemRef => ({ kind: "inbox_item", id: i.id })),
    }),
  ];
}

/** Answers later than the target in more than a fifth of the cases. */
export function slowAnswers(s: InboxStats): Finding[] {
  if (s.answered < audienceThresholds.minAnswered) return [];
  const share = s.answeredLate / s.answered;
  if (share <= audienceThresholds.lateShare) return [];
  return [
    finding({
      rule: "slow_answers",
      severity: "warning",
      params: {},
      evidence: {
        answered: s.answered,
        late: s.answeredLate,
        latePercent: round1(share * 100),
        ...(s.medianFirstResponseMinutes === null ? {} : { medianMinutes: round1(s.medianFirstResponseMinutes) }),
        targetMinutes: s.targetMinutes,
      },
      items: s.late.map((i): ItemRef => ({ kind: "inbox_item", id: i.id })),
    }),
  ];
}

/** Negative comments the team deleted: critical when it was neither answered nor hidden first. */
export function deletedNegative(deleted: DeletedComment[]): Finding[] {
  if (deleted.length === 0) return [];
  const silent = deleted.filter((d) => !d.answered && !d.hidden);
  return [
    finding({
      rule: "deleted_negative",
      severity: silent.length > 0 ? "critical" : "warning",
      params: {},
      evidence: { deleted: deleted.length, unanswered: silent.length },
      items: [...silent, ...deleted.filter((d) => d.answered || d.hidden)].map((d): ItemRef => ({ kind: "inbox_item", id: d.id })),
    }),
  ];
}

/** Audiences that look dead: the latest audit of each channel, and ER by followers far below a living audience's. */
export function deadAudiences(audits: ChannelAudit[], engagement: ChannelEngagement[], channels: PlanChannel[]): Finding[] {
  const out: Finding[] = [];
  const t = audienceThresholds;
  for (const ch of channels) {
    const audit = audits.find((a) => a.channelId === ch.id);
    if (audit && audit.sampleSize >= t.minAuditSample) {
      const dead = audit.botShare + audit.deadShare;
      if (dead >= t.deadWarning) {
        out.push(
          finding({
            rule: "dead_audience",
            severity: dead >= t.deadCritical ? "critical" : "warning",
            params: { channel: ch.name, channelId: ch.id, auditedAt: audit.auditedAt },
            evidence: { botPercent: round1(audit.botShare * 100), deadPercent: round1(audit.deadShare * 100), livePercent: round1(audit.liveShare * 100), sample: audit.sampleSize },
            items: [{ kind: "channel", id: ch.id }],
          }),
        );
      }
    }
    const er = engagement.find((e) => e.channelId === ch.id);
    if (er && er.posts >= t.minPostsForEr && er.followers >= t.minFollowers && er.erFollowers < t.lowErFollowers) {
      out.push(
        finding({
          rule: "low_engagement",
          severity: "warning",
          params: { channel: ch.name, channelId: ch.id },
          evidence: { erFollowers: Math.round(er.erFollowers * 100) / 100, followers: er.followers, posts: er.posts, limit: t.lowErFollowers },
          items: [{ kind: "channel", id: ch.id }, ...er.lowest.flatMap((l): ItemRef[] => (l.postId ? [{ kind: "post", id: l.postId }] : []))],
        }),
      );
    }
  }
  return out;
}
