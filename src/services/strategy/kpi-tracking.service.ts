/**
 * Live KPI tracking: each KPI of the brand's strategy measured from the data Chorus keeps, as a
 * daily series over the last 90 days up to `at`, its current value, and the forecast to its
 * deadline (src/domain/kpi-forecast.ts). The formulas (docs/strategy.md):
 *
 * - followers = Σ channels' followers at the day's end (a channel not read that day keeps its count);
 * - followers gained = followers − followers at the baseline (the contract's, else the strategy's start);
 * - live followers = Σ followers × live share of each channel's latest audit (channels never
 *   audited are left out and named); live gained = live followers − live followers at signing;
 * - ER by reach / by followers = Σ interactions ÷ Σ reach (÷ Σ followers at each post's time) over
 *   the posts of the last 28 days, in percent;
 * - posts per week = channel posts of the last 7 days; link clicks per day = clicks by people on
 *   the short links in the last 7 days ÷ 7;
 * - response time = the median minutes from a comment's arrival to the first reply sent through
 *   Chorus (the series: each day's median; the current value: the last 28 days');
 * - conversions are not tracked yet (they arrive with campaigns): said so, never shown as 0;
 * - custom KPIs: the figures people enter.
 *
 * A trailing window is only read where Chorus has the data for all of it (from the channels' first
 * reading on), so the months before a brand was connected do not read as a slow start.
 */
import type { Kysely } from "kysely";
import { type Forecast, forecastKpi, type Point } from "../../domain/kpi-forecast.js";
import { comparisonOf, type Kpi, type KpiMetric, type KpiUnit, metricInfo } from "../../domain/strategy.js";
import type { Database } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { brandOf, type ChannelInfo, channelsOf, localDay } from "./brand.js";
import { type Contract, latestContract } from "./contract.service.js";
import { clicksByDay, daysOf, followersByChannel, instantsOf, latestAudits, type PostDay, postsByDay, responseMedians, shiftDay } from "./measure.js";
import { readStrategy } from "./strategy.service.js";

export const historyDays = 90;
const erWindow = 28;
const weekWindow = 7;

export type KpiState = "tracking" | "not_tracked" | "no_audit" | "needs_baseline" | "needs_contract" | "channel_missing";

export type KpiTrack = {
  kpi: Kpi;
  unit: KpiUnit;
  state: KpiState;
  current: number | null;
  /** What gains count from: the contract's state, or the strategy's start. */
  baseline: { value: number; source: "contract" | "start"; day: string } | null;
  series: Point[];
  forecast: Forecast | null;
  /** Channels left out of a live-follower figure because they were never audited. */
  unaudited: { id: string; name: string }[];
  formula: string;
};

export type KpiTracking = { brandId: string; at: string; hasStrategy: boolean; contract: Contract | null; kpis: KpiTrack[] };

export const kpiFormulas: Record<KpiMetric, string> = {
  followers: "Σ channels' followers at the day's end",
  followers_gained: "followers now − followers at the baseline (contract signing, else the strategy's start)",
  live_followers: "Σ followers × live share of each channel's latest audience audit",
  live_followers_gained: "live followers now − live followers at contract signing",
  er_reach: "Σ interactions ÷ Σ reach over the last 28 days' posts that report reach × 100",
  er_followers: "Σ interactions ÷ Σ followers at each post's time over the last 28 days' posts × 100",
  posts_per_week: "channel posts published in the last 7 days",
  link_clicks_per_day: "clicks by people (not bots) on the short links in the last 7 days ÷ 7",
  response_minutes_median: "median of (first reply through Chorus − arrival) over the last 28 days, in minutes",
  conversions_per_day: "not tracked yet: conversions arrive with campaigns",
  custom: "the latest figure entered by the team",
};

export async function trackKpis(db: Kysely<Database>, actor: Actor, workspaceId: string, brandId: string, q: { at?: string | undefined }, now = new Date()): Promise<KpiTracking> {
  await requireAccess(db, actor, workspaceId, "analytics.read");
  return computeKpis(db, workspaceId, brandId, q.at ?? null, now);
}

