// Reads .env files the way `next start` does, for every entry point that runs outside Next's own CLI:
// server.ts (npm start), scripts/users.ts (npm run users), the runbook scripts and the benchmarks. It is
// Next's own loader (@next/env, the one `next build`/`next dev` use), so precedence is Next's:
//   .env.production.local > .env.local > .env.production > .env   (production; NODE_ENV=test skips .env.local)
// and a variable already set in the real environment always wins over every file.
// Which file each variable came from is remembered, so a bad value can name it ("PORT: … (from .env)").
// Not "server-only": the runbook scripts run under plain tsx; nothing in app/ or components/ imports it.
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { type EnvSources, recordEnvFileSources } from "./env-sources";

export type { EnvSources } from "./env-sources";
export { envFileSources } from "./env-sources";

export interface LoadedEnvFiles {
  /** The files read, highest precedence first, relative to the project directory. */
  files: string[];
  sources: EnvSources;
}

/**
 * Loads `dir`'s .env files into process.env (real environment variables win) and records where each value
 * came from. Call it once, first thing, before the configuration is validated. `quiet` drops the
 * "read settings from" line (the users CLI prints only its own result).
 */
export function loadEnvFiles(dir: string, options: { quiet?: boolean } = {}): LoadedEnvFiles {
  const before = new Set(Object.keys(process.env).filter((name) => process.env[name] !== undefined));
  const { loadedEnvFiles } = loadEnvConfig(dir, false, { info: () => undefined, error: console.error });
  const sources: EnvSources = {};
  const files: string[] = [];
  // loadedEnvFiles is in precedence order: the first file that sets a variable is the one whose value is used.
  for (const file of loadedEnvFiles) {
    const name = path.relative(dir, path.resolve(dir, file.path)) || file.path;
    files.push(name);
    for (const variable of Object.keys(file.env)) {
      if (before.has(variable) || variable in sources) continue;
      sources[variable] = name;
    }
  }
  recordEnvFileSources(sources);
  if (!options.quiet && files.length > 0) {
    console.log(`[runbook-dashboard] settings read from ${files.join(", ")} (exported variables win)`);
  }
  return { files, sources };
}
