// Plumbing for the remediation tests: a private redis-server on 6400-6449, a temp DATA_DIR, an admin actor, audit reads.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { closeAuditStore, listAudit } from "@/lib/audit";
import type { AuditRecord } from "@/lib/audit/types";
import type { Actor } from "@/lib/auth/actor";
import { closeIncidentStore } from "@/lib/incidents";
import { START_SERVICES } from "../systems/helpers";

export const ADMIN: Actor = { id: "ada", name: "Ada Admin", role: "admin", via: "local" };

/** The one audit record a request wrote (fails the test when there are none or several). */
export async function auditOf(requestId: string): Promise<AuditRecord> {
  const records = (await listAudit({ operation: "applyRemediationAction", limit: 100 })).filter(
    (r) => r.requestId === requestId,
  );
  if (records.length !== 1) throw new Error(`expected one audit record for ${requestId}, got ${records.length}`);
  return records[0] as AuditRecord;
}

export interface DataDir {
  dir: string;
  remove: () => Promise<void>;
}

export async function tempDataDir(): Promise<DataDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rb-remediation-"));
  return {
    dir,
    remove: async () => {
      await closeAuditStore();
      await closeIncidentStore();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function portIsFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export interface PrivateRedis {
  port: number;
  url: string;
  fixture: Redis;
  stop: () => Promise<void>;
}

/** A throwaway redis-server on the first free port of 6400-6449, so CONFIG SET never touches the shared 6379. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const start = 6400 + (process.pid % 50);
  for (let i = 0; i < 50; i++) {
    const port = 6400 + ((start - 6400 + i) % 50);
    if (!(await portIsFree(port))) continue;
    const dir = await mkdtemp(path.join(os.tmpdir(), "rb-remediation-redis-"));
    const child: ChildProcess = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    const fixture = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
    fixture.on("error", () => undefined);
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        if (fixture.status === "wait" || fixture.status === "end") await fixture.connect();
        if ((await fixture.ping()) === "PONG") {
          return {
            port,
            url: `redis://127.0.0.1:${port}`,
            fixture,
            stop: async () => {
              fixture.disconnect();
              const exited = new Promise((resolve) => child.once("exit", resolve));
              child.kill("SIGTERM");
              await exited;
              await rm(dir, { recursive: true, force: true });
            },
          };
        }
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    fixture.disconnect();
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  }
  throw new Error(`could not start redis-server on any port of 6400-6449 — ${START_SERVICES}`);
}

/** INFO commandstats as { "config|set": calls }. */
export async function commandCalls(fixture: Redis): Promise<Record<string, number>> {
  const raw = await fixture.info("commandstats");
  const out: Record<string, number> = {};
  for (const m of raw.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1] ?? ""] = Number(m[2]);
  return out;
}
