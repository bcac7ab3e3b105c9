// Child process for the .env tests: loads the .env files of the directory given as argv[2] the way server.ts
// does, validates, and prints {port, authMode, sources} as JSON, or the ConfigError message (exit 1).
import { ConfigError, getConfig } from "../../lib/config";
import { loadEnvFiles } from "../../lib/config/env-files";

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: print-config.ts <dir>");
try {
  const { files, sources } = loadEnvFiles(dir, { quiet: true });
  const config = getConfig();
  console.log(JSON.stringify({ files, sources, port: config.server.port, authMode: config.auth.mode }));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.log(error.message);
  process.exit(1);
}
