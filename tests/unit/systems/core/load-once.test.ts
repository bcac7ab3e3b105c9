import { describe, expect, it } from "vitest";
import { loadOnce } from "../../../../lib/systems/core/load-once";

describe("loadOnce", () => {
  it("loads on the first call only and hands every caller the same module", async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      return { run: () => "ran" };
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([load(), load()]);
    const c = await load();
    expect(loads).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it("retries a load that failed instead of remembering the failure", async () => {
    let attempts = 0;
    const load = loadOnce(async () => {
      attempts++;
      if (attempts === 1) throw new Error("chunk not found");
      return "module";
    });
    await expect(load()).rejects.toThrow("chunk not found");
    await expect(load()).resolves.toBe("module");
    await expect(load()).resolves.toBe("module");
    expect(attempts).toBe(2);
  });
});
