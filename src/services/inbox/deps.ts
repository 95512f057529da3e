/** What the inbox services and jobs need; built once per process (see createInboxDeps). */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Database, Sentiment } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";

export type Analysis = { lang: string | null; sentiment: Sentiment; score: number; confidence: number };
export type Analyzer = { analyze(text: string): Analysis };

export type InboxDeps = {
  db: Kysely<Database>;
  registry: ConnectorRegistry;
  secrets: Secrets;
  queue: JobQueue;
  /**
   * Language and sentiment of a text. Loaded lazily (models take a moment) and once per process;
   * tests pass a fake.
   */
  analyzer: () => Promise<Analyzer>;
  now?: () => Date;
};

/** Until a model is wired, nothing is guessed: no language, neutral with zero confidence. */
export const noAnalysis: Analyzer = { analyze: () => ({ lang: null, sentiment: "neutral", score: 0, confidence: 0 }) };

/** Memoises an analyzer factory so the model loads once per process, and a failed load is retried next time. */
export function lazyAnalyzer(load: () => Promise<Analyzer>): () => Promise<Analyzer> {
  let pending: Promise<Analyzer> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