/** The tracking without an access check (reports and the demo's tests read it this way). */
export async function computeKpis(db: Kysely<Database>, workspaceId: string, brandId: string, atDay: string | null, now = new Date()): Promise<KpiTracking> {
  const brand = await brandOf(db, workspaceId, brandId);
  const at = atDay ?? localDay(now, brand.timezone);
  const stored = await readStrategy(db, workspaceId, brandId);
  const contract = await latestContract(db, workspaceId, brandId);
  if (!stored) return { brandId, at, hasStrategy: false, contract, kpis: [] };
  const channels = await channelsOf(db, workspaceId, brandId);
  const m = new Measures(db, workspaceId, brandId, brand.timezone, at, channels);
  const kpis: KpiTrack[] = [];
  for (const kpi of stored.strategy.kpis) kpis.push(await trackOne(m, kpi, { contract, startsOn: stored.strategy.startsOn }));
  return { brandId, at, hasStrategy: true, contract, kpis };
}

type Ctx = { contract: Contract | null; startsOn: string | null };

async function trackOne(m: Measures, kpi: Kpi, ctx: Ctx): Promise<KpiTrack> {
  const base = { kpi, unit: metricInfo[kpi.metric].unit, baseline: null, series: [], forecast: null, unaudited: [], formula: kpiFormulas[kpi.metric], current: null };
  if (!metricInfo[kpi.metric].tracked) return { ...base, state: "not_tracked" };
  const channels = kpi.channelId ? m.channels.filter((c) => c.id === kpi.channelId) : m.channels;
  if (kpi.channelId && channels.length === 0) return { ...base, state: "channel_missing" };
  const ids = channels.map((c) => c.id);
  const done = (series: Point[], extra: Partial<KpiTrack> = {}, current?: number | null): KpiTrack => {
    // Counts and rates cannot fall below 0; a gain can (followers lost since signing).
    const floor = kpi.metric.endsWith("_gained") || kpi.metric === "custom" ? {} : { floor: 0 };
    const forecast = forecastKpi({ series, target: kpi.target, comparison: comparisonOf(kpi), deadline: kpi.deadline, today: m.at, ...floor, ...(current === undefined ? {} : { current }) });
    return { ...base, state: "tracking", series: series.map(rounded), forecast, current: current === undefined ? forecast.current : current, ...extra };
  };

  switch (kpi.metric) {
    case "followers":
      return done(sumSeries(await m.followers(ids), ids, m.days));
    case "followers_gained": {
      const baseline = ctx.contract ? contractFollowers(ctx.contract, ids, m.zone) : ctx.startsOn && ctx.startsOn <= m.at ? await m.followersOn(ids, ctx.startsOn) : null;
      if (!baseline) return { ...base, state: "needs_baseline" };
      const days = m.days.filter((d) => d >= baseline.day);
      const series = sumSeries(await m.followers(baseline.channels), baseline.channels, days).map((p) => ({ day: p.day, value: p.value - baseline.value }));
      return done(series, { baseline: { value: baseline.value, source: baseline.source, day: baseline.day } });
    }
    case "live_followers": {
      const audits = await m.audits(ids);
      const audited = channels.filter((c) => audits.has(c.id));
      const unaudited = channels.filter((c) => !audits.has(c.id)).map((c) => ({ id: c.id, name: c.name }));
      if (audited.length === 0) return { ...base, state: "no_audit", unaudited };
      const shares = new Map(audited.map((c) => [c.id, audits.get(c.id)?.liveShare ?? 0]));
      return done(liveSeries(await m.followers([...shares.keys()]), shares, m.days), { unaudited });
    }
    case "live_followers_gained": {
      if (!ctx.contract) return { ...base, state: "needs_contract" };
      const signed = ctx.contract.channels.filter((c) => ids.includes(c.channelId) && c.liveFollowers !== null);
      const unaudited = channels.filter((c) => !signed.some((s) => s.channelId === c.id)).map((c) => ({ id: c.id, name: c.name }));
      if (signed.length === 0) return { ...base, state: "no_audit", unaudited };
      const audits = await m.audits(signed.map((c) => c.channelId));
      // The live share now: the channel's latest audit (at least the one at signing).
      const shares = new Map(signed.map((c) => [c.channelId, audits.get(c.channelId)?.liveShare ?? c.liveShare ?? 0]));
      const baselineValue = signed.reduce((s, c) => s + (c.liveFollowers ?? 0), 0);
      const day = localDayOf(ctx.contract.signedAt, m.zone);
      const days = m.days.filter((d) => d >= day);
      const series = liveSeries(await m.followers([...shares.keys()]), shares, days).map((p) => ({ day: p.day, value: p.value - baselineValue }));
      return done(series, { baseline: { value: Math.round(baselineValue), source: "contract", day }, unaudited });
    }
    case "er_reach":
    case "er_followers": {
      const posts = await m.posts(ids, erWindow);
      const start = await m.dataStart(ids, posts);
      const reach = kpi.metric === "er_reach";
      const series: Point[] = [];
      for (const day of m.days) {
        if (start === null || day < shiftDay(start, weekWindow - 1)) continue;
        let num = 0;
        let den = 0;
        for (let i = 0; i < erWindow; i++) {
          const d = shiftDay(day, -i);
          if (d < start) break;
          const p = posts.get(d);
          num += (reach ? p?.interactionsWithReach : p?.interactionsWithFollowers) ?? 0;
          den += (reach ? p?.reach : p?.followersAtPosts) ?? 0;
        }
        if (den > 0) series.push({ day, value: (num / den) * 100 });
      }
      return done(series);
    }
    case "posts_per_week": {
      const posts = await m.posts(ids, weekWindow);
      const counts = new Map([...posts].map(([d, p]) => [d, p.posts]));
      return done(windowed(counts, await m.dataStart(ids, posts), m.days, weekWindow, 1));
    }
    case "link_clicks_per_day": {
      const clicks = await m.clicks(ids);
      return done(windowed(clicks, await m.dataStart(ids, null), m.days, weekWindow, weekWindow));
    }
    case "response_minutes_median": {
      const daily = await m.responses(ids);
      const series = m.days.filter((d) => daily.has(d)).map((day) => ({ day, value: daily.get(day) as number }));
      return done(series, {}, await m.responseNow(ids));
    }
    case "custom":
      return done(await m.progress(kpi.id ?? ""));
    case "conversions_per_day":
      return { ...base, state: "not_tracked" };
  }
}

