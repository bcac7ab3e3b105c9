import { describe, expect, it } from "vitest";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { decodeHandoff, encodeHandoff, HANDOFF_MAX_AGE_MS, handoffKey } from "@/lib/triage/handoff";

const result: StepRunResult = {
  runbook: "low-cache-hit-rate",
  stepId: "diagnosis-1",
  verdict: {
    status: "critical",
    headline: "cache hit ratio 12 %",
    headlineValue: 12,
    headlineUnit: "%",
    figures: [{ label: "hits", value: 12 }],
  },
  raw: "cache_hits_total 12",
  rawTruncated: false,
  durationMs: 21.5,
  startedAt: "2026-01-01T00:00:00.000Z",
  cli: 'curl -s "$API_URL/metrics" | grep cache',
};

describe("triage handoff", () => {
  it("round-trips the results of a runbook under triage:<slug>", () => {
    expect(handoffKey("low-cache-hit-rate")).toBe("triage:low-cache-hit-rate");
    const text = encodeHandoff([result], 1000);
    expect(decodeHandoff("low-cache-hit-rate", text, 2000)).toEqual([result]);
  });

  it("drops stale, malformed and other runbooks' results", () => {
    expect(decodeHandoff("low-cache-hit-rate", encodeHandoff([result], 0), HANDOFF_MAX_AGE_MS + 1)).toEqual([]);
    expect(decodeHandoff("low-cache-hit-rate", "{not json", 0)).toEqual([]);
    expect(decodeHandoff("low-cache-hit-rate", JSON.stringify({ savedAt: 0, results: [{ stepId: 1 }] }), 0)).toEqual(
      [],
    );
    const badVerdict = { ...result, verdict: { status: "fine", headline: "x" } };
    expect(decodeHandoff("low-cache-hit-rate", JSON.stringify({ savedAt: 0, results: [badVerdict] }), 0)).toEqual([]);
    expect(decodeHandoff("high-error-rates", encodeHandoff([result], 0), 0)).toEqual([]);
    expect(decodeHandoff("low-cache-hit-rate", null, 0)).toEqual([]);
  });
});
