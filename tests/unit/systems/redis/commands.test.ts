import { describe, expect, it } from "vitest";
import { analyzeDbsize } from "../../../../lib/systems/redis/check-dbsize";
import { analyzeLatencyLatest } from "../../../../lib/systems/redis/check-latency-latest";
import { analyzeMemoryDoctor } from "../../../../lib/systems/redis/check-memory-doctor";
import { analyzeMemoryStats } from "../../../../lib/systems/redis/check-memory-stats";
import { analyzeSlowlog } from "../../../../lib/systems/redis/check-slowlog";
import { readLatencyLatestReply, readMemoryStatsReply, readSlowlogReply } from "../../../../lib/systems/redis/read";
import { fixtureJson, fixtureText, readOk } from "../fixtures";

// Typed fixtures: the one reader of each reply (read.ts) run over the RESP fixture, as the client does.
const slowlog = (reply: unknown) => readOk(readSlowlogReply(reply));
const latency = (reply: unknown) => readOk(readLatencyLatestReply(reply));
const memoryStats = (reply: unknown) => readOk(readMemoryStatsReply(reply));
const problem = (read: { ok: true } | { ok: false; verdict: { status: string; detail?: string } }) =>
  read.ok ? "read" : `${read.verdict.status}: ${read.verdict.detail}`;

describe("readSlowlogReply", () => {
  it("types each RESP entry, Redis < 4 entries without client fields", () => {
    expect(slowlog(fixtureJson("redis/slowlog-get.json"))[2]).toEqual({
      id: 12,
      timestamp: 1732814000,
      durationMicros: 11021,
      args: ["ZRANGEBYSCORE", "queue:jobs", "-inf", "+inf", "WITHSCORES"],
      clientAddress: "10.0.4.18:40112",
      clientName: null,
    });
    expect(slowlog([[1, 1732815300, 23112, ["HGETALL", "k"]]])).toEqual([
      {
        id: 1,
        timestamp: 1732815300,
        durationMicros: 23112,
        args: ["HGETALL", "k"],
        clientAddress: null,
        clientName: null,
      },
    ]);
  });

  it("is an error naming the malformed entry", () => {
    expect(problem(readSlowlogReply([[1, 2, "fast", []]]))).toContain("SLOWLOG GET[0][2]");
    expect(problem(readSlowlogReply("OK"))).toContain("SLOWLOG GET: ");
  });
});

describe("analyzeSlowlog", () => {
  const reply = slowlog(fixtureJson("redis/slowlog-get.json"));

  it("warns when an entry took 100 ms or more and lists entries newest first", () => {
    const v = analyzeSlowlog(reply, Date.parse("2024-11-28T17:40:00Z"));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("3 slow commands, slowest 152 ms (KEYS)");
    expect(v.headlineValue).toBeCloseTo(152.331, 9);
    expect(v.figures).toContainEqual({ label: "entries ≥ 100 ms", value: 1 });
    const table = v.tables?.[0];
    expect(table?.columns).toEqual(["id", "time", "age", "duration", "command", "client", "name"]);
    // 1732815401 = 2024-11-28T17:36:41Z, 199 s before "now"
    expect(table?.rows[0]).toEqual([
      14,
      "2024-11-28T17:36:41.000Z",
      "3 min 19 s",
      "152 ms",
      "KEYS agent:*",
      "10.0.4.17:53211",
      "agent-api",
    ]);
    expect(table?.rows[2]?.[4]).toBe("ZRANGEBYSCORE queue:jobs -inf +inf WITHSCORES");
    expect(table?.rows[2]?.[6]).toBeNull();
    expect(v.findings).toEqual(["latency"]);
  });

  it("is ok when every entry is under 100 ms, and without `now` has no age column", () => {
    const v = analyzeSlowlog(slowlog([[1, 1732815300, 23112, ["HGETALL", "k"]]]));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("1 slow command, slowest 23 ms (HGETALL)");
    expect(v.tables?.[0]?.columns).toEqual(["id", "time", "duration", "command", "client", "name"]);
    // Redis < 4 entries have no client fields.
    expect(v.tables?.[0]?.rows[0]?.slice(4)).toEqual([null, null]);
  });

  it("is ok on an empty slow log", () => {
    const v = analyzeSlowlog([]);
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("slow log is empty");
  });
});

