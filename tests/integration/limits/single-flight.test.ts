// Identical runs share one execution: 20 operators pressing Run on the same step at once all get the verdict,
// and the backend sees one command — in one instance, and across two instances sharing LIMITS_REDIS_URL.
// The backend is a real private redis-server behind a proxy that delays every reply, so the runs overlap;
// MONITOR on that server counts what reached it.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { executeStep } from "@/lib/diagnostics/execute-step";
import { flightKeys } from "@/lib/diagnostics/single-flight";
import { acquireInFlight, inFlightKeys, inFlightRedisKey } from "@/lib/limits/in-flight";
import { closeLimitsStores } from "@/lib/limits/store";
import { closeRedis } from "@/lib/systems/redis/client";
import { isolateConfigEnv } from "../diagnostics/support";
import { type PrivateRedis, startPrivateRedis } from "../security/private-redis";
import { REDIS_URL, RUN_ID, setEnv } from "../systems/helpers";

const ROOT = path.resolve(__dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CHILD = path.join(__dirname, "run-child.ts");
/** `redis-cli info memory`: the step every operator presses. */
const INFO_MEMORY = { runbook: "cache-memory-issues", stepId: "diagnosis-1", params: {} };
const DELAY_MS = 400;

interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

/** Forwards TCP to `target`, holding each reply chunk back DELAY_MS: a slow backend. */
async function delayProxy(targetPort: number): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => setTimeout(() => client.writable && client.write(chunk), DELAY_MS));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy has no port");
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Counts `INFO memory` commands reaching the server while `fn` runs (MONITOR sees every command). */
async function countInfoMemory(redis: PrivateRedis, fn: () => Promise<void>): Promise<number> {
  const monitor = await new Redis(redis.url).monitor();
  let count = 0;
  monitor.on("monitor", (_time: string, args: string[]) => {
    if (args[0]?.toLowerCase() === "info" && args[1]?.toLowerCase() === "memory") count++;
  });
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    monitor.disconnect();
  }
  return count;
}

