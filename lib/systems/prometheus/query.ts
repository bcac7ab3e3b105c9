// PromQL against PROMETHEUS_URL: instant and range queries with a deadline, a body cap and a series cap.
// Expressions are built on the server from metric names the exposition parser accepted and from the
// target's own labels; nothing from the browser reaches them.
import "server-only";
import { getConfig } from "../../config";
import { httpGet } from "../../http/target-get";
import { recordPrometheusQuery } from "../../metrics";
import { notConfigured, TargetError } from "../core/target-error";
import { prometheusJson } from "./json-reply";
import {
  type InstantSample,
  PrometheusReplyError,
  type RangeSeries,
  readInstantReply,
  readRangeReply,
} from "./query-reply";

export type { InstantSample, RangeSeries };

/** A query that takes longer than this is abandoned; the step deadline is 10 s and there may be a few. */
const QUERY_TIMEOUT_MS = 4_000;
const QUERY_BODY_CAP = 2 * 1024 * 1024;
/** Beyond this many series a chart is unreadable and the expression was not what we meant. */
export const MAX_SERIES = 20;
/** Reading a family's increases over the window: every bucket of every series (a histogram has many). */
export const MAX_WINDOW_SERIES = 5000;
/** Range queries ask for at most this many points per series. */
export const MAX_POINTS = 300;

function prometheusBase(): URL {
  const base = getConfig().prometheusUrl;
  if (base === undefined) throw notConfigured("prometheus", "prometheus");
  return new URL(base);
}

async function getJson(path: string, params: Record<string, string>): Promise<unknown> {
  const url = prometheusBase();
  url.pathname = `${url.pathname.replace(/\/$/, "")}${path}`;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const started = performance.now();
  try {
    const res = await httpGet(url, {
      accept: "application/json",
      system: "prometheus",
      timeoutMs: QUERY_TIMEOUT_MS,
      maxBytes: QUERY_BODY_CAP,
    });
    const json = prometheusJson(res, "the query reply");
    recordPrometheusQuery("ok", performance.now() - started);
    return json;
  } catch (error) {
    recordPrometheusQuery("error", performance.now() - started);
    throw error;
  }
}

function asTargetError(error: unknown): never {
  if (error instanceof PrometheusReplyError) throw new TargetError("other", "prometheus", error.message);
  throw error;
}

/**
 * The expression's value at `time` (epoch seconds). More than `maxSeries` series is an error rather than a
 * silently partial answer: a histogram missing buckets would give a wrong quantile.
 */
export async function instantQuery(expr: string, time: number, maxSeries = MAX_SERIES): Promise<InstantSample[]> {
  const json = await getJson("/api/v1/query", { query: expr, time: String(time), timeout: "4s" });
  try {
    const samples = readInstantReply(json);
    if (samples.length > maxSeries) {
      throw new TargetError(
        "other",
        "prometheus",
        `${expr} returned ${samples.length} series, more than the ${maxSeries} read`,
      );
    }
    return samples;
  } catch (error) {
    return asTargetError(error);
  }
}

/** A step that keeps a range at ≤ MAX_POINTS points, never finer than `minStep` (the scrape interval). */
export function stepFor(rangeSeconds: number, minStep = 5): number {
  return Math.max(minStep, Math.ceil(rangeSeconds / MAX_POINTS));
}

export async function rangeQuery(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
  const json = await getJson("/api/v1/query_range", {
    query: expr,
    start: String(start),
    end: String(end),
    step: String(step),
    timeout: "4s",
  });
  try {
    return readRangeReply(json).slice(0, MAX_SERIES);
  } catch (error) {
    return asTargetError(error);
  }
}
