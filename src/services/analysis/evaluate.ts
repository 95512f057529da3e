/**
 * How well a classifier's labels match the truth: accuracy, per-class precision/recall/F1,
 * macro-F1 and the confusion matrix, plus a plain-text table for the CLI.
 *
 * Macro-F1 (the unweighted mean of the classes' F1) is the figure models are compared by: a
 * workspace's corrections are skewed towards one class, and accuracy would reward a model that
 * always answers it. Conventions follow scikit-learn's: the classes are the union of the true and
 * the predicted labels, and a class never predicted has precision 0 (not "undefined").
 */

export type ClassMetrics = { precision: number; recall: number; f1: number; support: number };

export type Evaluation = {
  n: number;
  labels: string[];
  accuracy: number;
  macroF1: number;
  perClass: Record<string, ClassMetrics>;
  /** confusion[i][j]: texts of true class labels[i] predicted as labels[j]. */
  confusion: number[][];
};

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * `labels` fixes the order of the classes (e.g. negative, neutral, positive); any other label met
 * in the data is appended, sorted, so nothing is dropped silently.
 */
export function evaluate(actual: readonly string[], predicted: readonly string[], labels: readonly string[] = []): Evaluation {
  if (actual.length !== predicted.length) throw new RangeError(`evaluate: ${actual.length} true labels but ${predicted.length} predictions.`);
  const extra = [...new Set([...actual, ...predicted])].filter((l) => !labels.includes(l)).sort();
  const all = [...new Set([...labels, ...extra])];
  const index = new Map(all.map((l, i) => [l, i]));
  const confusion = all.map(() => new Array<number>(all.length).fill(0));
  let correct = 0;
  actual.forEach((a, i) => {
    const p = predicted[i]!;
    confusion[index.get(a)!]![index.get(p)!]!++;
    if (a === p) correct++;
  });
  const perClass: Record<string, ClassMetrics> = {};
  all.forEach((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((s, v) => s + v, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[i]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    perClass[label] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const f1s = Object.values(perClass).map((m) => m.f1);
  return {
    n: actual.length,
    labels: all,
    accuracy: ratio(correct, actual.length),
    macroF1: ratio(
      f1s.reduce((s, v) => s + v, 0),
      f1s.length,
    ),
    perClass,
    confusion,
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd()).join("\n");
}

/** A block for a terminal: headline figures, then per-class metrics, then the confusion matrix. */
export function formatEvaluation(e: Evaluation, title: string): string {
  const head = `${title}: ${e.n} texts, accuracy ${pct(e.accuracy)}, macro-F1 ${pct(e.macroF1)}`;
  const metrics = table([
    ["class", "precision", "recall", "F1", "support"],
    ...e.labels.map((l) => {
      const m = e.perClass[l]!;
      return [l, pct(m.precision), pct(m.recall), pct(m.f1), String(m.support)];
    }),
  ]);
  const confusion = table([["true \\ predicted", ...e.labels], ...e.labels.map((l, i) => [l, ...e.confusion[i]!.map(String)])]);
  const indent = (s: string) => s.replace(/^/gm, "  ");
  return `${head}\n${indent(metrics)}\n\n${indent(confusion)}`;
}
