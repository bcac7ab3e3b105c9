// Test support for the demo suites: a private redis-server, the shared FerretDB, free ports and metric parsing.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { MongoClient } from "mongodb";
import { DEFAULT_FAULT_TUNING, type DemoConfig, type FaultTuning, loadDemoConfig } from "../../../demo/config";

export const ROOT = path.resolve(__dirname, "../../..");
export const TSX = path.join(ROOT, "node_modules/.bin/tsx");

/** The machine's MongoDB-compatible server (npm run services starts FerretDB on 27017). */
export const MONGO_URL = process.env.MONGODB_URL ?? "mongodb://127.0.0.1:27017/";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(500);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Polls `fn` until it returns a value other than undefined, at most `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let i = 0; i < 10_000 && Date.now() < deadline; i++) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

export interface PrivateRedis {
  url: string;
  port: number;
  client: Redis;
  stop(): Promise<void>;
}

/** A throwaway redis-server: fault tests change maxmemory, which must never happen on the shared 6379. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-redis-"));
  let child: ChildProcess;
  try {
    child = spawn(
      "redis-server",
      ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir],
      {
        stdio: "ignore",
      },
    );
  } catch (error) {
    throw new Error(`cannot run redis-server (install it: apt-get install redis-server): ${String(error)}`);
  }
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    retryStrategy: () => 100,
  });
  await eventually(async () => ((await portOpen(port)) ? true : undefined), 10_000, `redis-server on ${port}`);
  await client.connect();
  return {
    url,
    port,
    client,
    async stop() {
      client.disconnect();
      child.kill("SIGTERM");
      await eventually(
        async () => (child.exitCode !== null || child.signalCode !== null ? true : undefined),
        5000,
        "redis-server exit",
      );
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Connects to the shared MongoDB-compatible server or fails saying how to start it. */
export async function connectMongo(): Promise<MongoClient> {
  const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 3000, socketTimeoutMS: 60_000 });
  try {
    await client.db("admin").command({ ping: 1 });
  } catch (error) {
    await client.close();
    throw new Error(
      `no MongoDB-compatible server at ${MONGO_URL} (${String(error)}); start one with: npm run services`,
    );
  }
  return client;
}

export function uniqueDbName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}

/** A DemoConfig on free ports (0), a temp log dir and the given Redis/Mongo, with fault tuning overrides. */
export function testConfig(opts: {
  redisUrl: string;
  database: string;
  stateDir: string;
  faults?: Partial<FaultTuning>;
  rateLimitMax?: number;
  mongoPoolSize?: number;
}): DemoConfig {
  const base = loadDemoConfig({
    DEMO_API_PORT: "0",
    DEMO_EXTERNAL_PORT: "0",
    DEMO_REDIS_URL: opts.redisUrl,
    DEMO_MONGO_URL: MONGO_URL,
    DEMO_MONGO_DATABASE: opts.database,
    DEMO_STATE_DIR: opts.stateDir,
    DEMO_RATE_LIMIT_MAX: String(opts.rateLimitMax ?? 100),
    DEMO_MONGO_POOL_SIZE: String(opts.mongoPoolSize ?? 10),
  });
  return { ...base, faults: { ...DEFAULT_FAULT_TUNING, ...base.faults, ...opts.faults } };
}

/** Sum of the samples of `name` whose labels include every pair of `labels` (Prometheus text format). */
export function sampleSum(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = new Map<string, string>();
    for (const pair of (m[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (pair[1] !== undefined) have.set(pair[1], pair[2] ?? "");
    }
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) sum = (sum ?? 0) + Number(m[4]);
  }
  return sum;
}

export async function getText(
  url: string,
  timeoutMs = 10_000,
): Promise<{ status: number; text: string; headers: Headers; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, ms: performance.now() - started };
}

export function queryUrl(base: string, agent: string, q: string, user: string): string {
  return `${base}/v1/agents/${encodeURIComponent(agent)}/query?q=${encodeURIComponent(q)}&user=${encodeURIComponent(user)}`;
}

export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}
