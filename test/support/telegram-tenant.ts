/** A tenant with a Telegram channel on the local fake Bot API and the publishing jobs running: where the Telegram publishing tests start. */
import { expect } from "vitest";
import { registerPublishing } from "../../src/jobs/publish-variant.job.js";
import type { Dialect } from "../../src/store/db.js";
import { createTenant, createTestApi, json, type Tenant, type TestApi } from "./app.js";
import { type FakeTelegram, startFakeTelegram } from "./fake-telegram.js";

export async function startTelegramTenant(dialect: Dialect): Promise<{ api: TestApi; t: Tenant; fake: FakeTelegram; channelId: string }> {
  const fake = await startFakeTelegram();
  const api = await createTestApi(dialect, { CHORUS_TELEGRAM_API_URL: fake.url });
  const t = await createTenant(api);
  const res = await api.app.inject({
    method: "POST",
    url: `/api/workspaces/${t.workspaceId}/channels`,
    payload: { brandId: t.brandId, network: "telegram", fields: { botToken: fake.state.token, chatId: "@north_coffee" } },
    headers: { cookie: t.owner },
  });
  expect(res.statusCode, res.body).toBe(201);
  registerPublishing(api.queue, api.publishing);
  await api.queue.start();
  return { api, t, fake, channelId: json<{ id: string }>(res).id };
}
