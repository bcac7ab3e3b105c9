// Loads the serialized search index in the browser with the same options it was built with.
import MiniSearch, { type AsPlainObject } from "minisearch";
import type { SearchDocument } from "./documents";
import { INDEX_OPTIONS, SEARCH_INDEX_VERSION } from "./options";

export interface SerializedSearchIndex {
  version: number;
  index: AsPlainObject;
}

export function loadSearchIndex(data: SerializedSearchIndex): MiniSearch<SearchDocument> {
  if (data.version !== SEARCH_INDEX_VERSION) {
    throw new Error(`search index version ${data.version}, expected ${SEARCH_INDEX_VERSION}: reload the page`);
  }
  return MiniSearch.loadJS<SearchDocument>(data.index, INDEX_OPTIONS);
}
