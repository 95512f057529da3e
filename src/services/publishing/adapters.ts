/**
 * The media library and the link policy as the publishing services see them.
 */
import type { Config } from "../../config.js";
import { AppError } from "../../errors.js";
import type { Store } from "../../store/db.js";
import type { LinkPolicy, MediaResolver } from "./deps.js";

export function publishingMedia(_store: Store, _config: Config): MediaResolver {
  return async (_workspaceId, refs) => {
    if (refs.length === 0) return [];
    throw new AppError("validation_failed", "Media files are not available yet.", { errors: refs.map((_, i) => ({ path: `media.${i}`, message: "Unknown media file" })) });
  };
}

export function publishingLinks(_store: Store, _config: Config): LinkPolicy {
  return async ({ text, link }) => ({ text, link });
}
