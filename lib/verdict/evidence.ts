// Attaches the window evidence to a verdict and says the window in its headline ("… over 5 min").
import { formatSeconds } from "./format";
import type { Evidence, Verdict } from "./verdict";

/** "5 min", "5 s": the window as a headline states it. */
export function evidenceWindowText(evidence: Evidence): string {
  return formatSeconds(evidence.windowSeconds);
}

export function withEvidence(verdict: Verdict, evidence: Evidence): Verdict {
  const over = ` over ${evidenceWindowText(evidence)}`;
  const headline = verdict.headline.endsWith(over) ? verdict.headline : `${verdict.headline}${over}`;
  return { ...verdict, headline, evidence };
}
