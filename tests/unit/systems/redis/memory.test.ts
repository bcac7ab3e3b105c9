import { describe, expect, it } from "vitest";
import { analyzeRedisMemory } from "../../../../lib/systems/redis/check-memory";
import { parseRedisInfo } from "../../../../lib/systems/redis/info";
import { fixtureText, withInfoField } from "../fixtures";

const full = fixtureText("redis/info-all.txt");
const analyze = (text: string) => analyzeRedisMemory(parseRedisInfo(text));
const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("analyzeRedisMemory", () => {
  it("is ok at 80 % of maxmemory and shows the fields an operator checks", () => {
    const v = analyze(full);
    expect(v.status).toBe("ok");
    // 1717986918 / 2147483648 = 79.99999998 %
    expect(v.headline).toBe("memory 80 % of maxmemory (1.6 GB of 2 GB)");
    expect(v.headlineValue).toBeCloseTo(80, 6);
    expect(v.headlineUnit).toBe("%");
    expect(fig(v, "used_memory_human")).toBe("1.60G");
    expect(fig(v, "maxmemory_human")).toBe("2.00G");
    expect(fig(v, "maxmemory_policy")).toBe("allkeys-lru");
    expect(fig(v, "evicted_keys")).toBe(1523);
    expect(fig(v, "rejected_connections")).toBe(0);
    expect(fig(v, "mem_fragmentation_ratio")).toBe(1.12);
    expect(v.detail).toBe("1523 keys evicted since start (policy allkeys-lru).");
    expect(v.findings).toBeUndefined();
  });

  it("warns above 85 % and is critical above 90 %", () => {
    // 1900000000 / 2147483648 = 88.48 %
    const warn = analyze(withInfoField(full, "used_memory", "1900000000"));
    expect(warn.status).toBe("warning");
    expect(warn.headlineValue).toBeCloseTo(88.4756, 3);
    expect(warn.findings).toEqual(["redis-memory"]);
    // 2000000000 / 2147483648 = 93.13 %
    const crit = analyze(withInfoField(full, "used_memory", "2000000000"));
    expect(crit.status).toBe("critical");
    expect(crit.headline).toBe("memory 93.1 % of maxmemory (1.9 GB of 2 GB)");
  });

  it("is critical with noeviction above 85 %: writes are about to fail", () => {
    const text = withInfoField(withInfoField(full, "used_memory", "1900000000"), "maxmemory_policy", "noeviction");
    const v = analyze(text);
    expect(v.status).toBe("critical");
    expect(v.findings).toEqual(["redis-memory", "redis-eviction-policy"]);
    expect(v.detail).toContain("every write fails with OOM");
  });

  it("warns when maxmemory is 0 and ignores fragmentation under 5 MB (fresh instance)", () => {
    const v = analyze(fixtureText("redis/info-memory-fresh.txt"));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("used memory 989.7 KB, no maxmemory limit");
    expect(v.headlineValue).toBe(1013408);
    expect(v.headlineUnit).toBe("B");
    expect(v.findings).toEqual(["redis-memory"]);
    expect(v.detail).toContain("Fragmentation ratio 11.38 not judged");
    // INFO memory alone has no stats section.
    expect(fig(v, "evicted_keys")).toBeNull();
  });

  it("warns on fragmentation above 1.5 and is critical below 1 (swapping)", () => {
    const high = analyze(withInfoField(full, "mem_fragmentation_ratio", "1.80"));
    expect(high.status).toBe("warning");
    expect(high.headline).toBe("memory 80 % of maxmemory (1.6 GB of 2 GB); fragmentation 1.8");
    expect(high.findings).toEqual(["redis-fragmentation"]);
    const swap = analyze(withInfoField(full, "mem_fragmentation_ratio", "0.72"));
    expect(swap.status).toBe("critical");
    expect(swap.headline).toContain("fragmentation 0.72 (swapping)");
    expect(swap.detail).toContain("swapped out");
  });

  it("mentions rejected connections", () => {
    const v = analyze(withInfoField(full, "rejected_connections", "17"));
    expect(v.detail).toContain("17 connections rejected since start.");
  });

  it("judges usage without maxmemory only as far as it can", () => {
    const v = analyze("used_memory:104857600\nused_memory_human:100.00M\n");
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("used memory 100 MB");
    expect(v.detail).toContain("no maxmemory");
  });

  it("is an error without used_memory", () => {
    const v = analyze("# Stats\nkeyspace_hits:1\n");
    expect(v.status).toBe("error");
    expect(v.headline).toBe("INFO has no used_memory");
  });
});
