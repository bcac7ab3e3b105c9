// npm run backup / npm run restore: consistent copies of the SQLite stores (incidents, audit trail, sign-in
// accounts and sessions) taken with SQLite's online backup API while the server keeps writing — a reader
// sees one committed state, never a torn file as a file copy of a live WAL database can be.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { AUDIT_SQLITE_FILE, AUDIT_SQLITE_MIGRATIONS } from "../audit/sqlite-store";
import { SQLITE_MIGRATIONS } from "../incidents/sqlite-migrations";
import { SQLITE_FILE } from "../incidents/sqlite-store";

/** The SQLite files of DATA_DIR, with the newest schema version this code knows (null: the library's own). */
export const SQLITE_STORE_FILES: readonly { file: string; schema: number | null }[] = [
  { file: SQLITE_FILE, schema: Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)) },
  { file: AUDIT_SQLITE_FILE, schema: Math.max(...AUDIT_SQLITE_MIGRATIONS.map((m) => m.version)) },
  { file: "auth.sqlite", schema: null },
];

export const MANIFEST = "backup.json";

export interface BackupManifest {
  createdAt: string;
  files: { file: string; bytes: number; schemaVersion: number | null }[];
}

export class BackupError extends Error {
  override name = "BackupError";
}

function schemaVersion(db: Database.Database): number | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (table === undefined) return null;
  const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
  return row.v;
}

function checkIntegrity(file: string): void {
  const db = new Database(file, { readonly: true });
  try {
    const result = db.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new BackupError(`${path.basename(file)} failed its integrity check: ${String(result)}`);
  } finally {
    db.close();
  }
}

/** Copies every SQLite store present in `dataDir` into `outDir` (created; must not hold a backup already). */
export async function backupSqliteStores(dataDir: string, outDir: string): Promise<BackupManifest> {
  if (fs.existsSync(path.join(outDir, MANIFEST))) throw new BackupError(`${outDir} already holds a backup`);
  const present = SQLITE_STORE_FILES.filter((s) => fs.existsSync(path.join(dataDir, s.file)));
  if (present.length === 0) throw new BackupError(`no SQLite store in ${dataDir} (is DATA_DIR right?)`);
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), files: [] };
  for (const { file } of present) {
    const source = new Database(path.join(dataDir, file), { readonly: true, timeout: 5000 });
    const target = path.join(outDir, file);
    try {
      // The online backup API: pages are copied in steps; a write by the server restarts the copy, so the
      // result is one committed state of the database.
      // After the first 100 pages, the rest in one step: one read transaction, so a busy writer cannot keep
      // restarting the copy.
      await source.backup(target, { progress: () => 1_000_000 });
    } finally {
      source.close();
    }
    // Sessions and password hashes: readable by this user only, like the originals.
    fs.chmodSync(target, 0o600);
    checkIntegrity(target);
    const copy = new Database(target, { readonly: true });
    const version = schemaVersion(copy);
    copy.close();
    manifest.files.push({ file, bytes: fs.statSync(target).size, schemaVersion: version });
  }
  fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * Puts a backup back into `dataDir` (stop the dashboard first). The replaced database's -wal and -shm files
 * are removed first, so they cannot be replayed over the restored copy. A backup whose schema is newer
 * than this code is refused; an older one is upgraded by the migrations at the next start.
 */
export async function restoreSqliteStores(backupDir: string, dataDir: string): Promise<BackupManifest> {
  const manifestFile = path.join(backupDir, MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new BackupError(`${backupDir} is not a backup (no ${MANIFEST})`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as BackupManifest;
  for (const entry of manifest.files) {
    const known = SQLITE_STORE_FILES.find((s) => s.file === entry.file);
    if (known === undefined) throw new BackupError(`${entry.file} is not a store this dashboard knows`);
    if (known.schema !== null && entry.schemaVersion !== null && entry.schemaVersion > known.schema) {
      throw new BackupError(
        `${entry.file} is at schema version ${entry.schemaVersion}, newer than this dashboard knows (${known.schema}); upgrade the dashboard first`,
      );
    }
    checkIntegrity(path.join(backupDir, entry.file));
  }
  fs.mkdirSync(dataDir, { recursive: true });
  for (const entry of manifest.files) {
    const source = new Database(path.join(backupDir, entry.file), { readonly: true });
    const target = path.join(dataDir, entry.file);
    try {
      for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
      fs.rmSync(target, { force: true });
      await source.backup(target);
    } finally {
      source.close();
    }
    fs.chmodSync(target, 0o600);
  }
  return manifest;
}
