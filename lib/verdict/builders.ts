// Small constructors shared by analyzers: error/unsupported verdicts, threshold levels, merging.
import type { DetailTable, Figure, Finding, Verdict, VerdictStatus } from "./verdict";
import { worstStatus } from "./verdict";

/** Our side could not judge the output (malformed, missing fields); says what is wrong. */
export function errorVerdict(headline: string, detail: string, figures: Figure[] = []): Verdict {
  return { status: "error", headline, headlineValue: null, figures, detail };
}

/** The server answered that it lacks what the check needs; not an error of ours. */
export function unsupportedVerdict(headline: string, detail: string, figures: Figure[] = []): Verdict {
  return { status: "unsupported", headline, headlineValue: null, figures, detail };
}

/** critical when value > critical, warning when value > warning, else ok. */
export function levelAbove(value: number, warning: number, critical: number): VerdictStatus {
  if (value > critical) return "critical";
  if (value > warning) return "warning";
  return "ok";
}

/** critical when value < critical, warning when value < warning, else ok. */
export function levelBelow(value: number, warning: number, critical: number): VerdictStatus {
  if (value < critical) return "critical";
  if (value < warning) return "warning";
  return "ok";
}

/** The worst status of a list (ok when empty). */
export function worstOf(statuses: readonly VerdictStatus[]): VerdictStatus {
  return statuses.reduce<VerdictStatus>((acc, s) => worstStatus(acc, s), "ok");
}

/** Findings are only attached when the verdict is red, so a runbook highlights the fix that matters. */
export function findingsFor(status: VerdictStatus, findings: readonly Finding[]): Finding[] | undefined {
  if (status !== "warning" && status !== "critical") return undefined;
  const unique = [...new Set(findings)];
  return unique.length > 0 ? unique : undefined;
}

/**
 * One verdict from several judged on the same output (a full `INFO` is judged for memory
 * and hit ratio): the worst one leads, the others' figures, tables and findings follow.
 */
export function mergeVerdicts(verdicts: readonly Verdict[]): Verdict {
  const [first, ...rest] = verdicts;
  if (!first) return { status: "ok", headline: "nothing to judge", headlineValue: null, figures: [] };
  const lead = rest.reduce((acc, v) => (worstStatus(acc.status, v.status) === acc.status ? acc : v), first);
  const seen = new Set<string>();
  const figures: Figure[] = [];
  const details: string[] = [];
  const findings: Finding[] = [];
  const tables: DetailTable[] = [];
  for (const v of [lead, ...verdicts.filter((x) => x !== lead)]) {
    for (const f of v.figures) {
      if (seen.has(f.label)) continue;
      seen.add(f.label);
      figures.push(f);
    }
    if (v.detail) details.push(v.detail);
    findings.push(...(v.findings ?? []));
    tables.push(...(v.tables ?? []));
  }
  const merged: Verdict = {
    ...lead,
    status: worstOf(verdicts.map((v) => v.status)),
    figures,
    detail: details.join(" "),
  };
  if (tables.length > 0) merged.tables = tables;
  const uniqueFindings = [...new Set(findings)];
  if (uniqueFindings.length > 0) merged.findings = uniqueFindings;
  else delete merged.findings;
  return merged;
}
