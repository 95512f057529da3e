/**
 * `chorus analytics summary --brand ID --from DAY --to DAY [--json]`: the dashboard's figures of a
 * brand (or one of its channels, or a campaign) for scripts and for checking — totals and every
 * rate with its formula, the previous period, by format, by network, and by weekday × hour in the
 * brand's time zone. Reads the database named by the environment, as `chorus serve` would.
 */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { loadConfig } from "../config.js";
import { type Rates, formulas } from "../domain/metrics.js";
import { AppError } from "../errors.js";
import { computeDashboard, type Dashboard, rankMetrics, type RankMetric } from "../services/analytics/dashboard.service.js";
import { openStore } from "../store/db.js";
import { migrateToLatest } from "../store/migrate.js";

type SummaryOptions = { brand: string; from?: string; to?: string; channel?: string; campaign?: string; rankBy?: string; json?: boolean };

/** What the summary prints: the dashboard without its long series. */
export function summaryOf(d: Dashboard) {
  return {
    brand: d.scope.brands[0] ?? null,
    channelId: d.scope.channelId,
    campaign: d.scope.campaign,
    period: d.period,
    previous: d.previous,
    totals: d.totals,
    rates: d.rates,
    previousTotals: d.previousTotals,
    previousRates: d.previousRates,
    followers: d.followers,
    previousFollowers: d.previousFollowers,
    linkClicks: d.linkClicks,
    engagedPeople: d.engagedPeople,
    byFormat: d.byFormat.map((b) => ({ format: b.key, ...b.totals, rates: b.rates })),
    byNetwork: d.byNetwork.map((b) => ({ network: b.key, ...b.totals, rates: b.rates })),
    byWeekdayHour: d.heatmap.filter((c) => c.posts > 0),
    best: d.best,
    funnel: d.funnel,
    formulas: d.formulas,
  };
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)}%`);
const int = (v: number | null) => (v === null ? "—" : v.toLocaleString("en"));

function printText(d: Dashboard) {
  const brand = d.scope.brands[0];
  console.log(`${brand?.name ?? "All brands"} · ${d.period.from} … ${d.period.to} (${brand?.timezone ?? ""}), previous ${d.previous.from} … ${d.previous.to}`);
  const rows: [string, string, string][] = [
    ["posts", int(d.totals.posts), int(d.previousTotals.posts)],
    ["followers at the end", int(d.followers.end), int(d.previousFollowers.end)],
    ["growth", int(d.followers.growth), int(d.previousFollowers.growth)],
    ["reach", int(d.totals.reach), int(d.previousTotals.reach)],
    ["impressions", int(d.totals.impressions), int(d.previousTotals.impressions)],
    ["interactions", int(d.totals.interactions), int(d.previousTotals.interactions)],
    ["link clicks", int(d.linkClicks), int(d.previousLinkClicks)],
  ];
  const rateNames: [keyof Rates, string][] = [
    ["erReach", "ER by reach"],
    ["erFollowers", "ER by followers"],
    ["erViews", "ER by views"],
    ["loveRate", "love rate"],
    ["talkRate", "talk rate"],
    ["amplificationRate", "amplification rate"],
    ["ctr", "CTR"],
    ["vtr", "VTR"],
  ];
  for (const [key, name] of rateNames) rows.push([name, pct(d.rates[key]), pct(d.previousRates[key])]);
  for (const [name, cur, prev] of rows) console.log(`  ${name.padEnd(22)} ${cur.padStart(12)}  ${prev.padStart(12)}`);
  console.log("\nBy format:");
  for (const b of d.byFormat) console.log(`  ${b.key.padEnd(12)} ${int(b.totals.posts).padStart(6)} posts  ER by reach ${pct(b.rates.erReach).padStart(8)}  ER by followers ${pct(b.rates.erFollowers).padStart(8)}`);
  const top = [...d.heatmap].filter((c) => c.posts >= 3).sort((a, b) => (b.erReach ?? 0) - (a.erReach ?? 0)).slice(0, 5);
  if (top.length) {
    console.log("\nBest hours (ER by reach, at least 3 posts):");
    for (const c of top) console.log(`  ${DateTime.fromObject({ weekday: c.weekday as 1 }).toFormat("ccc")} ${String(c.hour).padStart(2, "0")}:00  ${pct(c.erReach).padStart(8)}  (${c.posts} posts)`);
  }
  console.log(`\nER by reach = ${formulas.erReach}; ER by followers = ${formulas.erFollowers}.`);
}

async function summaryCommand(opts: SummaryOptions): Promise<void> {
  if (opts.rankBy && !(rankMetrics as readonly string[]).includes(opts.rankBy)) throw new AppError("bad_request", `--rank-by must be one of ${rankMetrics.join(", ")}.`);
  const cfg = loadConfig(process.env);
  const store = openStore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrateToLatest(store);
    const brand = await store.db.selectFrom("brands").select(["id", "workspace_id", "timezone"]).where("id", "=", opts.brand).executeTakeFirst();
    if (!brand) throw new AppError("not_found", `Brand ${opts.brand} was not found.`);
    // Without dates: the last 30 whole days of the brand.
    const today = DateTime.now().setZone(brand.timezone);
    const to = opts.to ?? (today.minus({ days: 1 }).toISODate() as string);
    const from = opts.from ?? (DateTime.fromISO(to).minus({ days: 29 }).toISODate() as string);
    const d = await computeDashboard(store.db, brand.workspace_id, { brandId: brand.id, from, to, channelId: opts.channel, campaign: opts.campaign, rankBy: opts.rankBy as RankMetric | undefined });
    if (opts.json) console.log(JSON.stringify(summaryOf(d), null, 2));
    else printText(d);
  } finally {
    await store.close();
  }
}

export function registerAnalyticsCommands(program: Command): void {
  const analytics = program.command("analytics").description("the analytics dashboard's figures from a terminal");
  analytics
    .command("summary")
    .description("totals, every rate with its formula, the previous period, by format and by weekday × hour in the brand's time zone")
    .requiredOption("--brand <id>", "the brand")
    .option("--from <day>", "first day, YYYY-MM-DD (default: 30 days before --to)")
    .option("--to <day>", "last day, YYYY-MM-DD, inclusive (default: yesterday in the brand's zone)")
    .option("--channel <id>", "one channel of the brand")
    .option("--campaign <name>", "the posts of one campaign")
    .option("--rank-by <metric>", `what ranks the best posts: ${rankMetrics.join(", ")}`)
    .option("--json", "print JSON")
    .action((opts: SummaryOptions) => summaryCommand(opts));
}
