/**
 * Webhooks: networks pushing events to Chorus. Public — no session or token; each request proves
 * itself with the secret Chorus gave the network for that channel (services/inbox/webhook.service.ts).
 */
import { z } from "zod";
import { receiveWebhook } from "../../services/inbox/webhook.service.js";
import { type ApiContext, id, type ZodApp } from "../context.js";

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function hookRoutes(app: ZodApp, ctx: ApiContext) {
  app.post(
    "/api/hooks/telegram/:channelId",
    {
      schema: {
        tags: ["Webhooks"],
        summary: "Telegram pushes a channel's bot updates here (setWebhook); the X-Telegram-Bot-Api-Secret-Token header must carry the channel's secret",
        security: [],
        params: z.strictObject({ channelId: id }),
        // An Update has many kinds and Telegram keeps adding fields: the connector reads what it knows.
        body: z.unknown(),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    // 200 as soon as the update is stored, or when it is not one for this channel: Telegram retries
    // anything else, which is wanted only when storing failed (500).
    async (req) => {
      await receiveWebhook(ctx.inbox, {
        network: "telegram",
        channelId: req.params.channelId,
        secret: header(req.headers["x-telegram-bot-api-secret-token"]),
        body: req.body,
      });
      return { ok: true as const };
    },
  );
}
