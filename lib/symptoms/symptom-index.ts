// The symptom index: every runbook's symptoms, merged by normalized key, each entry listing its runbooks.
import type { Runbook } from "../runbooks/model";
import { normalizeSymptom, symptomSlug } from "./normalize";

export interface SymptomEntry {
  /** URL id, the slug of the first label seen: "timeout-errors". */
  id: string;
  /** Merge key from normalizeSymptom: "timeout error". */
  key: string;
  /** As first written in the guide: "Timeout errors". */
  label: string;
  /** Every way the runbooks write it, first first. */
  variants: string[];
  /** Slugs of the runbooks that list it, in library order. */
  runbooks: string[];
}

/** Runbooks with symptoms, in library order; shared symptoms first, then in the order the guide lists them. */
export function buildSymptomIndex(runbooks: readonly Pick<Runbook, "slug" | "symptoms">[]): SymptomEntry[] {
  const byKey = new Map<string, SymptomEntry>();
  for (const runbook of runbooks) {
    for (const label of runbook.symptoms) {
      const key = normalizeSymptom(label);
      if (!key) continue;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { id: symptomSlug(label), key, label: label.trim(), variants: [], runbooks: [] };
        byKey.set(key, entry);
      }
      if (!entry.variants.includes(label.trim())) entry.variants.push(label.trim());
      if (!entry.runbooks.includes(runbook.slug)) entry.runbooks.push(runbook.slug);
    }
  }
  const entries = [...byKey.values()];
  // Two different keys can slug alike only through odd punctuation; keep ids unique anyway.
  const seen = new Set<string>();
  for (const entry of entries) {
    let id = entry.id;
    for (let n = 2; seen.has(id); n++) id = `${entry.id}-${n}`;
    entry.id = id;
    seen.add(id);
  }
  const order = new Map(entries.map((e, i) => [e.key, i]));
  return entries.sort(
    (a, b) => b.runbooks.length - a.runbooks.length || (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0),
  );
}

/** `?symptoms=a,b` → ids, trimmed, without blanks or repeats; an array (repeated param) is accepted too. */
export function parseSymptomParam(value: string | string[] | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(",") : (value ?? "");
  const ids = raw
    .split(",")
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id.length > 0 && id.length <= 120);
  return [...new Set(ids)].slice(0, 50);
}

export function formatSymptomParam(ids: readonly string[]): string {
  return ids.join(",");
}

/**
 * The entries a URL names, in the URL's order. An id matches an entry by id or by normalized key, so
 * `timeout-error` and `timeouts` still open the "Timeout errors" view; unknown ids are dropped.
 */
export function resolveSymptoms(index: readonly SymptomEntry[], ids: readonly string[]): SymptomEntry[] {
  const out: SymptomEntry[] = [];
  for (const id of ids) {
    const key = normalizeSymptom(id.replace(/-/g, " "));
    const entry = index.find((e) => e.id === id) ?? index.find((e) => e.key === key);
    if (entry && !out.includes(entry)) out.push(entry);
  }
  return out;
}
