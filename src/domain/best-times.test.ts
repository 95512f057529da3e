import { describe, expect, it } from "vitest";
import { bestTimes, generalPattern } from "./best-times.js";

const samples = (weekday: number, hour: number, engagement: number, n: number) => Array.from({ length: n }, () => ({ weekday, hour, engagement }));

describe("bestTimes", () => {
  it("falls back to the network's general pattern with fewer than 20 posts", () => {
    const r = bestTimes("telegram", samples(2, 10, 0.2, 19));
    expect(r.source).toBe("general");
    expect(r.suggestions).toEqual(generalPattern("telegram").slice(0, 5).map((c) => ({ ...c, engagement: null, n: 0 })));
    expect(r.cells).toEqual([{ weekday: 2, hour: 10, engagement: expect.closeTo(0.2), n: 19 }]);
  });

  it("ranks cells with at least 3 posts by mean engagement", () => {
    const r = bestTimes("unknown-network", [...samples(1, 9, 0.05, 10), ...samples(3, 19, 0.08, 8), ...samples(6, 12, 0.5, 2)]);
    expect(r.source).toBe("history");
    expect(r.suggestions.map((s) => [s.weekday, s.hour])).toEqual([
      [3, 19],
      [1, 9],
    ]);
  });
});
