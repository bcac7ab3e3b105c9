// Shared plumbing for the step tests: an isolated config environment, a private redis-server, a fake app service.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { expect } from "vitest";
import { CONFIG_VARIABLES, resetConfig } from "@/lib/config";
import type { StepRunResult } from "@/lib/diagnostics/types";
import type { Figure } from "@/lib/verdict/verdict";
import { freePort } from "../systems/helpers";

/** Every variable lib/config reads, cleared so the shell (or .services/env) cannot leak into a test. */
export function isolateConfigEnv(): { restore: () => void } {
  const saved: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
  // These suites test diagnostics, not sign-in (AUTH_MODE=local would demand AUTH_SECRET).
  process.env.AUTH_MODE = "none";
  resetConfig();
  return {
    restore: () => {
      for (const name of CONFIG_VARIABLES) {
        const value = saved[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetConfig();
    },
  };
}

/** The value of a figure by its label; fails the test when the verdict has no such figure. */
export function figure(result: StepRunResult, label: string): Figure["value"] {
  const found = result.verdict.figures.find((f) => f.label === label);
  expect(found, `figure "${label}" in ${JSON.stringify(result.verdict.figures)}`).toBeDefined();
  return found?.value ?? null;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// A private redis-server, so INFO counters and CONFIG SET maxmemory never touch the shared 6379.

export interface OwnRedis {
  port: number;
  url: string;
  /** A plain fixture client (not the module under test) for creating conditions. */
  fixture: Redis;
  stop: () => Promise<void>;
}

export const REDIS_SERVER_BIN = "redis-server";

async function stopChild(child: ChildProcess, ms = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  await exited;
  clearTimeout(timer);
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "rb-redis-"));
  let log = "";
  const child = spawn(
    REDIS_SERVER_BIN,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.on("error", (e) => {
    log += `spawn error: ${e.message}\n`;
  });
  child.stdout?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  child.stderr?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const fixture = new Redis({
    host: "127.0.0.1",
    port,
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  fixture.on("error", () => undefined);
  let ready = false;
  for (let attempt = 0; attempt < 50 && !ready; attempt++) {
    if (child.exitCode !== null) break;
    try {
      if (fixture.status === "wait" || fixture.status === "end") await fixture.connect();
      ready = (await fixture.ping()) === "PONG";
    } catch {
      await sleep(100);
    }
  }
  if (!ready) {
    fixture.disconnect();
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    throw new Error(`could not start ${REDIS_SERVER_BIN} on port ${port} (run \`bash scripts/services.sh\`):\n${log}`);
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    fixture,
    stop: async () => {
      fixture.disconnect();
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A real node:http service standing in for the guide's API: /metrics and /health, both switchable.

export interface HealthReply {
  status: number;
  contentType: string;
  body: string;
  delayMs?: number;
}

export interface AppService {
  port: number;
  base: string;
  /** What GET /metrics answers: exposition text or raw bytes (or a producer of text). */
  setMetrics: (body: string | Uint8Array | (() => string | Promise<string>)) => void;
  setHealth: (reply: HealthReply) => void;
  /** Requests seen per path. */
  hits: (path: string) => number;
  close: () => Promise<void>;
}

export const HEALTH_PASS: HealthReply = {
  status: 200,
  contentType: "application/health+json",
  body: JSON.stringify({ status: "pass", checks: { "db:connections": [{ status: "pass", observedValue: 4 }] } }),
};

export const HEALTH_FAIL: HealthReply = {
  status: 503,
  contentType: "application/health+json",
  body: JSON.stringify({
    status: "fail",
    output: "mongo unreachable",
    checks: { "mongo:connections": [{ status: "fail", output: "connection refused" }] },
  }),
};

/** Listens on `port` (0 picks a free one) on 127.0.0.1. */
export async function startAppService(port = 0): Promise<AppService> {
  let metrics: string | Uint8Array | (() => string | Promise<string>) = "";
  let health: HealthReply = HEALTH_PASS;
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    res.on("error", () => undefined);
    const p = (req.url ?? "/").split("?")[0] ?? "/";
    counts.set(p, (counts.get(p) ?? 0) + 1);
    if (p === "/metrics") {
      Promise.resolve(typeof metrics === "function" ? metrics() : metrics).then(
        (body) => {
          res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
          res.end(body);
        },
        (e: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(e));
        },
      );
      return;
    }
    if (p === "/health") {
      const reply = health;
      const send = () => {
        res.writeHead(reply.status, { "content-type": reply.contentType });
        res.end(reply.body);
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    base: `http://127.0.0.1:${address.port}`,
    setMetrics: (body) => {
      metrics = body;
    },
    setHealth: (reply) => {
      health = reply;
    },
    hits: (p) => counts.get(p) ?? 0,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
