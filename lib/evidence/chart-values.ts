// How a chart's values read for a person: "19.4 %", "2.3 s", "0.12/s". Pure, shared by the chart and its text.

import { formatNumber, formatSeconds } from "../verdict/format";
import type { EvidenceChart } from "../verdict/verdict";

export function formatChartValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (unit === "%") return `${formatNumber(value, value < 10 ? 2 : 1)} %`;
  if (unit === "s") return formatSeconds(value);
  if (unit === "/s") return `${formatNumber(value, 3)}/s`;
  return formatNumber(value, 2);
}

/** The last non-empty value of the chart's first series. */
export function lastValue(chart: EvidenceChart): number | null {
  const points = chart.series[0]?.points ?? [];
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]?.[1];
    if (v !== null && v !== undefined && Number.isFinite(v)) return v;
  }
  return null;
}

/** The chart said in one sentence, for screen readers and the Markdown export. */
export function describeChart(chart: EvidenceChart, formatTime: (epochSeconds: number) => string): string {
  const thresholds = [
    chart.warning !== undefined ? `warning ${formatChartValue(chart.warning, chart.unit)}` : null,
    chart.critical !== undefined ? `critical ${formatChartValue(chart.critical, chart.unit)}` : null,
  ].filter(Boolean);
  const last = formatChartValue(lastValue(chart), chart.unit);
  return `${chart.title} from ${formatTime(chart.start)} to ${formatTime(chart.end)}: last ${last}${
    thresholds.length > 0 ? `; ${thresholds.join(", ")}` : ""
  }.`;
}
