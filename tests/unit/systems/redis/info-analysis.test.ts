import { describe, expect, it } from "vitest";
import { analyzeRedisInfo } from "../../../../lib/systems/redis/check-info";
import { parseRedisInfo } from "../../../../lib/systems/redis/info";
import { fixtureText, T0, withInfoField } from "../fixtures";

const text = fixtureText("redis/info-all.txt");
// Typed fixtures: the one INFO reader run over the fixture text, as the client does.
const info = parseRedisInfo(text);

describe("analyzeRedisInfo", () => {
  it("judges `info | grep hit` declared cache-hit-ratio by the keyspace hit ratio and adds grep's lines", () => {
    const v = analyzeRedisInfo({ info, at: T0, grep: "hit", view: "cache-hit-ratio" });
    expect(v.headline).toBe("keyspace hit ratio 84 %");
    const grep = v.tables?.at(-1);
    expect(grep?.title).toBe('Lines matching "hit"');
    expect(grep?.rows).toEqual([
      ["keyspace_hits", "840000"],
      ["active_defrag_hits", "0"],
      ["active_defrag_key_hits", "0"],
    ]);
  });

  it("judges `info | grep used_memory` declared redis-memory on the whole reply", () => {
    const v = analyzeRedisInfo({
      info: parseRedisInfo(withInfoField(text, "used_memory", "2000000000")),
      at: T0,
      grep: "used_memory",
      view: "redis-memory",
    });
    expect(v.status).toBe("critical");
    expect(v.headline).toContain("of maxmemory");
    expect(v.tables?.at(-1)?.rows).toHaveLength(21);
  });

  it("uses the previous sample for a windowed hit ratio", () => {
    const before = parseRedisInfo(withInfoField(text, "keyspace_misses", "150000"));
    // Δhits 0, Δmisses 10000 → 0 %
    const v = analyzeRedisInfo(
      { info, at: T0 + 5000, grep: "keyspace", view: "cache-hit-ratio" },
      { info: before, at: T0 },
    );
    expect(v.headline).toBe("keyspace hit ratio 0 %");
    expect(v.status).toBe("critical");
  });

  it("shows other grep matches without judging them", () => {
    const v = analyzeRedisInfo({ info, at: T0, grep: "connected_clients", view: "redis-info" });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe('1 INFO line contain "connected_clients"');
    expect(v.figures).toEqual([{ label: "connected_clients", value: "48" }]);
  });

  it("says so when grep matches nothing", () => {
    const v = analyzeRedisInfo({ info, at: T0, grep: "nonexistent", view: "redis-info" });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe('no INFO line contains "nonexistent"');
  });

  it("judges the declared view, not the grep word", () => {
    const v = analyzeRedisInfo({ info, at: T0, grep: "hit", view: "redis-memory" });
    expect(v.headline).toContain("of maxmemory");
    expect(v.tables?.at(-1)?.title).toBe('Lines matching "hit"');
  });

  it("judges the declared view without grep", () => {
    expect(
      analyzeRedisInfo({
        info: parseRedisInfo(fixtureText("redis/info-memory-fresh.txt")),
        at: T0,
        view: "redis-memory",
      }).headline,
    ).toBe("used memory 989.7 KB, no maxmemory limit");
    expect(analyzeRedisInfo({ info, at: T0, view: "cache-hit-ratio" }).headline).toBe("keyspace hit ratio 84 %");
  });

  it("judges a full INFO on memory and hit ratio together, worst first", () => {
    const low = withInfoField(text, "keyspace_hits", "100000");
    const v = analyzeRedisInfo({ info: parseRedisInfo(low), at: T0, view: "redis-info" });
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("keyspace hit ratio 38.5 %");
    expect(v.figures.some((f) => f.label === "used_memory")).toBe(true);
    expect(v.findings).toEqual(["cache-hit-ratio"]);
  });

  it("lists fields of sections without a threshold", () => {
    const v = analyzeRedisInfo({
      info: parseRedisInfo("# Clients\nconnected_clients:3\nblocked_clients:0\n"),
      at: T0,
      view: "redis-info",
    });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("2 INFO fields");
  });
});
