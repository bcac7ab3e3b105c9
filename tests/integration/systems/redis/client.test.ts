// lib/targets/redis against the real Redis, a closed port and a listener that never answers.

import net from "node:net";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASK } from "@/lib/server/redact";
import { TargetError } from "@/lib/systems/core/target-error";
import {
  closeRedis,
  REDIS_VALUE_CAP,
  redisConfigGet,
  redisDbsize,
  redisGetWithTtl,
  redisInfo,
  redisLatencyLatest,
  redisMemoryDoctor,
  redisMemoryStats,
  redisSlowlog,
  toRedisError,
} from "@/lib/systems/redis/client";
import type { Checked } from "@/lib/verdict/check-input";
import { blackhole, closedPort, REDIS_URL, RUN_ID, rejection, START_SERVICES, setEnv, withEnv } from "../helpers";

const prefix = `rbtest:${RUN_ID}:`;
// A plain ioredis client for fixtures only (creating and deleting keys); the module under test has its own.
let fixture: Redis;

/** The typed value the client's reader produced; fails with the reader's verdict when it refused the reply. */
function ok<T>(read: Checked<T>): T {
  if (!read.ok) throw new Error(`${read.verdict.headline}: ${read.verdict.detail}`);
  return read.value;
}

function asTargetError(e: unknown): TargetError {
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

beforeAll(async () => {
  fixture = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  fixture.on("error", () => undefined);
  try {
    await fixture.connect();
    await fixture.ping();
  } catch (e) {
    throw new Error(`Redis at ${REDIS_URL} is not reachable (${String(e)}) — ${START_SERVICES}`);
  }
  setEnv({ REDIS_URL });
});

afterAll(async () => {
  const keys = await fixture.keys(`${prefix}*`);
  if (keys.length > 0) await fixture.del(...keys);
  fixture.disconnect();
  await closeRedis();
});

describe("redis target on a live server", () => {
  it("INFO returns every section, read once into the typed reading", async () => {
    const reply = await redisInfo();
    const info = ok(reply.reading);
    expect(info.fields.redis_version).toMatch(/^\d+\.\d+/);
    expect(info.sections.Server?.redis_version).toBe(info.fields.redis_version);
    expect(info.sections.Stats?.keyspace_hits).toMatch(/^\d+$/);
    expect(Object.keys(info.keyspace).every((db) => /^db\d+$/.test(db))).toBe(true);
    expect(reply.raw).toContain("# Memory");
  });

  it("INFO memory returns only that section", async () => {
    const info = ok((await redisInfo("memory")).reading);
    expect(Object.keys(info.sections)).toEqual(["Memory"]);
    expect(Number(info.fields.used_memory)).toBeGreaterThan(0);
    expect(info.fields.maxmemory_policy).toBeTruthy();
  });

  it("rejects a malformed INFO section before sending it", async () => {
    const { error } = await rejection(redisInfo("memory\r\nFLUSHALL"));
    expect(asTargetError(error).kind).toBe("invalid");
  });

  it("GET + PTTL of a key with a TTL", async () => {
    await fixture.set(`${prefix}rate_limit:u1`, "42", "PX", 60_000);
    const r = await redisGetWithTtl(`${prefix}rate_limit:u1`);
    expect(r.value).toBe("42");
    expect(r.pttl).toBeGreaterThan(50_000);
    expect(r.pttl).toBeLessThanOrEqual(60_000);
    expect(r.truncated).toBe(false);
  });

  it("GET + PTTL of a key without a TTL reports -1 (blocked forever)", async () => {
    await fixture.set(`${prefix}rate_limit:stuck`, "1000");
    const r = await redisGetWithTtl(`${prefix}rate_limit:stuck`);
    expect(r).toMatchObject({ value: "1000", pttl: -1 });
  });

  it("GET + PTTL of a missing key reports null and -2", async () => {
    const r = await redisGetWithTtl(`${prefix}rate_limit:nobody`);
    expect(r).toMatchObject({ value: null, pttl: -2, truncated: false });
  });

  it("caps a huge value", async () => {
    await fixture.set(`${prefix}big`, "x".repeat(REDIS_VALUE_CAP * 2));
    const r = await redisGetWithTtl(`${prefix}big`);
    expect(r.truncated).toBe(true);
    expect(r.value?.length).toBe(REDIS_VALUE_CAP);
  });

  it("GET of a non-string key keeps the server's words", async () => {
    await fixture.rpush(`${prefix}list`, "a");
    const { error } = await rejection(redisGetWithTtl(`${prefix}list`));
    const e = asTargetError(error);
    expect(e.kind).toBe("other");
    expect(e.message).toMatch(/WRONGTYPE/);
  });

  it("CONFIG GET maxmemory", async () => {
    const entries = ok(await redisConfigGet("maxmemory"));
    expect(entries.map((e) => e.name)).toEqual(["maxmemory"]);
    expect(entries[0]?.value).toMatch(/^\d+$/);
  });

  it("CONFIG GET masks requirepass and refuses globs", async () => {
    expect(ok(await redisConfigGet("requirepass"))).toEqual([{ name: "requirepass", value: MASK }]);
    expect(ok(await redisConfigGet("masterauth"))).toEqual([{ name: "masterauth", value: MASK }]);
    const { error } = await rejection(redisConfigGet("*"));
    expect(asTargetError(error).kind).toBe("invalid");
  });

  it("SLOWLOG GET returns typed entries", async () => {
    const original = (await fixture.config("GET", "slowlog-log-slower-than")) as string[];
    const marker = `${prefix}slow-marker`;
    try {
      // Log everything for one command so the entry is certain to exist.
      await fixture.config("SET", "slowlog-log-slower-than", "0");
      await fixture.get(marker);
    } finally {
      await fixture.config("SET", "slowlog-log-slower-than", original[1] ?? "10000");
    }
    const entries = ok(await redisSlowlog(128));
    const mine = entries.find((e) => e.args.includes(marker));
    expect(mine).toBeDefined();
    expect(mine?.args[0]?.toLowerCase()).toBe("get");
    expect(mine?.durationMicros).toBeGreaterThanOrEqual(0);
    expect(mine?.timestamp).toBeGreaterThan(1_600_000_000);
    await expect(redisSlowlog(0)).rejects.toMatchObject({ kind: "invalid" });
  });

  it("LATENCY LATEST returns a list (empty unless latency-monitor-threshold is set)", async () => {
    const events = ok(await redisLatencyLatest());
    expect(Array.isArray(events)).toBe(true);
    for (const e of events) expect(typeof e.event).toBe("string");
  });

  it("MEMORY STATS and MEMORY DOCTOR", async () => {
    const stats = ok(await redisMemoryStats());
    expect(typeof stats["peak.allocated"]).toBe("number");
    expect(stats["keys.count"]).toBeGreaterThanOrEqual(1);
    const doctor = await redisMemoryDoctor();
    expect(doctor.length).toBeGreaterThan(10);
  });

  it("DBSIZE counts our keys", async () => {
    expect(await redisDbsize()).toBeGreaterThanOrEqual(3);
  });

  it("serves concurrent calls on the one pooled client", async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => redisDbsize()));
    expect(new Set(results.map((n) => typeof n))).toEqual(new Set(["number"]));
  });

  it("maps the server's 'unknown command' to unsupported with its words", async () => {
    const reply = await fixture.call("NO-SUCH-COMMAND").catch((e: unknown) => e);
    const e = toRedisError(reply, "redis://127.0.0.1");
    expect(e.kind).toBe("unsupported");
    expect(e.message).toMatch(/unknown command/i);
  });
});

