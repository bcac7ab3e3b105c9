// The evidence window a counter verdict covers, picked on the page like Grafana's time picker and kept in
// the URL (?window=5m) so a shared link asks the same question. Safe for the browser (no server imports, and no
// zod: the window picker ships this to every runbook page; the request schemas are in ./window-schema.ts).

export const EVIDENCE_WINDOWS = ["1m", "5m", "15m", "1h"] as const;
export type EvidenceWindow = (typeof EVIDENCE_WINDOWS)[number];

/** Prometheus alert rules use rate(x[5m]); the same default keeps a verdict comparable with the alert. */
export const DEFAULT_WINDOW: EvidenceWindow = "5m";

const SECONDS: Record<EvidenceWindow, number> = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600 };
const LABELS: Record<EvidenceWindow, string> = { "1m": "1 min", "5m": "5 min", "15m": "15 min", "1h": "1 h" };
/** The chart spans several windows so the onset shows: the last hour at the default 5 min. */
const CHART_RANGE_SECONDS: Record<EvidenceWindow, number> = { "1m": 900, "5m": 3600, "15m": 3 * 3600, "1h": 12 * 3600 };

export function isEvidenceWindow(value: unknown): value is EvidenceWindow {
  return typeof value === "string" && (EVIDENCE_WINDOWS as readonly string[]).includes(value);
}

export function windowSeconds(window: EvidenceWindow): number {
  return SECONDS[window];
}

/** "5 min", for headlines ("error ratio 19.4 % over 5 min"). */
export function windowLabel(window: EvidenceWindow): string {
  return LABELS[window];
}

export function chartRangeSeconds(window: EvidenceWindow): number {
  return CHART_RANGE_SECONDS[window];
}

/** The window a URL asks for; anything unknown (or absent) is the default rather than an error page. */
export function windowFromParam(value: string | string[] | null | undefined): EvidenceWindow {
  const first = Array.isArray(value) ? value[0] : value;
  return isEvidenceWindow(first) ? first : DEFAULT_WINDOW;
}
