import { describe, expect, it } from "vitest";
import { steadyShare } from "../../../demo/steady-share";

function picks(share: number, calls: number): number[] {
  const pick = steadyShare(share);
  const at: number[] = [];
  for (let i = 1; i <= calls; i++) if (pick()) at.push(i);
  return at;
}

describe("steadyShare", () => {
  it("picks exactly 1 % of calls, every 100th, so a 1-minute window always holds the same count", () => {
    const at = picks(0.01, 1000);
    expect(at).toHaveLength(10);
    expect(at.slice(0, 3)).toEqual([100, 200, 300]);
  });

  it("picks a fifth of calls evenly", () => {
    const at = picks(0.2, 1000);
    expect(at).toHaveLength(200);
    expect(new Set(at.slice(1).map((n, i) => n - (at[i] ?? 0)))).toEqual(new Set([5]));
  });

  it("picks every call at share 1 and none at share 0", () => {
    expect(picks(1, 50)).toHaveLength(50);
    expect(picks(0, 50)).toHaveLength(0);
  });
});
