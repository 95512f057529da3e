import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generateLabeledSet, outputFile, toJsonl } from "../../../datasets/audience/generate.js";
import { evaluateAudit, parseLabeledJsonl, sandboxLabeledSet } from "./audit-eval.js";

describe("the audience audit's labelled sets", () => {
  const committed = fs.readFileSync(outputFile, "utf8");

  it("ships the generator's output: the committed file is what the seeded script writes", () => {
    expect(committed).toBe(toJsonl(generateLabeledSet()));
  });

  it("has at least 2,000 valid followers with all three labels", () => {
    const { rows, problems } = parseLabeledJsonl(committed);
    expect(problems).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(["bot", "dead", "live"]));
    for (const r of rows) {
      expect(Date.parse(r.createdAt)).toBeLessThanOrEqual(Date.parse(r.auditedAt));
      if (r.lastActiveAt) expect(Date.parse(r.lastActiveAt)).toBeGreaterThanOrEqual(Date.parse(r.createdAt));
    }
  });

  it("reports bad lines with their numbers", () => {
    const { rows, problems } = parseLabeledJsonl(`${committed.split("\n")[0]}\nnot json\n{"sample":"x"}\n`);
    expect(rows).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
  });

  // Floors under the figures in datasets/audience/README.md, so a change that makes them worse is seen.
  it("scores the synthetic set about as well as its README says", () => {
    const e = evaluateAudit(parseLabeledJsonl(committed).rows);
    expect(e.bot.precision).toBeGreaterThan(0.8);
    expect(e.bot.recall).toBeGreaterThan(0.6);
    expect(e.bot.f1).toBeGreaterThan(0.72);
    expect(e.classes.accuracy).toBeGreaterThan(0.88);
    // Bought followers made in batches are what it is for.
    expect(e.byKind.farm_bot!.predicted.bot / e.byKind.farm_bot!.n).toBeGreaterThan(0.95);
    // Active people are never called bots.
    expect(e.byKind.person!.predicted.bot).toBe(0);
  });

  it("tells the Sandbox's bots from its people", () => {
    const e = evaluateAudit(sandboxLabeledSet());
    expect(e.n).toBe(2000);
    expect(e.bot.f1).toBeGreaterThan(0.98);
    for (const s of e.samples) expect(Math.abs(s.estimated.bot - s.truth.bot) / s.n).toBeLessThan(0.02);
  });
});
