/**
 * Listening alerts: rules per brand (src/domain/alert-rules.ts says what each watches), checked
 * after every listening run and once a minute, and the alerts they raise — kept in the app, sent by
 * e-mail to the rule's addresses and to its webhook (signed, see docs/alerts-webhooks.md).
 * No storms: a rule that fired stays quiet for its cool-down, and an influencer rule puts every big
 * author's mention since its last alert into one alert.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { coolingDown, defaultCooldownMinutes, judge, paramsSchemaOf, type RuleFigures, type RuleParams } from "../../domain/alert-rules.js";
import { AppError, notFound } from "../../errors.js";
import { newId } from "../../store/ids.js";
import type { AlertRulesTable, AlertRuleType, Database, Sentiment } from "../../store/schema.js";
import { type Actor, requireAccess } from "../access.js";
import { recordAudit } from "../audit.service.js";
import { findBrand } from "../brand.service.js";
import { mailNotConfigured, renderAlertEmail } from "../notify/email.js";
import { type AlertWebhookPayload, generateWebhookSecret, sendWebhook, validateWebhookUrl } from "../notify/webhook.js";
import { type ListeningDeps, nowOf } from "./deps.js";

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Mentions named in one alert (the figures count them all). */
const mentionsPerAlert = 20;

export type AlertRuleView = {
  id: string;
  brandId: string;
  name: string;
  type: AlertRuleType;
  params: Record<string, number>;
  queryId: string | null;
  emails: string[];
  webhookUrl: string | null;
  cooldownMinutes: number;
  enabled: boolean;
  lastFiredAt: string | null;
  createdAt: string;
};

function present(r: AlertRulesTable): AlertRuleView {
  return {
    id: r.id,
    brandId: r.brand_id,
    name: r.name,
    type: r.type,
    params: JSON.parse(r.params) as Record<string, number>,
    queryId: r.query_id,
    emails: JSON.parse(r.emails) as string[],
    webhookUrl: r.webhook_url,
    cooldownMinutes: r.cooldown_minutes,
    enabled: r.enabled === 1,
    lastFiredAt: r.last_fired_at,
    createdAt: r.created_at,
  };
}

export type AlertRuleInput = {
  brandId: string;
  name: string;
  type: AlertRuleType;
  params: Record<string, unknown>;
  queryId?: string | null | undefined;
  emails?: string[] | undefined;
  webhookUrl?: string | null | undefined;
  cooldownMinutes?: number | undefined;
  enabled?: boolean | undefined;
};

function checkParams(type: AlertRuleType, params: unknown): Record<string, number> {
  const parsed = paramsSchemaOf[type].safeParse(params);
  if (!parsed.success) {
    throw new AppError("validation_failed", `The rule's thresholds are not valid: fix the fields listed in "errors".`, {
      errors: parsed.error.issues.map((i) => ({ path: ["params", ...i.path.map(String)].join("."), message: i.message })),
    });
  }
  return parsed.data as Record<string, number>;
}

const email = z.email();

function checkEmails(emails: string[]): string[] {
  const bad = emails.filter((e) => !email.safeParse(e).success);
  if (bad.length) throw new AppError("validation_failed", `Not e-mail addresses: ${bad.join(", ")}.`, { errors: bad.map((e) => ({ path: "emails", message: `${e} is not an e-mail address` })) });
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}

async function checkQueryOfBrand(db: Kysely<Database>, brandId: string, queryId: string | null | undefined) {
  if (!queryId) return;
  const q = await db.selectFrom("listening_queries").select("id").where("id", "=", queryId).where("brand_id", "=", brandId).executeTakeFirst();
  if (!q) throw new AppError("validation_failed", "The query is not one of this brand's.", { errors: [{ path: "queryId", message: "Unknown query" }] });
}

export async function listAlertRules(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, brandId: string): Promise<AlertRuleView[]> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  await findBrand(deps.db, workspaceId, brandId);
  const rows = await deps.db.selectFrom("alert_rules").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).orderBy("created_at").execute();
  return rows.map(present);
}

