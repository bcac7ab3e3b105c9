import { describe, expect, it } from "vitest";
import { getLibrary } from "@/lib/runbooks/library";
import { normalizeSymptom, singularize, symptomSlug } from "@/lib/symptoms/normalize";
import {
  buildSymptomIndex,
  formatSymptomParam,
  parseSymptomParam,
  resolveSymptoms,
} from "@/lib/symptoms/symptom-index";

const issues = () => getLibrary().runbooks.filter((r) => r.kind === "issue");

describe("normalizeSymptom", () => {
  it("lowercases, trims, strips punctuation and singularizes simple plurals", () => {
    expect(normalizeSymptom("  Timeout errors ")).toBe("timeout error");
    expect(normalizeSymptom("timeout-error!")).toBe("timeout error");
    expect(normalizeSymptom("Delayed API responses")).toBe("delayed api response");
    expect(normalizeSymptom("Slow queries")).toBe("slow query");
    expect(normalizeSymptom("Missing indexes")).toBe("missing index");
    expect(normalizeSymptom("Redis status")).toBe("redis status");
  });

  it("maps a bare 'timeouts' to the guide's 'Timeout errors' but keeps 'Connection timeouts' apart", () => {
    expect(normalizeSymptom("Timeouts")).toBe("timeout error");
    expect(normalizeSymptom("Connection timeouts")).toBe("connection timeout");
  });

  it("expands common abbreviations", () => {
    expect(normalizeSymptom("DB errors")).toBe(normalizeSymptom("Database errors"));
  });

  it("singularize leaves short words and -ss/-us/-is endings alone", () => {
    expect(["gas", "process", "status", "analysis", "latencies", "boxes"].map(singularize)).toEqual([
      "gas",
      "process",
      "status",
      "analysis",
      "latency",
      "box",
    ]);
  });

  it("slugs labels for the URL", () => {
    expect(symptomSlug("Timeout errors")).toBe("timeout-errors");
    expect(symptomSlug("High CPU usage")).toBe("high-cpu-usage");
  });
});

describe("buildSymptomIndex over the guide's runbooks", () => {
  const index = buildSymptomIndex(issues());

  it("merges the guide's shared symptoms into one entry each, listing both runbooks", () => {
    expect(index.slice(0, 2)).toEqual([
      {
        id: "timeout-errors",
        key: "timeout error",
        label: "Timeout errors",
        variants: ["Timeout errors"],
        runbooks: ["high-error-rates", "slow-response-times"],
      },
      {
        id: "performance-degradation",
        key: "performance degradation",
        label: "Performance degradation",
        variants: ["Performance degradation"],
        runbooks: ["cache-memory-issues", "connection-pool-exhaustion"],
      },
    ]);
  });

  it("keeps every other symptom apart, one runbook each, in the guide's order", () => {
    expect(index).toHaveLength(22); // 24 listed symptoms, two of them shared
    expect(index.slice(2).map((e) => [e.id, e.runbooks])).toEqual([
      ["increased-error-responses", ["high-error-rates"]],
      ["failed-api-calls", ["high-error-rates"]],
      ["delayed-api-responses", ["slow-response-times"]],
      ["increased-latency", ["slow-response-times"]],
      ["increased-database-load", ["low-cache-hit-rate"]],
      ["slower-response-times", ["low-cache-hit-rate"]],
      ["higher-resource-usage", ["low-cache-hit-rate"]],
      ["cache-eviction-errors", ["cache-memory-issues"]],
      ["memory-warnings", ["cache-memory-issues"]],
      ["connection-timeouts", ["connection-pool-exhaustion"]],
      ["database-errors", ["connection-pool-exhaustion"]],
      ["slow-query-execution", ["query-performance-issues"]],
      ["high-cpu-usage", ["query-performance-issues"]],
      ["database-locks", ["query-performance-issues"]],
      ["incomplete-monitoring-data", ["missing-metrics"]],
      ["missing-alerts", ["missing-metrics"]],
      ["inaccurate-dashboards", ["missing-metrics"]],
      ["too-many-connections-errors", ["postgresql-connection-and-lock-issues"]],
      ["queries-hanging", ["postgresql-connection-and-lock-issues"]],
      ["queries-blocked-by-locks", ["postgresql-connection-and-lock-issues"]],
    ]);
  });

  it("merges spelling variants and remembers each", () => {
    const merged = buildSymptomIndex([
      { slug: "a", symptoms: ["Timeout errors", "Slow queries"] },
      { slug: "b", symptoms: ["timeout-error", "Slow query"] },
      { slug: "c", symptoms: ["Timeouts", "Connection timeouts"] },
    ]);
    expect(merged.map((e) => [e.id, e.variants, e.runbooks])).toEqual([
      ["timeout-errors", ["Timeout errors", "timeout-error", "Timeouts"], ["a", "b", "c"]],
      ["slow-queries", ["Slow queries", "Slow query"], ["a", "b"]],
      ["connection-timeouts", ["Connection timeouts"], ["c"]],
    ]);
  });
});

describe("symptom selection in the URL", () => {
  const index = buildSymptomIndex(issues());

  it("parses ?symptoms= into trimmed, unique ids", () => {
    expect(parseSymptomParam(" timeout-errors, increased-latency,,timeout-errors ")).toEqual([
      "timeout-errors",
      "increased-latency",
    ]);
    expect(parseSymptomParam(["timeout-errors", "memory-warnings"])).toEqual(["timeout-errors", "memory-warnings"]);
    expect(parseSymptomParam(undefined)).toEqual([]);
    expect(formatSymptomParam(["timeout-errors", "increased-latency"])).toBe("timeout-errors,increased-latency");
  });

  it("resolves ids in URL order, by id or by normalized key, dropping unknown ones", () => {
    const resolved = resolveSymptoms(index, [
      "increased-latency",
      "timeout-error",
      "no-such-symptom",
      "timeout-errors",
    ]);
    expect(resolved.map((e) => e.id)).toEqual(["increased-latency", "timeout-errors"]);
  });
});
