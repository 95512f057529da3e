/**
 * Text-analysis benchmark: language + sentiment of 100,000 short comments (the labelled samples,
 * varied so no two consecutive inputs are identical), single-threaded, after a warm-up.
 */
import { createAnalyzer } from "../src/services/analysis/index.js";
import { samples } from "../src/services/analysis/samples.js";

export type Record = (name: string, value: string) => void;

export async function benchAnalysis(record: Record): Promise<void> {
  let t = performance.now();
  const analyzer = await createAnalyzer();
  record("[analysis] createAnalyzer (eld medium + nlp.js lexicons)", `${(performance.now() - t).toFixed(0)} ms`);

  const total = 100_000;
  const texts = Array.from({ length: total }, (_, i) => {
    const s = samples[i % samples.length]!;
    return i % 3 === 0 ? `${s.text} ${i}` : i % 3 === 1 ? s.text.toLowerCase() : `${s.text}!`;
  });
  analyzer.analyzeMany(texts.slice(0, 5_000)); // warm-up (JIT)

  t = performance.now();
  let negative = 0;
  for (const r of analyzer.analyzeMany(texts)) if (r.sentiment === "negative") negative++;
  const seconds = (performance.now() - t) / 1000;
  record(
    "[analysis] analyze 100k short comments",
    `${seconds.toFixed(2)} s, ${Math.round(total / seconds)} comments/s (${negative} negative)`,
  );
}
