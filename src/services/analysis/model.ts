/**
 * A text classifier a workspace trains on its own labelled texts: multinomial logistic regression
 * over hashed sparse features. Label-agnostic: the labels come from the data, so the same trainer
 * learns sentiment (negative/neutral/positive) from the team's corrections and, later, a brand's
 * relevant/irrelevant mentions.
 *
 * - Features: the words of `wordsOf` (the listening normalization: lower case, ё = е, Latin
 *   accents folded), their bigrams, the character 3–5-grams of each word with boundaries
 *   ("<кава>" → "<ка", "кав", …) so inflected and misspelt forms share evidence ("смачна",
 *   "смачнющая"), emoji and emoticons (")))", ":(") and "?"/"!". Hashed into 2^18 buckets: no
 *   vocabulary to store, new words cost nothing, and a collision costs little at this size.
 * - Each text's vector is binary and scaled to unit length, so a long review does not outvote
 *   a short complaint by word count.
 * - Training: AdaGrad on the softmax loss with L2, in an order shuffled by a fixed seed, so the
 *   same examples always give the same model (a re-train is reproducible and testable). Classes
 *   are weighted by inverse frequency: corrections are rarely balanced across labels, and the
 *   model is judged by macro-F1, where a small class counts as much as a large one.
 * - Buckets seen in fewer than `minCount` training texts are not learnt: one-off n-grams are noise
 *   that overfits, and dropping them (with 8-bit weights) keeps the stored model small: ≈ 60 KiB
 *   of JSON for 1,000 examples.
 * - A model knows the languages it was trained on (`languages`): for any other detected language
 *   `predict` answers "unsupported" instead of guessing, and the caller falls back to the baseline.
 *
 * Why not a library: ml-logistic-regression (the npm option) is one-vs-rest over dense ml-matrix
 * rows — 2^18 hashed columns × thousands of texts is gigabytes — with no sparse input, class
 * weights or seed; a sparse softmax regression with a compact format is a few hundred lines here.
 */
import seedrandom from "seedrandom";
import { wordsOf } from "../../domain/listening-query.js";

export type LabelledText = {
  text: string;
  label: string;
  /** Detected language (null: none detectable); when undefined, `detectLang` is asked. */
  lang?: string | null;
  /**
   * What the baseline says of the text. Given for every example (or none), the model learns from it
   * too — where the team agrees with the baseline and where its own words say otherwise — and then
   * predict() needs it as well. A few hundred labels are too few to learn sentiment from nothing.
   */
  prior?: string | undefined;
};

export type TrainOptions = {
  /** Language of an example that does not carry one (normally the analyzer's). */
  detectLang?: (text: string) => string | null;
  /** A language is supported when at least this many training examples are in it (default 10). */
  minLanguageExamples?: number;
  /** log2 of the number of hash buckets (default 18). */
  bits?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Buckets present in fewer training texts are not learnt (default 2). */
  minCount?: number;
  seed?: string;
};

/** JSON-serializable and compact: 8-bit weights in base64, only for the buckets the model learnt. */
export type TextModel = {
  format: "chorus-text-model/1";
  labels: string[];
  /** Detected languages of the training texts (ISO 639-1); text in others is unsupported. */
  languages: string[];
  bits: number;
  /** Bucket ids, ascending, delta-encoded as LEB128 varints, base64. */
  buckets: string;
  /** Int8, `labels.length` per bucket in the order of `buckets`, base64; times `scale` is the weight. */
  weights: string;
  scale: number;
  bias: number[];
  /** Trained with the baseline's label as features: predict() needs it too. */
  prior?: true;
  examples: number;
  options: { epochs: number; learningRate: number; l2: number; minCount: number; seed: string };
};

export type Prediction =
  | { supported: true; label: string; /** Probability of `label`. */ score: number; probs: Record<string, number> }
  | { supported: false; label: "unsupported"; reason: "language" | "no-features" };

const defaults = { bits: 18, epochs: 12, learningRate: 0.3, l2: 1e-5, minCount: 2, seed: "chorus-text-model", minLanguageExamples: 10 };