/** Creates a rule; with a webhook address, the answer carries the signing secret — the only time it is shown. */
export async function createAlertRule(deps: ListeningDeps, actor: Actor, workspaceId: string, input: AlertRuleInput): Promise<AlertRuleView & { webhookSecret: string | null }> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  await findBrand(deps.db, workspaceId, input.brandId);
  const params = checkParams(input.type, input.params);
  await checkQueryOfBrand(deps.db, input.brandId, input.queryId);
  const emails = checkEmails(input.emails ?? []);
  let secret: string | null = null;
  if (input.webhookUrl) {
    const problem = validateWebhookUrl(input.webhookUrl, { allowPrivate: deps.allowPrivateUrls });
    if (problem) throw new AppError("validation_failed", problem, { errors: [{ path: "webhookUrl", message: problem }] });
    secret = generateWebhookSecret();
  }
  const now = nowOf(deps).toISOString();
  const row: AlertRulesTable = {
    id: newId(),
    workspace_id: workspaceId,
    brand_id: input.brandId,
    name: input.name,
    type: input.type,
    params: JSON.stringify(params),
    query_id: input.queryId ?? null,
    emails: JSON.stringify(emails),
    webhook_url: input.webhookUrl ?? null,
    webhook_secret_enc: secret ? deps.secrets.encrypt(secret) : null,
    cooldown_minutes: input.cooldownMinutes ?? defaultCooldownMinutes,
    enabled: input.enabled === false ? 0 : 1,
    last_fired_at: null,
    // Influencer rules look at mentions collected from now on, not at the whole history.
    last_checked_at: now,
    created_at: now,
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto("alert_rules").values(row).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.alert_rule.create", targetType: "alert_rule", targetId: row.id, data: { name: row.name, type: row.type, emails: emails.length, webhook: !!row.webhook_url }, ip: actor.ip ?? null });
  });
  return { ...present(row), webhookSecret: secret };
}

export async function updateAlertRule(
  deps: ListeningDeps,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: Partial<Omit<AlertRuleInput, "brandId" | "type">> & { rotateSecret?: boolean | undefined },
): Promise<AlertRuleView & { webhookSecret: string | null }> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const row = await deps.db.selectFrom("alert_rules").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!row) throw notFound("Alert rule");
  const set: Partial<AlertRulesTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.params !== undefined) set.params = JSON.stringify(checkParams(row.type, patch.params));
  if (patch.queryId !== undefined) {
    await checkQueryOfBrand(deps.db, row.brand_id, patch.queryId);
    set.query_id = patch.queryId;
  }
  if (patch.emails !== undefined) set.emails = JSON.stringify(checkEmails(patch.emails));
  if (patch.cooldownMinutes !== undefined) set.cooldown_minutes = patch.cooldownMinutes;
  if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
  let secret: string | null = null;
  if (patch.webhookUrl !== undefined) {
    if (patch.webhookUrl) {
      const problem = validateWebhookUrl(patch.webhookUrl, { allowPrivate: deps.allowPrivateUrls });
      if (problem) throw new AppError("validation_failed", problem, { errors: [{ path: "webhookUrl", message: problem }] });
    }
    set.webhook_url = patch.webhookUrl;
    if (!patch.webhookUrl) set.webhook_secret_enc = null;
    else if (!row.webhook_secret_enc) secret = generateWebhookSecret();
  }
  if (patch.rotateSecret && (set.webhook_url ?? row.webhook_url)) secret = generateWebhookSecret();
  if (secret) set.webhook_secret_enc = deps.secrets.encrypt(secret);
  await deps.db.transaction().execute(async (tx) => {
    if (Object.keys(set).length) await tx.updateTable("alert_rules").set(set).where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.alert_rule.update", targetType: "alert_rule", targetId: id, data: { fields: Object.keys(set), rotated: !!secret }, ip: actor.ip ?? null });
  });
  const next = await deps.db.selectFrom("alert_rules").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return { ...present(next), webhookSecret: secret };
}

