import { describe, expect, it } from "vitest";
import {
  analyzeLatency,
  latencyUnitScale,
  requestLatencyFamilies,
} from "../../../../lib/systems/prometheus/check-latency";
import { fixtureText, scrape, scrapeText, T0 } from "../fixtures";

const current = scrape("prometheus/metrics-app.txt", T0);
const later = scrape("prometheus/metrics-app-30s-later.txt", T0 + 30_000);
const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("analyzeLatency on one scrape (lifetime)", () => {
  const v = analyzeLatency(current);

  it("computes p50/p95/p99 over all series like histogram_quantile(sum by (le))", () => {
    expect(fig(v, "histogram")).toBe("http_request_duration_seconds");
    expect(fig(v, "requests")).toBe(12000);
    expect(fig(v, "p99")).toBeCloseTo(5 + 25 / 113, 9);
    expect(fig(v, "p95")).toBeCloseTo(1 + (1.5 * 275) / 538, 9);
    expect(fig(v, "p50")).toBeCloseTo(0.01 + (0.015 * 2875) / 3100, 9);
    // Σ_sum / Σ_count: (290.5 + 1880.2 + 720.4 + 0.09 + 405) / 12000
    expect(fig(v, "mean")).toBeCloseTo(3296.19 / 12000, 9);
    expect(fig(v, "window")).toBe("since process start");
  });

  it("is critical above 3 s and says so in a human headline", () => {
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("p99 5.2 s (p95 1.8 s)");
    expect(v.headlineValue).toBeCloseTo(5.2212, 3);
    expect(v.headlineUnit).toBe("s");
    expect(v.findings).toEqual(["latency"]);
    expect(v.threshold?.text).toContain("above 1 s");
    expect(v.detail).toContain("since process start");
  });

  it("ignores runtime histograms such as nodejs_gc_duration_seconds", () => {
    expect(requestLatencyFamilies(current.families).map((f) => f.name)).toEqual(["http_request_duration_seconds"]);
    const table = v.tables?.[0];
    expect(table?.rows.some((r) => r[0] === "nodejs_gc_duration_seconds")).toBe(false);
  });

  it("lists series ranked by p99, the aggregate first", () => {
    const rows = v.tables?.[0]?.rows ?? [];
    expect(rows[0]?.slice(0, 3)).toEqual(["http_request_duration_seconds", "(all series)", 12000]);
    // The 500 series ranks first: p50 rank 90 in (2.5, 5] → 2.5 + 2.5 × 50/80 = 4.0625 s;
    // p95 rank 171 and p99 rank 178.2 exceed le=10 (170) → "> 10 s".
    expect(rows[1]?.slice(1)).toEqual([
      'method="POST", route="/api/agents/:id/query", status_code="500"',
      180,
      "4.1 s",
      "> 10 s",
      "> 10 s",
    ]);
    // The 503 series: all 45 in (5, 10] → p50 7.5 s, p95 5 + 5 × 42.75/45 = 9.75 s, p99 9.95 s.
    expect(rows[2]?.slice(1)).toEqual([
      'method="POST", route="/api/agents/:id/query", status_code="503"',
      45,
      "7.5 s",
      "9.8 s",
      "9.9 s",
    ]);
    expect(rows).toHaveLength(6);
  });
});

describe("analyzeLatency between two scrapes", () => {
  const v = analyzeLatency(later, current);

  it("uses the bucket deltas (hand-computed)", () => {
    expect(fig(v, "requests")).toBe(400);
    // rank 396 in (5, 10]: 5 + 5 × 16/20 = 9
    expect(fig(v, "p99")).toBeCloseTo(9, 9);
    // rank 380 reaches le=5 exactly: 2.5 + 2.5 × 13/13 = 5
    expect(fig(v, "p95")).toBeCloseTo(5, 9);
    // rank 200 reaches le=0.025 exactly: 0.01 + 0.015 × 100/100
    expect(fig(v, "p50")).toBeCloseTo(0.025, 9);
    expect(fig(v, "mean")).toBeCloseTo(295.3 / 400, 9);
    expect(fig(v, "window")).toBe(30);
    expect(v.headline).toBe("p99 9 s (p95 5 s)");
    expect(v.detail).toContain("400 requests over the last 30 s");
  });

  it("counts counters that went backwards (restart) from zero, as increase() does", () => {
    const restarted = analyzeLatency(current, { ...later, at: T0 - 30_000 });
    // Every series but the 404 one went backwards, so their whole values count; the 404 series did not move.
    expect(fig(restarted, "requests")).toBe(12000 - 25);
    expect(fig(restarted, "window")).toBe(30);
    expect(restarted.detail).toContain("counted from zero");
    const rows = restarted.tables?.[0]?.rows ?? [];
    expect(rows.find((r) => String(r[1]).includes('status_code="404"'))).toBeUndefined();
  });

  it("ignores a previous scrape that is not older", () => {
    const v2 = analyzeLatency(current, { ...later, at: T0 });
    expect(fig(v2, "requests")).toBe(12000);
  });

  it("says no requests when nothing happened in the window", () => {
    const same = analyzeLatency(current, { ...current, at: T0 - 15_000 });
    expect(same.status).toBe("ok");
    expect(same.headline).toBe("no requests over the last 15 s");
    expect(same.headlineValue).toBeNull();
  });
});

