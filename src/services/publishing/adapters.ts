/**
 * The media library and the link policy as the publishing services see them: media references
 * become files connectors can read, and every link is UTM-tagged (and shortened when the brand
 * wants) right before it is published.
 */
import type { Config } from "../../config.js";
import { parseBrandSettings } from "../../domain/brand-settings.js";
import type { Store } from "../../store/db.js";
import { mediaStorage } from "../../store/storage.js";
import { applyLinkPolicy, linkPolicyPreview } from "../link.service.js";
import { mediaInputs } from "../media.service.js";
import type { LinkPolicy, LinkPreview, MediaResolver } from "./deps.js";

export function publishingMedia(store: Store, config: Config): MediaResolver {
  const storage = mediaStorage(config);
  return (workspaceId, refs, opts) => mediaInputs({ db: store.db, storage }, workspaceId, refs, opts);
}

export function publishingLinks(store: Store, config: Config): LinkPolicy {
  return async (input) => {
    const brand = await store.db
      .selectFrom("posts")
      .innerJoin("brands", "brands.id", "posts.brand_id")
      .select(["brands.settings", "brands.locale"])
      .where("posts.id", "=", input.postId)
      .executeTakeFirstOrThrow();
    const { shortenLinks } = parseBrandSettings(brand.settings, brand.locale);
    return applyLinkPolicy(store.db, { ...input, shorten: shortenLinks, publicUrl: config.publicUrl });
  };
}

export function publishingLinksPreview(store: Store, config: Config): LinkPreview {
  return async (input) => {
    const brand = await store.db
      .selectFrom("channels")
      .innerJoin("brands", "brands.id", "channels.brand_id")
      .select(["brands.settings", "brands.locale"])
      .where("channels.id", "=", input.channelId)
      .executeTakeFirst();
    const shorten = brand ? parseBrandSettings(brand.settings, brand.locale).shortenLinks : false;
    return linkPolicyPreview({ ...input, shorten, publicUrl: config.publicUrl });
  };
}
