// The window picker's values, onset finding, chart text and PromQL building: pure parts of "evidence over time".
import { describe, expect, it } from "vitest";
import { describeChart, formatChartValue } from "@/lib/evidence/chart-values";
import { describeOnset, findOnset } from "@/lib/evidence/onset";
import { matchers, percentOf, regexMatcher, sumRate } from "@/lib/evidence/promql";
import { chartRangeSeconds, windowFromParam, windowSeconds } from "@/lib/evidence/window";
import { cacheHitRatioChart } from "@/lib/systems/prometheus/check-cache-hit-ratio";
import { errorRatioChart } from "@/lib/systems/prometheus/check-error-ratio";
import { latencyChart } from "@/lib/systems/prometheus/check-latency";
import { parsePrometheusText } from "@/lib/systems/prometheus/exposition";
import type { EvidenceChart } from "@/lib/verdict/verdict";

const utc = (t: number) => new Date(t * 1000).toISOString().slice(11, 16);

function chart(values: (number | null)[], extra: Partial<EvidenceChart> = {}): EvidenceChart {
  const start = 1_700_000_000;
  return {
    title: "5xx share",
    unit: "%",
    direction: "above",
    warning: 1,
    critical: 5,
    start,
    end: start + (values.length - 1) * 60,
    step: 60,
    series: [{ name: "5xx share", points: values.map((v, i) => [start + i * 60, v]) }],
    ...extra,
  };
}

describe("window", () => {
  it("reads ?window= and falls back to 5 min for anything else", () => {
    expect(windowFromParam("15m")).toBe("15m");
    expect(windowFromParam(["1h", "1m"])).toBe("1h");
    expect(windowFromParam("7m")).toBe("5m");
    expect(windowFromParam(null)).toBe("5m");
    expect(windowSeconds("1h")).toBe(3600);
    expect(chartRangeSeconds("5m")).toBe(3600);
  });
});

describe("findOnset", () => {
  it("marks where the trailing run above critical began", () => {
    const c = chart([0, 0.5, 2, 7, 9, 12]);
    expect(findOnset(c)).toEqual({ level: "critical", since: c.start + 3 * 60 });
    expect(describeOnset({ ...c, onset: findOnset(c) }, utc)).toBe(`above critical since ${utc(c.start + 180)}, 2 min`);
  });

  it("falls back to warning when the last point is only above warning", () => {
    const c = chart([9, 9, 0.2, 3, 4]);
    expect(findOnset(c)).toEqual({ level: "warning", since: c.start + 3 * 60 });
  });

  it("has no onset when the last point is within, or missing", () => {
    expect(findOnset(chart([9, 9, 0.2]))).toBeUndefined();
    expect(findOnset(chart([9, 9, null]))).toBeUndefined();
  });

  it("reads below-thresholds for a hit ratio", () => {
    const c = chart([95, 90, 40, 30], { direction: "below", warning: 80, critical: 50 });
    expect(findOnset(c)).toEqual({ level: "critical", since: c.start + 2 * 60 });
    expect(describeOnset({ ...c, onset: findOnset(c) }, utc)).toMatch(/^below critical since/);
  });

  it("says when the excursion covers the whole range shown", () => {
    const c = chart([9, 9, 9]);
    expect(describeOnset({ ...c, onset: findOnset(c) }, utc)).toContain("(as far back as the data goes)");
  });
});

describe("chart values", () => {
  it("formats in human units without float noise", () => {
    expect(formatChartValue(19.4321, "%")).toBe("19.4 %");
    expect(formatChartValue(0.2965000000000003, "s")).toBe("297 ms");
    expect(formatChartValue(null, "%")).toBe("—");
    expect(describeChart(chart([0, 7]), utc)).toBe(
      `5xx share from ${utc(1_700_000_000)} to ${utc(1_700_000_060)}: last 7 %; warning 1 %, critical 5 %.`,
    );
  });
});

describe("PromQL", () => {
  const selector = { job: "api", instance: "127.0.0.1:8080" };

  it("quotes label values and joins extra matchers", () => {
    expect(matchers({ job: 'a"b' }, [regexMatcher("code", "5..")])).toBe('{job="a\\"b",code=~"5.."}');
    expect(sumRate("x_total", {}, "5m")).toBe("sum(rate(x_total[5m]))");
    expect(percentOf("a", "b")).toBe("100 * a / b");
  });

  it("charts the 5xx share of a status-labelled request counter", () => {
    const families = parsePrometheusText(
      '# TYPE http_requests_total counter\nhttp_requests_total{status="200"} 5\n# TYPE agent_errors_total counter\nagent_errors_total 1\n',
    );
    const spec = errorRatioChart(families, selector);
    expect(spec?.expr("5m")).toBe(
      '100 * sum(rate(http_requests_total{job="api",instance="127.0.0.1:8080",status=~"5..|5xx|5XX"}[5m])) / sum(rate(http_requests_total{job="api",instance="127.0.0.1:8080"}[5m]))',
    );
    expect(spec?.unit).toBe("%");
  });

  it("charts the rate of an error counter when no request counter has a status", () => {
    const families = parsePrometheusText("# TYPE agent_errors_total counter\nagent_errors_total 1\n");
    expect(errorRatioChart(families, selector)?.expr("1m")).toBe(
      'sum(rate(agent_errors_total{job="api",instance="127.0.0.1:8080"}[1m]))',
    );
  });

  it("charts p99 with histogram_quantile, scaling millisecond histograms to seconds", () => {
    const families = parsePrometheusText(
      '# TYPE api_latency_ms histogram\napi_latency_ms_bucket{le="+Inf"} 1\napi_latency_ms_sum 1\napi_latency_ms_count 1\n',
    );
    expect(latencyChart(families, {})?.expr("15m")).toBe(
      "histogram_quantile(0.99, sum by (le) (rate(api_latency_ms_bucket[15m]))) * 0.001",
    );
  });

  it("charts the hit ratio of hit and miss counters, below-thresholds", () => {
    const families = parsePrometheusText(
      "# TYPE cache_hits_total counter\ncache_hits_total 1\n# TYPE cache_misses_total counter\ncache_misses_total 1\n",
    );
    const spec = cacheHitRatioChart(families, {});
    expect(spec?.expr("5m")).toBe(
      "100 * (sum(rate(cache_hits_total[5m]))) / (sum(rate(cache_hits_total[5m])) + sum(rate(cache_misses_total[5m])))",
    );
    expect(spec?.direction).toBe("below");
  });
});
