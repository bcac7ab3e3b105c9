// A throwaway redis-server on a port in 6450-6499 for ACL tests: ACL users must never be created on the shared 6379.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";

export interface PrivateRedis {
  port: number;
  /** URL of the unrestricted default user (fixtures only). */
  url: string;
  /** URL of a named ACL user. */
  urlFor(user: string, password: string): string;
  admin: Redis;
  stop(): Promise<void>;
}

const FIRST_PORT = 6450;
const LAST_PORT = 6499;

async function portFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts redis-server on the first free port of the range, or fails saying what went wrong. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  // Start from a pid-dependent port so parallel runs rarely probe the same one first.
  const span = LAST_PORT - FIRST_PORT + 1;
  const offset = process.pid % span;
  for (let i = 0; i < span; i++) {
    const port = FIRST_PORT + ((offset + i) % span);
    if (!(await portFree(port))) continue;
    const started = await tryStart(port);
    if (started) return started;
  }
  throw new Error(`no free port in ${FIRST_PORT}-${LAST_PORT} for a private redis-server`);
}

async function tryStart(port: number): Promise<PrivateRedis | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rb-acl-redis-"));
  let log = "";
  let child: ChildProcess;
  try {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    throw new Error(`cannot run redis-server (apt-get install redis-server): ${String(error)}`);
  }
  child.stdout?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  child.on("error", (e) => {
    log += `spawn error: ${e.message}\n`;
  });
  const admin = new Redis({
    host: "127.0.0.1",
    port,
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  admin.on("error", () => undefined);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (child.exitCode !== null) break;
    try {
      if (admin.status === "wait" || admin.status === "end") await admin.connect();
      if ((await admin.ping()) === "PONG") {
        return {
          port,
          url: `redis://127.0.0.1:${port}`,
          urlFor: (user, password) =>
            `redis://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
          admin,
          stop: async () => {
            admin.disconnect();
            await stopChild(child);
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  admin.disconnect();
  await stopChild(child);
  await rm(dir, { recursive: true, force: true });
  if (/Address already in use/i.test(log)) return undefined;
  throw new Error(`redis-server did not start on port ${port}:\n${log}`);
}
