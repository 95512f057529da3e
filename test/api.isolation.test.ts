/**
 * Tenant isolation and RBAC, on every route. A member of workspace B reaches for workspace A's
 * data through each API route: the answer must be 404 (existence never leaks) and A's data must
 * be unchanged. A list of the app's own routes proves no route is left out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createTenant, createTestApi, json, type Tenant, type TestApi } from "./support/app.js";
import { dialects } from "./support/stores.js";

type Fixture = Tenant & { editorId: string; invitationId: string; tokenId: string; token: string; channelId: string; postId: string; variantId: string; itemId: string } & PlanningFixture &
  InboxWorkFixture &
  ListeningFixture &
  CompetitorFixture &
  ReportFixture &
  BriefFixture &
  GiveawayFixture &
  CampaignFixture &
  StrategyFixture &
  LeaderFixture;

/** Listening objects of a workspace (a query, a source, a mention, an alert rule and an alert) for the isolation cases. */
type ListeningFixture = { queryId: string; sourceId: string; mentionId: string; ruleId: string; alertId: string };

async function listeningFixture(api: TestApi, t: Tenant, channelId: string): Promise<ListeningFixture> {
  const post = (url: string, payload: object) => api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/listening${url}`, headers: { cookie: t.owner }, payload });
  const [query, source, rule] = [
    await post("/queries", { brandId: t.brandId, name: "Brand", kind: "brand", query: '"north coffee" OR #northcoffee' }),
    await post("/sources", { type: "network", brandId: t.brandId, channelId }),
    await post("/alert-rules", { brandId: t.brandId, name: "Spike", type: "volume_spike", params: { factor: 3, windowMinutes: 60 } }),
  ];
  expect([query.statusCode, source.statusCode, rule.statusCode]).toEqual([201, 201, 201]);
  const mentionId = crypto.randomUUID();
  const alertId = crypto.randomUUID();
  const now = new Date().toISOString();
  await api.store.db
    .insertInto("mentions")
    .values({ id: mentionId, workspace_id: t.workspaceId, brand_id: t.brandId, source_id: null, network: "sandbox", external_id: `m-${mentionId}`, url: null, author_name: "Anna", author_handle: "anna", author_followers: 10, text: "North coffee was cold", title: null, lang: "en", sentiment: "negative", sentiment_score: -0.6, sentiment_confidence: 0.7, fingerprint: mentionId, duplicate_of: null, published_at: now, collected_at: now })
    .execute();
  await api.store.db
    .insertInto("alerts")
    .values({ id: alertId, workspace_id: t.workspaceId, brand_id: t.brandId, rule_id: json<{ id: string }>(rule).id, type: "volume_spike", title: "Spike", data: JSON.stringify({ figures: {}, mentionIds: [] }), deliveries: "[]", window_start: now, window_end: now, created_at: now, read_at: null })
    .execute();
  return { queryId: json<{ id: string }>(query).id, sourceId: json<{ id: string }>(source).id, mentionId, ruleId: json<{ id: string }>(rule).id, alertId };
}

/** A weekly report of the workspace's brand for the isolation cases. */
type ReportFixture = { reportId: string };

async function reportFixture(api: TestApi, t: Tenant): Promise<ReportFixture> {
  const report = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/reports`,
    headers: { cookie: t.owner },
    payload: { brandId: t.brandId, name: "Weekly", sections: [{ kind: "summary" }], periodKind: "weekly", weekday: 1, hour: 9, recipients: ["client@example.test"] },
  });
  expect(report.statusCode).toBe(201);
  return { reportId: json<{ id: string }>(report).id };
}

/** An opinion leader of the workspace's brand with a placement (and its short link), for the isolation cases. */
type LeaderFixture = { leaderId: string; placementId: string };

async function leaderFixture(api: TestApi, t: Tenant): Promise<LeaderFixture> {
  const w = `/api/workspaces/${t.workspaceId}/leaders`;
  const leader = await api.app.inject({ method: "POST", url: w, headers: { cookie: t.owner }, payload: { brandId: t.brandId, name: "Blogger", kind: "influencer", profiles: [{ network: "telegram", handle: "blogger" }] } });
  expect(leader.statusCode).toBe(201);
  const leaderId = json<{ id: string }>(leader).id;
  const placement = await api.app.inject({ method: "POST", url: `${w}/${leaderId}/placements`, headers: { cookie: t.owner }, payload: { day: "2026-03-10", price: 5000, currency: "RUB", format: "post", targetUrl: "https://brand.example/" } });
  expect(placement.statusCode).toBe(201);
  return { leaderId, placementId: json<{ id: string }>(placement).id };
}

/** The brand's strategy with a custom KPI (its figures are the progress routes' objects) for the isolation cases. */
type StrategyFixture = { kpiId: string };

async function strategyFixture(api: TestApi, t: Tenant): Promise<StrategyFixture> {
  const url = `/api/workspaces/${t.workspaceId}/brands/${t.brandId}/strategy`;
  const res = await api.app.inject({ method: "PUT", url, headers: { cookie: t.owner }, payload: { goalType: "brand", kpis: [{ metric: "custom", label: "Leads in CRM", target: 100, deadline: "2026-06-30" }] } });
  expect(res.statusCode).toBe(200);
  const kpiId = json<{ strategy: { kpis: { id: string }[] } }>(res).strategy.kpis[0]?.id as string;
  const entry = await api.app.inject({ method: "POST", url: `${url}/kpis/${kpiId}/progress`, headers: { cookie: t.owner }, payload: { day: "2026-01-05", value: 10 } });
  expect(entry.statusCode).toBe(200);
  return { kpiId };
}

/** A campaign of the workspace's brand with a spend entry and a conversion, for the isolation cases. */
type CampaignFixture = { campaignId: string; spendId: string; conversionId: string };

async function campaignFixture(api: TestApi, t: Tenant): Promise<CampaignFixture> {
  const w = `/api/workspaces/${t.workspaceId}/campaigns`;
  const campaign = await api.app.inject({ method: "POST", url: w, headers: { cookie: t.owner }, payload: { brandId: t.brandId, name: "Spring", goal: "sales", startDay: "2026-03-01", endDay: "2026-03-31", currency: "RUB" } });
  expect(campaign.statusCode).toBe(201);
  const campaignId = json<{ id: string }>(campaign).id;
  const spend = await api.app.inject({ method: "POST", url: `${w}/${campaignId}/spend`, headers: { cookie: t.owner }, payload: { day: "2026-03-02", amount: 1000 } });
  const imported = await api.app.inject({ method: "POST", url: `${w}/${campaignId}/conversions/import`, headers: { cookie: t.owner, "content-type": "text/csv" }, payload: "id,date,value\norder-1,2026-03-03,2500\n" });
  expect([spend.statusCode, imported.statusCode]).toEqual([201, 200]);
  const conversion = await api.store.db.selectFrom("conversions").select("id").where("campaign_id", "=", campaignId).executeTakeFirstOrThrow();
  return { campaignId, spendId: json<{ id: string }>(spend).id, conversionId: conversion.id };
}

/** A giveaway on a post of the workspace's channel for the isolation cases. */
type GiveawayFixture = { giveawayId: string; channelPostId: string };

async function giveawayFixture(api: TestApi, t: Tenant, channelId: string): Promise<GiveawayFixture> {
  const channelPostId = crypto.randomUUID();
  const now = new Date().toISOString();
  await api.store.db
    .insertInto("channel_posts")
    .values({ id: channelPostId, workspace_id: t.workspaceId, brand_id: t.brandId, channel_id: channelId, publication_id: null, post_key: `gw-${channelPostId}`, external_id: `gw-${channelPostId}`, origin: "network", url: null, text: "Giveaway!", format: "text", rubric: null, paid: 0, campaign: null, published_at: now, followers: null, created_at: now, updated_at: now })
    .execute();
  const res = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/giveaways`,
    headers: { cookie: t.owner },
    payload: { brandId: t.brandId, channelPostId, title: "Giveaway", conditions: { action: "repost_or_comment", mustFollow: true, excludeBots: true }, winnersCount: 1 },
  });
  expect(res.statusCode).toBe(201);
  return { giveawayId: json<{ id: string }>(res).id, channelPostId };
}

/** A brief link of the workspace's brand for the isolation cases (its token, for the public routes). */
type BriefFixture = { briefId: string; briefToken: string };

async function briefFixture(api: TestApi, t: Tenant): Promise<BriefFixture> {
  const res = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/briefs`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, title: "Brief", prefill: { company: "Secret" } } });
  expect(res.statusCode).toBe(201);
  const body = json<{ brief: { id: string }; url: string }>(res);
  return { briefId: body.brief.id, briefToken: body.url.split("/brief/")[1] ?? "" };
}

/** A competitor of the workspace's brand (a Sandbox page, read once when added) for the isolation cases. */
type CompetitorFixture = { competitorId: string };