const EMOJI_RE = /\p{Extended_Pictographic}/gu;
/** Smileys as typed: ":)", ";-(", "=D", and the Russian ")))" / "(((" (a smile or a frown without eyes). */
const EMOTICON_RE = /[:;=]-?[)(DPp]|\){2,}|\({2,}/g;
const MAX_GRAM_WORD = 24;

/**
 * The features of a text as strings (namespaced by prefix); exported for tests and debugging.
 * Stored models are keyed by the hashes of these strings: changing them means a new `format`.
 */
export function featuresOf(text: string): string[] {
  const out: string[] = [];
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out.push(`w:${w}`);
    if (i > 0) out.push(`b:${words[i - 1]} ${w}`);
    if (w.length > MAX_GRAM_WORD) continue; // links, hashes: their n-grams are noise
    const padded = `<${w}>`;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) out.push(`c:${padded.slice(j, j + n)}`);
  }
  for (const e of text.match(EMOJI_RE) ?? []) out.push(`e:${e}`);
  for (const e of text.match(EMOTICON_RE) ?? []) out.push(e.startsWith(")") ? "e:)))" : e.startsWith("(") ? "e:(((" : `e:${e.replace("-", "")}`);
  if (text.includes("?")) out.push("p:?");
  if (text.includes("!")) out.push(/!\s*!/.test(text) ? "p:!!" : "p:!");
  return out;
}

/** FNV-1a with a murmur finalizer, so the low bits used as the bucket are well mixed. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Distinct buckets of a text, ascending; each has the value 1/√n (unit length). */
/**
 * The baseline's label as features: four of them, so it weighs like a few strong words (each text
 * is a unit vector: every feature has the same value).
 */
const priorWeight = 16;

function priorFeatures(prior: string | undefined): string[] {
  return prior === undefined ? [] : Array.from({ length: priorWeight }, (_, i) => `s:${prior}:${i}`);
}

function vectorize(text: string, bits: number, prior?: string): { ids: Uint32Array; value: number } {
  const mask = (1 << bits) - 1;
  const ids = new Uint32Array(new Set([...featuresOf(text), ...priorFeatures(prior)].map((f) => hash(f) & mask))).sort();
  return { ids, value: ids.length ? 1 / Math.sqrt(ids.length) : 0 };
}

function softmax(z: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k] = z[k]! / sum;
  return z;
}

/** Languages with at least `min` examples, sorted. */
function languagesOf(langs: (string | null)[], min: number): string[] {
  const counts = new Map<string, number>();
  for (const l of langs) if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= min).map(([l]) => l).sort();
}

export function trainModel(examples: LabelledText[], opts: TrainOptions = {}): TextModel {
  const o = { ...defaults, ...opts };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new RangeError(`Training needs at least two labels; the examples have ${labels.length ? `only "${labels[0]}"` : "none"}.`);
  if (labels.includes("unsupported")) throw new RangeError('"unsupported" is reserved: predict answers it for text the model cannot judge.');
  const langs = examples.map((e) => {
    if (e.lang !== undefined) return e.lang;
    if (!o.detectLang) throw new TypeError("trainModel: an example has no lang and no detectLang was given.");
    return o.detectLang(e.text);
  });
  const K = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const withPrior = examples.some((e) => e.prior !== undefined);
  if (withPrior && examples.some((e) => e.prior === undefined)) throw new TypeError("trainModel: give a prior for every example or for none.");
  const xs = examples.map((e) => vectorize(e.text, o.bits, e.prior));
  const ys = examples.map((e) => labelIndex.get(e.label)!);

  // Inverse class frequency, normalised so the average example weighs 1.
  const perLabel = new Array<number>(K).fill(0);
  for (const y of ys) perLabel[y]!++;
  const classWeight = perLabel.map((n) => examples.length / (K * n));

  const df = new Uint32Array(1 << o.bits);
  for (const x of xs) for (const id of x.ids) df[id]!++;

  const W = new Float64Array((1 << o.bits) * K);
  const G = new Float64Array(W.length);
  const bias = new Float64Array(K);
  const gBias = new Float64Array(K);
  const z = new Float64Array(K);
  const rng = seedrandom(o.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const { ids, value } = xs[i]!;
      const cw = classWeight[ys[i]!]!;
      for (let k = 0; k < K; k++) z[k] = bias[k]!;
      for (const id of ids) for (let k = 0; k < K; k++) z[k] = z[k]! + W[id * K + k]! * value;
      const p = softmax(z);
      for (let k = 0; k < K; k++) {
        const g = cw * (p[k]! - (k === ys[i] ? 1 : 0));
        gBias[k] = gBias[k]! + g * g;
        bias[k] = bias[k]! - (o.learningRate * g) / Math.sqrt(gBias[k]! + 1e-8);
        for (const id of ids) {
          if (df[id]! < o.minCount) continue;
          const at = id * K + k;
          // L2 on the weights this example touches only (the usual lazy form for sparse SGD).
          const gw = g * value + o.l2 * W[at]!;
          G[at] = G[at]! + gw * gw;
          W[at] = W[at]! - (o.learningRate * gw) / Math.sqrt(G[at]! + 1e-8);
        }
      }
    }
  }

  const kept: number[] = [];
  let max = 0;
  for (let id = 0; id < df.length; id++) {
    if (df[id]! < o.minCount) continue;
    kept.push(id);
    for (let k = 0; k < K; k++) max = Math.max(max, Math.abs(W[id * K + k]!));
  }
  // 8 bits a weight: a step of max/127 moves a logit by far less than the texts' own noise, and
  // the model is a quarter of its Float32 size (it is cached per workspace and stored as text).
  const scale = max / 127 || 1;
  const weights = Buffer.alloc(kept.length * K);
  kept.forEach((id, r) => {
    for (let k = 0; k < K; k++) weights.writeInt8(Math.round(W[id * K + k]! / scale), r * K + k);
  });
  return {
    format: "chorus-text-model/1",
    labels,
    languages: languagesOf(langs, o.minLanguageExamples),
    bits: o.bits,
    buckets: encodeBuckets(kept),
    weights: weights.toString("base64"),
    scale,
    bias: Array.from(bias, (b) => Math.fround(b)),
    ...(withPrior ? { prior: true as const } : {}),
    examples: examples.length,
    options: { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, minCount: o.minCount, seed: o.seed },
  };
}

