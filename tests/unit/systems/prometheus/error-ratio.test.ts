import { describe, expect, it } from "vitest";
import { analyzeErrorRatio, isServerErrorStatus } from "../../../../lib/systems/prometheus/check-error-ratio";
import { scrape, scrapeText, T0 } from "../fixtures";

const current = scrape("prometheus/metrics-app.txt", T0);
const later = scrape("prometheus/metrics-app-30s-later.txt", T0 + 30_000);
const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("isServerErrorStatus", () => {
  it("matches 5xx codes and classes only", () => {
    expect(["500", "503", "599", "5xx", "5XX"].every(isServerErrorStatus)).toBe(true);
    expect(["200", "404", "4xx", "50", "5000", ""].some(isServerErrorStatus)).toBe(false);
  });
});

describe("analyzeErrorRatio on one scrape", () => {
  const v = analyzeErrorRatio(current);

  it("divides 5xx by all requests since process start", () => {
    // (180 + 45) / 12000 = 1.875 %
    expect(v.headline).toBe("error ratio 1.9 %");
    expect(v.headlineValue).toBeCloseTo(1.875, 12);
    expect(v.headlineUnit).toBe("%");
    expect(fig(v, "errors")).toBe(225);
    expect(fig(v, "requests")).toBe(12000);
    expect(fig(v, "measured from")).toBe("5xx of http_requests_total");
    expect(v.detail).toBe("225 of 12 000 requests failed since process start (5xx of http_requests_total).");
    expect(v.status).toBe("warning");
    expect(v.findings).toEqual(["error-ratio"]);
  });

  it("also divides agent_errors_total by its paired agent_requests_total", () => {
    const rows = v.tables?.[0]?.rows;
    expect(rows).toEqual([
      ["5xx of http_requests_total", 225, 12000, "1.9 %", "since process start", "warning"],
      // 45 / 2575 = 1.748 %
      ["agent_errors_total / agent_requests_total", 45, 2575, "1.7 %", "since process start", "warning"],
    ]);
  });

  it("does not mistake the nodejs_active_requests_total gauge for a request counter", () => {
    expect(v.tables?.[0]?.rows.some((r) => String(r[0]).includes("nodejs_active"))).toBe(false);
  });
});

describe("analyzeErrorRatio between two scrapes", () => {
  it("divides Δerrors by Δrequests over the window", () => {
    const v = analyzeErrorRatio(later, current);
    // Δ5xx = (200 − 180) + (55 − 45) = 30; Δrequests = 12400 − 12000 = 400 → 7.5 %
    expect(v.headline).toBe("error ratio 7.5 %");
    expect(v.headlineValue).toBeCloseTo(7.5, 12);
    expect(v.status).toBe("critical");
    expect(fig(v, "window")).toBe(30);
    expect(v.detail).toBe("30 of 400 requests failed over the last 30 s (5xx of http_requests_total).");
    // agent: Δ(33 + 16 − 30 − 15) = 4 of Δ100 = 4 %
    expect(v.tables?.[0]?.rows[1]).toEqual([
      "agent_errors_total / agent_requests_total",
      4,
      100,
      "4 %",
      "over the last 30 s",
      "warning",
    ]);
  });

  it("counts a restarted counter from zero within the window, as increase() does", () => {
    const v = analyzeErrorRatio(current, { ...later, at: T0 - 30_000 });
    // Every series went backwards: their whole current values are the increase over the 30 s.
    expect(v.headline).toBe("error ratio 1.9 %");
    expect(fig(v, "window")).toBe(30);
    expect(v.detail).toContain("over the last 30 s");
    expect(v.detail).toContain("counted from zero");
  });

  it("says no requests in the window when the counters did not move", () => {
    const v = analyzeErrorRatio(current, { ...current, at: T0 - 60_000 });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no requests over the last 1 min");
    expect(v.headlineValue).toBeNull();
  });
});

describe("analyzeErrorRatio edge cases", () => {
  it("says no requests yet when the counter is declared but empty", () => {
    const v = analyzeErrorRatio(
      scrapeText(
        "# HELP http_requests_total x\n# TYPE http_requests_total counter\n# TYPE agent_errors_total counter\n",
      ),
    );
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no requests yet");
  });

  it('is ok below 1 % and reads code="5xx" class labels', () => {
    const v = analyzeErrorRatio(
      scrapeText(
        [
          "# TYPE api_requests_total counter",
          'api_requests_total{code="2xx"} 995',
          'api_requests_total{code="5xx"} 5',
          "",
        ].join("\n"),
      ),
    );
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("error ratio 0.5 %");
    expect(v.findings).toBeUndefined();
  });

  it("falls back to a duration histogram's _count with a status label", () => {
    const v = analyzeErrorRatio(
      scrapeText(
        [
          "# TYPE http_request_duration_seconds histogram",
          'http_request_duration_seconds_bucket{le="+Inf",status="200"} 90',
          'http_request_duration_seconds_count{status="200"} 90',
          'http_request_duration_seconds_bucket{le="+Inf",status="502"} 10',
          'http_request_duration_seconds_count{status="502"} 10',
          "",
        ].join("\n"),
      ),
    );
    expect(v.headline).toBe("error ratio 10 %");
    expect(v.status).toBe("critical");
    expect(fig(v, "measured from")).toBe("5xx of http_request_duration_seconds_count");
  });

  it("without a request counter, judges the error rate against the guide's alert", () => {
    const before = scrapeText("# TYPE agent_errors_total counter\nagent_errors_total 10\n", T0);
    const after = scrapeText("# TYPE agent_errors_total counter\nagent_errors_total 22\n", T0 + 60_000);
    const v = analyzeErrorRatio(after, before);
    // 12 errors in 60 s = 0.2/s > 0.1/s
    expect(v.headline).toBe("0.2 errors/s");
    expect(v.status).toBe("warning");
    const once = analyzeErrorRatio(after);
    expect(once.headline).toBe("22 errors since process start");
    expect(once.status).toBe("warning");
    expect(once.detail).toContain("Run the check again");
  });

  it("is an error when /metrics has no request or error counters", () => {
    const v = analyzeErrorRatio(scrapeText("# TYPE up gauge\nup 1\n"));
    expect(v.status).toBe("error");
    expect(v.headline).toBe("no request or error counters in /metrics");
    expect(v.findings).toEqual(["metrics-missing"]);
  });

  it("caps a ratio at 100 % when errors outnumber requests", () => {
    const v = analyzeErrorRatio(
      scrapeText(
        "# TYPE x_requests_total counter\nx_requests_total 2\n# TYPE x_errors_total counter\nx_errors_total 5\n",
      ),
    );
    expect(v.headlineValue).toBe(100);
  });
});
