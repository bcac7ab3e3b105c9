// Everything search does in the browser beyond the box itself — loading the index into MiniSearch, ranking and
// shaping hits, highlighting — in one module that use-search-index.ts imports on first use.
export { highlightPieces } from "@/lib/search/highlight";
export { loadSearchIndex } from "@/lib/search/load-index";
export { searchRunbooks } from "@/lib/search/query";
