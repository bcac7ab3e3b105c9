import { describe, expect, it } from "vitest";
import {
  filterInfoLines,
  infoNumber,
  infoString,
  parseInfoSubfields,
  parseRedisInfo,
  RedisInfoParseError,
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

describe("filterInfoLines", () => {
  it("keeps the lines grep would print", () => {
    expect(filterInfoLines(text, "hit")).toBe(
      ["keyspace_hits:840000", "active_defrag_hits:0", "active_defrag_key_hits:0"].join("\n"),
    );
    expect(filterInfoLines(text, "used_memory").split("\n")).toHaveLength(21);
    expect(filterInfoLines(text.replace(/\n/g, "\r\n"), "evicted_keys")).toBe("evicted_keys:1523");
    expect(filterInfoLines(text, "HIT")).toBe("");
  });
});