async function competitorFixture(api: TestApi, t: Tenant): Promise<CompetitorFixture> {
  const page = `rival_${t.workspaceId.slice(-6)}`;
  await api.store.db
    .insertInto("sandbox_posts")
    .values({ id: crypto.randomUUID().replace(/-/g, "").slice(0, 24), account: page, idempotency_key: `isolation:${page}`, text: "Rival's post", format: "image", media_count: 0, published_at: new Date(Date.now() - 86_400_000).toISOString(), deleted_at: null })
    .execute();
  const res = await api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/competitors`, headers: { cookie: t.owner }, payload: { brandId: t.brandId, network: "sandbox", page } });
  expect(res.statusCode).toBe(201);
  return { competitorId: json<{ id: string }>(res).id };
}

/** One inbox item of the workspace, as ingestion would store it. */
async function inboxFixture(api: TestApi, t: Tenant, channelId: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await api.store.db
    .insertInto("inbox_items")
    .values({ id, workspace_id: t.workspaceId, brand_id: t.brandId, channel_id: channelId, publication_id: null, kind: "comment", external_id: `c-${id}`, parent_external_id: null, author_name: "Anna", author_handle: "anna", author_followers: 10, text: "Cold coffee again", lang: "en", sentiment: "negative", sentiment_score: -0.8, status: "new", assignee_id: null, occurred_at: now, ingested_at: now })
    .execute();
  return id;
}

/** Planning objects of a workspace (templates, hashtag groups, calendar feeds) for the isolation cases. */
type PlanningFixture = { templateId: string; hashtagGroupId: string; feedId: string };

async function planningFixture(api: TestApi, t: Tenant): Promise<PlanningFixture> {
  const post = (url: string, payload: object) => api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}${url}`, headers: { cookie: t.owner }, payload });
  const [tpl, group, feed] = [await post("/templates", { name: "T", text: "{brand}" }), await post("/hashtag-groups", { name: "G", tags: ["coffee"] }), await post("/calendar-feeds", {})];
  expect([tpl.statusCode, group.statusCode, feed.statusCode]).toEqual([201, 201, 201]);
  return { templateId: json<{ id: string }>(tpl).id, hashtagGroupId: json<{ id: string }>(group).id, feedId: json<{ id: string }>(feed).id };
}

/** Inbox teamwork objects of a workspace (a saved reply, a shared view, a note about an author) for the isolation cases. */
type InboxWorkFixture = { savedReplyId: string; viewId: string; authorNoteId: string };

async function inboxWorkFixture(api: TestApi, t: Tenant): Promise<InboxWorkFixture> {
  const post = (url: string, payload: object) => api.app.inject({ method: "POST", url: `/api/workspaces/${t.workspaceId}/inbox${url}`, headers: { cookie: t.owner }, payload });
  const [reply, view, note] = [
    await post("/saved-replies", { title: "Thanks", text: "Thank you, {author}!" }),
    await post("/views", { name: "Negative", shared: true, filters: { sentiment: "negative" } }),
    await post("/authors/notes", { network: "sandbox", handle: "anna", text: "Regular" }),
  ];
  expect([reply.statusCode, view.statusCode, note.statusCode]).toEqual([201, 201, 201]);
  return { savedReplyId: json<{ id: string }>(reply).id, viewId: json<{ id: string }>(view).id, authorNoteId: json<{ id: string }>(note).id };
}

async function fixture(api: TestApi): Promise<Fixture> {
  const t = await createTenant(api);
  const editor = await addMember(api, t.workspaceId, "editor");
  const inv = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/invitations`,
    headers: { cookie: t.owner },
    payload: { email: `someone+${t.workspaceId.slice(-6)}@example.test`, role: "analyst" },
  });
  const tok = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/tokens`,
    headers: { cookie: t.owner },
    payload: { name: "script" },
  });
  const ch = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/channels`,
    headers: { cookie: t.owner },
    payload: { brandId: t.brandId, network: "sandbox", fields: { handle: `shop_${t.workspaceId.slice(-6)}` } },
  });
  expect([inv.statusCode, tok.statusCode, ch.statusCode]).toEqual([201, 201, 201]);
  const channelId = json<{ id: string }>(ch).id;
  const itemId = await inboxFixture(api, t, channelId);
  const post = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/posts`,
    headers: { cookie: t.owner },
    payload: { brandId: t.brandId, baseText: "Hello", format: "text", variants: [{ channelId }] },
  });
  expect(post.statusCode).toBe(201);
  const postBody = json<{ id: string; variants: { id: string }[] }>(post);
  return {
    postId: postBody.id,
    variantId: postBody.variants[0]?.id as string,
    ...t,
    editorId: editor.userId,
    invitationId: json<{ invitation: { id: string } }>(inv).invitation.id,
    tokenId: json<{ apiToken: { id: string } }>(tok).apiToken.id,
    token: json<{ token: string }>(tok).token,
    channelId,
    itemId,
    ...(await planningFixture(api, t)),
    ...(await inboxWorkFixture(api, t)),
    ...(await listeningFixture(api, t, channelId)),
    ...(await competitorFixture(api, t)),
    ...(await reportFixture(api, t)),
    ...(await briefFixture(api, t)),
    ...(await giveawayFixture(api, t, channelId)),
    ...(await campaignFixture(api, t)),
    ...(await strategyFixture(api, t)),
    ...(await leaderFixture(api, t)),
  };
}

