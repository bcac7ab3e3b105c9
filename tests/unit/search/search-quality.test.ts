import type MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { getLibrary } from "@/lib/runbooks/library";
import { buildSearchIndex, serializeSearchIndex } from "@/lib/search/build-index";
import type { SearchDocument } from "@/lib/search/documents";
import { highlightPieces } from "@/lib/search/highlight";
import { loadSearchIndex } from "@/lib/search/load-index";
import { searchRunbooks } from "@/lib/search/query";

// The browser's path: build, serialize to JSON text (what /search-index serves), load back.
const index: MiniSearch<SearchDocument> = loadSearchIndex(
  JSON.parse(JSON.stringify(serializeSearchIndex(buildSearchIndex(getLibrary().runbooks)))),
);
const top = (query: string) => searchRunbooks(index, query)[0];
const slugs = (query: string, n = 8) => searchRunbooks(index, query, n).map((h) => h.slug);

describe("search quality on the guide's runbooks", () => {
  it.each([
    ["hit rate", "low-cache-hit-rate"],
    ["maxmemory", "low-cache-hit-rate"],
    ["COLLSCAN", "query-performance-issues"],
    ["collscan", "query-performance-issues"],
    ["IXSCAN", "query-performance-issues"],
    ["timeout", "slow-response-times"],
    ["timeouts", "slow-response-times"],
    ["conection pool", "connection-pool-exhaustion"],
    ["connection pool", "connection-pool-exhaustion"],
    ["memry", "cache-memory-issues"],
    ["eviction", "low-cache-hit-rate"],
    ["currentOp", "connection-pool-exhaustion"],
    ["prometheus", "missing-metrics"],
    ["dashboards", "missing-metrics"],
    ["redis-cli info", "cache-memory-issues"],
    ["latency", "slow-response-times"],
  ])("%s → %s first", (query, slug) => {
    expect(top(query)?.slug).toBe(slug);
  });

  it("timeout brings up the three runbooks with timeout symptoms first", () => {
    expect(new Set(slugs("timeout", 3))).toEqual(
      new Set(["slow-response-times", "high-error-rates", "connection-pool-exhaustion"]),
    );
  });

  it("maxmemory finds both Redis memory runbooks and links to the matching steps", () => {
    const hits = searchRunbooks(index, "maxmemory");
    expect(hits.map((h) => [h.slug, h.href, h.place])).toEqual([
      ["low-cache-hit-rate", "/runbooks/low-cache-hit-rate#diagnosis-2", "step"],
      ["cache-memory-issues", "/runbooks/cache-memory-issues#solution-1-1", "step"],
    ]);
    expect(hits[0]?.snippet).toBe("View cache configuration: redis-cli config get maxmemory");
  });

  it("prefix matching finds a word from its start", () => {
    expect(slugs("cach", 2).sort()).toEqual(["cache-memory-issues", "low-cache-hit-rate"]);
    expect(top("exhaus")?.slug).toBe("connection-pool-exhaustion");
  });

  it("ranks: a title match beats a match in commands", () => {
    const hits = searchRunbooks(index, "metrics");
    expect(hits[0]).toMatchObject({ slug: "missing-metrics", place: "title", href: "/runbooks/missing-metrics" });
    expect(hits.slice(1).every((h) => h.score < (hits[0]?.score ?? 0))).toBe(true);
  });

  it("a symptom match says which symptom", () => {
    expect(top("timeout")).toMatchObject({ place: "symptom", snippet: "Timeout errors" });
  });

  it("returns nothing for a blank query or gibberish", () => {
    expect(searchRunbooks(index, "   ")).toEqual([]);
    expect(searchRunbooks(index, "zqxjv")).toEqual([]);
  });
});

describe("highlightPieces", () => {
  it("marks the words the search matched, including inflections", () => {
    const hit = top("hit rate");
    expect(hit).toBeDefined();
    expect(highlightPieces("Low Cache Hit Rate", hit?.terms ?? [])).toEqual([
      { text: "Low Cache ", match: false },
      { text: "Hit Rate", match: true },
    ]);
    expect(highlightPieces("Timeout errors", ["timeout"])).toEqual([
      { text: "Timeout", match: true },
      { text: " errors", match: false },
    ]);
    expect(highlightPieces("Connection timeouts", ["timeout"])).toEqual([
      { text: "Connection ", match: false },
      { text: "timeouts", match: true },
    ]);
  });

  it("matches a fuzzy query against the word actually in the text", () => {
    const hit = searchRunbooks(index, "conection pool").find((h) => h.slug === "connection-pool-exhaustion");
    expect(highlightPieces("Connection Pool Exhaustion", hit?.terms ?? []).filter((p) => p.match)).toEqual([
      { text: "Connection Pool", match: true },
    ]);
  });
});
