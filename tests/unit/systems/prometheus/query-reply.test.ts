// Prometheus query replies read once: vectors, scalars, matrices, refusals; and which target scrapes a URL.
import { describe, expect, it } from "vitest";
import { PrometheusReplyError, readInstantReply, readRangeReply } from "@/lib/systems/prometheus/query-reply";
import type { PrometheusTarget } from "@/lib/systems/prometheus/targets";
import { selectorOf, targetScraping } from "@/lib/systems/prometheus/windowed";

describe("readInstantReply", () => {
  it("reads a vector without __name__, and NaN/Inf values", () => {
    const reply = {
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { __name__: "x", code: "500" }, value: [1700000000, "12.5"] },
          { metric: { code: "200" }, value: [1700000000, "NaN"] },
          { metric: {}, value: [1700000000, "+Inf"] },
        ],
      },
    };
    const samples = readInstantReply(reply);
    expect(samples[0]).toEqual({ labels: { code: "500" }, value: 12.5 });
    expect(samples[1]?.value).toBeNaN();
    expect(samples[2]?.value).toBe(Number.POSITIVE_INFINITY);
  });

  it("reads a scalar as one unlabelled sample", () => {
    expect(readInstantReply({ status: "success", data: { resultType: "scalar", result: [1, "3"] } })).toEqual([
      { labels: {}, value: 3 },
    ]);
  });

  it("names Prometheus's own refusal", () => {
    expect(() =>
      readInstantReply({ status: "error", errorType: "bad_data", error: 'parse error at char 5: unexpected "}"' }),
    ).toThrow('Prometheus refused the query (bad_data): parse error at char 5: unexpected "}"');
    expect(() => readInstantReply({ status: "success", data: { resultType: "matrix", result: [] } })).toThrow(
      PrometheusReplyError,
    );
  });
});

describe("readRangeReply", () => {
  it("reads a matrix", () => {
    const series = readRangeReply({
      status: "success",
      data: {
        resultType: "matrix",
        result: [
          {
            metric: {},
            values: [
              [1, "1"],
              [2, "2.5"],
            ],
          },
        ],
      },
    });
    expect(series).toEqual([
      {
        labels: {},
        points: [
          [1, 1],
          [2, 2.5],
        ],
      },
    ]);
  });
});

describe("targetScraping", () => {
  const target = (scrapeUrl: string, labels: Record<string, string>): PrometheusTarget => ({
    scrapePool: labels.job ?? "",
    scrapeUrl,
    health: "up",
    lastError: "",
    lastScrape: "",
    lastScrapeDuration: 0,
    scrapeInterval: "5s",
    scrapeTimeout: "4s",
    scrapeTimeoutSeconds: 4,
    labels,
  });
  const targets = [
    target("http://127.0.0.1:9100/metrics", { job: "node", instance: "127.0.0.1:9100" }),
    target("http://127.0.0.1:8080/metrics", { job: "api", instance: "127.0.0.1:8080", env: "demo" }),
  ];

  it("matches scheme, port and path, treating loopback names alike", () => {
    expect(targetScraping(targets, "http://localhost:8080/metrics")?.labels.job).toBe("api");
    expect(targetScraping(targets, "http://127.0.0.1:8080/metrics/")?.labels.job).toBe("api");
    expect(targetScraping(targets, "http://127.0.0.1:8080/other")).toBeUndefined();
    expect(targetScraping(targets, "https://127.0.0.1:8080/metrics")).toBeUndefined();
    expect(targetScraping(targets, "not a url")).toBeUndefined();
  });

  it("selects by job and instance only", () => {
    const found = targetScraping(targets, "http://127.0.0.1:8080/metrics");
    expect(found && selectorOf(found)).toEqual({ job: "api", instance: "127.0.0.1:8080" });
  });
});