export async function deleteAlertRule(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, id: string): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "listening.manage");
  const row = await deps.db.selectFrom("alert_rules").select(["id", "name"]).where("id", "=", id).where("workspace_id", "=", workspaceId).executeTakeFirst();
  if (!row) throw notFound("Alert rule");
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("alert_rules").where("id", "=", id).execute();
    await recordAudit(tx, { workspaceId, actorUserId: actor.userId, action: "listening.alert_rule.delete", targetType: "alert_rule", targetId: id, data: { name: row.name }, ip: actor.ip ?? null });
  });
}

// ---- Checking rules ----

function mentionsIn(db: Kysely<Database>, rule: AlertRulesTable, from: string, to: string) {
  let q = db.selectFrom("mentions as m").where("m.brand_id", "=", rule.brand_id).where("m.published_at", ">=", from).where("m.published_at", "<", to).where("m.irrelevant", "=", 0);
  if (rule.query_id) {
    const queryId = rule.query_id;
    q = q.where((eb) => eb.exists(eb.selectFrom("mention_queries as mq").select("mq.mention_id").whereRef("mq.mention_id", "=", "m.id").where("mq.query_id", "=", queryId)));
  }
  return q;
}

type Evidence = { figures: RuleFigures; window: { start: string; end: string }; mentionIds: string[] };

async function gather(db: Kysely<Database>, rule: AlertRulesTable, params: Record<string, number>, now: Date): Promise<Evidence> {
  const end = now.toISOString();
  if (rule.type === "influencer") {
    // Mentions collected since the last check (by collection time: a big author's old post found
    // today is news today), by authors over the threshold.
    const start = rule.last_checked_at ?? rule.created_at;
    const rows = await db
      .selectFrom("mentions as m")
      .select(["m.id", "m.author_followers"])
      .where("m.brand_id", "=", rule.brand_id)
      .where("m.collected_at", ">", start)
      .where("m.collected_at", "<=", end)
      .where("m.irrelevant", "=", 0)
      .where("m.duplicate_of", "is", null)
      .where("m.author_followers", ">=", params.minFollowers as number)
      .where((eb) => (rule.query_id ? eb.exists(eb.selectFrom("mention_queries as mq").select("mq.mention_id").whereRef("mq.mention_id", "=", "m.id").where("mq.query_id", "=", rule.query_id)) : eb.lit(true)))
      .orderBy("m.author_followers", "desc")
      .limit(500)
      .execute();
    return { figures: { type: "influencer", mentions: rows.map((r) => ({ followers: r.author_followers ?? 0 })) }, window: { start, end }, mentionIds: rows.map((r) => r.id) };
  }
  const windowMs = (params.windowMinutes as number) * minuteMs;
  const start = new Date(now.getTime() - windowMs).toISOString();
  const counts = await mentionsIn(db, rule, start, end)
    .select(["m.sentiment", (eb) => eb.fn.countAll<number | string>().as("n")])
    .groupBy("m.sentiment")
    .execute();
  const total = counts.reduce((s, c) => s + Number(c.n), 0);
  const negative = Number(counts.find((c) => c.sentiment === "negative")?.n ?? 0);
  const sample = await mentionsIn(db, rule, start, end)
    .select("m.id")
    .where("m.duplicate_of", "is", null)
    .$if(rule.type === "negative_share", (q) => q.where("m.sentiment", "=", "negative"))
    .orderBy("m.author_followers", "desc")
    .limit(mentionsPerAlert)
    .execute();
  const mentionIds = sample.map((r) => r.id);
  if (rule.type === "negative_share") return { figures: { type: "negative_share", mentions: total, negative }, window: { start, end }, mentionIds };
  const baselineDays = params.baselineDays as number;
  const baseStart = new Date(now.getTime() - windowMs - baselineDays * dayMs).toISOString();
  const base = await mentionsIn(db, rule, baseStart, start)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirst();
  const windows = (baselineDays * dayMs) / windowMs;
  return { figures: { type: "volume_spike", mentions: total, baselineAverage: Number(base?.n ?? 0) / windows }, window: { start, end }, mentionIds };
}

