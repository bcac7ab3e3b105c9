// The Redis ACL users of lib/systems/redis/least-privilege.ts on a private redis-server: every Redis diagnosis step of
// every runbook runs as rb_diag without a permission error, and Redis itself refuses anything else.
import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { allSteps, parseStep } from "@/lib/diagnostics/plan";
import { acquireInFlight } from "@/lib/limits/in-flight";
import { consumeRateLimit, resetRateLimits } from "@/lib/limits/rate-limit";
import { closeLimitsStores } from "@/lib/limits/store";
import { getLibrary } from "@/lib/runbooks/library";
import {
  closeRedis,
  redisDbsize,
  redisLatencyLatest,
  redisMemoryDoctor,
  redisMemoryStats,
  redisRemediationConfigSet,
  redisRemediationInfoMemory,
  redisSlowlog,
} from "@/lib/systems/redis/client";
import {
  aclSetUserArgs,
  REDIS_DIAGNOSTICS_USER,
  REDIS_LIMITS_USER,
  REDIS_REMEDIATION_USER,
  type RedisAclUser,
} from "@/lib/systems/redis/least-privilege";
import { isolateConfigEnv } from "../diagnostics/support";
import { setEnv } from "../systems/helpers";
import { type PrivateRedis, startPrivateRedis } from "./private-redis";

let redis: PrivateRedis;
let env: { restore: () => void };
const passwords = new Map<string, string>();
const clients: Redis[] = [];

function urlOf(user: RedisAclUser): string {
  return redis.urlFor(user.name, passwords.get(user.name) ?? "");
}

