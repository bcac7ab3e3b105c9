import { describe, expect, it } from "vitest";
import type { Bucket } from "../../../../lib/systems/prometheus/histogram-quantile";
import { histogramQuantile, histogramQuantileDetail } from "../../../../lib/systems/prometheus/histogram-quantile";

const INF = Number.POSITIVE_INFINITY;
const b = (pairs: [number, number][]): Bucket[] => pairs.map(([upperBound, count]) => ({ upperBound, count }));

// Aggregate (sum by le) of the five http_request_duration_seconds series in tests/fixtures/prometheus/metrics-app.txt.
const APP_T0 = b([
  [0.005, 1220],
  [0.01, 3125],
  [0.025, 6225],
  [0.05, 8135],
  [0.1, 8985],
  [0.25, 9575],
  [0.5, 10277],
  [1, 11125],
  [2.5, 11663],
  [5, 11875],
  [10, 11988],
  [INF, 12000],
]);

describe("histogramQuantile (PromQL histogram_quantile)", () => {
  it("interpolates inside the bucket holding the rank (hand-computed)", () => {
    // p99: rank 11880 → bucket (5, 10]: 5 + 5 × (11880 − 11875) / (11988 − 11875) = 5 + 25/113
    expect(histogramQuantile(0.99, APP_T0)).toBeCloseTo(5 + 25 / 113, 12);
    // p95: rank 11400 → bucket (1, 2.5]: 1 + 1.5 × (11400 − 11125) / 538
    expect(histogramQuantile(0.95, APP_T0)).toBeCloseTo(1 + (1.5 * 275) / 538, 12);
    // p50: rank 6000 → bucket (0.01, 0.025]: 0.01 + 0.015 × 2875 / 3100
    expect(histogramQuantile(0.5, APP_T0)).toBeCloseTo(0.01 + (0.015 * 2875) / 3100, 12);
  });

  it("uses 0 as the lower bound of the first bucket", () => {
    // rank 25 of 100 in (0, 0.1] holding 50: 0.1 × 25/50
    expect(
      histogramQuantile(
        0.25,
        b([
          [0.1, 50],
          [1, 100],
          [INF, 100],
        ]),
      ),
    ).toBeCloseTo(0.05, 12);
  });

  it("returns the first bucket's bound when it is ≤ 0", () => {
    expect(
      histogramQuantile(
        0.1,
        b([
          [-1, 20],
          [0, 40],
          [1, 100],
          [INF, 100],
        ]),
      ),
    ).toBe(-1);
  });

  it("returns the second-highest bound when the rank falls in +Inf", () => {
    const buckets = b([
      [0.5, 10],
      [1, 80],
      [INF, 100],
    ]);
    expect(histogramQuantile(0.99, buckets)).toBe(1);
    expect(histogramQuantileDetail(0.99, buckets)).toEqual({ value: 1, aboveHighestBound: true });
    expect(histogramQuantileDetail(0.5, buckets).aboveHighestBound).toBe(false);
  });

  it("takes the first bucket whose count reaches the rank exactly", () => {
    // rank 380 equals the cumulative count at le=5 → interpolate (2.5, 5] fully: 5
    const buckets = b([
      [1, 345],
      [2.5, 367],
      [5, 380],
      [10, 400],
      [INF, 400],
    ]);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(5, 12);
  });

  it("sorts unsorted buckets and merges equal bounds", () => {
    const unsorted = b([
      [INF, 100],
      [1, 80],
      [0.5, 10],
    ]);
    expect(histogramQuantile(0.5, unsorted)).toBeCloseTo(0.5 + 0.5 * (40 / 70), 12);
    // Two series summed by le arrive as repeated bounds.
    const repeated = b([
      [0.5, 5],
      [0.5, 5],
      [1, 40],
      [1, 40],
      [INF, 50],
      [INF, 50],
    ]);
    expect(histogramQuantile(0.5, repeated)).toBeCloseTo(0.5 + 0.5 * (40 / 70), 12);
  });

  it("forces monotonic counts like Prometheus", () => {
    // le=1 count dips below le=0.5; it is clamped to 60, so the rank 50 falls in (0, 0.5].
    const buckets = b([
      [0.5, 60],
      [1, 55],
      [INF, 100],
    ]);
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.5 * (50 / 60), 12);
  });

  it("is NaN with no observations, fewer than 2 buckets, no +Inf bucket or NaN q", () => {
    expect(
      histogramQuantile(
        0.99,
        b([
          [1, 0],
          [INF, 0],
        ]),
      ),
    ).toBeNaN();
    expect(histogramQuantile(0.99, b([[INF, 10]]))).toBeNaN();
    expect(
      histogramQuantile(
        0.99,
        b([
          [1, 5],
          [2, 10],
        ]),
      ),
    ).toBeNaN();
    expect(histogramQuantile(0.99, [])).toBeNaN();
    expect(histogramQuantile(Number.NaN, APP_T0)).toBeNaN();
  });

  it("is -Inf below q=0 and +Inf above q=1", () => {
    expect(histogramQuantile(-0.1, APP_T0)).toBe(Number.NEGATIVE_INFINITY);
    expect(histogramQuantile(1.1, APP_T0)).toBe(INF);
  });

  it("does not modify its input", () => {
    const buckets = b([
      [1, 55],
      [0.5, 60],
      [INF, 100],
    ]);
    const copy = JSON.parse(JSON.stringify(buckets.map((x) => ({ ...x, upperBound: String(x.upperBound) }))));
    histogramQuantile(0.5, buckets);
    expect(buckets.map((x) => ({ ...x, upperBound: String(x.upperBound) }))).toEqual(copy);
  });
});