export type CheckResult = { ruleId: string; fired: boolean; alertId: string | null };

/** Checks every enabled rule of a brand now; returns what fired. Deliveries are awaited (they are bounded in time). */
export async function checkBrandAlerts(deps: ListeningDeps, brandId: string): Promise<CheckResult[]> {
  const now = nowOf(deps);
  const rules = await deps.db.selectFrom("alert_rules").selectAll().where("brand_id", "=", brandId).where("enabled", "=", 1).execute();
  const results: CheckResult[] = [];
  for (const rule of rules) {
    if (coolingDown(rule.last_fired_at, rule.cooldown_minutes, now)) {
      results.push({ ruleId: rule.id, fired: false, alertId: null });
      continue;
    }
    const params = JSON.parse(rule.params) as Record<string, number>;
    const evidence = await gather(deps.db, rule, params, now);
    const verdict = judge({ type: rule.type, params } as RuleParams, evidence.figures);
    if (!verdict.fire) {
      if (rule.type === "influencer") await deps.db.updateTable("alert_rules").set({ last_checked_at: now.toISOString() }).where("id", "=", rule.id).execute();
      results.push({ ruleId: rule.id, fired: false, alertId: null });
      continue;
    }
    // Claim the firing: only one process raises the alert when two check at once.
    const claimed = await deps.db
      .updateTable("alert_rules")
      .set({ last_fired_at: now.toISOString(), last_checked_at: now.toISOString() })
      .where("id", "=", rule.id)
      .where((eb) => (rule.last_fired_at === null ? eb("last_fired_at", "is", null) : eb("last_fired_at", "=", rule.last_fired_at)))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      results.push({ ruleId: rule.id, fired: false, alertId: null });
      continue;
    }
    const alertId = await raise(deps, rule, verdict.title, verdict.figures, evidence);
    results.push({ ruleId: rule.id, fired: true, alertId });
  }
  return results;
}

async function raise(deps: ListeningDeps, rule: AlertRulesTable, title: string, figures: Record<string, number>, evidence: Evidence): Promise<string> {
  const now = nowOf(deps);
  const brand = await deps.db.selectFrom("brands").select(["id", "name"]).where("id", "=", rule.brand_id).executeTakeFirstOrThrow();
  const mentions = evidence.mentionIds.length
    ? await deps.db.selectFrom("mentions").select(["id", "url", "author_name", "author_handle", "text", "sentiment"]).where("id", "in", evidence.mentionIds).execute()
    : [];
  const order = new Map(evidence.mentionIds.map((id, i) => [id, i]));
  mentions.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const alertId = newId();
  const payload: AlertWebhookPayload = {
    id: alertId,
    event: "alert.raised",
    createdAt: now.toISOString(),
    workspaceId: rule.workspace_id,
    brand: { id: brand.id, name: brand.name },
    alert: {
      id: alertId,
      type: rule.type,
      title,
      window: evidence.window,
      figures,
      mentions: mentions.map((m) => ({ id: m.id, url: m.url, author: `${m.author_name} (@${m.author_handle})`, text: m.text.slice(0, 500), sentiment: m.sentiment as Sentiment })),
    },
  };
  await deps.db
    .insertInto("alerts")
    .values({
      id: alertId,
      workspace_id: rule.workspace_id,
      brand_id: rule.brand_id,
      rule_id: rule.id,
      type: rule.type,
      title: `${rule.name}: ${title}`,
      data: JSON.stringify({ figures, mentionIds: evidence.mentionIds }),
      deliveries: JSON.stringify([{ channel: "app", ok: true, at: now.toISOString() }]),
      window_start: evidence.window.start,
      window_end: evidence.window.end,
      created_at: now.toISOString(),
      read_at: null,
    })
    .execute();

  const deliveries: Delivery[] = [{ channel: "app", ok: true, at: now.toISOString() }];
  const emails = JSON.parse(rule.emails) as string[];
  if (emails.length) {
    if (!deps.mailer) deliveries.push({ channel: "email", ok: false, at: nowOf(deps).toISOString(), error: mailNotConfigured, to: emails });
    else {
      const link = deps.publicUrl ? `${deps.publicUrl.replace(/\/$/, "")}/w/${rule.workspace_id}/b/${rule.brand_id}/listening/alerts` : undefined;
      const mail = renderAlertEmail({ ...payload, alert: { ...payload.alert, title: `${rule.name}: ${title}` } }, link ? { link } : {});
      const sent = await deps.mailer.send({ to: emails, subject: mail.subject, text: mail.text, html: mail.html });
      deliveries.push(sent.ok ? { channel: "email", ok: true, at: nowOf(deps).toISOString(), to: emails } : { channel: "email", ok: false, at: nowOf(deps).toISOString(), error: sent.error, to: emails });
    }
  }
  if (rule.webhook_url && rule.webhook_secret_enc) {
    const res = await sendWebhook({ url: rule.webhook_url, secret: deps.secrets.decrypt(rule.webhook_secret_enc), event: "alert.raised", payload, allowPrivate: deps.allowPrivateUrls });
    deliveries.push({ channel: "webhook", ok: res.ok, at: nowOf(deps).toISOString(), status: res.status, attempts: res.attempts, ...(res.error ? { error: res.error } : {}) });
  }
  await deps.db.updateTable("alerts").set({ deliveries: JSON.stringify(deliveries) }).where("id", "=", alertId).execute();
  return alertId;
}

