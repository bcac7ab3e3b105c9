// Quantiles from cumulative histogram buckets, computed exactly as PromQL's histogram_quantile does.
//
// Port of BucketQuantile in prometheus/promql/quantile.go so the dashboard shows the same p99 a Grafana panel
// would: buckets sorted by upper bound, equal bounds merged, counts forced monotonic, rank = q × count, the
// first bucket whose cumulative count ≥ rank, linear interpolation inside it with 0 as the lowest lower bound
// (unless the lowest upper bound is ≤ 0, then that bound is returned), and the second-highest bound when the
// rank lands in the +Inf bucket.

export interface Bucket {
  /** The `le` label as a number; the last bucket must be +Inf. */
  upperBound: number;
  /** Cumulative count of observations ≤ upperBound. */
  count: number;
}

export interface QuantileResult {
  value: number;
  /** True when the rank fell in the +Inf bucket: the real quantile is above `value` (the highest finite bound). */
  aboveHighestBound: boolean;
}

/** Relative float comparison used by Prometheus to ignore rounding noise between bucket counts. */
function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

const SMALL_DELTA_TOLERANCE = 1e-12;

function prepare(buckets: readonly Bucket[]): Bucket[] | null {
  if (buckets.length === 0) return null;
  const sorted = [...buckets].map((b) => ({ ...b })).sort((a, b) => a.upperBound - b.upperBound);
  const last = sorted[sorted.length - 1];
  if (!last || last.upperBound !== Number.POSITIVE_INFINITY) return null;
  // Merge buckets with the same upper bound (several series summed by le would otherwise repeat bounds).
  const merged: Bucket[] = [];
  for (const b of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && prev.upperBound === b.upperBound) prev.count += b.count;
    else merged.push(b);
  }
  // A cumulative count can only grow; scrapes taken mid-update can break that, so clamp like Prometheus.
  const first = merged[0];
  if (!first) return null;
  let prevCount = first.count;
  for (let i = 1; i < merged.length; i += 1) {
    const bucket = merged[i];
    if (!bucket) continue;
    const curr = bucket.count;
    if (curr === prevCount) continue;
    if (almostEqual(prevCount, curr, SMALL_DELTA_TOLERANCE) || curr < prevCount) {
      bucket.count = prevCount;
      continue;
    }
    prevCount = curr;
  }
  return merged;
}

/** histogram_quantile(q, buckets) with the flag telling whether the answer is only a lower bound. */
export function histogramQuantileDetail(q: number, buckets: readonly Bucket[]): QuantileResult {
  const none = { value: Number.NaN, aboveHighestBound: false };
  if (Number.isNaN(q)) return none;
  if (q < 0) return { value: Number.NEGATIVE_INFINITY, aboveHighestBound: false };
  if (q > 1) return { value: Number.POSITIVE_INFINITY, aboveHighestBound: false };
  const prepared = prepare(buckets);
  if (!prepared || prepared.length < 2) return none;
  const observations = prepared[prepared.length - 1]?.count ?? 0;
  if (observations === 0) return none;

  let rank = q * observations;
  // sort.Search over all but the +Inf bucket: first index whose cumulative count reaches the rank.
  let b = prepared.length - 1;
  for (let i = 0; i < prepared.length - 1; i += 1) {
    if ((prepared[i]?.count ?? 0) >= rank) {
      b = i;
      break;
    }
  }
  if (b === prepared.length - 1) {
    return { value: prepared[prepared.length - 2]?.upperBound ?? Number.NaN, aboveHighestBound: true };
  }
  const bucket = prepared[b];
  if (!bucket) return none;
  if (b === 0 && bucket.upperBound <= 0) return { value: bucket.upperBound, aboveHighestBound: false };
  let bucketStart = 0;
  let count = bucket.count;
  const below = b > 0 ? prepared[b - 1] : undefined;
  if (below) {
    bucketStart = below.upperBound;
    count -= below.count;
    rank -= below.count;
  }
  return { value: bucketStart + (bucket.upperBound - bucketStart) * (rank / count), aboveHighestBound: false };
}

/** PromQL histogram_quantile: NaN with no observations, fewer than 2 buckets or no +Inf bucket. */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  return histogramQuantileDetail(q, buckets).value;
}
