// The keyspace analysis's pure parts: prefix grouping, sampling and extrapolation, the verdict, and the scan loop's
// budget, cap and commands against a scripted client.
import { describe, expect, it } from "vitest";
import { analyzeKeyspace, keyspaceReportText } from "../../../../lib/systems/redis/check-keyspace";
import {
  DEFAULT_KEYSPACE_OPTIONS,
  displayKey,
  type KeySample,
  type KeyspaceReport,
  KeyspaceTally,
  OTHER_PREFIXES,
  PREFIX_RULE,
  prefixOf,
  type ScanRun,
  sampleEveryFor,
  ttlBucket,
} from "../../../../lib/systems/redis/keyspace";
import { type KeyspaceClient, scanKeyspace } from "../../../../lib/systems/redis/keyspace-scan";

describe("prefixOf: split on ':', ids and the last segment become *", () => {
  it.each([
    ["agent:123:query:ab12cd34ef56", "agent:*:query:*"],
    ["agent:support-bot:query:9f86d081884c7d65", "agent:support-bot:query:*"],
    ["rate_limit:42", "rate_limit:*"],
    ["rate_limit:u-stuck", "rate_limit:*"],
    ["filler:1732814000123", "filler:*"],
    ["session:550e8400-e29b-41d4-a716-446655440000:data", "session:*:*"],
    ["user:7:cart", "user:*:*"],
    ["tenant:acme:user:deadbeef01:profile", "tenant:acme:user:*:*"],
    ["token:eyJhbGciOiJIUzI1NiJ9abc1:meta", "token:*:*"],
    ["demo:fault:cache-memory:saved", "demo:fault:cache-memory:*"],
    ["trailing:", "trailing:*"],
    ["counter", "counter"],
    ["1234567", "*"],
    ["9f86d081884c7d65", "*"],
  ])("%s → %s", (key, pattern) => {
    expect(prefixOf(key)).toBe(pattern);
  });

  it("states the rule with the guide's example", () => {
    expect(PREFIX_RULE).toContain("agent:*:query:*");
    expect(PREFIX_RULE).toContain("split on ':'");
  });

  it("cuts long token-like segments and long names for display", () => {
    expect(displayKey("session:3a7f9b2c4d5e6f708192a3b4c5d6e7f8:data")).toBe("session:3a7f9b2c…:data");
    expect(displayKey("agent:support-bot:query:9f86d081884c7d65")).toBe("agent:support-bot:query:9f86d081884c7d65");
    expect(displayKey(`k:${"z".repeat(200)}`)).toHaveLength(120);
  });
});

describe("ttlBucket and sampleEveryFor", () => {
  it("buckets PTTL replies", () => {
    expect([-1, 0, 59_999, 60_000, 3_599_999, 3_600_000, 86_400_000, 8 * 86_400_000].map(ttlBucket)).toEqual([
      0, 1, 1, 2, 2, 3, 4, 5,
    ]);
  });

  it("measures every key up to the sample target, then 1 in ceil(DBSIZE / target)", () => {
    expect(sampleEveryFor(0, 50_000)).toBe(1);
    expect(sampleEveryFor(50_000, 50_000)).toBe(1);
    expect(sampleEveryFor(50_001, 50_000)).toBe(2);
    expect(sampleEveryFor(1_000_000, 50_000)).toBe(20);
  });
});

const OPTIONS = { minSamplesPerPrefix: 2, maxPrefixes: 100, biggestKeys: 3 };

function run(overrides: Partial<ScanRun> = {}): ScanRun {
  return {
    dbsize: 0,
    usedMemory: 1_000_000,
    complete: true,
    stoppedBy: "end of keyspace",
    elapsedMs: 120,
    batches: 3,
    longestBatchMs: 1.5,
    busyMs: 30,
    options: DEFAULT_KEYSPACE_OPTIONS,
    ...overrides,
  };
}

