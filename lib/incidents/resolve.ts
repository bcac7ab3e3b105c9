// Resolving an incident: a resolution note is required, and resolving while the latest evidence is still red
// needs an explicit "resolve anyway". Pure rules; app/actions/change-status.ts applies them.
import type { EvidenceGroup } from "./evidence";
import { redChecks } from "./evidence";
import type { IncidentStatus } from "./labels";

export const NOTE_REQUIRED = "Write a resolution note (what fixed it, or why it is over) before resolving.";

/** The red checks still showing, as "headline (critical)", for the warning and the refusal. */
export function stillRed(groups: readonly EvidenceGroup[]): string[] {
  return redChecks(groups).map(
    (g) => `${g.latest.stepTitle || g.latest.stepId}: ${g.latest.verdict.headline} (${g.latest.verdict.status})`,
  );
}

/** Why a status change is refused, or undefined. */
export function resolveProblem(input: {
  to: IncidentStatus;
  note: string | undefined;
  red: readonly string[];
  resolveAnyway: boolean | undefined;
}): string | undefined {
  if (input.to !== "resolved") return undefined;
  if ((input.note ?? "").trim() === "") return NOTE_REQUIRED;
  if (input.red.length > 0 && !input.resolveAnyway) {
    return `The latest evidence is still red (${input.red.join("; ")}): re-run the checks, or confirm to resolve anyway.`;
  }
  return undefined;
}
