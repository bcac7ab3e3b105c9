import { describe, expect, it } from "vitest";
import { analyzeMetricsPresence } from "../../../../lib/systems/prometheus/check-metrics-presence";
import { parsePrometheusText } from "../../../../lib/systems/prometheus/exposition";
import { fixtureText } from "../fixtures";

const families = parsePrometheusText(fixtureText("prometheus/metrics-app.txt"));

describe("analyzeMetricsPresence", () => {
  it("is ok when every expected metric is exposed (family or sample names)", () => {
    const v = analyzeMetricsPresence(families, [
      "agent_errors_total",
      "http_request_duration_seconds_bucket",
      "http_requests_total",
    ]);
    expect(v.status).toBe("ok");
    // 4 process + 1 lag + 1 active + 5 heap + 1 version + 18 gc + 1 build + 5 requests + 70 histogram + 2 + 2 + 2
    expect(v.headline).toBe("16 metric families, 112 samples");
    expect(v.headlineValue).toBe(0);
    expect(v.tables?.[0]?.rows).toEqual([
      ["agent_errors_total", "yes", 2],
      ["http_request_duration_seconds_bucket", "yes", 60],
      ["http_requests_total", "yes", 5],
    ]);
  });

  it("is critical naming what is missing", () => {
    const v = analyzeMetricsPresence(
      families.filter((f) => f.name !== "agent_errors_total"),
      ["agent_errors_total", "up"],
    );
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("missing: agent_errors_total, up");
    expect(v.headlineValue).toBe(2);
    expect(v.findings).toEqual(["metrics-missing"]);
    const many = analyzeMetricsPresence(families, ["a", "b", "c", "d", "e"]);
    expect(many.headline).toBe("missing: a, b, c and 2 more");
  });

  it("counts a declared family without samples as present, and says so", () => {
    const declared = parsePrometheusText("# HELP agent_errors_total x\n# TYPE agent_errors_total counter\nup 1\n");
    const v = analyzeMetricsPresence(declared, ["agent_errors_total"]);
    expect(v.status).toBe("ok");
    expect(v.detail).toContain("Declared but without samples yet: agent_errors_total");
  });

  it("is critical when the endpoint exposes nothing, and counts only without expectations", () => {
    const empty = analyzeMetricsPresence([], []);
    expect(empty.status).toBe("critical");
    expect(empty.headline).toBe("no metrics exposed");
    const counts = analyzeMetricsPresence(families, []);
    expect(counts.status).toBe("ok");
    expect(counts.headlineValue).toBe(16);
    expect(counts.tables).toBeUndefined();
  });
});
