// The runbook library for the app: loaded once per server process from runbooks/ (or RUNBOOKS_DIR).
import { runbooksDirFrom } from "../config/server";
import { loadRunbookLibrary } from "./load-runbooks";
import type { Runbook, RunbookLibrary } from "./model";

let cached: RunbookLibrary | null = null;

/**
 * `runbooks/` under the working directory, or RUNBOOKS_DIR: one build can serve another checkout's runbooks
 * (the e2e team-guide spec serves a clean checkout with a second guide imported), and runbooks:check checks them.
 */
export function runbooksDir(): string {
  return runbooksDirFrom(process.env);
}

export function getLibrary(): RunbookLibrary {
  cached ??= loadRunbookLibrary(runbooksDir());
  return cached;
}

export function getRunbook(slug: string): Runbook | undefined {
  return getLibrary().runbooks.find((r) => r.slug === slug);
}

export function issueRunbooks(): Runbook[] {
  return getLibrary().runbooks.filter((r) => r.kind === "issue");
}
