// PromQL text built from metric names the exposition parser accepted and a target's labels. Pure.
import type { EvidenceWindow } from "./window";

/** Label matchers that pick one scrape target's series: {job="demo-api",instance="127.0.0.1:8080"}. */
export type Selector = Readonly<Record<string, string>>;

/** PromQL strings take Go escapes; JSON's quoting is a subset of them. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** `{job="api",status=~"5.."}` from the selector plus extra raw matchers. */
export function matchers(selector: Selector, extra: readonly string[] = []): string {
  const parts = [...Object.entries(selector).map(([k, v]) => `${k}=${quote(v)}`), ...extra];
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

export function regexMatcher(label: string, pattern: string): string {
  return `${label}=~${quote(pattern)}`;
}

/** sum(rate(metric{…}[5m])) — per second, over the window. */
export function sumRate(metric: string, selector: Selector, window: EvidenceWindow, extra: readonly string[] = []) {
  return `sum(rate(${metric}${matchers(selector, extra)}[${window}]))`;
}

/** What a chart plots and how it is judged; the expression takes the window so the picker changes it. */
export interface ChartSpec {
  title: string;
  unit: string;
  expr: (window: EvidenceWindow) => string;
  warning?: number;
  critical?: number;
  direction: "above" | "below";
}

/** 100 × part / whole, as a percentage series. */
export function percentOf(part: string, whole: string): string {
  return `100 * ${part} / ${whole}`;
}
