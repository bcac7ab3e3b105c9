// Everything the home page needs for a symptom selection: chips, the ranked runbooks and the triage candidates.
import type { Runbook, RunbookLibrary } from "../runbooks/model";
import { planTriage } from "../triage/plan";
import type { TriageCandidate } from "../triage/rank";
import { rankBySymptoms } from "./rank";
import { buildSymptomIndex, parseSymptomParam, resolveSymptoms, type SymptomEntry } from "./symptom-index";

export interface HomeView {
  options: { id: string; label: string; runbookCount: number }[];
  selected: SymptomEntry[];
  ranked: { runbook: Runbook; matched: number }[];
  candidates: TriageCandidate[];
  /** Distinct read-only checks a triage of the candidates runs. */
  checkCount: number;
  scope: string;
}

export function homeView(library: RunbookLibrary, symptomsParam: string | string[] | undefined): HomeView {
  const issues = library.runbooks.filter((r) => r.kind === "issue");
  const index = buildSymptomIndex(issues);
  const selected = resolveSymptoms(index, parseSymptomParam(symptomsParam));
  const bySlug = new Map(issues.map((r) => [r.slug, r]));
  const ranked = rankBySymptoms(
    issues.map((r) => r.slug),
    selected,
  ).flatMap(({ slug, matched }) => {
    const runbook = bySlug.get(slug);
    return runbook ? [{ runbook, matched: matched.length }] : [];
  });
  const pool = selected.length > 0 ? ranked : issues.map((runbook) => ({ runbook, matched: 0 }));
  const candidates = pool.map(({ runbook, matched }) => ({
    slug: runbook.slug,
    title: runbook.title,
    symptomMatches: matched,
  }));
  const n = candidates.length;
  return {
    options: index.map((e) => ({ id: e.id, label: e.label, runbookCount: e.runbooks.length })),
    selected,
    ranked,
    candidates,
    checkCount: planTriage(pool.map((p) => p.runbook)).tasks.length,
    scope: selected.length > 0 ? `the ${n} runbook${n === 1 ? "" : "s"} for your symptoms` : `all ${n} runbooks`,
  };
}