describe("analyzeLatencyLatest", () => {
  it("warns on a latest spike of 100 ms or more", () => {
    const v = analyzeLatencyLatest(latency(fixtureJson("redis/latency-latest.json")));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("latest spike 152 ms (command)");
    expect(v.figures).toContainEqual({ label: "all-time max", value: 310, unit: "ms" });
    expect(v.tables?.[0]?.rows[1]).toEqual(["fast-command", "2024-11-28T17:30:00.000Z", "12 ms", "12 ms"]);
  });

  it("is ok under 100 ms and explains an empty reply", () => {
    expect(analyzeLatencyLatest(latency([["expire-cycle", 1732810000, 27, 41]])).status).toBe("ok");
    const empty = analyzeLatencyLatest([]);
    expect(empty.status).toBe("ok");
    expect(empty.headline).toBe("no latency events recorded");
    expect(empty.detail).toContain("latency-monitor-threshold");
  });

  it("is an error on a malformed reply (from the reader)", () => {
    expect(problem(readLatencyLatestReply([["command", "yesterday", 1, 2]]))).toContain("error: LATENCY LATEST[0][1]");
  });
});

describe("MEMORY STATS", () => {
  const reply = memoryStats(fixtureJson("redis/memory-stats.json"));

  it("flattens nested db entries and converts numeric strings", () => {
    expect(reply["dataset.percentage"]).toBe(96.99);
    expect(reply["db.0.overhead.hashtable.main"]).toBe(33554432);
    expect(reply["db.2.overhead.hashtable.expires"]).toBe(0);
    expect(Object.keys(reply)).toHaveLength(31);
  });

  it("shows totals, always ok", () => {
    const v = analyzeMemoryStats(reply);
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("total allocated 1.6 GB for 412 357 keys");
    expect(v.headlineValue).toBe(1717986918);
    expect(v.figures).toContainEqual({ label: "fragmentation", value: 1.12, unit: undefined });
    const rows = v.tables?.[0]?.rows ?? [];
    expect(rows.find((r) => r[0] === "peak.allocated")?.[1]).toBe("1.7 GB (1 825 361 101)");
    expect(rows.find((r) => r[0] === "fragmentation")?.[1]).toBe("1.12");
  });

  it("accepts a RESP3 map and rejects malformed replies", () => {
    expect(analyzeMemoryStats(memoryStats({ "total.allocated": 1024, "keys.count": 0 })).headline).toBe(
      "total allocated 1 KB for 0 keys",
    );
    expect(problem(readMemoryStatsReply(["peak.allocated"]))).toBe(
      "error: reply should be name/value pairs, got 1 items",
    );
    expect(problem(readMemoryStatsReply([1, 2]))).toBe("error: expected a field name, got 1");
    expect(problem(readMemoryStatsReply("ERR"))).toContain("error: ");
  });
});

describe("analyzeMemoryDoctor", () => {
  it("is ok when the doctor finds nothing or the instance is too small", () => {
    const healthy = analyzeMemoryDoctor(fixtureText("redis/memory-doctor-healthy.txt"));
    expect(healthy.status).toBe("ok");
    expect(healthy.headline).toBe("MEMORY DOCTOR: no memory issue");
    const empty = analyzeMemoryDoctor(fixtureText("redis/memory-doctor-empty.txt"));
    expect(empty.status).toBe("ok");
    expect(empty.headline).toBe("MEMORY DOCTOR: instance too small to judge");
    expect(analyzeMemoryDoctor(`txt:${fixtureText("redis/memory-doctor-healthy.txt")}`).status).toBe("ok");
  });

  it("warns and lists each issue", () => {
    const v = analyzeMemoryDoctor(fixtureText("redis/memory-doctor-issues.txt"));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("MEMORY DOCTOR reports 2 issues: Peak memory, High total RSS");
    expect(v.tables?.[0]?.rows.map((r) => r[0])).toEqual(["Peak memory", "High total RSS"]);
    expect(v.findings).toEqual(["redis-memory", "redis-fragmentation"]);
  });

  it("warns on an unrecognised report and errors on a non-text reply", () => {
    const v = analyzeMemoryDoctor("Sam, something new happened.");
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("MEMORY DOCTOR reports a problem");
    expect(analyzeMemoryDoctor("").status).toBe("error");
    expect(analyzeMemoryDoctor(null).status).toBe("error");
  });
});

describe("analyzeDbsize", () => {
  it("counts keys", () => {
    expect(analyzeDbsize(412345).headline).toBe("412 345 keys");
    expect(analyzeDbsize(1).headline).toBe("1 key");
    expect(analyzeDbsize(0).headline).toBe("database is empty");
    expect(analyzeDbsize(2_000_000).detail).toContain("More than a million keys");
  });

  it("is an error on anything but a non-negative integer", () => {
    expect(analyzeDbsize("12").status).toBe("error");
    expect(analyzeDbsize(-1).status).toBe("error");
  });
});
