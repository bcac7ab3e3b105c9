// The one MiniSearch configuration, shared by the build-time index and the browser that loads it.
import type { Options, SearchOptions } from "minisearch";
import { singularize } from "../symptoms/normalize";

/** Splits on spaces, punctuation and symbols, so `$API_URL/metrics | grep cache` gives api, url, metrics, grep, cache. */
export const TOKEN_SEPARATOR = /[\n\r\p{Z}\p{P}\p{S}]+/u;

const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "be",
  "by",
  "for",
  "in",
  "is",
  "it",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
  "your",
]);

/** Lowercase, drop stop words, singularize simple plurals ("timeouts" finds "timeout"). */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (!lower || STOP_WORDS.has(lower)) return null;
  return singularize(lower);
}

export function tokenize(text: string): string[] {
  return text.split(TOKEN_SEPARATOR).filter(Boolean);
}

export const SEARCH_FIELDS = ["title", "symptoms", "commands", "comments", "solutions", "keywords"] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const STORE_FIELDS = ["slug", "title", "category", "symptomList", "steps", "solutionList"] as const;

export const INDEX_OPTIONS: Options = {
  idField: "slug",
  fields: [...SEARCH_FIELDS],
  storeFields: [...STORE_FIELDS],
  tokenize,
  processTerm,
};

export const QUERY_OPTIONS: SearchOptions = {
  boost: { title: 4, symptoms: 2.5, commands: 1.6, comments: 1.4, solutions: 1, keywords: 1.2 },
  // Prefix from two letters, typo tolerance from four: "ma" is noise, "conection" is a typo worth forgiving.
  prefix: (term) => term.length >= 2,
  fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
  maxFuzzy: 3,
  combineWith: "OR",
};

/** Bumped when the document shape changes, so a cached index from an older build is not misread. */
export const SEARCH_INDEX_VERSION = 1;
