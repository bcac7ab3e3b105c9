// Runbooks → the documents the search index holds: what is searched and what a result shows.
import { parseStep } from "../diagnostics/plan";
import type { CodeStep, Runbook } from "../runbooks/model";
import { FINDING_TERMS, isFinding, operationTerms } from "./vocabulary";

export interface StoredStep {
  /** Step anchor on the runbook page: "diagnosis-2", "solution-1-1". */
  id: string;
  title: string;
  code: string;
}

export interface StoredSolution {
  id: string;
  title: string;
}

export interface SearchDocument {
  slug: string;
  title: string;
  category: string | null;
  symptoms: string;
  commands: string;
  comments: string;
  solutions: string;
  keywords: string;
  symptomList: string[];
  /** Diagnosis and section steps first, then solution steps: the order a match picks its anchor in. */
  steps: StoredStep[];
  solutionList: StoredSolution[];
}

/** What a search result carries back to the browser (MiniSearch storeFields). */
export type StoredDocument = Pick<
  SearchDocument,
  "slug" | "title" | "category" | "symptomList" | "steps" | "solutionList"
>;

function stored(step: CodeStep): StoredStep {
  return { id: step.id, title: step.title, code: step.code };
}

export function toSearchDocument(runbook: Runbook): SearchDocument {
  const checkSteps = [...runbook.diagnosis, ...runbook.sections.flatMap((s) => s.steps)];
  const solutionSteps = runbook.solutions.flatMap((s) => s.steps);
  const keywords = [
    ...Object.keys(runbook.suggests).flatMap((key) => (isFinding(key) ? [FINDING_TERMS[key]] : [])),
    ...checkSteps.map((step) => {
      const parsed = parseStep(step, "diagnosis");
      return parsed.type === "operation" ? operationTerms(parsed.operation) : "";
    }),
  ];
  return {
    slug: runbook.slug,
    title: runbook.title,
    category: runbook.category?.title ?? null,
    symptoms: runbook.symptoms.join("\n"),
    commands: checkSteps.map((s) => s.code).join("\n"),
    comments: [...checkSteps, ...solutionSteps].map((s) => s.title).join("\n"),
    solutions: [
      ...runbook.solutions.flatMap((s) => [s.title, s.text]),
      ...solutionSteps.map((s) => s.code),
      ...runbook.sections.map((s) => `${s.title}\n${s.text}`),
    ].join("\n"),
    keywords: keywords.filter(Boolean).join("\n"),
    symptomList: runbook.symptoms,
    steps: [...checkSteps, ...solutionSteps].map(stored),
    solutionList: runbook.solutions.map((s) => ({ id: s.id, title: s.title })),
  };
}
