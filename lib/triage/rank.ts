// Ranks candidate runbooks by the evidence their checks found: criticals weigh most, symptom matches break ties.
import type { VerdictStatus } from "../verdict/verdict";

export const EVIDENCE_WEIGHT = { critical: 10, warning: 3 } as const;

export interface TriageCandidate {
  slug: string;
  title: string;
  /** How many of the selected symptoms the runbook lists (0 when none are selected). */
  symptomMatches: number;
}

/** One step result as it applies to one runbook. */
export interface TriageObservation {
  runbook: string;
  stepId: string;
  stepTitle: string;
  status: VerdictStatus | "failed";
  headline: string;
}

export interface TriageEvidence {
  stepId: string;
  stepTitle: string;
  status: "critical" | "warning";
  headline: string;
}

export type TriageSeverity = "critical" | "warning" | "clear" | "unknown" | "pending";

export interface RankedRunbook extends TriageCandidate {
  score: number;
  critical: number;
  warning: number;
  /** The verdicts that put it where it is, criticals first. */
  evidence: TriageEvidence[];
  ok: number;
  /** Errors, failed requests, not-configured and unsupported: checks that said nothing either way. */
  inconclusive: number;
  severity: TriageSeverity;
}

function severityOf(critical: number, warning: number, ok: number, inconclusive: number): TriageSeverity {
  if (critical > 0) return "critical";
  if (warning > 0) return "warning";
  if (ok > 0) return "clear";
  return inconclusive > 0 ? "unknown" : "pending";
}

/**
 * Score = Σ critical × 10 + warning × 3. Errors, not-configured and unsupported are not evidence of anything.
 * Ties: more symptom matches first, then the candidates' own order.
 */
export function rankTriage(
  candidates: readonly TriageCandidate[],
  observations: readonly TriageObservation[],
): RankedRunbook[] {
  const ranked = candidates.map((candidate, position) => {
    const mine = observations.filter((o) => o.runbook === candidate.slug);
    const evidence: TriageEvidence[] = [];
    let ok = 0;
    let inconclusive = 0;
    for (const o of mine) {
      if (o.status === "critical" || o.status === "warning") {
        evidence.push({ stepId: o.stepId, stepTitle: o.stepTitle, status: o.status, headline: o.headline });
      } else if (o.status === "ok" || o.status === "shown") ok++;
      else inconclusive++;
    }
    evidence.sort((a, b) => (a.status === b.status ? 0 : a.status === "critical" ? -1 : 1));
    const critical = evidence.filter((e) => e.status === "critical").length;
    const warning = evidence.length - critical;
    const score = critical * EVIDENCE_WEIGHT.critical + warning * EVIDENCE_WEIGHT.warning;
    const entry: RankedRunbook = {
      ...candidate,
      score,
      critical,
      warning,
      evidence,
      ok,
      inconclusive,
      severity: severityOf(critical, warning, ok, inconclusive),
    };
    return { entry, position };
  });
  return ranked
    .sort(
      (a, b) =>
        b.entry.score - a.entry.score || b.entry.symptomMatches - a.entry.symptomMatches || a.position - b.position,
    )
    .map((r) => r.entry);
}
