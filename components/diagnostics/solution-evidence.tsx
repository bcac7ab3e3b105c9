"use client";
// Highlights a solution when a red verdict points at it, and says which evidence did.
import type { ReactNode } from "react";
import { isRed } from "@/lib/verdict/verdict";
import { useDiagnostics } from "./diagnostics-provider";

export function SolutionEvidence({
  solutionIndex,
  stepIds,
  children,
}: {
  solutionIndex: number;
  stepIds: string[];
  children: ReactNode;
}) {
  const { states, suggests } = useDiagnostics();
  const evidence: string[] = [];
  for (const [stepId, state] of Object.entries(states)) {
    const verdict = state.result?.verdict;
    if (!verdict || !isRed(verdict.status)) continue;
    const pointsHere =
      stepIds.includes(stepId) || (verdict.findings ?? []).some((finding) => suggests[finding] === solutionIndex);
    if (pointsHere && !evidence.includes(verdict.headline)) evidence.push(verdict.headline);
  }
  const highlighted = evidence.length > 0;
  return (
    <div
      data-testid={`solution-${solutionIndex}`}
      data-suggested={highlighted ? "true" : "false"}
      className={`rounded-xl p-3 transition ${highlighted ? "bg-amber-50 ring-2 ring-amber-400 dark:bg-amber-950/40 dark:ring-amber-600" : ""}`}
    >
      {highlighted && (
        <p className="mb-2 text-sm font-medium text-amber-900 dark:text-amber-200" data-testid="suggested-by">
          Suggested by: {evidence.join("; ")}
        </p>
      )}
      {children}
    </div>
  );
}