function startChild(n: number): { child: ChildProcess; output: Promise<{ status: string; shared: boolean }[]> } {
  const child = spawn(TSX, ["--conditions=react-server", CHILD, INFO_MEMORY.runbook, INFO_MEMORY.stepId, String(n)], {
    cwd: ROOT,
    env: process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const output = new Promise<{ status: string; shared: boolean }[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child timed out; stdout: ${out}; stderr: ${err}`));
    }, 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0)
        resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "[]") as { status: string; shared: boolean }[]);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
  return { child, output };
}

/** Waits (bounded, 30 s) until the child has loaded its modules and says READY. */
async function ready(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("child did not get ready within 30 s")), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("READY")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

let env: { restore: () => void };
let backend: PrivateRedis;
let proxy: DelayProxy;

beforeAll(async () => {
  env = isolateConfigEnv();
  backend = await startPrivateRedis();
  proxy = await delayProxy(backend.port);
  setEnv({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
}, 30_000);

afterAll(async () => {
  await closeRedis();
  await closeLimitsStores();
  await proxy?.close();
  await backend?.stop();
  env?.restore();
});

beforeEach(async () => {
  await closeRedis();
});

describe("identical runs share one execution", () => {
  it("20 concurrent identical runs in one instance: 20 results, 1 marked its own, 19 shared, 1 backend command", async () => {
    // Connect first, so the burst measures runs, not the connection handshake.
    await executeStep(INFO_MEMORY);
    let results: Awaited<ReturnType<typeof executeStep>>[] = [];
    const commands = await countInfoMemory(backend, async () => {
      results = await Promise.all(Array.from({ length: 20 }, () => executeStep(INFO_MEMORY)));
    });
    expect(results).toHaveLength(20);
    // A private redis-server without maxmemory: every operator sees the same warning.
    expect(new Set(results.map((r) => r.verdict.status))).toEqual(new Set(["warning"]));
    expect(results.filter((r) => r.shared === true)).toHaveLength(19);
    expect(new Set(results.map((r) => r.startedAt)).size).toBe(1);
    expect(commands).toBe(1);
    expect(flightKeys()).toEqual([]);
    expect(inFlightKeys()).toEqual([]);
  }, 30_000);

  it("a run after the burst is a new run, not an old result", async () => {
    const first = await executeStep(INFO_MEMORY);
    const second = await executeStep(INFO_MEMORY);
    expect(second.shared).toBeUndefined();
    expect(Date.parse(second.startedAt)).toBeGreaterThan(Date.parse(first.startedAt));
  }, 30_000);

  it("across two instances sharing LIMITS_REDIS_URL: 20 runs split 10/10, 20 results, 1 backend command", async () => {
    setEnv({ LIMITS_REDIS_URL: REDIS_URL });
    const a = startChild(10);
    const b = startChild(10);
    try {
      await Promise.all([ready(a.child), ready(b.child)]);
      let results: { status: string; shared: boolean }[] = [];
      const commands = await countInfoMemory(backend, async () => {
        a.child.stdin?.end();
        b.child.stdin?.end();
        results = (await Promise.all([a.output, b.output])).flat();
      });
      expect(results).toHaveLength(20);
      expect(new Set(results.map((r) => r.status))).toEqual(new Set(["warning"]));
      expect(results.filter((r) => !r.shared)).toHaveLength(1);
      expect(commands).toBe(1);
    } finally {
      a.child.kill();
      b.child.kill();
      setEnv({ LIMITS_REDIS_URL: undefined });
    }
  }, 90_000);

  it("runs the step itself when the instance holding the lock died without a result", async () => {
    setEnv({ LIMITS_REDIS_URL: REDIS_URL });
    const fixture = new Redis(REDIS_URL);
    try {
      await executeStep(INFO_MEMORY); // connect first
      // The key names the step, its bound command and the evidence window (5 min by default).
      const key = inFlightRedisKey(`${INFO_MEMORY.runbook}/${INFO_MEMORY.stepId} redis-cli INFO memory [5m]`);
      // A dead instance's lock: it expires in 800 ms and no result will ever be published under it.
      await fixture.set(key, "dead-instance", "PX", 800);
      const started = Date.now();
      let result: Awaited<ReturnType<typeof executeStep>> | undefined;
      const commands = await countInfoMemory(backend, async () => {
        result = await executeStep(INFO_MEMORY);
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);
      expect(result?.shared).toBeUndefined();
      expect(result?.verdict.status).toBe("warning");
      expect(commands).toBe(1);
    } finally {
      fixture.disconnect();
      await closeLimitsStores();
      setEnv({ LIMITS_REDIS_URL: undefined });
    }
  }, 30_000);

  it("keeps runs with other parameter values apart, and the shared lock expires a bit above the step deadline", async () => {
    setEnv({ LIMITS_REDIS_URL: REDIS_URL });
    const fixture = new Redis(REDIS_URL);
    try {
      const a = await acquireInFlight(`${RUN_ID} high-error-rates/solution-1-1 GET rate_limit:1`, 15_000);
      const b = await acquireInFlight(`${RUN_ID} high-error-rates/solution-1-1 GET rate_limit:2`, 15_000);
      expect(a).not.toBeNull();
      expect(b).not.toBeNull();
      const ttl = await fixture.pttl(inFlightRedisKey(`${RUN_ID} high-error-rates/solution-1-1 GET rate_limit:1`));
      expect(ttl).toBeGreaterThan(10_000);
      expect(ttl).toBeLessThanOrEqual(15_000);
      await a?.release();
      await b?.release();
      expect(await fixture.exists(inFlightRedisKey(`${RUN_ID} high-error-rates/solution-1-1 GET rate_limit:1`))).toBe(
        0,
      );
    } finally {
      fixture.disconnect();
      await closeLimitsStores();
      setEnv({ LIMITS_REDIS_URL: undefined });
    }
  });
});
