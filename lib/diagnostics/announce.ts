// What the runbook page's live region says after Run all. Pure.
import type { StepRunResult } from "./types";

export type RunOutcome = { ok: true; data: StepRunResult } | { ok: false; error: string };

/** Run all's tally for the live region: "Run all finished: 6 steps — 1 critical, 5 ok". */
export function runAllTally(outcomes: readonly RunOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.ok ? o.data.verdict.status : "failed";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ["critical", "warning", "error", "failed", "ok"];
  const parts = [...counts.entries()]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([k, n]) => `${n} ${k}`);
  return `Run all finished: ${outcomes.length} step${outcomes.length === 1 ? "" : "s"}${parts.length ? ` — ${parts.join(", ")}` : ""}.`;
}
