import { describe, expect, it } from "vitest";
import { getLibrary } from "@/lib/runbooks/library";
import { homeView } from "@/lib/symptoms/home-view";
import { rankBySymptoms } from "@/lib/symptoms/rank";
import { buildSymptomIndex, resolveSymptoms } from "@/lib/symptoms/symptom-index";

const issues = () => getLibrary().runbooks.filter((r) => r.kind === "issue");
const order = () => issues().map((r) => r.slug);
const select = (...ids: string[]) => resolveSymptoms(buildSymptomIndex(issues()), ids);

describe("rankBySymptoms", () => {
  it("keeps only runbooks listing a selected symptom, most matches first", () => {
    expect(rankBySymptoms(order(), select("timeout-errors", "increased-latency"))).toEqual([
      { slug: "slow-response-times", matched: ["timeout-errors", "increased-latency"] },
      { slug: "high-error-rates", matched: ["timeout-errors"] },
    ]);
  });

  it("breaks equal counts by library order", () => {
    const ranked = rankBySymptoms(order(), select("performance-degradation", "database-errors", "memory-warnings"));
    expect(ranked.map((r) => [r.slug, r.matched.length])).toEqual([
      ["cache-memory-issues", 2],
      ["connection-pool-exhaustion", 2],
    ]);
    const more = rankBySymptoms(
      order(),
      select("performance-degradation", "database-errors", "memory-warnings", "connection-timeouts"),
    );
    expect(more.map((r) => [r.slug, r.matched.length])).toEqual([
      ["connection-pool-exhaustion", 3],
      ["cache-memory-issues", 2],
    ]);
  });

  it("returns nothing for no selection", () => {
    expect(rankBySymptoms(order(), [])).toEqual([]);
  });
});

describe("homeView", () => {
  it("with no symptom selected, triages every issue runbook", () => {
    const view = homeView(getLibrary(), undefined);
    expect(view.selected).toEqual([]);
    expect(view.ranked).toEqual([]);
    expect(view.candidates.map((c) => c.slug)).toEqual(order());
    expect(view.candidates.every((c) => c.symptomMatches === 0)).toBe(true);
    expect(view.scope).toBe("all 8 runbooks");
    // the guide's 12, two team steps on its MongoDB runbooks, one keyspace step shared by its two cache runbooks, the PostgreSQL runbook's 5
    expect(view.checkCount).toBe(20);
    expect(view.options).toHaveLength(22);
  });

  it("with symptoms selected, ranks and triages only the matching runbooks", () => {
    const view = homeView(getLibrary(), "timeout-errors,increased-latency");
    expect(view.selected.map((s) => s.label)).toEqual(["Timeout errors", "Increased latency"]);
    expect(view.ranked.map((r) => [r.runbook.slug, r.matched])).toEqual([
      ["slow-response-times", 2],
      ["high-error-rates", 1],
    ]);
    expect(view.candidates).toEqual([
      { slug: "slow-response-times", title: "Slow Response Times", symptomMatches: 2 },
      { slug: "high-error-rates", title: "High Error Rates", symptomMatches: 1 },
    ]);
    expect(view.scope).toBe("the 2 runbooks for your symptoms");
    // slow-response-times: metrics | grep response_time (its explain step needs a collection);
    // high-error-rates: metrics | grep error, tail error.log
    expect(view.checkCount).toBe(3);
  });
});
