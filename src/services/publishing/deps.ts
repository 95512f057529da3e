/** What the publishing services need; the API and the jobs build it once per process. */
import type { Kysely } from "kysely";
import type { ConnectorRegistry } from "../../connectors/registry.js";
import type { MediaInput } from "../../connectors/types.js";
import type { JobQueue } from "../../jobs/queue.js";
import type { Database } from "../../store/schema.js";
import type { Secrets } from "../secrets.js";

export type MediaRef = { mediaId: string; alt?: string | null | undefined };

/**
 * Turns a variant's media references into what connectors see. `withReader` adds the function
 * that reads the file (only publishing needs the bytes). Throws validation_failed naming
 * `media.<i>` for an id that is not a live media file of the workspace.
 */
export type MediaResolver = (workspaceId: string, refs: MediaRef[], opts: { withReader: boolean }) => Promise<MediaInput[]>;

/**
 * Rewrites a variant's links right before it is published (UTM tags, short links). The identity
 * function when no policy applies.
 */
export type LinkPolicy = (input: {
  workspaceId: string;
  postId: string;
  variantId: string;
  channelId: string;
  network: string;
  campaign: string | null;
  text: string;
  link: string | null;
}) => Promise<{ text: string; link: string | null }>;

/** What the link policy will make of a text (no side effects): validation measures the text as sent. */
export type LinkPreview = (input: {
  channelId: string;
  network: string;
  campaign: string | null;
  postId: string;
  text: string;
  link: string | null;
}) => Promise<{ text: string; link: string | null }>;

export type PublishingDeps = {
  db: Kysely<Database>;
  registry: ConnectorRegistry;
  secrets: Secrets;
  queue: JobQueue;
  publicUrl: string;
  media: MediaResolver;
  links: LinkPolicy;
  linksPreview: LinkPreview;
  now?: () => Date;
};

export const nowOf = (deps: { now?: (() => Date) | undefined }): Date => (deps.now ? deps.now() : new Date());
