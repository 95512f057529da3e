/**
 * A giveaway on Bluesky, on a real local atproto network (@atproto/dev-env; test/support/atproto.ts):
 * entrants read from the post's reposts (getRepostedBy) and its whole reply thread (getPostThread,
 * a reply to a reply included), who follows the brand from getRelationships, a team member left
 * out; the freeze posts the commitment as a reply under the post; the draw is recomputed from the
 * public data. The AppView keeps its tables in PostgreSQL, so this file runs when
 * CHORUS_TEST_DATABASE_URL is set.
 */
import { AtpAgent } from "@atproto/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectorRegistry } from "../src/connectors/registry.js";
import { verifyDraw } from "../src/domain/giveaway.js";
import { createUser } from "../src/services/auth.service.js";
import { createBrand } from "../src/services/brand.service.js";
import type { GiveawaysDeps } from "../src/services/giveaways/deps.js";
import { createGiveaway, listCandidatePosts } from "../src/services/giveaways/giveaways.service.js";
import { publicGiveaway } from "../src/services/giveaways/public.service.js";
import { drawGiveaway, freezeGiveaway, previewEntrants } from "../src/services/giveaways/run.service.js";
import { createSecrets } from "../src/services/secrets.js";
import { createWorkspace } from "../src/services/workspace.service.js";
import { newId } from "../src/store/ids.js";
import { type LocalAtproto, startAtproto, type TestAccount } from "./support/atproto.js";
import { createTestStore, pgUrl, type TestStore } from "./support/stores.js";

const names = ["brand", "fan1", "fan2", "fan3", "mate"] as const;

describe.skipIf(!pgUrl)("Bluesky giveaways, on a local atproto network", () => {
  let atproto: LocalAtproto;
  const accounts = {} as Record<(typeof names)[number], TestAccount>;
  const agents = {} as Record<(typeof names)[number], AtpAgent>;
  let store: TestStore;
  let deps: GiveawaysDeps;
  let actor: { userId: string };
  let workspaceId: string;
  let brandId: string;
  let post: { uri: string; cid: string };

  beforeAll(async () => {
    atproto = await startAtproto(pgUrl!);
    for (const name of names) {
      accounts[name] = await atproto.createAccount(`${name}.test`);
      const agent = new AtpAgent({ service: atproto.pdsUrl });
      await agent.login({ identifier: accounts[name].handle, password: accounts[name].accountPassword });
      agents[name] = agent;
    }
    post = await agents.brand.post({ text: "Giveaway! Repost or reply to enter; follow us to be eligible." });
    await atproto.processAll();
    await agents.fan1.follow(accounts.brand.did);
    await agents.fan3.follow(accounts.brand.did);
    await agents.mate.follow(accounts.brand.did);
    await agents.fan1.repost(post.uri, post.cid);
    await agents.mate.repost(post.uri, post.cid);
    const reply = await agents.fan2.post({ text: "Count me in!", reply: { root: post, parent: post } });
    await atproto.processAll();
    // A reply to a reply: still a comment in the post's thread.
    await agents.fan3.post({ text: "Me too", reply: { root: post, parent: reply } });
    await atproto.processAll();

    store = await createTestStore("sqlite");
    const secrets = createSecrets(Buffer.alloc(32, 5));
    deps = { db: store.db, registry: createConnectorRegistry({ db: store.db, allowPrivateFetch: true }), secrets, publicUrl: "https://chorus.example" };
    const connector = deps.registry.get("bluesky")!;
    const connected = await connector.connect({ service: atproto.pdsUrl, identifier: accounts.brand.handle, appPassword: accounts.brand.password });
    const user = await createUser(store.db, { email: "g@example.test", name: "G", password: "a long password 1" });
    actor = { userId: user.id };
    const ws = await createWorkspace(store.db, { name: "G", ownerId: user.id });
    const brand = await createBrand(store.db, { userId: user.id }, ws.id, { name: "Brand", timezone: "Europe/Moscow", locale: "en" });
    workspaceId = ws.id;
    brandId = brand.id;
    const iso = new Date().toISOString();
    const channelId = newId();
    await store.db
      .insertInto("channels")
      .values({ id: channelId, workspace_id: ws.id, brand_id: brand.id, network: "bluesky", name: "brand.test", handle: connected.handle, external_id: connected.externalId, status: "active", credentials_enc: secrets.encryptJson(connected.credentials), settings: "{}", created_at: iso, updated_at: iso })
      .execute();
    const externalId = `${post.uri}|${post.cid}`;
    await store.db
      .insertInto("channel_posts")
      .values({ id: newId(), workspace_id: ws.id, brand_id: brand.id, channel_id: channelId, publication_id: null, post_key: externalId, external_id: externalId, origin: "network", url: null, text: "Giveaway!", format: "text", rubric: null, paid: 0, campaign: null, published_at: iso, followers: 3, created_at: iso, updated_at: iso })
      .execute();
  });

  afterAll(async () => {
    await atproto?.close();
    await store?.cleanup();
  });

  it("holds the giveaway: reposters and repliers read from the network, the draw recomputed", async () => {
    const [candidate] = await listCandidatePosts(deps, actor, workspaceId, brandId);
    expect(candidate?.channel.network).toBe("bluesky");
    const g = await createGiveaway(deps, actor, workspaceId, {
      brandId,
      channelPostId: candidate!.channelPostId,
      title: "Bluesky giveaway",
      conditions: { action: "repost_or_comment", mustFollow: true, excludeBots: false },
      winnersCount: 1,
      teamHandles: ["@mate.test"],
      announce: true,
    });
    const preview = await previewEntrants(deps, actor, workspaceId, g.id);
    const byHandle = Object.fromEntries(preview.entrants.map((e) => [e.handle, e]));
    expect(Object.keys(byHandle).sort()).toEqual(["fan1.test", "fan2.test", "fan3.test", "mate.test"]);
    expect(byHandle["fan1.test"]).toMatchObject({ entry: `bluesky:${accounts.fan1.did}`, reposted: true, commented: false, follows: true, eligible: true });
    expect(byHandle["fan2.test"]).toMatchObject({ commented: true, follows: false, reasons: ["not_following"] });
    expect(byHandle["fan3.test"]).toMatchObject({ commented: true, follows: true, eligible: true });
    expect(byHandle["mate.test"]?.reasons).toEqual(["team"]);
    expect(byHandle["fan1.test"]?.botScore).not.toBeNull();

    const frozen = await freezeGiveaway(deps, actor, workspaceId, g.id);
    expect(frozen).toMatchObject({ status: "frozen", eligibleCount: 2, announceError: null });
    expect(frozen.commitmentReplyId).toMatch(/^at:\/\//);
    await atproto.processAll();
    const thread = await agents.fan1.app.bsky.feed.getPostThread({ uri: post.uri, depth: 1 });
    const texts = ((thread.data.thread as { replies?: { post: { record: { text: string } } }[] }).replies ?? []).map((r) => r.post.record.text);
    expect(texts.some((t) => t.includes(frozen.commitment!))).toBe(true);

    const drawn = await drawGiveaway(deps, actor, workspaceId, g.id);
    expect(drawn.winners).toHaveLength(1);
    expect([`bluesky:${accounts.fan1.did}`, `bluesky:${accounts.fan3.did}`]).toContain(drawn.winners![0]!.entry);
    const pub = await publicGiveaway(deps, drawn.publicId!);
    expect(verifyDraw(pub)).toMatchObject({ ok: true, drawn: true });
  });
});
