/**
 * `chorus giveaway verify <url-or-file>`: recomputes a giveaway's draw from its published data —
 * the public page's address (https://…/g/<id>), the public API's (…/api/giveaways/<id>), or a JSON
 * file saved from it — and prints the winners and whether everything matches: the list's SHA-256,
 * the seed against the commitment, the winners against the seed and the list. Needs no database
 * and no sign-in. Exit code 0: verified (or frozen and consistent so far); 1: a mismatch; 2: the
 * data could not be read.
 */
import fs from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { verifyDraw } from "../domain/giveaway.js";

const publishedSchema = z.looseObject({
  algorithm: z.string(),
  title: z.string().optional(),
  commitment: z.string(),
  winnersCount: z.number().int().min(1),
  entrants: z.looseObject({ canonical: z.string(), sha256: z.string() }),
  seed: z.string().nullable(),
  winners: z.array(z.looseObject({ place: z.number().int(), entry: z.string(), handle: z.string().optional() })).nullable(),
});
export type PublishedGiveaway = z.infer<typeof publishedSchema>;

/** The public API's address for a page address; other addresses are used as they are. */
export function apiUrlOf(url: string): string {
  const u = new URL(url);
  const page = /^\/g\/([A-Za-z0-9_-]+)\/?$/.exec(u.pathname);
  if (page) u.pathname = `/api/giveaways/${page[1]}`;
  return u.toString();
}

export async function loadPublished(source: string, fetchImpl: typeof fetch = fetch): Promise<PublishedGiveaway> {
  let raw: unknown;
  if (/^https?:\/\//i.test(source)) {
    const res = await fetchImpl(apiUrlOf(source), { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`${source} answered ${res.status}: not a frozen giveaway's public data.`);
    raw = await res.json();
  } else {
    raw = JSON.parse(fs.readFileSync(source, "utf8"));
  }
  const parsed = publishedSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`This is not a giveaway's published data: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

const mark = (ok: boolean | null) => (ok === null ? "–" : ok ? "✓" : "✗");

/** Verifies and writes the report with `out`; returns the exit code. */
export function reportVerification(p: PublishedGiveaway, out: (line: string) => void): number {
  const v = verifyDraw(p);
  const entries = p.entrants.canonical === "" ? 0 : p.entrants.canonical.split("\n").length;
  if (p.title) out(`Giveaway: ${p.title}`);
  out(`Algorithm: ${p.algorithm}`);
  out(`${mark(v.checks.listHash)} entrant list: ${entries} entries, SHA-256 ${p.entrants.sha256}`);
  if (!v.drawn) {
    out(`– not drawn yet: the seed is revealed by the draw (commitment ${p.commitment})`);
  } else {
    out(`${mark(v.checks.commitment)} seed ${p.seed} against the commitment ${p.commitment}`);
    out(`${mark(v.checks.winners)} winners, recomputed:`);
    for (const w of v.recomputed ?? []) out(`  ${w.place}. ${w.entry}`);
  }
  for (const problem of v.problems) out(`✗ ${problem}`);
  out(v.ok ? (v.drawn ? "VERIFIED: the published winners are the ones the seed and the list give." : "CONSISTENT so far: check again after the draw.") : "MISMATCH: the published data does not hold together.");
  return v.ok ? 0 : 1;
}

export async function verifyGiveaway(source: string, io: { out: (line: string) => void; err: (line: string) => void } = { out: console.log, err: console.error }): Promise<number> {
  let published: PublishedGiveaway;
  try {
    published = await loadPublished(source);
  } catch (err) {
    io.err(`chorus: ${(err as Error).message}`);
    return 2;
  }
  return reportVerification(published, io.out);
}

export function registerGiveawayCommands(program: Command): void {
  const giveaway = program.command("giveaway").description("giveaways with a verifiable draw");
  giveaway
    .command("verify")
    .description("recompute a giveaway's draw from its public page, public API address or a saved JSON file")
    .argument("<url-or-file>", "https://…/g/<id>, https://…/api/giveaways/<id>, or a saved JSON file")
    .action(async (source: string) => {
      process.exitCode = await verifyGiveaway(source);
    });
}
