// Where each remediation is offered (beside which guide step) and which diagnostic re-checks it afterwards.
// Reviewed like code: tests/unit/remediation/placements.test.ts holds every entry against the runbooks.
import { allSteps, parseStep } from "../diagnostics/plan";
import { getRunbook } from "../runbooks/library";
import type { Runbook } from "../runbooks/model";
import type { RemediationKind } from "./kinds";
import type { RemediationSlot } from "./types";

export interface Placement {
  runbook: string;
  stepId: string;
  kind: RemediationKind;
  recheck: { runbook: string; stepId: string };
}

// INFO memory shows the limit, the policy, used memory and evictions together: the one Redis check
// that says whether either change took, so both Redis fixes re-run it (from cache-memory-issues).
const REDIS_MEMORY_CHECK = { runbook: "cache-memory-issues", stepId: "diagnosis-1" };

export const PLACEMENTS: readonly Placement[] = [
  {
    runbook: "low-cache-hit-rate",
    stepId: "solution-3-1",
    kind: "redis-maxmemory-policy",
    recheck: REDIS_MEMORY_CHECK,
  },
  { runbook: "cache-memory-issues", stepId: "solution-1-1", kind: "redis-maxmemory", recheck: REDIS_MEMORY_CHECK },
  {
    runbook: "query-performance-issues",
    stepId: "solution-1-1",
    kind: "mongo-create-index",
    recheck: { runbook: "query-performance-issues", stepId: "diagnosis-2" },
  },
  {
    runbook: "slow-response-times",
    stepId: "solution-1-1",
    kind: "mongo-create-index",
    recheck: { runbook: "slow-response-times", stepId: "diagnosis-2" },
  },
  // The guide's setProfilingLevel line is a diagnosis step whose read-only counterpart runs on the page.
  {
    runbook: "query-performance-issues",
    stepId: "diagnosis-1",
    kind: "mongo-profiling",
    recheck: { runbook: "query-performance-issues", stepId: "diagnosis-1" },
  },
];

export function findPlacement(runbook: string, stepId: string): Placement | undefined {
  return PLACEMENTS.find((p) => p.runbook === runbook && p.stepId === stepId);
}

function stepTitle(runbook: Runbook | undefined, stepId: string): string {
  return (runbook && allSteps(runbook).find(({ step }) => step.id === stepId)?.step.title) ?? stepId;
}

/** The guide's own values for a slot, so the control starts from what the guide says to do. */
function guideDefaults(runbook: Runbook, placement: Placement): Record<string, string> {
  const entry = allSteps(runbook).find(({ step }) => step.id === placement.stepId);
  if (!entry) return {};
  const parsed = parseStep(entry.step, entry.context);
  if (parsed.type === "remediation" && parsed.remediation.system === "redis") {
    const value = parsed.remediation.args[1];
    return value === undefined ? {} : { value };
  }
  if (parsed.type === "operation" && parsed.operation.kind === "mongo" && parsed.operation.slowms !== undefined) {
    return { slowms: String(parsed.operation.slowms) };
  }
  return {};
}

/** The Fix controls of one runbook page, with their guide defaults and re-check titles. */
export function remediationSlots(slug: string): RemediationSlot[] {
  const runbook = getRunbook(slug);
  if (!runbook) return [];
  return PLACEMENTS.filter((p) => p.runbook === slug).map((p) => slotOf(p, runbook));
}

export function slotOf(placement: Placement, runbook = getRunbook(placement.runbook)): RemediationSlot {
  return {
    runbook: placement.runbook,
    stepId: placement.stepId,
    kind: placement.kind,
    recheck: {
      ...placement.recheck,
      title: stepTitle(getRunbook(placement.recheck.runbook), placement.recheck.stepId),
    },
    defaults: runbook ? guideDefaults(runbook, placement) : {},
  };
}
