// The runbook library for the app: loaded once per server process from runbooks/.
import path from "node:path";
import { loadRunbookLibrary } from "./load-runbooks";
import type { Runbook, RunbookLibrary } from "./model";

let cached: RunbookLibrary | null = null;

export function runbooksDir(): string {
  return path.join(process.cwd(), "runbooks");
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
