import { describe, expect, it } from "vitest";
import {
  grepInfo,
  infoNumber,
  infoString,
  parseInfoSubfields,
  parseRedisInfo,
  RedisInfoParseError,
  readRedisInfo,
} from "../../../../lib/systems/redis/info";
import { fixtureText } from "../fixtures";

const text = fixtureText("redis/info-all.txt");

describe("parseRedisInfo", () => {
  const info = parseRedisInfo(text);

  it("splits sections and fields", () => {
    expect(Object.keys(info.sections)).toEqual([
      "Server",
      "Clients",
      "Memory",
      "Persistence",
      "Stats",
      "Replication",
      "CPU",
      "Modules",
      "Errorstats",
      "Cluster",
      "Keyspace",
    ]);
    expect(info.sections.Memory?.maxmemory_policy).toBe("allkeys-lru");
    expect(info.sections.Modules).toEqual({});
    expect(infoNumber(info, "used_memory")).toBe(1717986918);
    expect(infoNumber(info, "used_memory_human")).toBeNull();
    expect(infoString(info, "used_memory_human")).toBe("1.60G");
    expect(infoNumber(info, "keyspace_hits")).toBe(840000);
    expect(infoNumber(info, "absent")).toBeNull();
  });

  it("keeps values containing colons whole", () => {
    expect(infoString(info, "executable")).toBe("/data/redis-server");
    expect(infoString(info, "listener0")).toBe("name=tcp,bind=*,bind=-::*,port=6379");
  });

  it("parses keyspace lines", () => {
    expect(info.keyspace).toEqual({
      db0: { keys: 412345, expires: 398211, avgTtl: 2875123 },
      db2: { keys: 12, expires: 0, avgTtl: 0 },
    });
    expect(parseRedisInfo("db0:keys=3,expires=1,avg_ttl=0,subexpiry=2").keyspace.db0).toEqual({
      keys: 3,
      expires: 1,
      avgTtl: 0,
      subexpiry: 2,
    });
  });

  it("accepts the CRLF line endings Redis sends", () => {
    const crlf = parseRedisInfo(text.replace(/\n/g, "\r\n"));
    expect(infoString(crlf, "maxmemory_policy")).toBe("allkeys-lru");
    expect(crlf.keyspace.db0?.keys).toBe(412345);
  });

  it("accepts grep output without section headers", () => {
    const grep = parseRedisInfo("keyspace_hits:5\nkeyspace_misses:1\n");
    expect(grep.sections[""]).toEqual({ keyspace_hits: "5", keyspace_misses: "1" });
  });

  it("returns an empty reading for empty text", () => {
    expect(parseRedisInfo("")).toEqual({ sections: {}, fields: {}, keyspace: {} });
  });

  it("names the line it cannot read", () => {
    expect(() => parseRedisInfo("# Memory\nused_memory:1\nERR unknown section\n")).toThrowError(
      new RedisInfoParseError(3, "ERR unknown section", 'expected "field:value" or "# Section"'),
    );
    expect(() => parseRedisInfo("db0:keys=x")).toThrow('line 1: expected keys=N,expires=N,avg_ttl=N: "db0:keys=x"');
    expect(() => parseRedisInfo("used memory:1")).toThrow("line 1: a field name cannot contain spaces");
  });
});

describe("parseInfoSubfields", () => {
  it("splits comma-separated key=value pairs", () => {
    expect(parseInfoSubfields("calls=12,usec=340,usec_per_call=28.33")).toEqual({
      calls: "12",
      usec: "340",
      usec_per_call: "28.33",
    });
  });
});

describe("readRedisInfo", () => {
  it("gives the typed reading of a well-formed reply", () => {
    expect(readRedisInfo(text)).toEqual({ ok: true, value: parseRedisInfo(text) });
  });

  it("is an error verdict naming the line of malformed output", () => {
    const read = readRedisInfo("# Memory\nNOAUTH Authentication required.\n");
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.verdict.status).toBe("error");
    expect(read.verdict.headline).toBe("unexpected INFO output");
    expect(read.verdict.detail).toBe(
      'line 2: expected "field:value" or "# Section": "NOAUTH Authentication required."',
    );
  });
});

describe("grepInfo", () => {
  const info = parseRedisInfo(text);
  const lines = (word: string, from = info) =>
    grepInfo(from, word).map((l) => (l.value === null ? l.name : `${l.name}:${l.value}`));

  it("keeps the lines grep would print", () => {
    expect(lines("hit")).toEqual(["keyspace_hits:840000", "active_defrag_hits:0", "active_defrag_key_hits:0"]);
    expect(lines("used_memory")).toHaveLength(21);
    expect(lines("evicted_keys", parseRedisInfo(text.replace(/\n/g, "\r\n")))).toEqual(["evicted_keys:1523"]);
    expect(lines("HIT")).toEqual([]);
  });

  it("matches section headers as grep would, and whole lines across the colon", () => {
    expect(grepInfo(info, "# Mem")).toEqual([{ name: "# Memory", value: null }]);
    expect(lines("maxmemory_policy:allkeys")).toEqual(["maxmemory_policy:allkeys-lru"]);
  });
});
