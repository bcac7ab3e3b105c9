import { describe, expect, it } from "vitest";
import { analyzeAppCacheHitRatio } from "../../../lib/systems/prometheus/check-cache-hit-ratio";
import { analyzeKeyspaceHitRatio } from "../../../lib/systems/redis/check-keyspace-hit-ratio";
import { parseRedisInfo } from "../../../lib/systems/redis/info";
import { fixtureText, scrape, scrapeText, T0, withInfoField } from "./fixtures";

const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("analyzeAppCacheHitRatio", () => {
  const current = scrape("prometheus/metrics-app.txt", T0);
  const later = scrape("prometheus/metrics-app-30s-later.txt", T0 + 30_000);

  it("divides cache_hits_total by hits + misses since process start", () => {
    const v = analyzeAppCacheHitRatio(current);
    // 6300 / (6300 + 2700) = 70 %
    expect(v.headline).toBe("cache hit ratio 70 %");
    expect(v.headlineValue).toBeCloseTo(70, 12);
    expect(v.status).toBe("warning");
    expect(fig(v, "hits")).toBe(6300);
    expect(fig(v, "misses")).toBe(2700);
    expect(fig(v, "lookups")).toBe(9000);
    expect(fig(v, "measured from")).toBe("cache_hits_total, cache_misses_total");
    expect(v.findings).toEqual(["cache-hit-ratio"]);
  });

  it("uses Δ between scrapes", () => {
    const v = analyzeAppCacheHitRatio(later, current);
    // Δhits 30, Δmisses 90 → 25 %
    expect(v.headline).toBe("cache hit ratio 25 %");
    expect(v.status).toBe("critical");
    expect(v.detail).toBe("30 hits and 90 misses over the last 30 s (cache_hits_total, cache_misses_total).");
  });

  it("reads one family with a result label", () => {
    const v = analyzeAppCacheHitRatio(
      scrapeText(
        [
          "# TYPE cache_requests_total counter",
          'cache_requests_total{cache="a",result="hit"} 90',
          'cache_requests_total{cache="a",result="miss"} 5',
          'cache_requests_total{cache="b",result="hit"} 5',
          "",
        ].join("\n"),
      ),
    );
    // 95 / 100
    expect(v.headline).toBe("cache hit ratio 95 %");
    expect(v.status).toBe("ok");
    expect(fig(v, "measured from")).toBe("cache_requests_total by result label");
  });

  it("says no cache lookups yet with zero counters", () => {
    const v = analyzeAppCacheHitRatio(
      scrapeText(
        "# TYPE cache_hits_total counter\ncache_hits_total 0\n# TYPE cache_misses_total counter\ncache_misses_total 0\n",
      ),
    );
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no cache lookups yet");
    expect(v.headlineValue).toBeNull();
  });

  it("ignores a precomputed ratio gauge and errors without counters", () => {
    const v = analyzeAppCacheHitRatio(scrapeText("# TYPE cache_hit_ratio gauge\ncache_hit_ratio 0.4\n"));
    expect(v.status).toBe("error");
    expect(v.headline).toBe("no cache hit/miss counters in /metrics");
    expect(v.findings).toEqual(["metrics-missing"]);
  });
});

describe("analyzeKeyspaceHitRatio", () => {
  const text = fixtureText("redis/info-all.txt");
  const info = parseRedisInfo(text);

  it("uses the lifetime counters of one INFO", () => {
    const v = analyzeKeyspaceHitRatio({ info, at: T0 });
    // 840000 / 1000000
    expect(v.headline).toBe("keyspace hit ratio 84 %");
    expect(v.status).toBe("ok");
    expect(v.detail).toBe(
      "840 000 hits and 160 000 misses since start or stats reset (uptime 14 d) (INFO keyspace_hits / keyspace_misses).",
    );
    expect(fig(v, "evicted_keys (since start)")).toBe(1523);
  });

  it("uses Δ between two samples of the same run", () => {
    const before = parseRedisInfo(
      withInfoField(withInfoField(text, "keyspace_hits", "800000"), "keyspace_misses", "140000"),
    );
    const v = analyzeKeyspaceHitRatio({ info, at: T0 + 60_000 }, { info: before, at: T0 });
    // Δhits 40000, Δmisses 20000 → 66.7 %
    expect(v.headline).toBe("keyspace hit ratio 66.7 %");
    expect(v.status).toBe("warning");
    expect(fig(v, "window")).toBe(60);
    expect(v.findings).toEqual(["cache-hit-ratio"]);
  });

  it("falls back to lifetime after a restart or CONFIG RESETSTAT", () => {
    const otherRun = parseRedisInfo(withInfoField(text, "run_id", "0000000000000000000000000000000000000001"));
    const v = analyzeKeyspaceHitRatio({ info, at: T0 + 60_000 }, { info: otherRun, at: T0 });
    expect(v.headline).toBe("keyspace hit ratio 84 %");
    expect(v.detail).toContain("restarted or its stats were reset");
    const higher = parseRedisInfo(withInfoField(text, "keyspace_hits", "900000"));
    expect(analyzeKeyspaceHitRatio({ info, at: T0 + 60_000 }, { info: higher, at: T0 }).headline).toBe(
      "keyspace hit ratio 84 %",
    );
  });

  it("is critical below 50 %", () => {
    const low = parseRedisInfo(withInfoField(text, "keyspace_hits", "100000"));
    // 100000 / 260000 = 38.5 %
    const v = analyzeKeyspaceHitRatio({ info: low, at: T0 });
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("keyspace hit ratio 38.5 %");
  });

  it("says no cache lookups in the window when nothing was read", () => {
    const v = analyzeKeyspaceHitRatio({ info, at: T0 + 10_000 }, { info, at: T0 });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no cache lookups over the last 10 s");
  });

  it("is an error when INFO lacks the stats fields", () => {
    const v = analyzeKeyspaceHitRatio({ info: parseRedisInfo(fixtureText("redis/info-memory-fresh.txt")), at: T0 });
    expect(v.status).toBe("error");
    expect(v.headline).toBe("INFO has no keyspace_hits/keyspace_misses");
  });
});