const rounded = (p: Point): Point => ({ day: p.day, value: Math.round(p.value * 100) / 100 });
const localDayOf = (iso: string, zone: string) => localDay(new Date(iso), zone);

/** A trailing sum over `window` days ÷ `per`, on the days whose whole window has data. */
function windowed(values: Map<string, number>, start: string | null, days: string[], window: number, per: number): Point[] {
  if (start === null) return [];
  return days
    .filter((d) => d >= shiftDay(start, window - 1))
    .map((day) => {
      let sum = 0;
      for (let i = 0; i < window; i++) sum += values.get(shiftDay(day, -i)) ?? 0;
      return { day, value: sum / per };
    });
}

/** Σ of the channels' followers per day, on the days every one of them has a count. */
function sumSeries(byChannel: Map<string, Map<string, number>>, ids: string[], days: string[]): Point[] {
  const present = ids.filter((id) => byChannel.has(id));
  if (present.length === 0) return [];
  return days.flatMap((day) => {
    const values = present.map((id) => byChannel.get(id)?.get(day));
    return values.every((v) => v !== undefined) ? [{ day, value: values.reduce<number>((s, v) => s + (v ?? 0), 0) }] : [];
  });
}

function liveSeries(byChannel: Map<string, Map<string, number>>, shares: Map<string, number>, days: string[]): Point[] {
  const ids = [...shares.keys()].filter((id) => byChannel.has(id));
  if (ids.length === 0) return [];
  return days.flatMap((day) => {
    const values = ids.map((id) => {
      const f = byChannel.get(id)?.get(day);
      return f === undefined ? undefined : f * (shares.get(id) ?? 0);
    });
    return values.every((v) => v !== undefined) ? [{ day, value: values.reduce<number>((s, v) => s + (v ?? 0), 0) }] : [];
  });
}

