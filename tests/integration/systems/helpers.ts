// Shared plumbing for the target integration tests: service addresses, env switching, dead and silent ports.
import net from "node:net";
import { MongoClient } from "mongodb";
import { resetConfig } from "@/lib/config";

// Tests may read the environment (only app code may not); scripts/services.sh exports these.
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const MONGODB_URL = process.env.MONGODB_URL ?? "mongodb://127.0.0.1:27017/";

export const START_SERVICES = "run `bash scripts/services.sh` to start the test services";

/** A run-unique tag for key prefixes and database names, so parallel runs never collide. */
export const RUN_ID = `${process.pid}_${Date.now().toString(36)}`;

/** Sets (or, with undefined, deletes) variables and makes getConfig() re-read them. */
export function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfig();
}

/** Runs `fn` with `vars` set, restoring the previous values afterwards. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const before: Record<string, string | undefined> = {};
  for (const k of Object.keys(vars)) before[k] = process.env[k];
  setEnv(vars);
  try {
    return await fn();
  } finally {
    setEnv(before);
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A free loopback port for a child process to bind. */
export const freePort = closedPort;

export interface Blackhole {
  port: number;
  /** Sockets accepted so far. */
  accepted: () => number;
  /** Sockets still open on the server side. */
  open: () => number;
  /** Resolves when every accepted socket has been closed by the client, or rejects after `ms`. */
  allClosed: (ms: number) => Promise<void>;
  close: () => Promise<void>;
}

/** A TCP listener that accepts connections and never sends a byte (the `nc -l` failure mode). */
export async function blackhole(): Promise<Blackhole> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    // Read and discard whatever the client sends, answer nothing.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    accepted: () => accepted,
    open: () => sockets.size,
    allClosed: async (ms) => {
      const until = Date.now() + ms;
      while (sockets.size > 0) {
        if (Date.now() > until) throw new Error(`${sockets.size} socket(s) still open after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Awaits a promise that must reject, returning the error and how long it took. */
export async function rejection(p: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await p;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** A plain driver client for a suite's fixtures, or an error that says how to start the test services. */
export async function connectFixtureMongo(): Promise<MongoClient> {
  const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000, connectTimeoutMS: 3000 });
  try {
    await client.db("admin").command({ ping: 1 });
  } catch (e) {
    await client.close().catch(() => undefined);
    throw new Error(
      `the MongoDB-compatible server at ${MONGODB_URL} is not reachable (${String(e)}) — ${START_SERVICES}`,
    );
  }
  return client;
}
