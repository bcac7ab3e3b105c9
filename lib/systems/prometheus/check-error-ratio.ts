// Error ratio from /metrics counters: 5xx-labelled requests and *_errors_total over total requests.

import { type ChartSpec, percentOf, regexMatcher, type Selector, sumRate } from "../../evidence/promql";
import { errorVerdict, findingsFor, levelAbove, worstOf } from "../../verdict/builders";
import { formatCount, formatNumber, formatPercent } from "../../verdict/format";
import type { DetailTable, Figure, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { MetricFamily, MetricSample } from "./exposition";
import type { CountWindow, MetricsScrape } from "./metric-scrape";
import { countsOverWindow, describeWindow, isCounterLike, windowNote } from "./metric-scrape";

export const ERROR_RATIO_WARNING_PERCENT = 1;
export const ERROR_RATIO_CRITICAL_PERCENT = 5;
/** The guide's own alert, `rate(agent_errors_total[5m]) > 0.1`, used when there is nothing to divide by. */
export const ERROR_RATE_WARNING_PER_SECOND = 0.1;

export const ERROR_RATIO_THRESHOLD: Threshold = {
  text: "warning above 1 %, critical above 5 % of requests failing",
  source:
    "awesome-prometheus-alerts (HTTP 5xx above 5 % is critical); 1 % is a common availability SLO budget; " +
    "without a request counter: the guide's alert rate(agent_errors_total[5m]) > 0.1/s",
};

/** Label names that carry the HTTP status on request counters (prom-client, Go, Micrometer conventions). */
export const STATUS_LABELS = ["status", "code", "status_code"] as const;

/** "500", "503", "5xx", "5XX" — a server error; 4xx are the client's and not counted. */
export function isServerErrorStatus(value: string): boolean {
  return /^5(?:\d\d|xx)$/i.test(value.trim());
}

function statusOf(sample: MetricSample): string | undefined {
  for (const label of STATUS_LABELS) {
    const value = sample.labels[label];
    if (value !== undefined) return value;
  }
  return undefined;
}

const REQUESTS_NAME = /(?:^|_)requests?_total$/;
const ERRORS_NAME = /(?:^|_)(?:errors?|failures?)_total$/;

export function isRequestFamily(family: MetricFamily): boolean {
  return isCounterLike(family) && REQUESTS_NAME.test(family.name) && !/error|fail/i.test(family.name);
}

export function isErrorFamily(family: MetricFamily): boolean {
  return isCounterLike(family) && ERRORS_NAME.test(family.name);
}

function hasStatusLabel(samples: readonly MetricSample[]): boolean {
  return samples.some((s) => statusOf(s) !== undefined);
}

/** A way to count errors and (when possible) requests, named for the operator. */
interface ErrorMeasure {
  source: string;
  errors: (families: MetricFamily[]) => MetricSample[];
  requests: ((families: MetricFamily[]) => MetricSample[]) | null;
}

const samplesOf = (name: string, sampleName?: string) => (families: MetricFamily[]) =>
  families.find((f) => f.name === name)?.samples.filter((s) => sampleName === undefined || s.name === sampleName) ?? [];

const serverErrorsOf = (name: string, sampleName?: string) => (families: MetricFamily[]) =>
  samplesOf(
    name,
    sampleName,
  )(families).filter((s) => {
    const status = statusOf(s);
    return status !== undefined && isServerErrorStatus(status);
  });

/** Picks what can be measured in this scrape: status-labelled request counters first, then error counters. */
function findMeasures(families: MetricFamily[]): ErrorMeasure[] {
  const measures: ErrorMeasure[] = [];
  const requestFamilies = families.filter(isRequestFamily);
  for (const f of requestFamilies) {
    if (!hasStatusLabel(f.samples)) continue;
    measures.push({ source: `5xx of ${f.name}`, errors: serverErrorsOf(f.name), requests: samplesOf(f.name) });
  }
  const primaryRequests =
    requestFamilies.find((f) => f.name === "http_requests_total") ?? requestFamilies[0] ?? undefined;
  for (const f of families.filter(isErrorFamily)) {
    const prefix = f.name.replace(ERRORS_NAME, "");
    const paired =
      requestFamilies.find((r) => r.name === `${prefix}_requests_total` || r.name === `${prefix}_request_total`) ??
      requestFamilies.find((r) => prefix === "" && (r.name === "requests_total" || r.name === "request_total")) ??
      primaryRequests;
    measures.push({
      source: paired ? `${f.name} / ${paired.name}` : f.name,
      errors: samplesOf(f.name),
      requests: paired ? samplesOf(paired.name) : null,
    });
  }
  if (measures.length > 0) return measures;
  // Last resort: request-duration histograms whose _count carries the status (prom-client's express middleware).
  for (const f of families) {
    if (f.type !== "histogram" && f.type !== "summary") continue;
    const countName = `${f.name}_count`;
    const counts = f.samples.filter((s) => s.name === countName);
    if (!hasStatusLabel(counts)) continue;
    measures.push({
      source: `5xx of ${countName}`,
      errors: serverErrorsOf(f.name, countName),
      requests: samplesOf(f.name, countName),
    });
  }
  return measures;
}

interface MeasureResult {
  source: string;
  errors: number;
  requests: number | null;
  /** Percent of requests that failed; null without requests to divide by. */
  percent: number | null;
  status: VerdictStatus;
  window: CountWindow;
  note: string;
}

function evaluate(measure: ErrorMeasure, current: MetricsScrape, previous: MetricsScrape | undefined): MeasureResult {
  const counts = countsOverWindow(current, previous, (families) =>
    measure.requests ? [measure.errors(families), measure.requests(families)] : [measure.errors(families)],
  );
  const errors = counts.values[0] ?? 0;
  const requests = measure.requests ? (counts.values[1] ?? 0) : null;
  const base = { source: measure.source, errors, requests, window: counts.window, note: windowNote(counts) };
  if (requests === null) {
    const rate = counts.window.kind === "window" && counts.window.seconds > 0 ? errors / counts.window.seconds : null;
    const status: VerdictStatus =
      rate !== null ? (rate > ERROR_RATE_WARNING_PER_SECOND ? "warning" : "ok") : errors > 0 ? "warning" : "ok";
    return { ...base, percent: null, status };
  }
  if (requests <= 0) return { ...base, percent: null, status: "ok" };
  // Errors counted separately may exceed requests (retries, other code paths); cap at 100 %.
  const percent = Math.min(100, (errors / requests) * 100);
  return {
    ...base,
    percent,
    status: levelAbove(percent, ERROR_RATIO_WARNING_PERCENT, ERROR_RATIO_CRITICAL_PERCENT),
  };
}

function noRequestsHeadline(window: CountWindow): string {
  return window.kind === "window" ? `no requests ${describeWindow(window)}` : "no requests yet";
}

/**
 * Judges the error ratio of an app from its /metrics: one scrape gives the lifetime ratio (since process
 * start), two give Δerrors/Δrequests between them; a counter reset falls back to lifetime.
 */
export function analyzeErrorRatio(current: MetricsScrape, previous?: MetricsScrape): Verdict {
  const measures = findMeasures(current.families);
  if (measures.length === 0) {
    return {
      status: "error",
      headline: "no request or error counters in /metrics",
      headlineValue: null,
      figures: [{ label: "metric families", value: current.families.length }],
      detail:
        "Looked for counters named *_requests_total with a status, code or status_code label, " +
        "*_errors_total counters, or request-duration histograms whose _count has a status label.",
      threshold: ERROR_RATIO_THRESHOLD,
      findings: ["metrics-missing"],
    };
  }
  const results = measures.map((m) => evaluate(m, current, previous));
  const status = worstOf(results.map((r) => r.status));
  const ratios = results.filter((r) => r.percent !== null);
  const lead =
    [...ratios].sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0] ??
    results.find((r) => r.status !== "ok") ??
    results.find((r) => r.requests !== null) ??
    results[0];
  // findMeasures returned at least one measure, so this only guards the types.
  if (!lead) return errorVerdict("no error-ratio measure", "No counter could be evaluated.");

  const windowText = describeWindow(lead.window);
  let headline: string;
  let headlineValue: number | null;
  let headlineUnit: string | undefined;
  let detail: string;
  if (lead.percent !== null && lead.requests !== null) {
    headline = `error ratio ${formatPercent(lead.percent)}`;
    headlineValue = lead.percent;
    headlineUnit = "%";
    detail = `${formatCount(lead.errors)} of ${formatCount(lead.requests)} requests failed ${windowText} (${lead.source}).`;
  } else if (lead.requests !== null) {
    headline = noRequestsHeadline(lead.window);
    headlineValue = null;
    detail = `No requests counted ${windowText} (${lead.source}), so there is no ratio to judge.`;
  } else if (lead.window.kind === "window") {
    const rate = lead.window.seconds > 0 ? lead.errors / lead.window.seconds : 0;
    headline = `${formatNumber(rate, 2)} errors/s`;
    headlineValue = rate;
    headlineUnit = "errors/s";
    detail = `${formatCount(lead.errors)} errors ${windowText} (${lead.source}); no request counter to divide by, so the rate is judged against the guide's alert (> ${ERROR_RATE_WARNING_PER_SECOND}/s).`;
  } else {
    headline = `${formatCount(lead.errors)} errors since process start`;
    headlineValue = lead.errors;
    headlineUnit = "errors";
    detail = `${lead.source} counts ${formatCount(lead.errors)} errors since process start; there is no request counter to divide by. Run the check again to get a rate.`;
  }
  const note = lead.note;

  const figures: Figure[] = [
    { label: "errors", value: lead.errors },
    { label: "requests", value: lead.requests },
    { label: "error ratio", value: lead.percent === null ? null : Number(lead.percent.toFixed(4)), unit: "%" },
    {
      label: "window",
      value: lead.window.kind === "window" ? lead.window.seconds : "since process start",
      unit: lead.window.kind === "window" ? "s" : undefined,
    },
    { label: "measured from", value: lead.source },
  ];
  const table: DetailTable = {
    title: "Error counters",
    columns: ["source", "errors", "requests", "error ratio", "window", "status"],
    rows: results.map((r) => [
      r.source,
      r.errors,
      r.requests,
      r.percent === null ? null : formatPercent(r.percent),
      describeWindow(r.window),
      r.status,
    ]),
  };
  const verdict: Verdict = {
    status,
    headline,
    headlineValue,
    threshold: ERROR_RATIO_THRESHOLD,
    figures,
    detail: note ? `${detail} ${note}` : detail,
    tables: [table],
  };
  if (headlineUnit) verdict.headlineUnit = headlineUnit;
  const findings = findingsFor(status, ["error-ratio"]);
  if (findings) verdict.findings = findings;
  return verdict;
}

