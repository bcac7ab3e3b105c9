// SWR hook for the static search index: fetched once on first use, then shared by every search box.
import type MiniSearch from "minisearch";
import useSWR from "swr";
import type { SearchDocument } from "@/lib/search/documents";
import { loadSearchIndex, type SerializedSearchIndex } from "@/lib/search/load-index";

export const SEARCH_INDEX_URL = "/search-index";

async function fetchIndex(url: string): Promise<MiniSearch<SearchDocument>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the search index did not load (HTTP ${response.status})`);
  return loadSearchIndex((await response.json()) as SerializedSearchIndex);
}

/** `enabled` stays false until someone reaches for search, so pages that never search never fetch it. */
export function useSearchIndex(enabled: boolean) {
  const { data, error, isLoading, mutate } = useSWR<MiniSearch<SearchDocument>, Error>(
    enabled ? SEARCH_INDEX_URL : null,
    fetchIndex,
    { revalidateOnFocus: false, revalidateOnReconnect: false, revalidateIfStale: false },
  );
  return { data, error, isLoading, mutate };
}
