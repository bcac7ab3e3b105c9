// npm run backup while a writer keeps committing incidents, then npm run restore into an empty DATA_DIR:
// every incident committed before the backup started is in the restored store, which passes its integrity
// check. Also: the migrations run at start report the schema version.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteIncidentStore } from "@/lib/incidents/sqlite-store";

const ROOT = path.resolve(__dirname, "../../..");
const dirs: string[] = [];

function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** `npm run <script> -- args` in this checkout with only the given settings exported. */
function npmRun(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AUTH_MODE: "none",
        INCIDENT_STORE: "sqlite",
        ...env,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe("npm run backup / npm run restore", () => {
  it("a backup taken while a writer runs restores every incident committed before it started", async () => {
    const dataDir = tmp("backup-live-");
    const committed: string[] = [];
    // node itself (tsx as a loader), not the tsx CLI: the CLI runs the script in a child that its kill would miss.
    const writer = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(__dirname, "writer-child.ts"), dataDir],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let errors = "";
    writer.stderr.on("data", (d: Buffer) => {
      errors += d.toString();
    });
    let buffer = "";
    writer.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("COMMITTED ")) committed.push(line.slice(10));
    });
    try {
      // Let it build up some data first (bounded wait).
      for (let i = 0; i < 300 && committed.length < 200; i++) await new Promise((r) => setTimeout(r, 100));
      expect(committed.length, errors).toBeGreaterThanOrEqual(200);
      const before = [...committed];
      const out = path.join(tmp("backup-out-"), "b1");
      const backup = await npmRun("backup", [out], { DATA_DIR: dataDir });
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toContain("backed up incidents.sqlite");
      // The writer kept committing while the backup ran.
      expect(committed.length).toBeGreaterThan(before.length);
      expect(writer.exitCode).toBeNull();

      const restoredDir = tmp("backup-restored-");
      const restore = await npmRun("restore", [out], { DATA_DIR: restoredDir });
      expect(restore.code, restore.out).toBe(0);

      const db = new Database(path.join(restoredDir, "incidents.sqlite"), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
      const store = new SqliteIncidentStore(restoredDir);
      try {
        const missing: string[] = [];
        for (const id of before) if ((await store.getIncident(id)) === null) missing.push(id);
        expect(missing).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      const exited = new Promise((resolve) => writer.once("close", resolve));
      writer.kill("SIGKILL");
      await exited;
    }
  }, 120_000);

  it("restore refuses a directory that is not a backup, and backup refuses an empty DATA_DIR", async () => {
    const empty = tmp("backup-empty-");
    const restore = await npmRun("restore", [empty], { DATA_DIR: tmp("backup-target-") });
    expect(restore.code).toBe(1);
    expect(restore.out).toContain("is not a backup (no backup.json)");
    const backup = await npmRun("backup", [path.join(empty, "out")], { DATA_DIR: empty });
    expect(backup.code).toBe(1);
    expect(backup.out).toContain("no SQLite store in");
  }, 60_000);
});
