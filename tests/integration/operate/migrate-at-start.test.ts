// Migrations run at start with a message naming each store's schema version, and refuse a newer database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { SQLITE_MIGRATIONS } from "@/lib/incidents/sqlite-migrations";
import { migrateStoresAtStart } from "@/lib/operate/migrate-at-start";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("migrateStoresAtStart", () => {
  it("applies the migrations of a fresh DATA_DIR, then reports it up to date", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-"));
    dirs.push(dataDir);
    const config = parseConfig({ AUTH_MODE: "none", DATA_DIR: dataDir });
    const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
    const first = await migrateStoresAtStart(config);
    expect(first[0]).toBe(
      `incident store (SQLite incidents.sqlite): schema upgraded to version ${latest}; applied migration 1 (incidents and timeline), 2 (alert receipts)`,
    );
    const second = await migrateStoresAtStart(config);
    expect(second[0]).toBe(`incident store (SQLite incidents.sqlite): schema version ${latest}, up to date`);
  });

  it("refuses a database newer than the code, saying to upgrade", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-"));
    dirs.push(dataDir);
    const config = parseConfig({ AUTH_MODE: "none", DATA_DIR: dataDir });
    await migrateStoresAtStart(config);
    const db = new Database(path.join(dataDir, "incidents.sqlite"));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')").run();
    db.close();
    await expect(migrateStoresAtStart(config)).rejects.toThrow(/schema version 99, newer than this dashboard knows/);
  });
});
