// Builds the MiniSearch index over runbooks; runs at build time (the /search-index route is static).
import MiniSearch from "minisearch";
import type { Runbook } from "../runbooks/model";
import { type SearchDocument, toSearchDocument } from "./documents";
import type { SerializedSearchIndex } from "./load-index";
import { INDEX_OPTIONS, SEARCH_INDEX_VERSION } from "./options";

export function buildSearchIndex(runbooks: readonly Runbook[]): MiniSearch<SearchDocument> {
  const search = new MiniSearch<SearchDocument>(INDEX_OPTIONS);
  search.addAll(runbooks.map(toSearchDocument));
  return search;
}

export function serializeSearchIndex(search: MiniSearch<SearchDocument>): SerializedSearchIndex {
  return { version: SEARCH_INDEX_VERSION, index: search.toJSON() };
}