/** Scans `keys`, measures the picked ones with `measure`, returns the report. */
function tallyOf(
  keys: string[],
  sampleEvery: number,
  measure: (key: string) => Omit<KeySample, "key">,
  scanRun: Partial<ScanRun> = {},
): KeyspaceReport {
  const tally = new KeyspaceTally(sampleEvery, OPTIONS);
  const picks = tally.addScanned(keys);
  tally.addSamples(picks.map((key) => ({ key, ...measure(key) })));
  return tally.summarize(run({ dbsize: keys.length, ...scanRun }));
}

const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe("KeyspaceTally", () => {
  it("with every key measured, the figures are exact", () => {
    const keys = [...range(4, (i) => `filler:${1000 + i}`), ...range(6, (i) => `agent:${i}:query:abcdef0${i}`)];
    const report = tallyOf(keys, 1, (key) =>
      key.startsWith("filler")
        ? { bytes: 16_000, pttlMs: -1, type: "string" }
        : { bytes: 100, pttlMs: 30_000, type: "string" },
    );
    expect(report.scanned).toBe(10);
    expect(report.sampled).toBe(10);
    expect(report.prefixes.map((p) => [p.pattern, p.estKeys, p.estBytes, p.estNoTtl])).toEqual([
      ["filler:*", 4, 64_000, 4],
      ["agent:*:query:*", 6, 600, 0],
    ]);
    expect(report.estBytes).toBe(64_600);
    expect(report.ttlSpread[0]).toEqual({ label: "no expiry", estKeys: 4 });
    expect(report.ttlSpread[1]).toEqual({ label: "< 1 min", estKeys: 6 });
    expect(report.biggest.map((k) => k.key)).toEqual(["filler:1000", "filler:1001", "filler:1002"]);
  });

  it("measures 1 in N plus each prefix's first keys, and extrapolates count × mean size", () => {
    // 100 big keys (even index 1000 B, odd 3000 B: mean 2000) and 900 small ones of 10 B; every 10th key is measured.
    const keys = range(1000, (i) => (i % 10 === 3 ? `big:${i}` : `small:${i}`));
    const report = tallyOf(keys, 10, (key) => {
      const n = Number(key.split(":")[1]);
      return key.startsWith("big")
        ? { bytes: (n / 10) % 2 < 1 ? 1000 : 3000, pttlMs: -1, type: "hash" }
        : { bytes: 10, pttlMs: 5000, type: "string" };
    });
    const big = report.prefixes.find((p) => p.pattern === "big:*");
    expect(big?.estKeys).toBe(100);
    // Measured: the first 2 big keys (the per-prefix minimum) plus those at every 10th position.
    expect(big?.sampled).toBeGreaterThanOrEqual(2);
    expect(big?.estBytes).toBeCloseTo(100 * (big?.meanBytes ?? 0), 6);
    expect(report.prefixes[0]?.pattern).toBe("big:*");
    expect(report.sampleEvery).toBe(10);
    expect(report.sampled).toBeLessThan(keys.length);
  });

  it("scales counts by DBSIZE / scanned when the scan was cut", () => {
    const tally = new KeyspaceTally(1, OPTIONS);
    const picks = tally.addScanned(range(100, (i) => (i < 25 ? `a:${i}` : `b:${i}`)));
    tally.addSamples(picks.map((key) => ({ key, bytes: 50, pttlMs: -1, type: "string" })));
    const report = tally.summarize(run({ dbsize: 1000, complete: false, stoppedBy: "time budget" }));
    expect(report.coverage).toBe(0.1);
    expect(report.prefixes.map((p) => [p.pattern, p.estKeys, p.estBytes])).toEqual([
      ["b:*", 750, 37_500],
      ["a:*", 250, 12_500],
    ]);
  });

  it("counts keys that vanished before they were measured, and caps the prefixes it tracks", () => {
    const tally = new KeyspaceTally(1, { ...OPTIONS, maxPrefixes: 2 });
    const picks = tally.addScanned(["a:1", "b:1", "c:1", "d:1"]);
    tally.addSamples(
      picks.map((key) => ({ key, bytes: key === "a:1" ? null : 10, pttlMs: key === "a:1" ? -2 : -1, type: "string" })),
    );
    const report = tally.summarize(run({ dbsize: 4 }));
    expect(report.vanished).toBe(1);
    expect(report.prefixes.map((p) => [p.pattern, p.estKeys])).toEqual([
      [OTHER_PREFIXES, 2],
      ["a:*", 1],
      ["b:*", 1],
    ]);
    // a:* had its only key vanish: it is sized at the mean of the measured keys.
    expect(report.prefixes.find((p) => p.pattern === "a:*")?.meanBytes).toBe(10);
  });
});