describe("redis target failures", () => {
  it("not configured names the variable", async () => {
    await withEnv({ REDIS_URL: undefined }, async () => {
      const { error } = await rejection(redisInfo());
      const e = asTargetError(error);
      expect(e.kind).toBe("not-configured");
      expect(e.message).toContain("REDIS_URL");
    });
  });

  it("a closed port is 'refused' within 2.5 s", async () => {
    const port = await closedPort();
    await withEnv({ REDIS_URL: `redis://127.0.0.1:${port}` }, async () => {
      const { error, ms } = await rejection(redisInfo());
      expect(asTargetError(error).kind).toBe("refused");
      expect(ms).toBeLessThan(2500);
      // And again: no queued command, no hang on the second try.
      const again = await rejection(redisDbsize());
      expect(asTargetError(again.error).kind).toBe("refused");
      expect(again.ms).toBeLessThan(2500);
    });
  });

  it("a listener that never answers is 'timeout' within the deadline, and the socket is closed", async () => {
    const hole = await blackhole();
    try {
      await withEnv({ REDIS_URL: `redis://127.0.0.1:${hole.port}` }, async () => {
        const { error, ms } = await rejection(redisInfo());
        expect(asTargetError(error).kind).toBe("timeout");
        expect(ms).toBeLessThan(2600);
        expect(hole.accepted()).toBeGreaterThanOrEqual(1);
        await hole.allClosed(1000);
        const again = await rejection(redisGetWithTtl("k"));
        expect(asTargetError(again.error).kind).toBe("timeout");
        await hole.allClosed(1000);
      });
    } finally {
      await hole.close();
    }
  });

  it("a server that completes the handshake then stops answering is 'timeout' after 5 s, socket closed", async () => {
    const stalled = await stalledRedis();
    try {
      await withEnv({ REDIS_URL: `redis://127.0.0.1:${stalled.port}` }, async () => {
        const { error, ms } = await rejection(redisDbsize());
        const e = asTargetError(error);
        expect(e.kind).toBe("timeout");
        expect(e.message).toContain("5 s");
        expect(ms).toBeGreaterThan(4500);
        expect(ms).toBeLessThan(6000);
        expect(stalled.swallowed()).toContain("dbsize");
        await stalled.allClosed(1000);
      });
    } finally {
      await stalled.close();
    }
  });

  it("a wrong password is 'auth' and the password never appears", async () => {
    const secret = `wrong-${RUN_ID}-pw`;
    await withEnv(
      { REDIS_URL: `${REDIS_URL.replace(/^redis:\/\//, `redis://nobody-${RUN_ID}:${secret}@`)}` },
      async () => {
        const { error, ms } = await rejection(redisInfo());
        const e = asTargetError(error);
        expect(e.kind).toBe("auth");
        expect(e.message).toMatch(/WRONGPASS|NOAUTH|invalid username-password/i);
        expect(e.message).not.toContain(secret);
        expect(JSON.stringify(e.toJSON())).not.toContain(secret);
        expect(ms).toBeLessThan(2600);
      },
    );
  });
});

/**
 * A minimal RESP peer: answers the connection handshake (CLIENT SETNAME/SETINFO, INFO ready check,
 * SELECT, AUTH) like Redis, then swallows every other command — a server hung after connect.
 */
async function stalledRedis() {
  const sockets = new Set<net.Socket>();
  const swallowed: string[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("latin1");
      for (;;) {
        const parsed = parseCommand(buffered);
        if (!parsed) break;
        buffered = buffered.slice(parsed.length);
        const name = parsed.args[0]?.toLowerCase() ?? "";
        if (name === "info") {
          const body = "# Server\r\nredis_version:7.0.0\r\nloading:0\r\n";
          socket.write(`$${Buffer.byteLength(body)}\r\n${body}\r\n`);
        } else if (name === "client" || name === "select" || name === "auth") {
          socket.write("+OK\r\n");
        } else {
          swallowed.push(name);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    swallowed: () => swallowed,
    allClosed: async (ms: number) => {
      const until = Date.now() + ms;
      while (sockets.size > 0) {
        if (Date.now() > until) throw new Error(`${sockets.size} socket(s) still open`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Parses one RESP array of bulk strings from the start of `text`, or null if incomplete. */
function parseCommand(text: string): { args: string[]; length: number } | null {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header?.[1]) return null;
  let pos = header[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const bulk = /^\$(\d+)\r\n/.exec(text.slice(pos));
    if (!bulk?.[1]) return null;
    const len = Number(bulk[1]);
    const start = pos + bulk[0].length;
    if (text.length < start + len + 2) return null;
    args.push(text.slice(start, start + len));
    pos = start + len + 2;
  }
  return { args, length: pos };
}
