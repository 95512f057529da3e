/**
 * The brand's conversion webhook: a site or shop POSTs each order to
 * <public URL>/api/hooks/conversions/<brand id>, signed with the brand's secret
 * (src/domain/campaign-signature.ts; the exact spec is in docs/campaigns.md).
 *
 * - The secret is made by Chorus, shown once (on creation and on each rotation) and kept only
 *   encrypted (services/secrets.ts): it must be readable to check a signature, unlike a token.
 * - Nothing is read from the body before its signature is checked, and a request that fails any
 *   check stores nothing: unknown brand, no secret, wrong or missing signature, or a timestamp more
 *   than five minutes off all answer 401 alike, so the address tells a stranger nothing.
 * - Replays: the order id is unique per brand. A repeat answers 200 `duplicate` with the stored
 *   conversion and changes nothing — a 2xx, because shops retry anything else for days.
 */
import { z } from "zod";
import { centsOf, currencyPattern } from "../../domain/campaign.js";
import { verifySignature } from "../../domain/campaign-signature.js";
import { AppError } from "../../errors.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { randomToken } from "../secrets.js";
import { type ConversionView, storeConversion } from "./conversions.service.js";
import { type CampaignsDeps, nowOf } from "./deps.js";

export type HookView = { url: string; configured: boolean; createdAt: string | null; lastReceivedAt: string | null };

export const hookUrl = (deps: Pick<CampaignsDeps, "publicUrl">, brandId: string) => `${deps.publicUrl.replace(/\/+$/, "")}/api/hooks/conversions/${brandId}`;

export async function getHook(deps: CampaignsDeps, actor: Actor, workspaceId: string, brandId: string): Promise<HookView> {
  await requireAccess(deps.db, actor, workspaceId, "analytics.read");
  await findBrand(deps.db, workspaceId, brandId);
  const hook = await deps.db.selectFrom("conversion_hooks").select(["created_at", "last_received_at"]).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).executeTakeFirst();
  return { url: hookUrl(deps, brandId), configured: hook !== undefined, createdAt: hook?.created_at ?? null, lastReceivedAt: hook?.last_received_at ?? null };
}

/** Makes the brand's secret, or a new one in place of the old (which stops working at once). The only time it is shown. */
export async function rotateHookSecret(deps: CampaignsDeps, actor: Actor, workspaceId: string, brandId: string): Promise<HookView & { secret: string }> {
  await requireAccess(deps.db, actor, workspaceId, "brands.manage");
  await findBrand(deps.db, workspaceId, brandId);
  const secret = `whsec_${randomToken(32)}`;
  const at = nowOf(deps).toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom("conversion_hooks").select("brand_id").where("brand_id", "=", brandId).executeTakeFirst();
    if (existing) await tx.updateTable("conversion_hooks").set({ secret_enc: deps.secrets.encrypt(secret), created_by: actor.userId, created_at: at }).where("brand_id", "=", brandId).execute();
    else await tx.insertInto("conversion_hooks").values({ brand_id: brandId, workspace_id: workspaceId, secret_enc: deps.secrets.encrypt(secret), created_by: actor.userId, created_at: at, last_received_at: null }).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: existing ? "campaign.webhook.rotate" : "campaign.webhook.create", targetType: "brand", targetId: brandId, ip: actor.ip ?? null });
  });
  return { url: hookUrl(deps, brandId), configured: true, createdAt: at, lastReceivedAt: null, secret };
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a shop sends: snake_case, as the utm_* parameters it copies from the visit. */
export const conversionPayload = z.strictObject({
  id: z.union([text(200), z.number().int().nonnegative()]).describe("The order's (or lead's) number: unique per brand; the same id again is a duplicate"),
  value: z.number().nonnegative().describe("The order's value, in units of the currency (4990.50)"),
  currency: z.string().regex(currencyPattern, "Three capital letters, e.g. RUB").optional().describe("ISO 4217; the campaign's currency when left out"),
  occurred_at: z.iso.datetime({ offset: true }).optional().describe("When the order was made (ISO 8601 with an offset); now when left out"),
  campaign_id: z.uuid().optional().describe("The Chorus campaign, when the site knows it; otherwise matched by utm_campaign or link_code"),
  utm_source: text(200).optional(),
  utm_medium: text(200).optional(),
  utm_campaign: text(200).optional(),
  utm_content: text(200).optional(),
  utm_term: text(200).optional(),
  link_code: text(40).optional().describe("The code of the Chorus short link the visitor came by (<public URL>/l/<code>)"),
});

const refusal = (message: string) => new AppError("unauthenticated", message);

export type ReceivedConversion = { status: "stored" | "duplicate"; conversion: ConversionView };

export async function receiveConversion(deps: CampaignsDeps, input: { brandId: string; signature: string | undefined; body: Buffer }): Promise<ReceivedConversion> {
  const now = nowOf(deps);
  const hook = await deps.db.selectFrom("conversion_hooks").select(["workspace_id", "secret_enc"]).where("brand_id", "=", input.brandId).executeTakeFirst();
  const check = hook
    ? verifySignature({ header: input.signature, body: input.body, secret: deps.secrets.decrypt(hook.secret_enc), now })
    : ({ ok: false, reason: "mismatch" } as const);
  if (!check.ok) {
    if (check.reason === "missing") throw refusal("Sign the request: the X-Chorus-Signature header is missing (see docs/campaigns.md).");
    if (check.reason === "malformed") throw refusal('X-Chorus-Signature must read "t=<unix seconds>,v1=<64 hex digits>".');
    if (check.reason === "stale") throw refusal("The signature's timestamp is more than 5 minutes away from the server's clock: sign each request when sending it, and check the sender's clock.");
    throw refusal("The signature does not match: sign the exact body with this brand's current webhook secret (HMAC-SHA256 of \"<t>.<body>\", hex).");
  }
  let json: unknown;
  try {
    json = JSON.parse(input.body.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON: send one conversion as a JSON object.");
  }
  const parsed = conversionPayload.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", 'The conversion is not valid: fix the fields listed in "errors".', {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "body", message: i.message })),
    });
  }
  const p = parsed.data;
  const valueCents = centsOf(p.value);
  if (valueCents === null) throw new AppError("validation_failed", "value has more than two decimals.", { errors: [{ path: "value", message: "At most two decimals" }] });
  const occurredAt = p.occurred_at ? new Date(p.occurred_at) : now;
  if (occurredAt.getTime() > now.getTime() + 86_400_000) throw new AppError("validation_failed", "occurred_at is in the future.", { errors: [{ path: "occurred_at", message: "In the future" }] });
  const workspaceId = (hook as { workspace_id: string }).workspace_id;
  const result = await deps.db.transaction().execute(async (tx) => {
    const stored = await storeConversion(tx, {
      workspaceId,
      brandId: input.brandId,
      externalId: String(p.id),
      occurredAt: occurredAt.toISOString(),
      valueCents,
      currency: p.currency ?? null,
      utm: { source: p.utm_source ?? null, medium: p.utm_medium ?? null, campaign: p.utm_campaign ?? null, content: p.utm_content ?? null, term: p.utm_term ?? null },
      linkCode: p.link_code ?? null,
      campaignId: p.campaign_id ?? null,
      source: "webhook",
      receivedAt: now.toISOString(),
    });
    if (!stored.duplicate) await tx.updateTable("conversion_hooks").set({ last_received_at: now.toISOString() }).where("brand_id", "=", input.brandId).execute();
    return stored;
  });
  return { status: result.duplicate ? "duplicate" : "stored", conversion: result.conversion };
}