const histogram = (name: string, buckets: [string, number][], extra = "") =>
  [
    `# TYPE ${name} histogram`,
    ...buckets.map(([le, n]) => `${name}_bucket{le="${le}"${extra}} ${n}`),
    `${name}_sum${extra ? `{${extra.slice(1)}}` : ""} 1`,
    `${name}_count${extra ? `{${extra.slice(1)}}` : ""} ${buckets[buckets.length - 1]?.[1] ?? 0}`,
    "",
  ].join("\n");

describe("analyzeLatency edge cases", () => {
  it("says no requests yet on a fresh process", () => {
    const v = analyzeLatency(
      scrapeText(
        histogram("http_request_duration_seconds", [
          ["0.1", 0],
          ["1", 0],
          ["+Inf", 0],
        ]),
      ),
    );
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no requests yet");
  });

  it("is ok under 1 s and warning between 1 s and 3 s", () => {
    const fast = analyzeLatency(
      scrapeText(
        histogram("http_request_duration_seconds", [
          ["0.1", 90],
          ["0.5", 100],
          ["+Inf", 100],
        ]),
      ),
    );
    expect(fast.status).toBe("ok");
    expect(fast.findings).toBeUndefined();
    // rank 99 in (1, 2.5] holding 10: 1 + 1.5 × 9/10 = 2.35
    const slow = analyzeLatency(
      scrapeText(
        histogram("http_request_duration_seconds", [
          ["1", 90],
          ["2.5", 100],
          ["+Inf", 100],
        ]),
      ),
    );
    expect(slow.status).toBe("warning");
    expect(slow.headlineValue).toBeCloseTo(2.35, 12);
  });

  it("converts _ms histograms to seconds", () => {
    expect(latencyUnitScale("http_response_time_ms")).toBe(0.001);
    expect(latencyUnitScale("api_latency_milliseconds")).toBe(0.001);
    expect(latencyUnitScale("http_request_duration_seconds")).toBe(1);
    // rank 99 in (1000, 2000] holding 10: 1000 + 1000 × 9/10 = 1900 ms
    const v = analyzeLatency(
      scrapeText(
        histogram("http_response_time_ms", [
          ["1000", 90],
          ["2000", 100],
          ["+Inf", 100],
        ]),
      ),
    );
    expect(v.headlineValue).toBeCloseTo(1.9, 12);
    expect(v.status).toBe("warning");
  });

  it("reports a p99 in the +Inf bucket as a lower bound", () => {
    const v = analyzeLatency(
      scrapeText(
        histogram("http_request_duration_seconds", [
          ["1", 50],
          ["5", 90],
          ["+Inf", 100],
        ]),
      ),
    );
    expect(v.headline).toBe("p99 > 5 s (p95 > 5 s)");
    expect(v.headlineValue).toBe(5);
    expect(v.status).toBe("critical");
    expect(v.detail).toContain("+Inf bucket");
  });

  it("reads summaries' client-side quantiles", () => {
    const v = analyzeLatency(
      scrapeText(
        [
          "# TYPE rpc_request_duration_seconds summary",
          'rpc_request_duration_seconds{method="a",quantile="0.5"} 0.1',
          'rpc_request_duration_seconds{method="a",quantile="0.95"} 0.8',
          'rpc_request_duration_seconds{method="a",quantile="0.99"} 1.4',
          'rpc_request_duration_seconds_sum{method="a"} 30',
          'rpc_request_duration_seconds_count{method="a"} 100',
          'rpc_request_duration_seconds{method="b",quantile="0.99"} NaN',
          'rpc_request_duration_seconds_sum{method="b"} 0',
          'rpc_request_duration_seconds_count{method="b"} 0',
          "",
        ].join("\n"),
      ),
    );
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("p99 1.4 s (p95 800 ms)");
    expect(fig(v, "mean")).toBeCloseTo(0.3, 12);
    expect(v.detail).toContain("client");
  });

  it("is an error naming what it looked for when no latency histogram exists", () => {
    const v = analyzeLatency(
      scrapeText(fixtureText("prometheus/metrics-app.txt").split("# HELP http_request_duration")[0] ?? ""),
    );
    expect(v.status).toBe("error");
    expect(v.headline).toBe("no latency histogram in /metrics");
    expect(v.detail).toContain("nodejs_gc_duration_seconds do not count");
  });
});

describe("histograms over summaries", () => {
  it("judges the histogram when a summary of the same requests exists too, so the verdict can be windowed", () => {
    const text = [
      "# TYPE http_request_duration_seconds histogram",
      'http_request_duration_seconds_bucket{le="0.1"} 90',
      'http_request_duration_seconds_bucket{le="1"} 100',
      'http_request_duration_seconds_bucket{le="+Inf"} 100',
      "http_request_duration_seconds_sum 5",
      "http_request_duration_seconds_count 100",
      "# TYPE http_response_time_seconds summary",
      'http_response_time_seconds{quantile="0.99"} 4.5',
      "http_response_time_seconds_sum 50",
      "http_response_time_seconds_count 100",
    ].join("\n");
    const families = requestLatencyFamilies(scrapeText(text).families);
    expect(families.map((f) => f.name)).toEqual(["http_request_duration_seconds"]);
    expect(analyzeLatency(scrapeText(text)).status).toBe("ok");
  });
});
