import { describe, expect, it } from "vitest";
import { spreadEvenly } from "./followers.js";

describe("spreadEvenly", () => {
  const list = Array.from({ length: 10 }, (_, i) => i);

  it("takes every k-th item from the first to the last", () => {
    expect(spreadEvenly(list, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(spreadEvenly(list, 3)).toEqual([0, 3, 6]);
    expect(spreadEvenly(list, 1)).toEqual([0]);
  });

  it("takes all when asked for as many or more, none when asked for none", () => {
    expect(spreadEvenly(list, 10)).toEqual(list);
    expect(spreadEvenly(list, 50)).toEqual(list);
    expect(spreadEvenly(list, 0)).toEqual([]);
  });
});
