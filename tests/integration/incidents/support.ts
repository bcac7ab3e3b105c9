// Shared plumbing for the incident tests: store factories (temp SQLite dir, unique Mongo database), fixtures, child processes.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import type { ActorRecord, AlertInput, NewRun } from "@/lib/incidents/model";
import { MongoIncidentStore } from "@/lib/incidents/mongo-store";
import { SqliteIncidentStore } from "@/lib/incidents/sqlite-store";
import type { IncidentStore } from "@/lib/incidents/store";
import { MONGODB_URL, RUN_ID, START_SERVICES } from "../systems/helpers";

export { MONGODB_URL, RUN_ID };

export const ROOT = path.resolve(__dirname, "../../..");
export const TSX = path.join(ROOT, "node_modules/.bin/tsx");
export const CHILD_SCRIPT = path.join(__dirname, "store-child.ts");

export const ACTOR: ActorRecord = { id: "local", name: "local user", role: "admin" };
export const OTHER: ActorRecord = { id: "u-2", name: "Second Responder", role: "operator" };

export interface StoreHarness {
  name: "sqlite" | "mongo";
  /** A store on fresh, empty storage. */
  fresh: () => Promise<IncidentStore>;
  /** Another store instance on the same storage as the last fresh() (a restart, or a second dashboard). */
  reopen: () => Promise<IncidentStore>;
  /** Env for a child process opening the same storage. */
  childEnv: () => Record<string, string>;
  cleanup: () => Promise<void>;
}

export function sqliteHarness(): StoreHarness {
  const dirs: string[] = [];
  const open: IncidentStore[] = [];
  let current = "";
  return {
    name: "sqlite",
    fresh: async () => {
      current = fs.mkdtempSync(path.join(os.tmpdir(), "incidents-sqlite-"));
      dirs.push(current);
      const store = new SqliteIncidentStore(current);
      open.push(store);
      return store;
    },
    reopen: async () => {
      const store = new SqliteIncidentStore(current);
      open.push(store);
      return store;
    },
    childEnv: () => ({ STORE_KIND: "sqlite", STORE_DIR: current }),
    cleanup: async () => {
      for (const s of open) await s.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

export async function assertMongoUp(): Promise<void> {
  const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.db("admin").command({ ping: 1 });
  } catch (e) {
    throw new Error(
      `the MongoDB-compatible server at ${MONGODB_URL} is not reachable (${String(e)}) — ${START_SERVICES}`,
    );
  } finally {
    await client.close();
  }
}

export function mongoHarness(): StoreHarness {
  const databases: string[] = [];
  const open: IncidentStore[] = [];
  let current = "";
  let n = 0;
  return {
    name: "mongo",
    fresh: async () => {
      current = `inc_${RUN_ID}_${n++}`;
      databases.push(current);
      const store = await MongoIncidentStore.open(MONGODB_URL, current);
      open.push(store);
      return store;
    },
    reopen: async () => {
      const store = await MongoIncidentStore.open(MONGODB_URL, current);
      open.push(store);
      return store;
    },
    childEnv: () => ({ STORE_KIND: "mongo", STORE_URL: MONGODB_URL, STORE_DB: current }),
    cleanup: async () => {
      for (const s of open) await s.close();
      const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
      try {
        for (const db of databases) await client.db(db).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

export const HASH = "a".repeat(64);

export function makeRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    runbook: "low-cache-hit-rate",
    runbookTitle: "Low Cache Hit Rate",
    runbookHash: HASH,
    stepId: "diagnosis-1",
    stepTitle: "Check cache statistics",
    params: {},
    verdict: {
      status: "critical",
      headline: "keyspace hit ratio 42 %",
      headlineValue: 42,
      headlineUnit: "%",
      threshold: { text: "warning below 90 %", source: "sysdig promcat redis alerts" },
      figures: [
        { label: "keyspace hit ratio", value: 42, unit: "%" },
        { label: "keyspace_hits", value: 420 },
        { label: "keyspace_misses", value: 580 },
      ],
      detail: "most lookups miss",
    },
    raw: "keyspace_hits:420\r\nkeyspace_misses:580\r\n",
    rawTruncated: false,
    durationMs: 12.5,
    startedAt: new Date().toISOString(),
    cli: "redis-cli INFO stats",
    source: "manual",
    ...overrides,
  };
}

export function makeAlert(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    fingerprint: "5c3a1f0e9b2d4c68",
    alertname: "HighErrorRate",
    status: "firing",
    startsAt: "2026-11-28T10:00:00.123456789Z",
    endsAt: "0001-01-01T00:00:00Z",
    labels: { alertname: "HighErrorRate", job: "demo-api", severity: "critical" },
    annotations: { summary: "High 5xx error rate on demo-api" },
    generatorURL: "http://127.0.0.1:9090/graph?g0.expr=x",
    groupKey: '{}:{alertname="HighErrorRate", job="demo-api"}',
    receiver: "runbook-dashboard",
    runbook: "high-error-rates",
    ...overrides,
  };
}

export interface Child {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the first stdout line matching `re`. */
  waitFor: (re: RegExp, ms?: number) => Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Runs tests/integration/incidents/store-child.ts (react-server condition, as Next runs server code). */
export function runChild(args: string[], env: Record<string, string>): Child {
  const child = spawn(TSX, ["--conditions=react-server", CHILD_SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let err = "";
  let buffered = "";
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      nl = buffered.indexOf("\n");
    }
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    lines,
    exited,
    stderr: () => err,
    waitFor: (re, ms = 30_000) =>
      new Promise<string>((resolve, reject) => {
        const found = lines.find((l) => re.test(l));
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(
          () => reject(new Error(`child printed no line matching ${re} within ${ms} ms; stderr: ${err}`)),
          ms,
        );
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`child exited (code ${code}, signal ${signal}) before printing ${re}; stderr: ${err}`));
        });
      }),
  };
}
