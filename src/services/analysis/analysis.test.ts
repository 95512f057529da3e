import { beforeAll, describe, expect, it } from "vitest";
import { type Analyzer, createAnalyzer } from "./index.js";
import { samples } from "./samples.js";

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
}, 30_000);

describe("text analysis on the labelled set", () => {
  it("detects the language of ≥ 90 % of comments", () => {
    const misses: string[] = [];
    const perLang: Record<string, [number, number]> = {};
    for (const s of samples) {
      const { lang } = analyzer.analyze(s.text);
      const row = perLang[s.lang] ?? [0, 0];
      perLang[s.lang] = row;
      row[1]++;
      if (lang === s.lang) row[0]++;
      else misses.push(`  ${s.lang} → ${lang}: ${s.text}`);
    }
    const ok = samples.length - misses.length;
    const per = Object.entries(perLang).map(([l, [a, b]]) => `${l} ${a}/${b}`).join(", ");
    console.log(`language: ${ok}/${samples.length} (${((100 * ok) / samples.length).toFixed(1)} %) — ${per}${misses.length ? `\n${misses.join("\n")}` : ""}`);
    expect(ok / samples.length).toBeGreaterThanOrEqual(0.9);
  });

  it("classifies sentiment with ≥ 75 % accuracy and never calls a complaint positive", () => {
    const misses: string[] = [];
    const positiveComplaints: string[] = [];
    const perLang: Record<string, [number, number]> = {};
    for (const s of samples) {
      const r = analyzer.analyze(s.text);
      const row = perLang[s.lang] ?? [0, 0];
      perLang[s.lang] = row;
      row[1]++;
      if (r.sentiment === s.sentiment) row[0]++;
      else misses.push(`  [${s.lang}] expected ${s.sentiment}, got ${r.sentiment} (${r.score}, conf ${r.confidence}): ${s.text}`);
      if (s.sentiment === "negative" && r.sentiment === "positive") positiveComplaints.push(s.text);
    }
    const ok = samples.length - misses.length;
    const per = Object.entries(perLang).map(([l, [a, b]]) => `${l} ${a}/${b}`).join(", ");
    console.log(`sentiment: ${ok}/${samples.length} (${((100 * ok) / samples.length).toFixed(1)} %) — ${per}${misses.length ? `\n${misses.join("\n")}` : ""}`);
    expect(ok / samples.length).toBeGreaterThanOrEqual(0.75);
    expect(positiveComplaints).toEqual([]);
  });

  it("keeps score and confidence in range", () => {
    for (const s of samples) {
      const r = analyzer.analyze(s.text);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe("edge cases", () => {
  it("returns lang null and neutral for empty or whitespace text", () => {
    for (const t of ["", "   ", "\n"]) {
      expect(analyzer.analyze(t)).toMatchObject({ lang: null, sentiment: "neutral", score: 0 });
    }
  });

  it("reads emoji-only comments: no language, sentiment from the emoji", () => {
    expect(analyzer.analyze("😍😍🔥")).toMatchObject({ lang: null, sentiment: "positive" });
    expect(analyzer.analyze("👍")).toMatchObject({ lang: null, sentiment: "positive" });
    expect(analyzer.analyze("😡👎")).toMatchObject({ lang: null, sentiment: "negative" });
    expect(analyzer.analyze("🤮")).toMatchObject({ lang: null, sentiment: "negative" });
    expect(analyzer.analyze("☕")).toMatchObject({ lang: null, sentiment: "neutral" });
  });

  it("treats too-short text, links and mentions as having no language", () => {
    expect(analyzer.analyze("ок").lang).toBeNull();
    expect(analyzer.analyze("+1").lang).toBeNull();
    expect(analyzer.analyze("@chorus_cafe https://example.com/x").lang).toBeNull();
  });

  it("uses Ukrainian-only and Russian-only letters to settle ru/uk", () => {
    expect(analyzer.analyze("Дякую за каву, було смачно").lang).toBe("uk");
    expect(analyzer.analyze("Її кава найкраща").lang).toBe("uk");
    expect(analyzer.analyze("Вкусный кофе, съел бы ещё").lang).toBe("ru");
  });

  it("scores both halves of mixed-language comments", () => {
    const mixed = analyzer.analyze("Кава супер, but the service was really slow and rude 😡");
    expect(["uk", "en"]).toContain(mixed.lang);
    expect(mixed.sentiment).toBe("negative");
    const mixedPos = analyzer.analyze("Спасибо, the cappuccino was amazing!");
    expect(["ru", "en"]).toContain(mixedPos.lang);
    expect(mixedPos.sentiment).toBe("positive");
  });

  it("handles negation, intensity and churn phrases", () => {
    expect(analyzer.analyze("Не очень").sentiment).toBe("negative");
    expect(analyzer.analyze("Не рекомендую").sentiment).toBe("negative");
    expect(analyzer.analyze("Ніколи більше").sentiment).toBe("negative");
    expect(analyzer.analyze("Never again.").sentiment).toBe("negative");
    expect(analyzer.analyze("Not bad at all").sentiment).not.toBe("negative");
    const calm = analyzer.analyze("Кофе холодный");
    const loud = analyzer.analyze("Кофе холодный!!!");
    expect(loud.score).toBeLessThan(calm.score);
  });

  it("reads Malay and Indonesian with the Indonesian lexicon and their negations", () => {
    expect(analyzer.analyze("Kopi di sini sangat enak, pelayan ramah!")).toMatchObject({ lang: "ms", sentiment: "positive" });
    expect(analyzer.analyze("Penghantaran lambat dan kopi sejuk, sangat kecewa")).toMatchObject({ lang: "ms", sentiment: "negative" });
    expect(analyzer.analyze("Tidak enak sama sekali")).toMatchObject({ lang: "ms", sentiment: "negative" });
    expect(analyzer.analyze("Kedai buka jam berapa hari Ahad?")).toMatchObject({ lang: "ms", sentiment: "neutral" });
  });

  it("analyzeMany keeps order and matches analyze", () => {
    const texts = samples.slice(0, 5).map((s) => s.text);
    expect(analyzer.analyzeMany(texts)).toEqual(texts.map((t) => analyzer.analyze(t)));
  });
});

describe("throughput (printed, not asserted: see bench/analysis.ts)", () => {
  it("analyses 100,000 short comments", () => {
    const texts = Array.from({ length: 100_000 }, (_, i) => {
      const s = samples[i % samples.length]!;
      // Vary the text so nothing can be served from a cache of identical strings.
      return i % 3 === 0 ? `${s.text} ${i}` : i % 3 === 1 ? s.text.toLowerCase() : `${s.text}!`;
    });
    const started = performance.now();
    const results = analyzer.analyzeMany(texts);
    const seconds = (performance.now() - started) / 1000;
    console.log(`throughput: ${texts.length} comments in ${seconds.toFixed(2)} s (${Math.round(texts.length / seconds)} comments/s)`);
    expect(results).toHaveLength(texts.length);
  }, 120_000);
});