/** The families this check reads: request counters and error counters. */
export function errorRatioFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  return families.filter((f) => isRequestFamily(f) || isErrorFamily(f));
}

/**
 * The series to chart: the 5xx share of the first status-labelled request counter, else the rate of the first
 * error counter (the guide's own alert expression).
 */
export function errorRatioChart(families: readonly MetricFamily[], selector: Selector): ChartSpec | null {
  for (const f of families.filter(isRequestFamily)) {
    const label = STATUS_LABELS.find((l) => f.samples.some((s) => s.labels[l] !== undefined));
    if (label === undefined) continue;
    return {
      title: `5xx share of ${f.name}`,
      unit: "%",
      expr: (w) =>
        percentOf(sumRate(f.name, selector, w, [regexMatcher(label, "5..|5xx|5XX")]), sumRate(f.name, selector, w)),
      warning: ERROR_RATIO_WARNING_PERCENT,
      critical: ERROR_RATIO_CRITICAL_PERCENT,
      direction: "above",
    };
  }
  const errors = families.find(isErrorFamily);
  if (!errors) return null;
  return {
    title: `rate of ${errors.name}`,
    unit: "/s",
    expr: (w) => sumRate(errors.name, selector, w),
    warning: ERROR_RATE_WARNING_PER_SECOND,
    direction: "above",
  };
}
