// Where an incident's alerts stand, from its timeline: which are still firing, and whether all resolved. Pure.
import { isRed } from "../verdict/verdict";
import type { EvidenceGroup } from "./evidence";
import type { TimelineEntry } from "./model";

export interface AlertState {
  /** Alert names still firing (latest notification per fingerprint is firing). */
  firing: string[];
  /** How many distinct alerts (fingerprints) the incident received. */
  total: number;
  /** The incident had alerts and every one of them has resolved. */
  allResolved: boolean;
}

export function alertState(entries: readonly TimelineEntry[]): AlertState {
  const latest = new Map<string, { at: string; status: "firing" | "resolved"; name: string }>();
  for (const e of entries) {
    if (e.type !== "alert") continue;
    const prev = latest.get(e.alert.fingerprint);
    if (!prev || prev.at <= e.at)
      latest.set(e.alert.fingerprint, { at: e.at, status: e.alert.status, name: e.alert.alertname });
  }
  const firing = [...latest.values()].filter((a) => a.status === "firing").map((a) => a.name);
  return { firing: [...new Set(firing)], total: latest.size, allResolved: latest.size > 0 && firing.length === 0 };
}

const ORDER: Record<string, number> = { critical: 0, warning: 1, error: 2 };

/** Evidence as the page lists it: red first (critical, then warning), then the rest; newest latest run first within each. */
export function evidenceOrder(groups: readonly EvidenceGroup[]): EvidenceGroup[] {
  const rank = (g: EvidenceGroup) => ORDER[g.latest.verdict.status] ?? (isRed(g.latest.verdict.status) ? 1 : 3);
  return [...groups].sort(
    (a, b) => rank(a) - rank(b) || (a.latest.at < b.latest.at ? 1 : a.latest.at > b.latest.at ? -1 : 0),
  );
}