type Call = { method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"; url: string; payload?: Record<string, unknown> };

/** One request per workspace route, aimed at workspace `a`'s data. */
function workspaceCalls(a: Fixture): Record<string, Call> {
  const w = `/api/workspaces/${a.workspaceId}`;
  return {
    "GET /api/workspaces/:ws": { method: "GET", url: w },
    "GET /api/workspaces/:ws/members": { method: "GET", url: `${w}/members` },
    "PATCH /api/workspaces/:ws/members/:userId": { method: "PATCH", url: `${w}/members/${a.editorId}`, payload: { role: "client" } },
    "DELETE /api/workspaces/:ws/members/:userId": { method: "DELETE", url: `${w}/members/${a.editorId}` },
    "GET /api/workspaces/:ws/invitations": { method: "GET", url: `${w}/invitations` },
    "POST /api/workspaces/:ws/invitations": { method: "POST", url: `${w}/invitations`, payload: { email: "intruder@example.test", role: "owner" } },
    "DELETE /api/workspaces/:ws/invitations/:id": { method: "DELETE", url: `${w}/invitations/${a.invitationId}` },
    "GET /api/workspaces/:ws/tokens": { method: "GET", url: `${w}/tokens` },
    "POST /api/workspaces/:ws/tokens": { method: "POST", url: `${w}/tokens`, payload: { name: "stolen" } },
    "DELETE /api/workspaces/:ws/tokens/:id": { method: "DELETE", url: `${w}/tokens/${a.tokenId}` },
    "GET /api/workspaces/:ws/audit": { method: "GET", url: `${w}/audit` },
    "GET /api/workspaces/:ws/brands": { method: "GET", url: `${w}/brands` },
    "POST /api/workspaces/:ws/brands": { method: "POST", url: `${w}/brands`, payload: { name: "Intruder", timezone: "UTC", locale: "en" } },
    "GET /api/workspaces/:ws/brands/:brandId/overview": { method: "GET", url: `${w}/brands/${a.brandId}/overview` },
    "GET /api/workspaces/:ws/channels": { method: "GET", url: `${w}/channels` },
    "POST /api/workspaces/:ws/channels": { method: "POST", url: `${w}/channels`, payload: { brandId: a.brandId, network: "sandbox", fields: { handle: "intruder" } } },
    "DELETE /api/workspaces/:ws/channels/:id": { method: "DELETE", url: `${w}/channels/${a.channelId}` },
    "GET /api/workspaces/:ws/channels/:channelId/health": { method: "GET", url: `${w}/channels/${a.channelId}/health` },
    "GET /api/workspaces/:ws/brands/:brandId/settings": { method: "GET", url: `${w}/brands/${a.brandId}/settings` },
    "PUT /api/workspaces/:ws/brands/:brandId/settings": {
      method: "PUT",
      url: `${w}/brands/${a.brandId}/settings`,
      payload: { rubrics: [], approvalSteps: [], approvalDeadlineHours: null, missedPostPolicy: "hold", lateThresholdMinutes: 5 },
    },
    "POST /api/workspaces/:ws/posts": {
      method: "POST",
      url: `${w}/posts`,
      payload: { brandId: a.brandId, baseText: "Intruder", format: "text", variants: [{ channelId: a.channelId }] },
    },
    "GET /api/workspaces/:ws/posts": { method: "GET", url: `${w}/posts` },
    "GET /api/workspaces/:ws/posts/:postId": { method: "GET", url: `${w}/posts/${a.postId}` },
    "PATCH /api/workspaces/:ws/posts/:postId": { method: "PATCH", url: `${w}/posts/${a.postId}`, payload: { baseText: "Changed" } },
    "DELETE /api/workspaces/:ws/posts/:postId": { method: "DELETE", url: `${w}/posts/${a.postId}` },
    "POST /api/workspaces/:ws/posts/:postId/submit": { method: "POST", url: `${w}/posts/${a.postId}/submit` },
    "POST /api/workspaces/:ws/posts/:postId/approve": { method: "POST", url: `${w}/posts/${a.postId}/approve`, payload: {} },
    "POST /api/workspaces/:ws/posts/:postId/reject": { method: "POST", url: `${w}/posts/${a.postId}/reject`, payload: { comment: "no" } },
    "POST /api/workspaces/:ws/posts/:postId/approval-link": { method: "POST", url: `${w}/posts/${a.postId}/approval-link` },
    "POST /api/workspaces/:ws/posts/:postId/schedule": { method: "POST", url: `${w}/posts/${a.postId}/schedule` },
    "POST /api/workspaces/:ws/posts/:postId/cancel": { method: "POST", url: `${w}/posts/${a.postId}/cancel` },
    "POST /api/workspaces/:ws/variants/:variantId/reschedule": {
      method: "POST",
      url: `${w}/variants/${a.variantId}/reschedule`,
      payload: { scheduledAt: "2099-01-01T10:00:00Z" },
    },
    "POST /api/workspaces/:ws/variants/:variantId/retry": { method: "POST", url: `${w}/variants/${a.variantId}/retry` },
    "POST /api/workspaces/:ws/variants/:variantId/mark-published": { method: "POST", url: `${w}/variants/${a.variantId}/mark-published`, payload: {} },
    "POST /api/workspaces/:ws/variants/:variantId/edit-published": { method: "POST", url: `${w}/variants/${a.variantId}/edit-published`, payload: { text: "Stolen" } },
    "POST /api/workspaces/:ws/validate": { method: "POST", url: `${w}/validate`, payload: { channelId: a.channelId, text: "x", format: "text" } },
    "GET /api/workspaces/:ws/calendar": { method: "GET", url: `${w}/calendar?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z` },
    // Media and links: the workspace check answers first; per-object isolation is in test/media.test.ts.
    "POST /api/workspaces/:ws/media": { method: "POST", url: `${w}/media` },
    "GET /api/workspaces/:ws/media": { method: "GET", url: `${w}/media` },
    "GET /api/workspaces/:ws/media/:id": { method: "GET", url: `${w}/media/${a.postId}` },
    "PATCH /api/workspaces/:ws/media/:id": { method: "PATCH", url: `${w}/media/${a.postId}`, payload: { alt: "stolen" } },
    "DELETE /api/workspaces/:ws/media/:id": { method: "DELETE", url: `${w}/media/${a.postId}` },
    "GET /api/workspaces/:ws/media/:id/file": { method: "GET", url: `${w}/media/${a.postId}/file` },
    "GET /api/workspaces/:ws/media/:id/thumbnail": { method: "GET", url: `${w}/media/${a.postId}/thumbnail` },
    "GET /api/workspaces/:ws/links": { method: "GET", url: `${w}/links` },
    "POST /api/workspaces/:ws/link-preview": { method: "POST", url: `${w}/link-preview`, payload: { url: "https://example.com/" } },
    // Planning helpers
    "GET /api/workspaces/:ws/templates": { method: "GET", url: `${w}/templates` },
    "POST /api/workspaces/:ws/templates": { method: "POST", url: `${w}/templates`, payload: { name: "Intruder", text: "x" } },
    "PATCH /api/workspaces/:ws/templates/:id": { method: "PATCH", url: `${w}/templates/${a.templateId}`, payload: { text: "Changed" } },
    "DELETE /api/workspaces/:ws/templates/:id": { method: "DELETE", url: `${w}/templates/${a.templateId}` },
    "POST /api/workspaces/:ws/templates/:id/render": { method: "POST", url: `${w}/templates/${a.templateId}/render`, payload: { brandId: a.brandId } },
    "GET /api/workspaces/:ws/hashtag-groups": { method: "GET", url: `${w}/hashtag-groups` },
    "POST /api/workspaces/:ws/hashtag-groups": { method: "POST", url: `${w}/hashtag-groups`, payload: { name: "Intruder", tags: ["x"] } },
    "PATCH /api/workspaces/:ws/hashtag-groups/:id": { method: "PATCH", url: `${w}/hashtag-groups/${a.hashtagGroupId}`, payload: { tags: ["changed"] } },
    "DELETE /api/workspaces/:ws/hashtag-groups/:id": { method: "DELETE", url: `${w}/hashtag-groups/${a.hashtagGroupId}` },
    "GET /api/workspaces/:ws/brands/:brandId/variables": { method: "GET", url: `${w}/brands/${a.brandId}/variables` },
    "PUT /api/workspaces/:ws/brands/:brandId/variables": { method: "PUT", url: `${w}/brands/${a.brandId}/variables`, payload: { items: [{ key: "promo", value: "x" }] } },
    "GET /api/workspaces/:ws/channels/:channelId/slots": { method: "GET", url: `${w}/channels/${a.channelId}/slots` },
    "PUT /api/workspaces/:ws/channels/:channelId/slots": { method: "PUT", url: `${w}/channels/${a.channelId}/slots`, payload: { slots: [{ days: [1], time: "09:00" }] } },
    "GET /api/workspaces/:ws/channels/:channelId/best-times": { method: "GET", url: `${w}/channels/${a.channelId}/best-times` },
    "POST /api/workspaces/:ws/posts/:postId/queue": { method: "POST", url: `${w}/posts/${a.postId}/queue` },
    "PUT /api/workspaces/:ws/posts/:postId/recurrence": { method: "PUT", url: `${w}/posts/${a.postId}/recurrence`, payload: { rrule: "FREQ=DAILY;COUNT=2", evergreenDays: null } },
    "POST /api/workspaces/:ws/imports/posts": {
      method: "POST",
      url: `${w}/imports/posts?dryRun=false`,
      payload: { brandId: a.brandId, csv: "date;time;channels;text\n2099-01-01;10:00;shop;Intruder" },
    },
    "GET /api/workspaces/:ws/calendar-feeds": { method: "GET", url: `${w}/calendar-feeds` },
    "POST /api/workspaces/:ws/calendar-feeds": { method: "POST", url: `${w}/calendar-feeds`, payload: {} },
    "DELETE /api/workspaces/:ws/calendar-feeds/:id": { method: "DELETE", url: `${w}/calendar-feeds/${a.feedId}` },
    // Inbox
    "GET /api/workspaces/:ws/inbox": { method: "GET", url: `${w}/inbox` },
    "GET /api/workspaces/:ws/inbox/counts": { method: "GET", url: `${w}/inbox/counts` },
    "POST /api/workspaces/:ws/inbox/refresh": { method: "POST", url: `${w}/inbox/refresh`, payload: { brandId: a.brandId } },
    "GET /api/workspaces/:ws/inbox/:itemId": { method: "GET", url: `${w}/inbox/${a.itemId}` },
    "PATCH /api/workspaces/:ws/inbox/:itemId": { method: "PATCH", url: `${w}/inbox/${a.itemId}`, payload: { status: "resolved", sentiment: "positive", tags: ["x"] } },
    "POST /api/workspaces/:ws/inbox/:itemId/notes": { method: "POST", url: `${w}/inbox/${a.itemId}/notes`, payload: { text: "Intruder" } },
    "POST /api/workspaces/:ws/inbox/:itemId/reply": { method: "POST", url: `${w}/inbox/${a.itemId}/reply`, payload: { text: "Intruder" } },
    "GET /api/workspaces/:ws/inbox/report": { method: "GET", url: `${w}/inbox/report` },
    // Answered before the stream opens: a refusal is a plain problem+json response.
    "GET /api/workspaces/:ws/inbox/stream": { method: "GET", url: `${w}/inbox/stream` },
    "POST /api/workspaces/:ws/inbox/:itemId/hide": { method: "POST", url: `${w}/inbox/${a.itemId}/hide` },
    "DELETE /api/workspaces/:ws/inbox/:itemId": { method: "DELETE", url: `${w}/inbox/${a.itemId}`, payload: { reason: "Intruder" } },
    // Inbox teamwork
    "GET /api/workspaces/:ws/inbox/saved-replies": { method: "GET", url: `${w}/inbox/saved-replies` },
    "POST /api/workspaces/:ws/inbox/saved-replies": { method: "POST", url: `${w}/inbox/saved-replies`, payload: { title: "Intruder", text: "x" } },
    "PATCH /api/workspaces/:ws/inbox/saved-replies/:id": { method: "PATCH", url: `${w}/inbox/saved-replies/${a.savedReplyId}`, payload: { text: "Changed" } },
    "DELETE /api/workspaces/:ws/inbox/saved-replies/:id": { method: "DELETE", url: `${w}/inbox/saved-replies/${a.savedReplyId}` },
    "POST /api/workspaces/:ws/inbox/saved-replies/:id/render": { method: "POST", url: `${w}/inbox/saved-replies/${a.savedReplyId}/render`, payload: { itemId: a.itemId } },
    "GET /api/workspaces/:ws/inbox/views": { method: "GET", url: `${w}/inbox/views` },
    "POST /api/workspaces/:ws/inbox/views": { method: "POST", url: `${w}/inbox/views`, payload: { name: "Intruder", shared: true, filters: {} } },
    "PATCH /api/workspaces/:ws/inbox/views/:id": { method: "PATCH", url: `${w}/inbox/views/${a.viewId}`, payload: { name: "Changed" } },
    "DELETE /api/workspaces/:ws/inbox/views/:id": { method: "DELETE", url: `${w}/inbox/views/${a.viewId}` },
    "POST /api/workspaces/:ws/inbox/bulk": { method: "POST", url: `${w}/inbox/bulk`, payload: { itemIds: [a.itemId], action: "status", status: "resolved" } },
    "GET /api/workspaces/:ws/inbox/authors": { method: "GET", url: `${w}/inbox/authors?itemId=${a.itemId}` },
    "POST /api/workspaces/:ws/inbox/authors/notes": { method: "POST", url: `${w}/inbox/authors/notes`, payload: { network: "sandbox", handle: "anna", text: "Intruder" } },
    "DELETE /api/workspaces/:ws/inbox/authors/notes/:id": { method: "DELETE", url: `${w}/inbox/authors/notes/${a.authorNoteId}` },
    "GET /api/workspaces/:ws/inbox/:itemId/presence": { method: "GET", url: `${w}/inbox/${a.itemId}/presence` },
    "POST /api/workspaces/:ws/inbox/:itemId/presence": { method: "POST", url: `${w}/inbox/${a.itemId}/presence` },
    "DELETE /api/workspaces/:ws/inbox/:itemId/presence": { method: "DELETE", url: `${w}/inbox/${a.itemId}/presence` },
    "POST /api/workspaces/:ws/inbox/:itemId/like": { method: "POST", url: `${w}/inbox/${a.itemId}/like` },
    // Listening
    "GET /api/workspaces/:ws/listening/queries": { method: "GET", url: `${w}/listening/queries?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/listening/queries/check": { method: "POST", url: `${w}/listening/queries/check`, payload: { query: "coffee" } },
    "POST /api/workspaces/:ws/listening/queries/preview": { method: "POST", url: `${w}/listening/queries/preview`, payload: { brandId: a.brandId, query: "coffee" } },
    "POST /api/workspaces/:ws/listening/queries": { method: "POST", url: `${w}/listening/queries`, payload: { brandId: a.brandId, name: "Intruder", kind: "topic", query: "x" } },
    "PATCH /api/workspaces/:ws/listening/queries/:id": { method: "PATCH", url: `${w}/listening/queries/${a.queryId}`, payload: { query: "changed" } },
    "DELETE /api/workspaces/:ws/listening/queries/:id": { method: "DELETE", url: `${w}/listening/queries/${a.queryId}` },
    "GET /api/workspaces/:ws/listening/sources": { method: "GET", url: `${w}/listening/sources?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/listening/sources": { method: "POST", url: `${w}/listening/sources`, payload: { type: "network", brandId: a.brandId, channelId: a.channelId } },
    "PATCH /api/workspaces/:ws/listening/sources/:id": { method: "PATCH", url: `${w}/listening/sources/${a.sourceId}`, payload: { enabled: false } },
    "DELETE /api/workspaces/:ws/listening/sources/:id": { method: "DELETE", url: `${w}/listening/sources/${a.sourceId}` },
    "POST /api/workspaces/:ws/listening/sources/:id/run": { method: "POST", url: `${w}/listening/sources/${a.sourceId}/run` },
    "POST /api/workspaces/:ws/listening/import": { method: "POST", url: `${w}/listening/import`, payload: { brandId: a.brandId, format: "csv", content: "text,published_at\nIntruder,2026-01-01" } },
    "GET /api/workspaces/:ws/listening/mentions": { method: "GET", url: `${w}/listening/mentions?brandId=${a.brandId}` },
    "GET /api/workspaces/:ws/listening/mentions/:id": { method: "GET", url: `${w}/listening/mentions/${a.mentionId}` },
    "PATCH /api/workspaces/:ws/listening/mentions/:id": { method: "PATCH", url: `${w}/listening/mentions/${a.mentionId}`, payload: { sentiment: "positive", irrelevant: true } },
    "POST /api/workspaces/:ws/listening/mentions/bulk": { method: "POST", url: `${w}/listening/mentions/bulk`, payload: { ids: [a.mentionId], irrelevant: true } },
    "POST /api/workspaces/:ws/listening/mentions/:id/inbox": { method: "POST", url: `${w}/listening/mentions/${a.mentionId}/inbox` },
    "GET /api/workspaces/:ws/listening/analytics": { method: "GET", url: `${w}/listening/analytics?brandId=${a.brandId}&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z` },
    "GET /api/workspaces/:ws/analytics/dashboard": { method: "GET", url: `${w}/analytics/dashboard?brandId=${a.brandId}&from=2026-01-01&to=2026-01-31` },
    "GET /api/workspaces/:ws/analytics/dashboard/export": { method: "GET", url: `${w}/analytics/dashboard/export?brandId=${a.brandId}&from=2026-01-01&to=2026-01-31&table=best&format=csv` },
    // Reports
    "GET /api/workspaces/:ws/reports": { method: "GET", url: `${w}/reports?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/reports": { method: "POST", url: `${w}/reports`, payload: { brandId: a.brandId, name: "Mine", sections: [{ kind: "summary" }], periodKind: "weekly", weekday: 1, recipients: ["intruder@example.test"] } },
    "GET /api/workspaces/:ws/reports/:id": { method: "GET", url: `${w}/reports/${a.reportId}` },
    "PATCH /api/workspaces/:ws/reports/:id": { method: "PATCH", url: `${w}/reports/${a.reportId}`, payload: { name: "Mine", recipients: ["intruder@example.test"] } },
    "DELETE /api/workspaces/:ws/reports/:id": { method: "DELETE", url: `${w}/reports/${a.reportId}` },
    "GET /api/workspaces/:ws/reports/:id/render": { method: "GET", url: `${w}/reports/${a.reportId}/render?from=2026-01-05&to=2026-01-11` },
    "GET /api/workspaces/:ws/reports/:id/pdf": { method: "GET", url: `${w}/reports/${a.reportId}/pdf?from=2026-01-05&to=2026-01-11` },
    "GET /api/workspaces/:ws/reports/:id/export": { method: "GET", url: `${w}/reports/${a.reportId}/export?from=2026-01-05&to=2026-01-11&table=summary&format=csv` },
    "POST /api/workspaces/:ws/reports/:id/send": { method: "POST", url: `${w}/reports/${a.reportId}/send`, payload: {} },
    "GET /api/workspaces/:ws/reports/:id/runs": { method: "GET", url: `${w}/reports/${a.reportId}/runs` },
    // Brand archive: download, and import (the body is the zip; without one, the workspace check answers first).
    "GET /api/workspaces/:ws/brands/:brandId/archive": { method: "GET", url: `${w}/brands/${a.brandId}/archive` },
    // Advertising placements (38-FZ)
    "GET /api/workspaces/:ws/brands/:brandId/ad-placements": { method: "GET", url: `${w}/brands/${a.brandId}/ad-placements?from=2026-01-01&to=2026-01-31` },
    "GET /api/workspaces/:ws/brands/:brandId/ad-placements/export": { method: "GET", url: `${w}/brands/${a.brandId}/ad-placements/export?from=2026-01-01&to=2026-01-31&format=csv` },
    "POST /api/workspaces/:ws/archive/import": { method: "POST", url: `${w}/archive/import` },
    // Strategy
    "GET /api/workspaces/:ws/brands/:brandId/strategy": { method: "GET", url: `${w}/brands/${a.brandId}/strategy` },
    "PUT /api/workspaces/:ws/brands/:brandId/strategy": { method: "PUT", url: `${w}/brands/${a.brandId}/strategy`, payload: { goalType: "company" } },
    "POST /api/workspaces/:ws/brands/:brandId/strategy/from-brief": { method: "POST", url: `${w}/brands/${a.brandId}/strategy/from-brief`, payload: { briefId: a.briefId, replace: true } },
    "GET /api/workspaces/:ws/brands/:brandId/strategy/kpis": { method: "GET", url: `${w}/brands/${a.brandId}/strategy/kpis?at=2026-01-31` },
    "POST /api/workspaces/:ws/brands/:brandId/strategy/contract": { method: "POST", url: `${w}/brands/${a.brandId}/strategy/contract`, payload: { note: "intruder" } },
    "GET /api/workspaces/:ws/brands/:brandId/strategy/kpis/:kpiId/progress": { method: "GET", url: `${w}/brands/${a.brandId}/strategy/kpis/${a.kpiId}/progress` },
    "POST /api/workspaces/:ws/brands/:brandId/strategy/kpis/:kpiId/progress": { method: "POST", url: `${w}/brands/${a.brandId}/strategy/kpis/${a.kpiId}/progress`, payload: { day: "2026-01-05", value: 999 } },
    "DELETE /api/workspaces/:ws/brands/:brandId/strategy/kpis/:kpiId/progress": { method: "DELETE", url: `${w}/brands/${a.brandId}/strategy/kpis/${a.kpiId}/progress?day=2026-01-05` },
    "GET /api/workspaces/:ws/brands/:brandId/strategy/content-mix": { method: "GET", url: `${w}/brands/${a.brandId}/strategy/content-mix?from=2026-01-01&to=2026-01-31` },
    // Plan health check
    "GET /api/workspaces/:ws/brands/:brandId/health": { method: "GET", url: `${w}/brands/${a.brandId}/health` },
    "POST /api/workspaces/:ws/brands/:brandId/health/runs": { method: "POST", url: `${w}/brands/${a.brandId}/health/runs`, payload: {} },
    // Opinion leaders
    "GET /api/workspaces/:ws/leaders": { method: "GET", url: `${w}/leaders?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/leaders": { method: "POST", url: `${w}/leaders`, payload: { brandId: a.brandId, name: "Intruder", kind: "influencer", profiles: [{ network: "vk", handle: "intruder" }] } },
    "GET /api/workspaces/:ws/leaders/candidates": { method: "GET", url: `${w}/leaders/candidates?brandId=${a.brandId}&from=2026-03-01T00:00:00Z&to=2026-03-15T00:00:00Z` },
    "GET /api/workspaces/:ws/leaders/:id": { method: "GET", url: `${w}/leaders/${a.leaderId}` },
    "PATCH /api/workspaces/:ws/leaders/:id": { method: "PATCH", url: `${w}/leaders/${a.leaderId}`, payload: { status: "blacklisted" } },
    "DELETE /api/workspaces/:ws/leaders/:id": { method: "DELETE", url: `${w}/leaders/${a.leaderId}` },
    "GET /api/workspaces/:ws/leaders/:id/placements": { method: "GET", url: `${w}/leaders/${a.leaderId}/placements` },
    "POST /api/workspaces/:ws/leaders/:id/placements": { method: "POST", url: `${w}/leaders/${a.leaderId}/placements`, payload: { day: "2026-03-10", price: 1, currency: "RUB", format: "post" } },
    "PATCH /api/workspaces/:ws/leaders/:id/placements/:placementId": { method: "PATCH", url: `${w}/leaders/${a.leaderId}/placements/${a.placementId}`, payload: { price: 1 } },
    "DELETE /api/workspaces/:ws/leaders/:id/placements/:placementId": { method: "DELETE", url: `${w}/leaders/${a.leaderId}/placements/${a.placementId}` },
    // Campaigns
    "GET /api/workspaces/:ws/campaigns": { method: "GET", url: `${w}/campaigns?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/campaigns": { method: "POST", url: `${w}/campaigns`, payload: { brandId: a.brandId, name: "Intruder", goal: "sales", startDay: "2026-03-01", endDay: "2026-03-31", currency: "RUB" } },
    "GET /api/workspaces/:ws/campaigns/summary": { method: "GET", url: `${w}/campaigns/summary?brandId=${a.brandId}&from=2026-03-01&to=2026-03-31` },
    "GET /api/workspaces/:ws/campaigns/unattributed": { method: "GET", url: `${w}/campaigns/unattributed?brandId=${a.brandId}` },
    "GET /api/workspaces/:ws/campaigns/webhook": { method: "GET", url: `${w}/campaigns/webhook?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/campaigns/webhook/secret": { method: "POST", url: `${w}/campaigns/webhook/secret`, payload: { brandId: a.brandId } },
    "GET /api/workspaces/:ws/campaigns/:id": { method: "GET", url: `${w}/campaigns/${a.campaignId}` },
    "PATCH /api/workspaces/:ws/campaigns/:id": { method: "PATCH", url: `${w}/campaigns/${a.campaignId}`, payload: { name: "Mine", status: "paused" } },
    "DELETE /api/workspaces/:ws/campaigns/:id": { method: "DELETE", url: `${w}/campaigns/${a.campaignId}` },
    "GET /api/workspaces/:ws/campaigns/:id/spend": { method: "GET", url: `${w}/campaigns/${a.campaignId}/spend` },
    "POST /api/workspaces/:ws/campaigns/:id/spend": { method: "POST", url: `${w}/campaigns/${a.campaignId}/spend`, payload: { day: "2026-03-05", amount: 1 } },
    "DELETE /api/workspaces/:ws/campaigns/:id/spend/:entryId": { method: "DELETE", url: `${w}/campaigns/${a.campaignId}/spend/${a.spendId}` },
    "POST /api/workspaces/:ws/campaigns/:id/spend/import": { method: "POST", url: `${w}/campaigns/${a.campaignId}/spend/import` },
    "GET /api/workspaces/:ws/campaigns/:id/conversions": { method: "GET", url: `${w}/campaigns/${a.campaignId}/conversions` },
    "DELETE /api/workspaces/:ws/campaigns/:id/conversions/:conversionId": { method: "DELETE", url: `${w}/campaigns/${a.campaignId}/conversions/${a.conversionId}` },
    "POST /api/workspaces/:ws/campaigns/:id/conversions/import": { method: "POST", url: `${w}/campaigns/${a.campaignId}/conversions/import` },
    // Giveaways
    "GET /api/workspaces/:ws/giveaways": { method: "GET", url: `${w}/giveaways?brandId=${a.brandId}` },
    "GET /api/workspaces/:ws/giveaways/posts": { method: "GET", url: `${w}/giveaways/posts?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/giveaways": {
      method: "POST",
      url: `${w}/giveaways`,
      payload: { brandId: a.brandId, channelPostId: a.channelPostId, title: "Mine", conditions: { action: "repost", mustFollow: false, excludeBots: false }, winnersCount: 1 },
    },
    "GET /api/workspaces/:ws/giveaways/:id": { method: "GET", url: `${w}/giveaways/${a.giveawayId}` },
    "PATCH /api/workspaces/:ws/giveaways/:id": { method: "PATCH", url: `${w}/giveaways/${a.giveawayId}`, payload: { title: "Mine", teamHandles: [] } },
    "DELETE /api/workspaces/:ws/giveaways/:id": { method: "DELETE", url: `${w}/giveaways/${a.giveawayId}` },
    "GET /api/workspaces/:ws/giveaways/:id/entrants": { method: "GET", url: `${w}/giveaways/${a.giveawayId}/entrants` },
    "POST /api/workspaces/:ws/giveaways/:id/preview": { method: "POST", url: `${w}/giveaways/${a.giveawayId}/preview` },
    "POST /api/workspaces/:ws/giveaways/:id/freeze": { method: "POST", url: `${w}/giveaways/${a.giveawayId}/freeze` },
    "POST /api/workspaces/:ws/giveaways/:id/draw": { method: "POST", url: `${w}/giveaways/${a.giveawayId}/draw` },
    // Briefs
    "GET /api/workspaces/:ws/briefs": { method: "GET", url: `${w}/briefs?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/briefs": { method: "POST", url: `${w}/briefs`, payload: { brandId: a.brandId, title: "Intruder" } },
    "GET /api/workspaces/:ws/briefs/:id": { method: "GET", url: `${w}/briefs/${a.briefId}` },
    "POST /api/workspaces/:ws/briefs/:id/extend": { method: "POST", url: `${w}/briefs/${a.briefId}/extend`, payload: { days: 90 } },
    "POST /api/workspaces/:ws/briefs/:id/revoke": { method: "POST", url: `${w}/briefs/${a.briefId}/revoke` },
    "DELETE /api/workspaces/:ws/briefs/:id": { method: "DELETE", url: `${w}/briefs/${a.briefId}` },
    // Competitors
    "GET /api/workspaces/:ws/competitors": { method: "GET", url: `${w}/competitors?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/competitors": { method: "POST", url: `${w}/competitors`, payload: { brandId: a.brandId, network: "sandbox", page: "intruder.page" } },
    "PATCH /api/workspaces/:ws/competitors/:id": { method: "PATCH", url: `${w}/competitors/${a.competitorId}`, payload: { enabled: false } },
    "DELETE /api/workspaces/:ws/competitors/:id": { method: "DELETE", url: `${w}/competitors/${a.competitorId}` },
    "POST /api/workspaces/:ws/competitors/:id/refresh": { method: "POST", url: `${w}/competitors/${a.competitorId}/refresh` },
    "GET /api/workspaces/:ws/competitors/comparison": { method: "GET", url: `${w}/competitors/comparison?brandId=${a.brandId}&from=2026-01-01&to=2026-01-31` },
    "GET /api/workspaces/:ws/channels/:channelId/audits": { method: "GET", url: `${w}/channels/${a.channelId}/audits` },
    "POST /api/workspaces/:ws/channels/:channelId/audits": { method: "POST", url: `${w}/channels/${a.channelId}/audits`, payload: { size: 20 } },
    // Analytics: post statistics import. The body is the CSV file; without one, the workspace, brand and channel checks answer first.
    "POST /api/workspaces/:ws/brands/:brandId/channels/:channelId/post-metrics/import": {
      method: "POST",
      url: `${w}/brands/${a.brandId}/channels/${a.channelId}/post-metrics/import`,
    },
    "GET /api/workspaces/:ws/listening/alert-rules": { method: "GET", url: `${w}/listening/alert-rules?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/listening/alert-rules": { method: "POST", url: `${w}/listening/alert-rules`, payload: { brandId: a.brandId, name: "Intruder", type: "influencer", params: { minFollowers: 1000 } } },
    "PATCH /api/workspaces/:ws/listening/alert-rules/:id": { method: "PATCH", url: `${w}/listening/alert-rules/${a.ruleId}`, payload: { enabled: false } },
    "DELETE /api/workspaces/:ws/listening/alert-rules/:id": { method: "DELETE", url: `${w}/listening/alert-rules/${a.ruleId}` },
    "GET /api/workspaces/:ws/listening/alerts": { method: "GET", url: `${w}/listening/alerts?brandId=${a.brandId}` },
    "POST /api/workspaces/:ws/listening/alerts/read": { method: "POST", url: `${w}/listening/alerts/read`, payload: { brandId: a.brandId, ids: "all" } },
  };
}

/** Routes that name no workspace: they act only on the caller's own account or are public. */
const accountRoutes = [
  "POST /api/auth/login",
  "POST /api/auth/logout",
  "GET /api/me",
  "PATCH /api/me",
  "GET /api/invitations/:token",
  "POST /api/invitations/:token/accept",
  "GET /api/networks",
  "GET /api/health",
  "GET /api/openapi.json",
  // Guest approval links: the token is the credential and names one approval request.
  "GET /api/approvals/:token",
  "POST /api/approvals/:token/approve",
  "POST /api/approvals/:token/reject",
  // Short links: public, the code names one link and only redirects.
  "GET /l/:code",
  // Conversions from a brand's site: public, the signature with the brand's secret is the credential (test/campaigns.test.ts).
  "POST /api/hooks/conversions/:brandId",
  // Giveaway verification: public, the unguessable public id names one frozen giveaway (test/giveaways.test.ts).
  "GET /api/giveaways/:publicId",
  // Brief links: public, the token is the credential and names one brief (test/briefs.test.ts).
  "GET /api/briefs/:token",
  "POST /api/briefs/:token",
  // Webhooks: public, the secret derived for the channel is the credential (test/telegram-webhook.test.ts).
  "POST /api/hooks/telegram/:channelId",
];

/** Everything of workspace A that a request could change. */
async function snapshot(api: TestApi, ws: string) {
  const db = api.store.db;
  return {
    members: await db.selectFrom("memberships").select(["user_id", "role"]).where("workspace_id", "=", ws).orderBy("user_id").execute(),
    invitations: await db.selectFrom("invitations").select(["id", "revoked_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    tokens: await db.selectFrom("api_tokens").select(["id", "revoked_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    brands: await db.selectFrom("brands").select(["id", "name"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    channels: await db.selectFrom("channels").select(["id", "status"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    posts: await db.selectFrom("posts").select(["id", "status", "base_text"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    variants: await db.selectFrom("variants").select(["id", "status", "scheduled_at", "text"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    settings: await db.selectFrom("brands").select(["id", "settings"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    templates: await db.selectFrom("templates").select(["id", "text"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    hashtagGroups: await db.selectFrom("hashtag_groups").select(["id", "tags"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    variables: await db.selectFrom("variables").select(["key", "value"]).where("workspace_id", "=", ws).orderBy("key").execute(),
    slots: await db.selectFrom("posting_slots").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    feeds: await db.selectFrom("calendar_feeds").select(["id", "revoked_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    inbox: await db.selectFrom("inbox_items").select(["id", "status", "assignee_id", "tags", "sentiment", "hidden_at", "deleted_at", "liked_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    inboxNotes: await db.selectFrom("inbox_notes").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    inboxReplies: await db.selectFrom("inbox_replies").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    savedReplies: await db.selectFrom("inbox_saved_replies").select(["id", "text"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    savedViews: await db.selectFrom("inbox_saved_views").select(["id", "name"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    authorNotes: await db.selectFrom("inbox_author_notes").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    presence: await db.selectFrom("inbox_presence").select(["item_id", "user_id"]).where("workspace_id", "=", ws).orderBy("user_id").execute(),
    listeningQueries: await db.selectFrom("listening_queries").select(["id", "query", "enabled"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    listeningSources: await db.selectFrom("listening_sources").select(["id", "enabled", "name"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    mentions: await db.selectFrom("mentions").select(["id", "sentiment", "irrelevant", "inbox_item_id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    alertRules: await db.selectFrom("alert_rules").select(["id", "enabled", "params"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    alerts: await db.selectFrom("alerts").select(["id", "read_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    channelPosts: await db.selectFrom("channel_posts").select(["id", "post_key", "likes", "updated_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    metricSnapshots: await db.selectFrom("metric_snapshots").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    competitors: await db.selectFrom("competitors").select(["id", "name", "enabled", "channel_id", "last_run_at", "next_run_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    competitorDays: await db.selectFrom("competitor_days").select(["competitor_id", "day", "taken_at"]).where("workspace_id", "=", ws).orderBy("competitor_id").orderBy("day").execute(),
    audits: await db.selectFrom("audience_audits").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    reports: await db.selectFrom("reports").select(["id", "name", "recipients", "enabled"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    reportRuns: await db.selectFrom("report_runs").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    strategies: await db.selectFrom("strategies").select(["id", "data", "updated_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    strategyContracts: await db.selectFrom("strategy_contracts").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    strategyProgress: await db.selectFrom("strategy_kpi_progress").select(["id", "value", "updated_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    healthRuns: await db.selectFrom("plan_health_runs").select(["id"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    opinionLeaders: await db.selectFrom("opinion_leaders").select(["id", "name", "status", "updated_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    leaderPlacements: await db.selectFrom("opinion_leader_placements").select(["id", "price_cents", "target_url", "updated_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    campaigns: await db.selectFrom("campaigns").select(["id", "name", "status", "updated_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    campaignSpend: await db.selectFrom("campaign_spend").select(["id", "amount_cents"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    conversions: await db.selectFrom("conversions").select(["id", "campaign_id", "value_cents"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    conversionHooks: await db.selectFrom("conversion_hooks").select(["brand_id", "secret_enc"]).where("workspace_id", "=", ws).orderBy("brand_id").execute(),
    giveaways: await db.selectFrom("giveaways").select(["id", "status", "title", "winners_count", "team_handles", "entrants", "commitment", "seed", "winners"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    briefs: await db.selectFrom("briefs").select(["id", "status", "expires_at", "answers", "revoked_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
    competitorPosts: await db.selectFrom("competitor_posts").select(["id", "read_at"]).where("workspace_id", "=", ws).orderBy("id").execute(),
  };
}

describe.each(dialects)("tenant isolation and RBAC (%s)", (dialect) => {
  let api: TestApi;
  let a: Fixture;
  let b: Fixture;

  beforeAll(async () => {
    api = await createTestApi(dialect);
    a = await fixture(api);
    b = await fixture(api);
  });
  afterAll(async () => api?.close());

  it("has an isolation case for every API route", () => {
    const covered = new Set([...Object.keys(workspaceCalls(a)), ...accountRoutes]);
    const routes = api.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it.each(Object.keys(workspaceCalls({} as Fixture)))("%s: another workspace's owner gets 404 and changes nothing", async (key) => {
    const call = workspaceCalls(a)[key];
    if (!call) throw new Error(key);
    const before = await snapshot(api, a.workspaceId);
    const res = await api.app.inject({ ...call, headers: { cookie: b.owner } });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(await snapshot(api, a.workspaceId)).toEqual(before);
  });

  it.each(Object.keys(workspaceCalls({} as Fixture)))("%s: an API token of another workspace gets 404", async (key) => {
    const call = workspaceCalls(a)[key];
    if (!call) throw new Error(key);
    const before = await snapshot(api, a.workspaceId);
    const res = await api.app.inject({ ...call, headers: { authorization: `Bearer ${b.token}` } });
    expect(res.statusCode).toBe(404);
    expect(await snapshot(api, a.workspaceId)).toEqual(before);
  });

  it("refuses ids of another workspace's objects inside one's own workspace", async () => {
    const w = `/api/workspaces/${b.workspaceId}`;
    const before = await snapshot(api, a.workspaceId);
    const calls: Call[] = [
      { method: "PATCH", url: `${w}/members/${a.editorId}`, payload: { role: "client" } },
      { method: "DELETE", url: `${w}/members/${a.editorId}` },
      { method: "DELETE", url: `${w}/invitations/${a.invitationId}` },
      { method: "DELETE", url: `${w}/tokens/${a.tokenId}` },
      { method: "DELETE", url: `${w}/channels/${a.channelId}` },
      { method: "GET", url: `${w}/brands/${a.brandId}/overview` },
      { method: "POST", url: `${w}/brands/${b.brandId}/channels/${a.channelId}/post-metrics/import` },
      { method: "POST", url: `${w}/brands/${a.brandId}/channels/${a.channelId}/post-metrics/import` },
      { method: "GET", url: `${w}/analytics/dashboard?brandId=${a.brandId}&from=2026-01-01&to=2026-01-31` },
      { method: "GET", url: `${w}/analytics/dashboard?brandId=${b.brandId}&channelId=${a.channelId}&from=2026-01-01&to=2026-01-31` },
      { method: "GET", url: `${w}/brands/${a.brandId}/archive` },
      { method: "GET", url: `${w}/reports/${a.reportId}` },
      { method: "PATCH", url: `${w}/reports/${a.reportId}`, payload: { name: "x" } },
      { method: "POST", url: `${w}/reports/${a.reportId}/send`, payload: {} },
      { method: "GET", url: `${w}/reports/${a.reportId}/render?from=2026-01-05&to=2026-01-11` },
      { method: "GET", url: `${w}/competitors?brandId=${a.brandId}` },
      { method: "POST", url: `${w}/competitors`, payload: { brandId: a.brandId, network: "sandbox", page: "intruder.page" } },
      { method: "PATCH", url: `${w}/competitors/${a.competitorId}`, payload: { enabled: false } },
      { method: "DELETE", url: `${w}/competitors/${a.competitorId}` },
      { method: "POST", url: `${w}/competitors/${a.competitorId}/refresh` },
      { method: "GET", url: `${w}/competitors/comparison?brandId=${a.brandId}&from=2026-01-01&to=2026-01-31` },
      { method: "GET", url: `${w}/posts/${a.postId}` },
      { method: "GET", url: `${w}/inbox/${a.itemId}` },
      { method: "PATCH", url: `${w}/inbox/${a.itemId}`, payload: { status: "resolved" } },
      { method: "POST", url: `${w}/inbox/${a.itemId}/notes`, payload: { text: "x" } },
      { method: "POST", url: `${w}/inbox/${a.itemId}/reply`, payload: { text: "x" } },
      { method: "POST", url: `${w}/inbox/${a.itemId}/hide` },
      { method: "DELETE", url: `${w}/inbox/${a.itemId}`, payload: { reason: "x" } },
      { method: "PATCH", url: `${w}/inbox/saved-replies/${a.savedReplyId}`, payload: { text: "x" } },
      { method: "DELETE", url: `${w}/inbox/saved-replies/${a.savedReplyId}` },
      { method: "POST", url: `${w}/inbox/saved-replies/${a.savedReplyId}/render`, payload: { itemId: b.itemId } },
      { method: "POST", url: `${w}/inbox/saved-replies/${b.savedReplyId}/render`, payload: { itemId: a.itemId } },
      { method: "PATCH", url: `${w}/inbox/views/${a.viewId}`, payload: { name: "x" } },
      { method: "DELETE", url: `${w}/inbox/views/${a.viewId}` },
      { method: "POST", url: `${w}/inbox/bulk`, payload: { itemIds: [b.itemId, a.itemId], action: "status", status: "resolved" } },
      { method: "GET", url: `${w}/inbox/authors?itemId=${a.itemId}` },
      { method: "DELETE", url: `${w}/inbox/authors/notes/${a.authorNoteId}` },
      { method: "GET", url: `${w}/inbox/${a.itemId}/presence` },
      { method: "POST", url: `${w}/inbox/${a.itemId}/presence` },
      { method: "DELETE", url: `${w}/inbox/${a.itemId}/presence` },
      { method: "POST", url: `${w}/inbox/${a.itemId}/like` },
      { method: "POST", url: `${w}/variants/${a.variantId}/reschedule`, payload: { scheduledAt: "2099-01-01T10:00:00Z" } },
      { method: "GET", url: `${w}/channels/${a.channelId}/health` },
      { method: "PATCH", url: `${w}/listening/queries/${a.queryId}`, payload: { query: "x" } },
      { method: "DELETE", url: `${w}/listening/sources/${a.sourceId}` },
      { method: "POST", url: `${w}/listening/sources`, payload: { type: "network", brandId: b.brandId, channelId: a.channelId } },
      { method: "GET", url: `${w}/listening/mentions/${a.mentionId}` },
      { method: "PATCH", url: `${w}/listening/mentions/${a.mentionId}`, payload: { irrelevant: true } },
      { method: "POST", url: `${w}/listening/mentions/bulk`, payload: { ids: [a.mentionId], irrelevant: true } },
      { method: "POST", url: `${w}/listening/mentions/${a.mentionId}/inbox` },
      { method: "PATCH", url: `${w}/listening/alert-rules/${a.ruleId}`, payload: { enabled: false } },
      { method: "GET", url: `${w}/listening/mentions?brandId=${a.brandId}` },
      { method: "POST", url: `${w}/listening/alerts/read`, payload: { brandId: a.brandId, ids: [a.alertId] } },
      { method: "PUT", url: `${w}/brands/${a.brandId}/settings`, payload: { rubrics: [], approvalSteps: [], approvalDeadlineHours: null, missedPostPolicy: "hold", lateThresholdMinutes: 5 } },
      { method: "POST", url: `${w}/channels`, payload: { brandId: a.brandId, network: "sandbox", fields: { handle: "cross_brand" } } },
      { method: "GET", url: `${w}/campaigns/${a.campaignId}` },
      { method: "PATCH", url: `${w}/campaigns/${a.campaignId}`, payload: { name: "x" } },
      { method: "POST", url: `${w}/campaigns/${a.campaignId}/spend`, payload: { day: "2026-03-05", amount: 1 } },
      { method: "DELETE", url: `${w}/campaigns/${a.campaignId}/spend/${a.spendId}` },
      { method: "DELETE", url: `${w}/campaigns/${a.campaignId}/conversions/${a.conversionId}` },
      { method: "POST", url: `${w}/campaigns`, payload: { brandId: a.brandId, name: "x", goal: "sales", startDay: "2026-03-01", endDay: "2026-03-31", currency: "RUB" } },
      { method: "POST", url: `${w}/campaigns`, payload: { brandId: b.brandId, name: "x", goal: "sales", startDay: "2026-03-01", endDay: "2026-03-31", currency: "RUB", channelIds: [a.channelId] } },
      { method: "POST", url: `${w}/campaigns/webhook/secret`, payload: { brandId: a.brandId } },
    ];
    for (const call of calls) {
      const res = await api.app.inject({ ...call, headers: { cookie: b.owner } });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
    }
    // A body naming another workspace's channel is a field error — worded exactly like an unknown id.
    const post = await api.app.inject({
      method: "POST",
      url: `${w}/posts`,
      headers: { cookie: b.owner },
      payload: { brandId: b.brandId, baseText: "x", format: "text", variants: [{ channelId: a.channelId }] },
    });
    expect(post.statusCode).toBe(400);
    expect(json<{ errors: { path: string; message: string }[] }>(post).errors[0]).toMatchObject({ path: "variants.0.channelId", message: expect.stringMatching(/Not a channel of this post's brand/) });
    expect(await snapshot(api, a.workspaceId)).toEqual(before);
    const bPosts = await api.store.db.selectFrom("posts").select("id").where("workspace_id", "=", b.workspaceId).execute();
    expect(bPosts).toHaveLength(1);
  });

  it("lists only the caller's own workspace data", async () => {
    const res = await api.app.inject({ method: "GET", url: `/api/workspaces/${b.workspaceId}/channels`, headers: { cookie: b.owner } });
    const ids = json<{ items: { id: string }[] }>(res).items.map((c) => c.id);
    expect(ids).toContain(b.channelId);
    expect(ids).not.toContain(a.channelId);
    const me = json<{ workspaces: { id: string }[] }>(await api.app.inject({ method: "GET", url: "/api/me", headers: { cookie: b.owner } }));
    expect(me.workspaces.map((w) => w.id)).toEqual([b.workspaceId]);
  });

  it("requires sign-in on every workspace route", async () => {
    for (const call of Object.values(workspaceCalls(a))) {
      const res = await api.app.inject(call);
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(401);
    }
  });

  describe("roles", () => {
    const adminOnly = [
      "GET /api/workspaces/:ws/brands/:brandId/archive",
      "POST /api/workspaces/:ws/archive/import",
      "PATCH /api/workspaces/:ws/members/:userId",
      "DELETE /api/workspaces/:ws/members/:userId",
      "GET /api/workspaces/:ws/invitations",
      "POST /api/workspaces/:ws/invitations",
      "DELETE /api/workspaces/:ws/invitations/:id",
      "GET /api/workspaces/:ws/audit",
      "POST /api/workspaces/:ws/brands",
      "POST /api/workspaces/:ws/channels",
      "DELETE /api/workspaces/:ws/channels/:id",
      "PUT /api/workspaces/:ws/brands/:brandId/settings",
      "POST /api/workspaces/:ws/briefs",
      "POST /api/workspaces/:ws/briefs/:id/extend",
      "POST /api/workspaces/:ws/briefs/:id/revoke",
      "DELETE /api/workspaces/:ws/briefs/:id",
    ];
    it.each(["editor", "moderator", "analyst", "client"])("a %s gets 403 on admin routes and changes nothing", async (role) => {
      const m = await addMember(api, a.workspaceId, role);
      for (const key of adminOnly) {
        const call = workspaceCalls(a)[key];
        if (!call) throw new Error(key);
        const before = await snapshot(api, a.workspaceId);
        const res = await api.app.inject({ ...call, headers: { cookie: m.cookie } });
        expect(res.statusCode, `${role}: ${key}`).toBe(403);
        expect(json<{ detail: string }>(res).detail).toContain(role);
        expect(await snapshot(api, a.workspaceId)).toEqual(before);
      }
    });

    it("a client reads brands and channels but not the member list", async () => {
      const m = await addMember(api, a.workspaceId, "client");
      const w = `/api/workspaces/${a.workspaceId}`;
      for (const url of [`${w}/brands`, `${w}/channels`, `${w}/brands/${a.brandId}/overview`, w]) {
        expect((await api.app.inject({ method: "GET", url, headers: { cookie: m.cookie } })).statusCode, url).toBe(200);
      }
      expect((await api.app.inject({ method: "GET", url: `${w}/members`, headers: { cookie: m.cookie } })).statusCode).toBe(403);
      const ws = json<{ permissions: string[] }>(await api.app.inject({ method: "GET", url: w, headers: { cookie: m.cookie } }));
      expect(ws.permissions).toContain("posts.approve");
      expect(ws.permissions).not.toContain("posts.write");
    });

    it("a manager manages members but cannot make or unmake owners", async () => {
      const m = await addMember(api, a.workspaceId, "manager");
      const w = `/api/workspaces/${a.workspaceId}`;
      const target = await addMember(api, a.workspaceId, "editor");
      const ok = await api.app.inject({ method: "PATCH", url: `${w}/members/${target.userId}`, headers: { cookie: m.cookie }, payload: { role: "moderator" } });
      expect(ok.statusCode).toBe(200);
      expect(json(ok).role).toBe("moderator");
      const promote = await api.app.inject({ method: "PATCH", url: `${w}/members/${target.userId}`, headers: { cookie: m.cookie }, payload: { role: "owner" } });
      expect(promote.statusCode).toBe(403);
      const demote = await api.app.inject({ method: "PATCH", url: `${w}/members/${a.ownerId}`, headers: { cookie: m.cookie }, payload: { role: "editor" } });
      expect(demote.statusCode).toBe(403);
    });

    it("the last owner cannot step down", async () => {
      const res = await api.app.inject({
        method: "PATCH",
        url: `/api/workspaces/${b.workspaceId}/members/${b.ownerId}`,
        headers: { cookie: b.owner },
        payload: { role: "manager" },
      });
      expect(res.statusCode).toBe(409);
      const row = await api.store.db.selectFrom("memberships").select("role").where("user_id", "=", b.ownerId).executeTakeFirstOrThrow();
      expect(row.role).toBe("owner");
    });
  });

  describe("members limited to some brands", () => {
    // A second brand of workspace A, with its own channel, post and report; a manager (the widest
    // role but owner) limited to it reaches for brand A's objects through every route.
    type Other = { brandId: string; channelId: string; postId: string; reportId: string };
    let other: Other;
    let manager: { cookie: string; userId: string };
    const w = () => `/api/workspaces/${a.workspaceId}`;
    const as = (cookie: string, call: Call) => api.app.inject({ ...call, headers: { cookie } });

    beforeAll(async () => {
      const owner = (call: Call) => as(a.owner, call);
      const brand = await owner({ method: "POST", url: `${w()}/brands`, payload: { name: "Second brand", timezone: "Europe/Berlin", locale: "en" } });
      const brandId = json<{ id: string }>(brand).id;
      const ch = await owner({ method: "POST", url: `${w()}/channels`, payload: { brandId, network: "sandbox", fields: { handle: `second_${a.workspaceId.slice(-6)}` } } });
      const channelId = json<{ id: string }>(ch).id;
      const post = await owner({ method: "POST", url: `${w()}/posts`, payload: { brandId, baseText: "Second brand's post", format: "text", variants: [{ channelId }] } });
      const report = await owner({
        method: "POST",
        url: `${w()}/reports`,
        payload: { brandId, name: "Second weekly", sections: [{ kind: "summary" }], periodKind: "weekly", weekday: 1, hour: 9, recipients: ["client@example.test"] },
      });
      expect([brand.statusCode, ch.statusCode, post.statusCode, report.statusCode]).toEqual([201, 201, 201, 201]);
      other = { brandId, channelId, postId: json<{ id: string }>(post).id, reportId: json<{ id: string }>(report).id };
      manager = await addMember(api, a.workspaceId, "manager", [brandId]);
    });

    /** Brand A's own objects: never in anything a member limited to the other brand is answered. */
    const brandAIds = () => [a.brandId, a.channelId, a.postId, a.variantId, a.itemId, a.queryId, a.sourceId, a.mentionId, a.ruleId, a.alertId, a.competitorId, a.reportId, a.giveawayId, a.briefId, a.campaignId, a.leaderId];

    /**
     * Where a limited manager's answer is not "404, nothing changed". Routes about the workspace
     * itself answer; lists answer filtered; things shared by every brand may be read, not changed;
     * what reaches the whole workspace is forbidden.
     */
    const answers: Record<string, { status: number; changes?: string }> = {
      "GET /api/workspaces/:ws": { status: 200 },
      "GET /api/workspaces/:ws/members": { status: 200 },
      "PATCH /api/workspaces/:ws/members/:userId": { status: 403 },
      "DELETE /api/workspaces/:ws/members/:userId": { status: 403 },
      "GET /api/workspaces/:ws/invitations": { status: 200 },
      "POST /api/workspaces/:ws/invitations": { status: 403 },
      "DELETE /api/workspaces/:ws/invitations/:id": { status: 403 },
      "GET /api/workspaces/:ws/tokens": { status: 200 },
      "POST /api/workspaces/:ws/tokens": { status: 201, changes: "the caller's own API token" },
      "GET /api/workspaces/:ws/audit": { status: 403 },
      "GET /api/workspaces/:ws/brands": { status: 200 },
      "POST /api/workspaces/:ws/brands": { status: 403 },
      "GET /api/workspaces/:ws/channels": { status: 200 },
      "GET /api/workspaces/:ws/posts": { status: 200 },
      "GET /api/workspaces/:ws/calendar": { status: 200 },
      "POST /api/workspaces/:ws/media": { status: 415 },
      "GET /api/workspaces/:ws/media": { status: 200 },
      "GET /api/workspaces/:ws/links": { status: 200 },
      "GET /api/workspaces/:ws/templates": { status: 200 },
      "POST /api/workspaces/:ws/templates": { status: 403 },
      "PATCH /api/workspaces/:ws/templates/:id": { status: 403 },
      "DELETE /api/workspaces/:ws/templates/:id": { status: 403 },
      "GET /api/workspaces/:ws/hashtag-groups": { status: 200 },
      "POST /api/workspaces/:ws/hashtag-groups": { status: 403 },
      "PATCH /api/workspaces/:ws/hashtag-groups/:id": { status: 403 },
      "DELETE /api/workspaces/:ws/hashtag-groups/:id": { status: 403 },
      "GET /api/workspaces/:ws/calendar-feeds": { status: 200 },
      "POST /api/workspaces/:ws/calendar-feeds": { status: 403 },
      "DELETE /api/workspaces/:ws/calendar-feeds/:id": { status: 403 },
      "GET /api/workspaces/:ws/inbox": { status: 200 },
      "GET /api/workspaces/:ws/inbox/counts": { status: 200 },
      "GET /api/workspaces/:ws/inbox/report": { status: 200 },
      "GET /api/workspaces/:ws/inbox/saved-replies": { status: 200 },
      "POST /api/workspaces/:ws/inbox/saved-replies": { status: 403 },
      "PATCH /api/workspaces/:ws/inbox/saved-replies/:id": { status: 403 },
      "DELETE /api/workspaces/:ws/inbox/saved-replies/:id": { status: 403 },
      "GET /api/workspaces/:ws/inbox/views": { status: 200 },
      "POST /api/workspaces/:ws/inbox/views": { status: 403 },
      "PATCH /api/workspaces/:ws/inbox/views/:id": { status: 403 },
      "DELETE /api/workspaces/:ws/inbox/views/:id": { status: 403 },
      "POST /api/workspaces/:ws/listening/queries/check": { status: 200 },
      "POST /api/workspaces/:ws/archive/import": { status: 403 },
    };
    /** Calls changed for this case: the stream would stay open, the preview would fetch the Internet. */
    const scopedCall = (key: string): Call | undefined => {
      if (key === "GET /api/workspaces/:ws/inbox/stream") return { method: "GET", url: `${w()}/inbox/stream?brandId=${a.brandId}` };
      if (key === "POST /api/workspaces/:ws/link-preview") return undefined;
      return workspaceCalls(a)[key];
    };

    it.each(Object.keys(workspaceCalls({} as Fixture)))("%s: a manager of another brand gets brand A's objects as if they did not exist", async (key) => {
      const call = scopedCall(key);
      if (!call) return;
      const expected = answers[key] ?? { status: 404 };
      const before = await snapshot(api, a.workspaceId);
      const res = await as(manager.cookie, call);
      expect(res.statusCode, res.body).toBe(expected.status);
      if (res.statusCode >= 400) expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      if (!expected.changes) expect(await snapshot(api, a.workspaceId)).toEqual(before);
      if (res.statusCode < 300) for (const id of brandAIds()) expect(res.body, `${key} leaks ${id}`).not.toContain(id);
    });

    it("lists show the member's brands only, with the objects of those brands", async () => {
      const get = async (url: string) => {
        const res = await as(manager.cookie, { method: "GET", url: `${w()}${url}` });
        expect(res.statusCode, url).toBe(200);
        for (const id of brandAIds()) expect(res.body, `${url} leaks ${id}`).not.toContain(id);
        return res.body;
      };
      expect(await get("/brands")).toContain(other.brandId);
      expect(await get("/channels")).toContain(other.channelId);
      expect(await get("/posts")).toContain(other.postId);
      expect(await get("/reports")).toContain(other.reportId);
      const dashboard = JSON.parse(await get("/analytics/dashboard?from=2026-01-01&to=2026-01-31")) as { scope: { brands: { id: string }[] } };
      expect(dashboard.scope.brands.map((b) => b.id)).toEqual([other.brandId]);
      // The same lists for the owner hold both brands: the filter is the scope, not the data.
      const all = await as(a.owner, { method: "GET", url: `${w()}/brands` });
      expect(all.body).toContain(a.brandId);
      expect(all.body).toContain(other.brandId);
      const ws = json<{ brandIds: string[] | null; permissions: string[] }>(await as(manager.cookie, { method: "GET", url: w() }));
      expect(ws.brandIds).toEqual([other.brandId]);
      expect(ws.permissions).toContain("members.invite");
      expect(ws.permissions).not.toContain("brands.create");
      expect(ws.permissions).not.toContain("audit.read");
    });

    it("an invitation gives its brands; an owner cannot be limited; nobody gives more brands than they see", async () => {
      const invite = (cookie: string, payload: Record<string, unknown>) => as(cookie, { method: "POST", url: `${w()}/invitations`, payload });
      const mail = () => `client${crypto.randomUUID().slice(0, 8)}@example.test`;
      const bad = [
        await invite(a.owner, { email: mail(), role: "owner", brandIds: [other.brandId] }),
        await invite(a.owner, { email: mail(), role: "client", brandIds: [b.brandId] }),
        await invite(a.owner, { email: mail(), role: "client", brandIds: [] }),
      ];
      expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400]);
      expect(bad.map((r) => json<{ errors: { path: string }[] }>(r).errors[0]?.path)).toEqual(["brandIds", "brandIds[0]", "brandIds"]);
      expect((await invite(manager.cookie, { email: mail(), role: "client", brandIds: [a.brandId] })).statusCode).toBe(403);
      expect((await invite(manager.cookie, { email: mail(), role: "client", brandIds: null })).statusCode).toBe(403);

      // A limited manager's invitation without brands gives the manager's own brands.
      const email = mail();
      const made = await invite(manager.cookie, { email, role: "client" });
      expect(made.statusCode).toBe(201);
      const { invitation, acceptUrl } = json<{ invitation: { brandIds: string[] | null }; acceptUrl: string }>(made);
      expect(invitation.brandIds).toEqual([other.brandId]);
      const token = acceptUrl.split("/invite/")[1] as string;
      expect(json(await api.app.inject({ method: "GET", url: `/api/invitations/${token}` }))).toMatchObject({ role: "client", brands: ["Second brand"] });
      const accepted = await api.app.inject({ method: "POST", url: `/api/invitations/${token}/accept`, payload: { name: "Client", password: "correct horse battery staple" } });
      expect(accepted.statusCode).toBe(200);
      const cookie = String(accepted.headers["set-cookie"]).split(";")[0] as string;
      const brands = json<{ items: { id: string }[] }>(await as(cookie, { method: "GET", url: `${w()}/brands` }));
      expect(brands.items.map((x) => x.id)).toEqual([other.brandId]);
      expect((await as(cookie, { method: "GET", url: `${w()}/brands/${a.brandId}/overview` })).statusCode).toBe(404);
      expect((await as(cookie, { method: "GET", url: `${w()}/brands/${other.brandId}/overview` })).statusCode).toBe(200);
    });

    it("a limited manager changes members of their brands only, and cannot widen anyone", async () => {
      const member = `${w()}/members`;
      const client = await addMember(api, a.workspaceId, "client", [other.brandId]);
      const patch = (userId: string, payload: Record<string, unknown>) => as(manager.cookie, { method: "PATCH", url: `${member}/${userId}`, payload });
      expect((await patch(client.userId, { brandIds: null })).statusCode).toBe(403);
      expect((await patch(client.userId, { brandIds: [a.brandId, other.brandId] })).statusCode).toBe(403);
      const ok = await patch(client.userId, { role: "analyst" });
      expect(ok.statusCode).toBe(200);
      expect(json(ok)).toMatchObject({ role: "analyst", brandIds: [other.brandId] });
      expect((await patch(a.editorId, { role: "analyst" })).statusCode).toBe(403);

      // The owner widens and narrows; making someone an owner lifts the limit.
      const owner = (userId: string, payload: Record<string, unknown>) => as(a.owner, { method: "PATCH", url: `${member}/${userId}`, payload });
      expect(json(await owner(client.userId, { brandIds: [a.brandId] }))).toMatchObject({ brandIds: [a.brandId] });
      expect((await as(client.cookie, { method: "GET", url: `${w()}/brands/${other.brandId}/overview` })).statusCode).toBe(404);
      expect((await as(client.cookie, { method: "GET", url: `${w()}/brands/${a.brandId}/overview` })).statusCode).toBe(200);
      expect((await owner(client.userId, { role: "owner", brandIds: [a.brandId] })).statusCode).toBe(400);
      expect(json(await owner(client.userId, { role: "owner" }))).toMatchObject({ role: "owner", brandIds: null });
      const events = await api.store.db.selectFrom("audit_events").select("action").where("target_id", "=", client.userId).execute();
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["member.brands_change", "member.role_change"]));
    });

    it("a calendar feed shows what its creator may see today", async () => {
      const editor = await addMember(api, a.workspaceId, "editor", [other.brandId]);
      const made = await as(editor.cookie, { method: "POST", url: `${w()}/calendar-feeds`, payload: { brandId: other.brandId } });
      expect(made.statusCode).toBe(201);
      const path = new URL(json<{ url: string }>(made).url).pathname;
      expect((await api.app.inject({ method: "GET", url: path })).statusCode).toBe(200);
      await api.store.db.updateTable("memberships").set({ brand_ids: JSON.stringify([a.brandId]) }).where("user_id", "=", editor.userId).execute();
      expect((await api.app.inject({ method: "GET", url: path })).statusCode).toBe(404);
    });

    it("every workspace route's ids are placed: an unknown path parameter stops the app from building", async () => {
      const { assertRouteKnown } = await import("../src/api/brand-scope.js");
      expect(() => assertRouteKnown("/api/workspaces/:ws/widgets/:widgetId")).toThrow(/widgets/);
      for (const r of api.app.apiRoutes) expect(() => assertRouteKnown(r.url)).not.toThrow();
    });
  });
});