type Delivery = { channel: "app" | "email" | "webhook"; ok: boolean; at: string; error?: string; status?: number | undefined; attempts?: number; to?: string[] };

export type AlertView = {
  id: string;
  brandId: string;
  ruleId: string | null;
  type: AlertRuleType;
  title: string;
  figures: Record<string, number>;
  mentionIds: string[];
  deliveries: Delivery[];
  window: { start: string; end: string };
  createdAt: string;
  readAt: string | null;
};

export async function listAlerts(deps: Pick<ListeningDeps, "db">, actor: Actor, workspaceId: string, brandId: string, opts: { unread?: boolean | undefined; limit?: number | undefined } = {}): Promise<{ items: AlertView[]; unread: number }> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  await findBrand(deps.db, workspaceId, brandId);
  let q = deps.db.selectFrom("alerts").selectAll().where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId);
  if (opts.unread) q = q.where("read_at", "is", null);
  const rows = await q
    .orderBy("created_at", "desc")
    .limit(Math.min(opts.limit ?? 50, 200))
    .execute();
  const unread = await deps.db
    .selectFrom("alerts")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("brand_id", "=", brandId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return {
    unread: Number(unread?.n ?? 0),
    items: rows.map((r) => {
      const data = JSON.parse(r.data) as { figures: Record<string, number>; mentionIds: string[] };
      return { id: r.id, brandId: r.brand_id, ruleId: r.rule_id, type: r.type, title: r.title, figures: data.figures, mentionIds: data.mentionIds, deliveries: JSON.parse(r.deliveries) as Delivery[], window: { start: r.window_start, end: r.window_end }, createdAt: r.created_at, readAt: r.read_at };
    }),
  };
}

export async function markAlertsRead(deps: Pick<ListeningDeps, "db" | "now">, actor: Actor, workspaceId: string, brandId: string, ids: string[] | "all"): Promise<void> {
  await requireAccess(deps.db, actor, workspaceId, "listening.read");
  await findBrand(deps.db, workspaceId, brandId);
  let q = deps.db.updateTable("alerts").set({ read_at: nowOf(deps).toISOString() }).where("workspace_id", "=", workspaceId).where("brand_id", "=", brandId).where("read_at", "is", null);
  if (ids !== "all") q = q.where("id", "in", ids.length ? ids : [""]);
  await q.execute();
}
