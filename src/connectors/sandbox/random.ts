/** Seeded randomness for the sandbox: the same seed always gives the same simulated world. */
import seedrandom from "seedrandom";

export type Rng = () => number;

/** A generator seeded by the joined parts, e.g. rngFor(account, postId, "comments"). */
export const rngFor = (...parts: (string | number)[]): Rng => seedrandom(parts.join("\u0000"));

export const between = (rng: Rng, min: number, max: number): number => min + (max - min) * rng();

export const intBetween = (rng: Rng, min: number, max: number): number => Math.floor(between(rng, min, max + 1));

export const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick() from an empty list");
  return item;
};

export function weighted<T extends string>(rng: Rng, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

/** Standard normal via Box–Muller; 1 − rng() keeps log() away from zero. */
const gaussian = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

/** A multiplicative noise factor with median 1: real counters are skewed, a few posts take off. */
export const logNormal = (rng: Rng, sigma: number): number => Math.exp(sigma * gaussian(rng));

/** Rounds 2.3 up with probability 0.3, so small expected counts (comments) average out right. */
export const stochasticRound = (rng: Rng, x: number): number => Math.floor(x + rng());
