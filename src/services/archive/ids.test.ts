import { describe, expect, it } from "vitest";
import { v7 } from "uuid";
import { createIdMapper, isUuid, mapIdsInText } from "./ids.js";
import { importRow } from "./rows.js";
import { archiveTables } from "./tables.js";

describe("archive id mapping", () => {
  const a = v7();
  const b = v7();

  it("maps an id to the same new id every time, and to another with another salt", () => {
    const map = createIdMapper("salt-1");
    expect(map(a)).toBe(map(a));
    expect(map(a)).not.toBe(a);
    expect(map(a)).not.toBe(map(b));
    expect(createIdMapper("salt-2")(a)).not.toBe(map(a));
    expect(isUuid(map(a))).toBe(true);
    expect(map(a)[14]).toBe("7");
    expect("89ab").toContain(map(a)[19]);
  });

  it("keeps the time prefix, so imported rows keep their order", () => {
    const map = createIdMapper("s");
    const older = "01890000-0000-7000-8000-000000000000";
    const newer = "01990000-0000-7000-8000-000000000000";
    expect(map(older).slice(0, 13)).toBe(older.slice(0, 13));
    expect(map(older) < map(newer)).toBe(true);
    // Not a UUIDv7: still a valid, stable new id.
    expect(isUuid(map("not-an-id"))).toBe(true);
    expect(map("not-an-id")).toBe(map("not-an-id"));
  });

  it("maps ids inside JSON and keys consistently with the rows", () => {
    const map = createIdMapper("s");
    expect(mapIdsInText(`[{"mediaId":"${a}","alt":null}]`, map)).toBe(`[{"mediaId":"${map(a)}","alt":null}]`);
    expect(mapIdsInText(`${a}:0`, map)).toBe(`${map(a)}:0`);
    expect(mapIdsInText(`relevance:${a.toUpperCase()}`, map)).toBe(`relevance:${map(a)}`);
    expect(mapIdsInText("no ids here", map)).toBe("no ids here");
  });

  it("turns an archived row into one of the importing workspace: ids remapped, people and secrets emptied, unknown columns dropped", () => {
    const map = createIdMapper("s");
    const spec = archiveTables.find((t) => t.table === "alert_rules")!;
    const dropped = new Set<string>();
    const row = importRow(
      spec,
      { id: a, workspace_id: "other-ws", brand_id: b, query_id: b, webhook_secret_enc: "secret", params: `{"q":"${b}"}`, name: "Spike", extra_id: a, future: "x", cooldown_minutes: 60 },
      { map, workspaceId: "ws", brandId: "brand", columns: new Set(["id", "workspace_id", "brand_id", "query_id", "webhook_secret_enc", "params", "name", "extra_id", "cooldown_minutes"]), dropped },
    );
    expect(row).toEqual({ id: map(a), workspace_id: "ws", brand_id: "brand", query_id: map(b), webhook_secret_enc: null, params: `{"q":"${b}"}`, name: "Spike", extra_id: map(a), cooldown_minutes: 60 });
    expect([...dropped]).toEqual(["future"]);
    expect(() => importRow(spec, [1, 2], { map, workspaceId: "ws", brandId: "b", columns: new Set(), dropped })).toThrow(/not a JSON object/);
    expect(() => importRow(spec, { name: { x: 1 } }, { map, workspaceId: "ws", brandId: "b", columns: new Set(["name"]), dropped })).toThrow(/holds a object/);
  });
});
