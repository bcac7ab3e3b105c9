// npm run backup [-- <directory>]: a consistent copy of the SQLite stores in DATA_DIR (incidents, audit
// trail, accounts and sessions), taken with SQLite's online backup API while the dashboard keeps running.
// Default directory: backups/<UTC time>. Reads the same settings as `npm start` (environment, then .env files).
// With INCIDENT_STORE=mongo everything lives in MongoDB: back that up with mongodump instead.
import path from "node:path";
import { ConfigError, getConfig } from "../lib/config";
import { loadEnvFiles } from "../lib/config/env-files";
import { BackupError, backupSqliteStores } from "../lib/operate/backup";
import { exitWith } from "./exit-with";

async function main(): Promise<number> {
  loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });
  const config = getConfig();
  if (config.incidentStore === "mongo") {
    console.error(
      "INCIDENT_STORE=mongo: incidents, the audit trail and sessions are in MongoDB; back them up with mongodump",
    );
    return 1;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const out = path.resolve(process.argv[2] ?? path.join("backups", stamp));
  const manifest = await backupSqliteStores(config.dataDir, out);
  for (const f of manifest.files) {
    console.log(`backed up ${f.file} (${f.bytes} bytes, schema ${f.schemaVersion ?? "of the sign-in library"})`);
  }
  console.log(`backup written to ${out}; restore it with: npm run restore -- ${out}`);
  return 0;
}

exitWith(main, "backup", [ConfigError, BackupError]);