/** A plain client logged in as `user`, for trying commands the dashboard itself never sends. */
async function clientAs(user: RedisAclUser): Promise<Redis> {
  const client = new Redis(urlOf(user), {
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  clients.push(client);
  await client.connect();
  return client;
}

/** ACL DRYRUN's verdict: "OK", or Redis's own sentence on why the user may not. */
async function dryRun(user: RedisAclUser, ...command: string[]): Promise<string> {
  return String(await redis.admin.call("ACL", "DRYRUN", user.name, ...command));
}

beforeAll(async () => {
  env = isolateConfigEnv();
  redis = await startPrivateRedis();
  for (const user of [REDIS_DIAGNOSTICS_USER, REDIS_REMEDIATION_USER, REDIS_LIMITS_USER]) {
    const password = randomBytes(18).toString("base64url");
    passwords.set(user.name, password);
    await redis.admin.call("ACL", ...aclSetUserArgs(user, password));
  }
  // What the guide's rate_limit step reads, and a key the diagnostics user must not read.
  await redis.admin.set("rate_limit:42", "17", "EX", 60);
  await redis.admin.set("session:secret", "do-not-read");
  await redis.admin.call("ACL", "LOG", "RESET");
  setEnv({ REDIS_URL: urlOf(REDIS_DIAGNOSTICS_USER) });
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await closeRedis();
  await closeLimitsStores();
  resetRateLimits();
  await redis?.stop();
  env?.restore();
});

interface RedisStep {
  runbook: string;
  stepId: string;
  command: string;
  params: Record<string, string>;
}

/** Every step of every runbook that runs a Redis command, with a valid value for each parameter. */
function redisSteps(): RedisStep[] {
  const out: RedisStep[] = [];
  for (const runbook of getLibrary().runbooks) {
    for (const { step, context } of allSteps(runbook)) {
      const parsed = parseStep(step, context);
      if (parsed.type !== "operation" || parsed.operation.kind !== "redis") continue;
      const params: Record<string, string> = {};
      for (const spec of parsed.params) params[spec.name] = spec.defaultValue ?? "42";
      out.push({ runbook: runbook.slug, stepId: step.id, command: parsed.operation.command, params });
    }
  }
  return out;
}

describe("rb_diag: the diagnostics user", () => {
  it("runs every Redis diagnosis step of every runbook without a permission error", async () => {
    const steps = redisSteps();
    // The guide's Redis checks: INFO (with and without a section), CONFIG GET maxmemory, GET rate_limit:{user_id};
    // the team's keyspace analysis (redis-cli --memkeys: SCAN, MEMORY USAGE, PTTL, TYPE on every key).
    expect(new Set(steps.map((s) => s.command))).toEqual(new Set(["INFO", "CONFIG GET", "GET", "--memkeys"]));
    for (const step of steps) {
      const result = await executeStep(step);
      const where = `${step.runbook}/${step.stepId} (${result.cli})`;
      expect(result.verdict.status, `${where}: ${result.verdict.headline} ${result.verdict.detail ?? ""}`).not.toBe(
        "error",
      );
      expect(result.raw, where).not.toMatch(/NOPERM|no permissions/i);
    }
    const rateLimit = steps.find((s) => s.command === "GET");
    expect(rateLimit).toBeDefined();
    if (rateLimit) expect((await executeStep(rateLimit)).raw).toContain("17");
    // The keyspace analysis measured both keys, the one rb_diag may not GET included, without reading a value.
    const keyspace = steps.find((s) => s.command === "--memkeys");
    if (keyspace) {
      const result = await executeStep(keyspace);
      expect(result.verdict.figures.find((f) => f.label === "keys measured")?.value).toBe(2);
      expect(result.raw).toContain("session:*");
      expect(result.raw).not.toContain("do-not-read");
    }
  });

  it("can send every other read the Redis target module offers", async () => {
    // Each resolves to its reader's typed value ({ ok: true, value }), not a permission error.
    await expect(redisSlowlog(5)).resolves.toMatchObject({ ok: true, value: expect.any(Array) });
    await expect(redisLatencyLatest()).resolves.toMatchObject({ ok: true, value: expect.any(Array) });
    await expect(redisMemoryStats()).resolves.toMatchObject({
      ok: true,
      value: { "peak.allocated": expect.any(Number) },
    });
    await expect(redisMemoryDoctor()).resolves.toMatch(/\w/);
    await expect(redisDbsize()).resolves.toBe(2);
  });

  it("left nothing in Redis's ACL log: no command the dashboard sends was refused", async () => {
    const log = (await redis.admin.call("ACL", "LOG")) as unknown[];
    // ioredis also sends CLIENT SETINFO (Redis >= 7.2) and ignores a refusal; the subcommand does not exist on
    // 7.0, so it cannot be granted there. Any other entry is a command the diagnostics user lacks.
    const entries = log.map((entry) => JSON.stringify(entry)).filter((e) => !/client\|setinfo/i.test(e));
    expect(entries).toEqual([]);
  });

  it("is refused by Redis for anything but its reads (ACL DRYRUN)", async () => {
    expect(await dryRun(REDIS_DIAGNOSTICS_USER, "INFO")).toBe("OK");
    expect(await dryRun(REDIS_DIAGNOSTICS_USER, "GET", "rate_limit:42")).toBe("OK");
    // The keyspace analysis: key names, and any key's size, expiry and type, but never its value.
    for (const command of [
      ["SCAN", "0", "COUNT", "1000"],
      ["MEMORY", "USAGE", "session:secret"],
      ["PTTL", "session:secret"],
      ["TYPE", "session:secret"],
    ]) {
      expect(await dryRun(REDIS_DIAGNOSTICS_USER, ...command), command.join(" ")).toBe("OK");
    }
    // The read-only command space (command-space.ts): reads of granted keys, and SCAN with a COUNT.
    expect(await dryRun(REDIS_DIAGNOSTICS_USER, "TTL", "rate_limit:42")).toBe("OK");
    expect(await dryRun(REDIS_DIAGNOSTICS_USER, "SCAN", "0", "COUNT", "100")).toBe("OK");
    for (const command of [
      ["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"],
      ["FLUSHALL"],
      ["KEYS", "*"],
      ["TTL", "session:secret"],
      ["BLPOP", "rate_limit:42", "1"],
      ["XREAD", "BLOCK", "1", "STREAMS", "rate_limit:42", "0"],
      ["GET", "session:secret"],
      ["DUMP", "session:secret"],
      ["OBJECT", "ENCODING", "session:secret"],
      ["SET", "rate_limit:42", "0"],
      ["DEL", "rate_limit:42"],
      ["SHUTDOWN"],
    ]) {
      expect(await dryRun(REDIS_DIAGNOSTICS_USER, ...command), command.join(" ")).toMatch(/no permissions/i);
    }
  });

  it("cannot apply the guide's remediation: Redis itself answers NOPERM", async () => {
    const diag = await clientAs(REDIS_DIAGNOSTICS_USER);
    await expect(diag.config("SET", "maxmemory-policy", "allkeys-lru")).rejects.toThrow(/NOPERM/);
    await expect(diag.get("session:secret")).rejects.toThrow(/NOPERM/);
    expect(await redis.admin.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
  });
});

describe("rb_remediate: the remediation user", () => {
  it("may change maxmemory-policy and read it back, and nothing else", async () => {
    expect(await dryRun(REDIS_REMEDIATION_USER, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")).toBe("OK");
    for (const command of [["FLUSHALL"], ["KEYS", "*"], ["GET", "rate_limit:42"], ["SET", "x", "1"]]) {
      expect(await dryRun(REDIS_REMEDIATION_USER, ...command), command.join(" ")).toMatch(/no permissions/i);
    }
    expect(await dryRun(REDIS_REMEDIATION_USER, "CONFIG", "GET", "requirepass")).toMatch(/no permissions/i);
    const remediate = await clientAs(REDIS_REMEDIATION_USER);
    await expect(remediate.flushall()).rejects.toThrow(/NOPERM/);
    expect(await redis.admin.dbsize()).toBe(2);
  });

  it("applies the guide's change through the dashboard's remediation connection, and reads INFO memory", async () => {
    setEnv({ REDIS_REMEDIATION_URL: urlOf(REDIS_REMEDIATION_USER) });
    try {
      await redisRemediationConfigSet("maxmemory-policy", "allkeys-lru");
      expect(await redis.admin.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "allkeys-lru"]);
      const info = await redisRemediationInfoMemory();
      expect(info.fields.maxmemory_policy).toBe("allkeys-lru");
    } finally {
      await redis.admin.config("SET", "maxmemory-policy", "noeviction");
      setEnv({ REDIS_REMEDIATION_URL: undefined });
    }
  });

  it("without REDIS_REMEDIATION_URL the change goes through rb_diag, and Redis refuses it", async () => {
    setEnv({ REDIS_REMEDIATION_URL: undefined });
    await expect(redisRemediationConfigSet("maxmemory-policy", "allkeys-lru")).rejects.toMatchObject({
      kind: "auth",
      code: "NOPERM",
    });
    expect(await redis.admin.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
  });
});

describe("rb_limits: the rate-limit and in-flight store user", () => {
  it("counts rate limits and takes in-flight locks, confined to rb:* keys", async () => {
    setEnv({ LIMITS_REDIS_URL: urlOf(REDIS_LIMITS_USER), RUNS_PER_MINUTE: "2", REMEDIATIONS_PER_MINUTE: "1" });
    resetRateLimits();
    try {
      const actor = `acl-test-${randomBytes(4).toString("hex")}`;
      expect(await consumeRateLimit(actor, "remediations")).toEqual({ ok: true });
      const second = await consumeRateLimit(actor, "remediations");
      // Refused for the count, not because the store failed (which would carry a reason).
      expect(second).toMatchObject({ ok: false });
      expect(second).not.toHaveProperty("reason");
      const lock = await acquireInFlight(`acl-test ${actor}`, 5000);
      expect(lock).not.toBeNull();
      expect(await redis.admin.keys("rb:inflight:*")).toHaveLength(1);
      await lock?.release();
      expect(await redis.admin.keys("rb:inflight:*")).toHaveLength(0);
      for (const command of [["GET", "rate_limit:42"], ["FLUSHALL"], ["CONFIG", "GET", "requirepass"]]) {
        expect(await dryRun(REDIS_LIMITS_USER, ...command), command.join(" ")).toMatch(/no permissions/i);
      }
    } finally {
      await closeLimitsStores();
      resetRateLimits();
      setEnv({ LIMITS_REDIS_URL: undefined, RUNS_PER_MINUTE: undefined, REMEDIATIONS_PER_MINUTE: undefined });
    }
  });
});
