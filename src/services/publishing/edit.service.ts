/**
 * Editing a post that is already out, where the network allows it (capabilities.edit): the new
 * text is checked like any content (measured as sent, links tagged), sent to the network, and only
 * when the network accepted it does Chorus change its own copy. A refusal changes nothing.
 */
import { ConnectorError } from "../../connectors/types.js";
import { AppError, notFound } from "../../errors.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { discloseAd, parseAdMark } from "../../domain/ad-disclosure.js";
import { channelContextOf, contentProblems } from "./content.js";
import { type MediaRef, nowOf, type PublishingDeps } from "./deps.js";
import { getPost } from "./post.service.js";

export async function editPublished(deps: PublishingDeps, actor: Actor, workspaceId: string, variantId: string, text: string) {
  const { db } = deps;
  await requireAccess(db, actor, workspaceId, "posts.write");
  const v = await db
    .selectFrom("variants")
    .innerJoin("posts", "posts.id", "variants.post_id")
    .innerJoin("channels", "channels.id", "variants.channel_id")
    .selectAll("variants")
    .select(["posts.format", "posts.campaign", "posts.ad", "channels.network", "channels.handle", "channels.external_id", "channels.credentials_enc"])
    .where("variants.id", "=", variantId)
    .where("variants.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!v) throw notFound("Variant");
  const connector = deps.registry.get(v.network);
  if (!connector) throw new AppError("conflict", `The ${v.network} connector is not available in this Chorus.`);
  if (!connector.capabilities.edit || !connector.edit) {
    throw new AppError(
      "conflict",
      connector.simulated
        ? "Sandbox posts cannot be edited once published: the sandbox simulates a network without editing."
        : `${connector.displayName} posts cannot be edited once published. Delete it there and publish a new post instead.`,
    );
  }
  if (v.status !== "published") throw new AppError("conflict", `Only a published variant can be edited on the network; this one is ${v.status}.`);
  const publication = await db
    .selectFrom("publications")
    .select(["id", "external_id", "url"])
    .where("variant_id", "=", variantId)
    .where("item", "=", 0)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!publication?.external_id) {
    throw new AppError("conflict", "Chorus does not know this post's id on the network (it was marked as published by hand), so it cannot edit it there.");
  }
  const channel = channelContextOf(deps, v);
  if (!channel) throw new AppError("conflict", "The channel was disconnected: reconnect it to edit its posts.");

  const media = JSON.parse(v.media) as MediaRef[];
  const problems = await contentProblems(deps, connector, workspaceId, { text, format: v.format, media, link: v.link, thread: [] }, channel, {
    channelId: v.channel_id,
    network: v.network,
    campaign: v.campaign,
    postId: v.post_id,
    ad: parseAdMark(v.ad),
  });
  if (problems.length) throw new AppError("validation_failed", `The new text cannot go to ${connector.displayName}: see errors.`, { errors: problems });

  const linked = discloseAd(await deps.links({
    workspaceId,
    postId: v.post_id,
    variantId,
    channelId: v.channel_id,
    network: v.network,
    campaign: v.campaign,
    text,
    link: v.link,
  }), parseAdMark(v.ad));
  // The media stay as they are on the network; the connector only needs to know what they are.
  const mediaInputs = await deps.media(workspaceId, media, { withReader: false });
  let result: Awaited<ReturnType<NonNullable<typeof connector.edit>>>;
  try {
    result = await connector.edit(channel, publication.external_id, { text: linked.text, format: v.format, media: mediaInputs, link: linked.link });
  } catch (err) {
    if (!(err instanceof ConnectorError)) throw err;
    const name = connector.displayName;
    if (err.kind === "rate_limited") {
      throw new AppError("rate_limited", `${name} asked Chorus to slow down; try the edit again later.`, {
        cause: err,
        ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
      });
    }
    if (err.kind === "transient") throw new AppError("unavailable", `${name} did not answer properly (${err.message}). Nothing was changed; try again.`, { cause: err });
    throw new AppError("bad_request", `${name} refused the edit: ${err.message} Nothing was changed.`, { cause: err });
  }

  const now = nowOf(deps).toISOString();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("variants").set({ text, customised: 1, updated_at: now }).where("id", "=", variantId).execute();
    if (result.url && result.url !== publication.url) await tx.updateTable("publications").set({ url: result.url }).where("id", "=", publication.id).execute();
    await recordAudit(tx, {
      workspaceId,
      actorUserId: actor.userId,
      action: "post.edit_published",
      targetType: "post",
      targetId: v.post_id,
      data: { variantId, network: v.network, oldText: v.text, newText: text },
      ip: actor.ip ?? null,
    });
  });
  return getPost(deps, actor, workspaceId, v.post_id);
}