function encodeBuckets(ids: number[]): string {
  const bytes: number[] = [];
  let prev = 0;
  for (const id of ids) {
    let d = id - prev;
    prev = id;
    while (d >= 0x80) {
      bytes.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    bytes.push(d);
  }
  return Buffer.from(bytes).toString("base64");
}

function decodeBuckets(b64: string): Uint32Array {
  const bytes = Buffer.from(b64, "base64");
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < bytes.length; ) {
    let d = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[i++]!;
      d += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    prev += d;
    out.push(prev);
  }
  return Uint32Array.from(out);
}

/** The decoded arrays of a model, built once per model object (models are immutable once trained). */
type Compiled = { buckets: Uint32Array; weights: Float32Array; languages: Set<string> };
const compiled = new WeakMap<TextModel, Compiled>();

function compile(model: TextModel): Compiled {
  let c = compiled.get(model);
  if (c) return c;
  if (model.format !== "chorus-text-model/1") throw new TypeError(`Unknown text model format: ${String(model.format)}`);
  const raw = Buffer.from(model.weights, "base64");
  const weights = new Float32Array(raw.length);
  for (let i = 0; i < weights.length; i++) weights[i] = raw.readInt8(i) * model.scale;
  c = { buckets: decodeBuckets(model.buckets), weights, languages: new Set(model.languages) };
  if (c.weights.length !== c.buckets.length * model.labels.length) throw new TypeError("Corrupt text model: weights do not match buckets.");
  compiled.set(model, c);
  return c;
}

/** Row of a bucket in the model, or −1 (binary search: the sorted ids are the whole index). */
function rowOf(buckets: Uint32Array, id: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = buckets[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The model's label for a text whose language was detected as `lang`. Unsupported when the
 * language is not one the model was trained on (null — emoji, "ок" — is judged: its features are
 * not language-bound), or when none of the text's features was learnt (the answer would be the
 * prior, not a judgement).
 */
export function predict(model: TextModel, text: string, lang: string | null, prior?: string): Prediction {
  if (model.prior && prior === undefined) throw new TypeError("predict: this model was trained with the baseline's label; pass it.");
  const c = compile(model);
  if (lang !== null && !c.languages.has(lang)) return { supported: false, label: "unsupported", reason: "language" };
  const K = model.labels.length;
  const { ids, value } = vectorize(text, model.bits, model.prior ? prior : undefined);
  const z = Float64Array.from(model.bias);
  let known = 0;
  for (const id of ids) {
    const row = rowOf(c.buckets, id);
    if (row < 0) continue;
    known++;
    for (let k = 0; k < K; k++) z[k] = z[k]! + c.weights[row * K + k]! * value;
  }
  if (known === 0) return { supported: false, label: "unsupported", reason: "no-features" };
  const p = softmax(z);
  let best = 0;
  for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
  const probs: Record<string, number> = {};
  model.labels.forEach((l, k) => {
    probs[l] = p[k]!;
  });
  return { supported: true, label: model.labels[best]!, score: p[best]!, probs };
}

/** Parses a model from JSON (a file or the text_models row), checking it is one. */
export function parseModel(json: string): TextModel {
  const m = JSON.parse(json) as TextModel;
  if (m?.format !== "chorus-text-model/1" || !Array.isArray(m.labels) || !Array.isArray(m.languages)) {
    throw new TypeError("Not a Chorus text model (expected format chorus-text-model/1).");
  }
  compile(m);
  return m;
}
