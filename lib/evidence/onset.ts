// "Above critical since 20:48": where the current excursion beyond a threshold began, read from a chart. Pure.
import type { EvidenceChart } from "../verdict/verdict";

type Level = "warning" | "critical";

function beyond(value: number, threshold: number, direction: EvidenceChart["direction"]): boolean {
  return direction === "above" ? value > threshold : value < threshold;
}

/** The first point of the trailing run of points beyond `threshold` (a gap or a point within ends the run). */
function runStart(
  points: EvidenceChart["series"][number]["points"],
  threshold: number,
  direction: EvidenceChart["direction"],
) {
  let since: number | undefined;
  for (let i = points.length - 1; i >= 0; i--) {
    const [t, v] = points[i] ?? [0, null];
    if (v === null || Number.isNaN(v) || !beyond(v, threshold, direction)) break;
    since = t;
  }
  return since;
}

/**
 * The onset of the worst level the chart's first series ends in: critical when its last point is beyond the
 * critical threshold, else warning; undefined when the last point is within both (or missing).
 */
export function findOnset(chart: Omit<EvidenceChart, "onset">): EvidenceChart["onset"] {
  const points = chart.series[0]?.points ?? [];
  const levels: [Level, number | undefined][] = [
    ["critical", chart.critical],
    ["warning", chart.warning],
  ];
  for (const [level, threshold] of levels) {
    if (threshold === undefined) continue;
    const since = runStart(points, threshold, chart.direction);
    if (since !== undefined) return { level, since };
  }
  return undefined;
}

/** "above critical since 20:48 (3 min)" — times in the viewer's zone, durations to the chart's end. */
export function describeOnset(chart: EvidenceChart, formatTime: (epochSeconds: number) => string): string | null {
  if (!chart.onset) return null;
  const side = chart.direction === "above" ? "above" : "below";
  const minutes = Math.max(0, Math.round((chart.end - chart.onset.since) / 60));
  const length = minutes < 1 ? "under a minute" : minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  const whole = chart.series[0]?.points[0]?.[0] === chart.onset.since ? " (as far back as the data goes)" : "";
  return `${side} ${chart.onset.level} since ${formatTime(chart.onset.since)}, ${length}${whole}`;
}
