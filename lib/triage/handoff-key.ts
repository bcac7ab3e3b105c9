// Where a triage leaves its results for a runbook page (sessionStorage), apart from the reader in ./handoff.ts so a
// page can look for them without loading the reader.
export const HANDOFF_PREFIX = "triage:";

export function handoffKey(slug: string): string {
  return `${HANDOFF_PREFIX}${slug}`;
}
