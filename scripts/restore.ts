// npm run restore -- <backup directory>: puts a backup taken by `npm run backup` back into DATA_DIR.
// Stop the dashboard first; the migrations at its next start upgrade a backup taken by an older version.
import path from "node:path";
import { ConfigError, getConfig } from "../lib/config";
import { loadEnvFiles } from "../lib/config/env-files";
import { BackupError, restoreSqliteStores } from "../lib/operate/backup";
import { exitWith } from "./exit-with";

async function main(): Promise<number> {
  loadEnvFiles(path.resolve(__dirname, ".."), { quiet: true });
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error("usage: npm run restore -- <backup directory>");
    return 2;
  }
  const config = getConfig();
  if (config.incidentStore === "mongo") {
    console.error("INCIDENT_STORE=mongo: restore MongoDB with mongorestore; npm run restore is for the SQLite stores");
    return 1;
  }
  const manifest = await restoreSqliteStores(path.resolve(dir), config.dataDir);
  for (const f of manifest.files) console.log(`restored ${f.file} into ${config.dataDir}`);
  console.log(`backup of ${manifest.createdAt} restored; start the dashboard with npm start`);
  return 0;
}

exitWith(main, "restore", [ConfigError, BackupError]);