/** The contract's followers of the given channels (those it has a count for). */
function contractFollowers(c: Contract, ids: string[], zone: string): { value: number; channels: string[]; source: "contract"; day: string } | null {
  const counted = c.channels.filter((ch) => ids.includes(ch.channelId) && ch.followers !== null);
  if (counted.length === 0) return null;
  return { value: counted.reduce((s, ch) => s + (ch.followers ?? 0), 0), channels: counted.map((ch) => ch.channelId), source: "contract", day: localDayOf(c.signedAt, zone) };
}

/** The figures of one request, each read once however many KPIs use it. */
class Measures {
  readonly days: string[];
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly workspaceId: string,
    private readonly brandId: string,
    readonly zone: string,
    readonly at: string,
    readonly channels: ChannelInfo[],
  ) {
    this.days = daysOf(shiftDay(at, -(historyDays - 1)), at);
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as Promise<T>;
  }

  private get from() {
    return this.days[0] as string;
  }

  /** The end of `at` in the brand's zone: what "latest at `at`" means for audits. */
  private get atEnd(): string {
    return instantsOf({ from: this.at, to: this.at, zone: this.zone }).end.toISOString();
  }

  followers(ids: string[]) {
    return this.once(`followers|${ids.join(",")}`, () => followersByChannel(this.db, ids, { from: this.from, to: this.at, zone: this.zone }));
  }

  async followersOn(ids: string[], day: string): Promise<{ value: number; channels: string[]; source: "start"; day: string } | null> {
    const byChannel = await followersByChannel(this.db, ids, { from: day, to: day, zone: this.zone });
    const counted = ids.filter((id) => byChannel.get(id)?.has(day));
    if (counted.length === 0) return null;
    return { value: counted.reduce((s, id) => s + (byChannel.get(id)?.get(day) ?? 0), 0), channels: counted, source: "start", day };
  }

  audits(ids: string[]) {
    return this.once(`audits|${ids.join(",")}`, () => latestAudits(this.db, this.workspaceId, ids, this.atEnd));
  }

  /** Posts per day from `window` − 1 days before the history, so the first day's window is whole. */
  posts(ids: string[], window: number): Promise<Map<string, PostDay>> {
    return this.once(`posts|${window}|${ids.join(",")}`, () => postsByDay(this.db, this.brandId, ids, { from: shiftDay(this.from, -(window - 1)), to: this.at, zone: this.zone }));
  }

  clicks(ids: string[]) {
    return this.once(`clicks|${ids.join(",")}`, () => clicksByDay(this.db, this.workspaceId, ids, { from: shiftDay(this.from, -(weekWindow - 1)), to: this.at, zone: this.zone }));
  }

  responses(ids: string[]) {
    return this.once(`responses|${ids.join(",")}`, () => responseMedians(this.db, this.brandId, ids, { from: this.from, to: this.at, zone: this.zone }, true));
  }

  async responseNow(ids: string[]): Promise<number | null> {
    const all = await responseMedians(this.db, this.brandId, ids, { from: shiftDay(this.at, -(erWindow - 1)), to: this.at, zone: this.zone }, false);
    const v = all.get("all");
    return v === undefined ? null : Math.round(v * 10) / 10;
  }

  /** The first day Chorus has figures of these channels for: their first reading, or the first post when they were never read. */
  dataStart(ids: string[], posts: Map<string, PostDay> | null): Promise<string | null> {
    return this.once(`start|${ids.join(",")}|${posts ? "posts" : ""}`, async () => {
      if (ids.length === 0) return null;
      const row = await this.db.selectFrom("channel_days").select((eb) => eb.fn.min("day").as("first")).where("channel_id", "in", ids).executeTakeFirst();
      const firstPost = posts ? [...posts.keys()].sort()[0] : undefined;
      const first = row?.first ? String(row.first) : undefined;
      return [first, firstPost].filter((d): d is string => d !== undefined).sort()[0] ?? null;
    });
  }

  async progress(kpiId: string): Promise<Point[]> {
    const rows = await this.db
      .selectFrom("strategy_kpi_progress")
      .select(["day", "value"])
      .where("workspace_id", "=", this.workspaceId)
      .where("brand_id", "=", this.brandId)
      .where("kpi", "=", kpiId)
      .where("day", "<=", this.at)
      .orderBy("day")
      .execute();
    return rows.map((r) => ({ day: r.day, value: Number(r.value) }));
  }
}
