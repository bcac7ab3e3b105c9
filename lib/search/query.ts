// Runs a query against the index and shapes each result for the search box: where it matched, a link, a snippet.
import type MiniSearch from "minisearch";
import type { SearchDocument, StoredDocument, StoredStep } from "./documents";
import { mentionsAny } from "./highlight";
import { QUERY_OPTIONS } from "./options";

export type HitPlace = "title" | "symptom" | "step" | "solution" | "related";

export interface SearchHit {
  slug: string;
  title: string;
  category: string | null;
  /** `/runbooks/<slug>`, with `#<step or solution>` when the match is there. */
  href: string;
  score: number;
  place: HitPlace;
  /** The line that matched (a symptom, "step title: command", a solution title); empty for a title match. */
  snippet: string;
  /** Document terms the query matched, for highlighting. */
  terms: string[];
}

export const DEFAULT_HIT_LIMIT = 8;

function firstLine(code: string): string {
  return (
    code
      .split("\n")
      .find((line) => line.trim().length > 0)
      ?.trim() ?? ""
  );
}

function stepLine(step: StoredStep): string {
  return `${step.title}: ${firstLine(step.code)}`;
}

function isStored(value: Record<string, unknown>): value is Record<string, unknown> & StoredDocument {
  return typeof value.slug === "string" && typeof value.title === "string" && Array.isArray(value.steps);
}

/** Picks what to show for a result: the title, a symptom, a step, a solution — the first that holds a matched word. */
function locate(
  doc: StoredDocument,
  terms: string[],
  fields: Set<string>,
): Pick<SearchHit, "href" | "place" | "snippet"> {
  const base = `/runbooks/${doc.slug}`;
  if (mentionsAny(doc.title, terms)) return { href: base, place: "title", snippet: doc.symptomList.join(" · ") };
  const symptom = doc.symptomList.find((s) => mentionsAny(s, terms));
  if (symptom) return { href: base, place: "symptom", snippet: symptom };
  if (fields.has("commands") || fields.has("comments")) {
    const step = doc.steps.find((s) => mentionsAny(s.title, terms) || mentionsAny(s.code, terms));
    if (step) return { href: `${base}#${step.id}`, place: "step", snippet: stepLine(step) };
  }
  if (fields.has("solutions")) {
    const solution = doc.solutionList.find((s) => mentionsAny(s.title, terms));
    if (solution) return { href: `${base}#${solution.id}`, place: "solution", snippet: solution.title };
    const step = doc.steps.find((s) => mentionsAny(s.title, terms) || mentionsAny(s.code, terms));
    if (step) return { href: `${base}#${step.id}`, place: "step", snippet: stepLine(step) };
  }
  return { href: base, place: "related", snippet: `Its checks report ${terms.join(", ")}` };
}

export function searchRunbooks(
  index: MiniSearch<SearchDocument>,
  query: string,
  limit = DEFAULT_HIT_LIMIT,
): SearchHit[] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  return index
    .search(trimmed, QUERY_OPTIONS)
    .slice(0, limit)
    .flatMap((result) => {
      if (!isStored(result)) return [];
      const fields = new Set(Object.values(result.match).flat());
      return [
        {
          slug: result.slug,
          title: result.title,
          category: result.category,
          score: result.score,
          terms: result.terms,
          ...locate(result, result.terms, fields),
        },
      ];
    });
}
