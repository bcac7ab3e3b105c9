// Filters and ranks runbooks by how many of the selected symptoms each one lists.
import type { SymptomEntry } from "./symptom-index";

export interface SymptomMatch {
  slug: string;
  /** Ids of the selected symptoms this runbook lists, in selection order. */
  matched: string[];
}

/**
 * Runbooks listing at least one selected symptom, most matches first; equal counts keep `order`
 * (the library's order), so the ranking is stable and predictable.
 */
export function rankBySymptoms(order: readonly string[], selected: readonly SymptomEntry[]): SymptomMatch[] {
  const position = new Map(order.map((slug, i) => [slug, i]));
  const matches = new Map<string, string[]>();
  for (const entry of selected) {
    for (const slug of entry.runbooks) {
      if (!position.has(slug)) continue;
      const list = matches.get(slug) ?? [];
      if (!list.includes(entry.id)) list.push(entry.id);
      matches.set(slug, list);
    }
  }
  return [...matches.entries()]
    .map(([slug, matched]) => ({ slug, matched }))
    .sort(
      (a, b) =>
        b.matched.length - a.matched.length ||
        (position.get(a.slug) ?? Number.MAX_SAFE_INTEGER) - (position.get(b.slug) ?? Number.MAX_SAFE_INTEGER),
    );
}
