// The static search index: fetched once on first use, then shared by every search box (one promise per page load;
// a failed load is tried again on the next use). The search code (MiniSearch, ranking, highlighting:
// ./search-engine.ts) comes with it through import(), so pages where nobody searches never download it.
import { useEffect, useState } from "react";
import type { TextPiece } from "@/lib/search/highlight";
import type { SerializedSearchIndex } from "@/lib/search/load-index";
import type { SearchHit } from "@/lib/search/query";

export const SEARCH_INDEX_URL = "/search-index";

export interface SearchEngine {
  search: (query: string) => SearchHit[];
  highlight: (text: string, terms: readonly string[]) => TextPiece[];
}

let loading: Promise<SearchEngine> | null = null;

async function fetchIndex(url: string): Promise<SearchEngine> {
  const [response, engine] = await Promise.all([fetch(url), import("./search-engine")]);
  if (!response.ok) throw new Error(`the search index did not load (HTTP ${response.status})`);
  const index = engine.loadSearchIndex((await response.json()) as SerializedSearchIndex);
  return { search: (query) => engine.searchRunbooks(index, query), highlight: engine.highlightPieces };
}

function loadIndex(): Promise<SearchEngine> {
  loading ??= fetchIndex(SEARCH_INDEX_URL).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** `enabled` stays false until someone reaches for search, so pages that never search never fetch it. */
export function useSearchIndex(enabled: boolean) {
  const [state, setState] = useState<{ data?: SearchEngine; error?: Error }>({});
  useEffect(() => {
    if (!enabled) return;
    let active = true;
    loadIndex().then(
      (data) => active && setState({ data }),
      (e: unknown) => active && setState({ error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      active = false;
    };
  }, [enabled]);
  return { data: state.data, error: state.error, isLoading: enabled && !state.data && !state.error };
}