describe("analyzeKeyspace", () => {
  const fillerHeavy = tallyOf(
    [
      ...range(40, (i) => `filler:${1_700_000_000 + i}`),
      ...range(60, (i) => `agent:support-bot:query:abcdef${10 + i}`),
    ],
    1,
    (key) =>
      key.startsWith("filler")
        ? { bytes: 20_480, pttlMs: -1, type: "string" }
        : { bytes: 200, pttlMs: 600_000, type: "string" },
  );

  it("warns when one prefix without TTL holds most of the memory, and names it", () => {
    const v = analyzeKeyspace(fillerHeavy);
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("filler:* holds 98.6 % of key memory (800 KB in 40 keys, 100 % without TTL)");
    expect(v.headlineValue).toBeCloseTo(98.55, 1);
    expect(v.findings).toEqual(["redis-memory", "redis-keys-without-ttl"]);
    expect(v.threshold?.text).toContain("≥ 50 %");
    expect(v.detail).toContain("never expire");
    expect(v.detail).toContain(PREFIX_RULE);
    expect(v.detail).toContain("SCAN COUNT 250 plus MEMORY USAGE/PTTL/TYPE of the picked keys, pipelined 100 keys");
    expect(v.detail).toMatch(/in batches 30 ms of 120 ms \(25 % end to end, .*\), longest batch 1.5 ms/);
    const [byPrefix, biggest, ttl] = v.tables ?? [];
    expect(byPrefix?.title).toBe("Memory by key prefix");
    expect(byPrefix?.rows[0]).toEqual([
      "filler:*",
      "800 KB",
      "98.6 %",
      "40",
      "40 (100 %)",
      "20 KB",
      "string",
      "40 of 40",
    ]);
    expect(biggest?.rows[0]?.[0]).toMatch(/^filler:/);
    expect(ttl?.rows[0]).toEqual(["no expiry", "40", "40 %"]);
    const fig = (label: string) => v.figures.find((f) => f.label === label)?.value;
    expect(fig("sample rate")).toBe("every key");
    expect(fig("keys scanned")).toBe(100);
    expect(fig("time budget")).toBe(5000);
    expect(fig("stopped by")).toBe("end of keyspace");
  });

  it("is ok when the biggest prefix expires, or when no prefix holds most of the memory", () => {
    const expiring = tallyOf(
      range(10, (i) => `cache:${i}`),
      1,
      () => ({ bytes: 500, pttlMs: 60_000, type: "string" }),
    );
    const ok = analyzeKeyspace(expiring);
    expect(ok.status).toBe("ok");
    expect(ok.headline).toBe("cache:* holds 100 % of key memory (4.9 KB in 10 keys)");
    expect(ok.findings).toBeUndefined();
    const spread = tallyOf(
      range(30, (i) => `p${i % 3}:${i}`),
      1,
      () => ({ bytes: 100, pttlMs: -1, type: "string" }),
    );
    expect(analyzeKeyspace(spread).status).toBe("ok");
  });

  it("marks extrapolated figures and says how the scan was cut", () => {
    const tally = new KeyspaceTally(20, OPTIONS);
    tally.addSamples(
      tally.addScanned(range(400, (i) => `x:${i}`)).map((key) => ({ key, bytes: 64, pttlMs: -1, type: "string" })),
    );
    const v = analyzeKeyspace(tally.summarize(run({ dbsize: 4000, complete: false, stoppedBy: "time budget" })));
    expect(v.headline).toBe("x:* holds 100 % of key memory (~250 KB in ~4000 keys, 100 % without TTL)");
    expect(v.detail).toContain("Stopped by the time budget after scanning 400 of 4000 keys (10 %)");
    expect(v.detail).toContain("1 in 20 (5 %)");
    expect(v.tables?.[0]?.title).toBe("Memory by key prefix (estimated)");
  });

  it("says the keyspace is empty", () => {
    const v = analyzeKeyspace(new KeyspaceTally(1, OPTIONS).summarize(run()));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("keyspace is empty");
  });

  it("renders a --memkeys-like text report", () => {
    const text = keyspaceReportText(fillerHeavy);
    expect(text).toMatch(/^# Keyspace analysis: 100 keys \(DBSIZE\), 100 scanned, 100 measured \(every key\)/);
    expect(text).toContain("filler:*\t819200\t40\t40\t20480\t40\t40\tstring");
  });
});

/** A scripted Redis: `keys` split into SCAN pages; records every command it is sent. */
function fakeRedis(keys: string[], pageSize: number, onScan: () => void = () => {}) {
  const sent: string[] = [];
  const client = {
    dbsize: async () => {
      sent.push("DBSIZE");
      return keys.length;
    },
    info: async (section: string) => {
      sent.push(`INFO ${section}`);
      return "# Memory\r\nused_memory:123456\r\n";
    },
    scan: async (cursor: string) => {
      sent.push("SCAN");
      onScan();
      const start = Number(cursor);
      const next = start + pageSize >= keys.length ? "0" : String(start + pageSize);
      return [next, keys.slice(start, start + pageSize)];
    },
    pipeline: () => {
      const queued: unknown[] = [];
      const pipe = {
        memory: (sub: string, key: string) => {
          sent.push(`MEMORY ${sub}`);
          queued.push(key.length * 10);
          return pipe;
        },
        pttl: () => {
          sent.push("PTTL");
          queued.push(-1);
          return pipe;
        },
        type: () => {
          sent.push("TYPE");
          queued.push("string");
          return pipe;
        },
        exec: async () => queued.map((value) => [null, value]),
      };
      return pipe;
    },
  };
  return { client: client as unknown as KeyspaceClient, sent };
}

describe("scanKeyspace", () => {
  const keys = range(1000, (i) => `k${i % 4}:${i}`);

  it("walks the keyspace with SCAN (never KEYS), measures the picked keys in one pipeline per batch", async () => {
    const { client, sent } = fakeRedis(keys, 100);
    const report = await scanKeyspace(client, { pauseMs: 0, sampleTarget: 250 });
    expect(report.complete).toBe(true);
    expect(report.stoppedBy).toBe("end of keyspace");
    expect(report.scanned).toBe(1000);
    expect(report.batches).toBe(10);
    expect(report.sampleEvery).toBe(4);
    expect(report.usedMemory).toBe(123456);
    expect(new Set(sent)).toEqual(new Set(["DBSIZE", "INFO memory", "SCAN", "MEMORY USAGE", "PTTL", "TYPE"]));
    expect(sent.filter((c) => c === "MEMORY USAGE")).toHaveLength(report.sampled);
    expect(report.prefixes.map((p) => p.estKeys)).toEqual([250, 250, 250, 250]);
  });

  it("stops at the key cap, cutting the last batch", async () => {
    const { client } = fakeRedis(keys, 300);
    const report = await scanKeyspace(client, { pauseMs: 0, keyCap: 500 });
    expect(report.scanned).toBe(500);
    expect(report.stoppedBy).toBe("key cap");
    expect(report.complete).toBe(false);
    expect(report.estKeys).toBeCloseTo(1000, 6);
  });

  it("starts no batch once the time budget is spent", async () => {
    let clock = 0;
    const { client, sent } = fakeRedis(keys, 100, () => {
      clock += 40;
    });
    const report = await scanKeyspace(client, { pauseMs: 0, timeBudgetMs: 100 }, () => clock);
    expect(report.stoppedBy).toBe("time budget");
    expect(sent.filter((c) => c === "SCAN")).toHaveLength(3);
    expect(report.scanned).toBe(300);
    expect(report.elapsedMs).toBe(120);
    expect(report.coverage).toBeCloseTo(0.3, 6);
  });
});
