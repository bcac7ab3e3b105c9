// The static search index: fetched once on first use, then shared by every search box (one promise per page load;
// a failed load is tried again on the next use). MiniSearch itself comes with it (import()), so pages where nobody
// searches never download the search engine.
import type MiniSearch from "minisearch";
import { useEffect, useState } from "react";
import type { SearchDocument } from "@/lib/search/documents";
import type { SerializedSearchIndex } from "@/lib/search/load-index";

export const SEARCH_INDEX_URL = "/search-index";

let loading: Promise<MiniSearch<SearchDocument>> | null = null;

async function fetchIndex(url: string): Promise<MiniSearch<SearchDocument>> {
  const [response, { loadSearchIndex }] = await Promise.all([fetch(url), import("@/lib/search/load-index")]);
  if (!response.ok) throw new Error(`the search index did not load (HTTP ${response.status})`);
  return loadSearchIndex((await response.json()) as SerializedSearchIndex);
}

function loadIndex(): Promise<MiniSearch<SearchDocument>> {
  loading ??= fetchIndex(SEARCH_INDEX_URL).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** `enabled` stays false until someone reaches for search, so pages that never search never fetch it. */
export function useSearchIndex(enabled: boolean) {
  const [state, setState] = useState<{ data?: MiniSearch<SearchDocument>; error?: Error }>({});
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
