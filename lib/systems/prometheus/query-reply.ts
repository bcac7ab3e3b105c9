// The one reader of Prometheus's /api/v1/query and /api/v1/query_range JSON: vectors and matrices, typed once.
import { z } from "zod";

/** A series' labels (without __name__, which rate()/increase() drop anyway) and its value(s). */
export interface InstantSample {
  labels: Record<string, string>;
  value: number;
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** [epoch seconds, value]. */
  points: [number, number][];
}

const sampleValue = z.tuple([z.number(), z.string()]);
const metric = z.record(z.string(), z.string());

const vectorReply = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(z.object({ metric, value: sampleValue })),
  }),
});

const scalarReply = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.literal("scalar"), result: sampleValue }),
});

const matrixReply = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("matrix"),
    result: z.array(z.object({ metric, values: z.array(sampleValue) })),
  }),
});

const errorReply = z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string() });

/** Prometheus's own refusal ("parse error at char 5…"), or a body of another shape, as one message. */
export class PrometheusReplyError extends Error {}

/** Prometheus sends values as strings ("NaN", "+Inf" included). */
function numberOf(text: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

function refusal(json: unknown): PrometheusReplyError | null {
  const parsed = errorReply.safeParse(json);
  return parsed.success
    ? new PrometheusReplyError(
        `Prometheus refused the query (${parsed.data.errorType ?? "error"}): ${parsed.data.error}`,
      )
    : null;
}

/** An instant query's result: a vector, or a scalar as one unlabelled sample. */
export function readInstantReply(json: unknown): InstantSample[] {
  const refused = refusal(json);
  if (refused) throw refused;
  const scalar = scalarReply.safeParse(json);
  if (scalar.success) return [{ labels: {}, value: numberOf(scalar.data.data.result[1]) }];
  const vector = vectorReply.safeParse(json);
  if (!vector.success) throw new PrometheusReplyError("Prometheus answered a query with a body that is not a vector");
  return vector.data.data.result.map((r) => ({ labels: withoutName(r.metric), value: numberOf(r.value[1]) }));
}

export function readRangeReply(json: unknown): RangeSeries[] {
  const refused = refusal(json);
  if (refused) throw refused;
  const matrix = matrixReply.safeParse(json);
  if (!matrix.success)
    throw new PrometheusReplyError("Prometheus answered a range query with a body that is not a matrix");
  return matrix.data.data.result.map((r) => ({
    labels: withoutName(r.metric),
    points: r.values.map(([t, v]) => [t, numberOf(v)] as [number, number]),
  }));
}
