// The guides the library was imported from, so the home page can show one guide's runbooks at a time.
import type { Category, Runbook, RunbookLibrary } from "./model";

export const HAND_WRITTEN = "hand-written";

export interface GuideGroup {
  /** The guide file ("guides/troubleshooting-guide.md"), or HAND_WRITTEN. */
  id: string;
  count: number;
}

function guideOf(runbook: Runbook): string {
  return runbook.guide?.file ?? HAND_WRITTEN;
}

/** Every guide with its number of issue runbooks, in the order their categories first appear. */
export function guideGroups(library: RunbookLibrary): GuideGroup[] {
  const groups = new Map<string, number>();
  for (const runbook of library.runbooks) {
    if (runbook.kind !== "issue") continue;
    groups.set(guideOf(runbook), (groups.get(guideOf(runbook)) ?? 0) + 1);
  }
  return [...groups.entries()].map(([id, count]) => ({ id, count }));
}

/** The issue runbooks of one category, of `guide` only when one is chosen. */
export function issuesIn(library: RunbookLibrary, category: Category, guide: string | undefined): Runbook[] {
  return library.runbooks.filter(
    (r) => r.kind === "issue" && r.category?.id === category.id && (guide === undefined || guideOf(r) === guide),
  );
}
