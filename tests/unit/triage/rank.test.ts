import { describe, expect, it } from "vitest";
import { rankTriage, type TriageCandidate, type TriageObservation } from "@/lib/triage/rank";

const candidates: TriageCandidate[] = [
  { slug: "high-error-rates", title: "High Error Rates", symptomMatches: 0 },
  { slug: "slow-response-times", title: "Slow Response Times", symptomMatches: 0 },
  { slug: "low-cache-hit-rate", title: "Low Cache Hit Rate", symptomMatches: 0 },
  { slug: "cache-memory-issues", title: "Cache Memory Issues", symptomMatches: 0 },
];

const obs = (runbook: string, stepId: string, status: TriageObservation["status"], headline: string = status) => ({
  runbook,
  stepId,
  stepTitle: `${stepId} title`,
  status,
  headline,
});

describe("rankTriage", () => {
  it("scores critical × 10 + warning × 3 and orders by score", () => {
    const ranked = rankTriage(candidates, [
      obs("high-error-rates", "d1", "warning"),
      obs("high-error-rates", "d2", "warning"),
      obs("low-cache-hit-rate", "d1", "critical", "cache hit ratio 12 %"),
      obs("low-cache-hit-rate", "d2", "warning", "maxmemory 0 (no limit)"),
      obs("cache-memory-issues", "d1", "warning"),
      obs("slow-response-times", "d1", "ok"),
    ]);
    expect(ranked.map((r) => [r.slug, r.score, r.severity])).toEqual([
      ["low-cache-hit-rate", 13, "critical"],
      ["high-error-rates", 6, "warning"],
      ["cache-memory-issues", 3, "warning"],
      ["slow-response-times", 0, "clear"],
    ]);
    expect(ranked[0]?.evidence).toEqual([
      { stepId: "d1", stepTitle: "d1 title", status: "critical", headline: "cache hit ratio 12 %" },
      { stepId: "d2", stepTitle: "d2 title", status: "warning", headline: "maxmemory 0 (no limit)" },
    ]);
  });

  it("one critical outweighs three warnings", () => {
    const ranked = rankTriage(candidates, [
      obs("high-error-rates", "d1", "warning"),
      obs("high-error-rates", "d2", "warning"),
      obs("high-error-rates", "d3", "warning"),
      obs("cache-memory-issues", "d1", "critical"),
    ]);
    expect(ranked.map((r) => r.slug).slice(0, 2)).toEqual(["cache-memory-issues", "high-error-rates"]);
  });

  it("breaks score ties by symptom matches, then by the candidates' order", () => {
    const withSymptoms: TriageCandidate[] = [
      { slug: "a", title: "A", symptomMatches: 1 },
      { slug: "b", title: "B", symptomMatches: 2 },
      { slug: "c", title: "C", symptomMatches: 1 },
      { slug: "d", title: "D", symptomMatches: 0 },
    ];
    const ranked = rankTriage(withSymptoms, [
      obs("a", "d1", "warning"),
      obs("b", "d1", "warning"),
      obs("c", "d1", "warning"),
      obs("d", "d1", "critical"),
    ]);
    expect(ranked.map((r) => r.slug)).toEqual(["d", "b", "a", "c"]);
  });

  it("errors, failed requests, not-configured and unsupported are not evidence", () => {
    const ranked = rankTriage(candidates, [
      obs("high-error-rates", "d1", "error"),
      obs("high-error-rates", "d2", "failed"),
      obs("slow-response-times", "d1", "not-configured"),
      obs("low-cache-hit-rate", "d1", "unsupported"),
    ]);
    expect(ranked.map((r) => [r.slug, r.score, r.severity, r.inconclusive])).toEqual([
      ["high-error-rates", 0, "unknown", 2],
      ["slow-response-times", 0, "unknown", 1],
      ["low-cache-hit-rate", 0, "unknown", 1],
      ["cache-memory-issues", 0, "pending", 0],
    ]);
    expect(ranked.every((r) => r.evidence.length === 0)).toBe(true);
  });

  it("tells 'couldn't check' (only inconclusive checks) from 'nothing found' (ok or shown, not judged)", () => {
    const ranked = rankTriage(candidates, [
      obs("high-error-rates", "d1", "ok"),
      obs("high-error-rates", "d2", "shown"),
      obs("slow-response-times", "d1", "unsupported"),
      obs("slow-response-times", "d2", "not-configured"),
      obs("low-cache-hit-rate", "d1", "error"),
      obs("low-cache-hit-rate", "d2", "ok"),
    ]);
    const severity = Object.fromEntries(ranked.map((r) => [r.slug, r.severity]));
    expect(severity).toEqual({
      "high-error-rates": "clear",
      "slow-response-times": "unknown",
      "low-cache-hit-rate": "clear",
      "cache-memory-issues": "pending",
    });
    expect(ranked.find((r) => r.slug === "low-cache-hit-rate")?.inconclusive).toBe(1);
  });
});
