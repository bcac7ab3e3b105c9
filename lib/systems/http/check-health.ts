// Health endpoint verdict: HTTP status, draft-inadarei-api-health-check body (or Spring-style components), timing.

import { errorVerdict, findingsFor, worstOf } from "../../verdict/builders";
import { formatMillis, truncate } from "../../verdict/format";
import type { DetailTable, Figure, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";

export interface HealthResponse {
  httpStatus: number;
  /** The Content-Type header, null when absent. */
  contentType: string | null;
  /** The body as text (capped by the caller). */
  body: string;
  /** Time to the full response, as measured by the caller. */
  durationMs: number;
}

export const HEALTH_SLOW_MS = 1000;

export const HEALTH_THRESHOLD: Threshold = {
  text: "critical on HTTP 4xx/5xx or status fail; warning on status warn or a response slower than 1 s",
  source:
    "draft-inadarei-api-health-check (pass/warn/fail, 2xx–3xx vs 4xx–5xx); blackbox slow probe > 1 s (awesome-prometheus-alerts)",
};

/** Status words of the draft and their aliases (ok/up, error/down), plus Spring Boot's OUT_OF_SERVICE/UNKNOWN. */
export function healthStatusLevel(status: string): VerdictStatus | null {
  const s = status.trim().toLowerCase();
  if (["pass", "ok", "up", "healthy"].includes(s)) return "ok";
  if (["warn", "warning", "degraded", "unknown"].includes(s)) return "warning";
  if (["fail", "error", "down", "out_of_service", "unhealthy", "critical"].includes(s)) return "critical";
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function cell(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "string")
    return typeof value === "string" ? truncate(value, 120) : value;
  return truncate(JSON.stringify(value), 120);
}

interface CheckRow {
  name: string;
  componentId: string | number | null;
  status: string | null;
  observed: string | number | null;
  output: string | number | null;
}

/** The draft's `checks` map: "component:measurement" → array of objects (a lone object is accepted too). */
function draftChecks(checks: unknown): CheckRow[] {
  if (!isRecord(checks)) return [];
  const rows: CheckRow[] = [];
  for (const [name, entry] of Object.entries(checks)) {
    const items = Array.isArray(entry) ? entry : [entry];
    for (const item of items) {
      if (!isRecord(item)) continue;
      const unit = typeof item.observedUnit === "string" ? ` ${item.observedUnit}` : "";
      const observed = item.observedValue === undefined ? null : `${cell(item.observedValue)}${unit}`;
      rows.push({
        name,
        componentId: cell(item.componentId),
        status: typeof item.status === "string" ? item.status : null,
        observed,
        output: cell(item.output),
      });
    }
  }
  return rows;
}

/** Spring Boot actuator's `components` map: name → { status, details }. */
function springComponents(components: unknown): CheckRow[] {
  if (!isRecord(components)) return [];
  return Object.entries(components)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, c]) => ({
      name,
      componentId: null,
      status: typeof c.status === "string" ? c.status : null,
      observed: c.details === undefined ? null : cell(c.details),
      output: null,
    }));
}

/** Judges a health endpoint response: HTTP code, the body's status and checks, and how long it took. */
export function analyzeHealth(response: HealthResponse): Verdict {
  const { httpStatus, contentType, body, durationMs } = response;
  if (!Number.isInteger(httpStatus) || httpStatus < 100 || httpStatus > 599) {
    return errorVerdict("unexpected health response", `HTTP status ${String(httpStatus)} is not a valid status code.`);
  }
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    return errorVerdict("unexpected health response", `response time ${String(durationMs)} ms is not a duration.`);
  }
  const statuses: VerdictStatus[] = [];
  const reasons: string[] = [];
  const figures: Figure[] = [
    { label: "HTTP status", value: httpStatus },
    { label: "content type", value: contentType },
    { label: "response time", value: Math.round(durationMs * 10) / 10, unit: "ms" },
  ];

  if (httpStatus >= 400) {
    statuses.push("critical");
    reasons.push(`HTTP ${httpStatus}: the draft maps 4xx/5xx to fail.`);
  }

  const looksJson = (contentType ?? "").toLowerCase().includes("json") || /^\s*[{[]/.test(body);
  let parsed: unknown;
  let bodyStatus: string | null = null;
  let rows: CheckRow[] = [];
  if (looksJson && body.trim() !== "") {
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      statuses.push("warning");
      reasons.push(`The body is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  if (isRecord(parsed)) {
    if (typeof parsed.status === "string") {
      bodyStatus = parsed.status;
      const level = healthStatusLevel(parsed.status);
      if (level === null) {
        statuses.push("warning");
        reasons.push(`Unrecognised status "${parsed.status}" (the draft uses pass, warn or fail).`);
      } else {
        statuses.push(level);
        if (level !== "ok") reasons.push(`The service reports status "${parsed.status}".`);
      }
    } else {
      reasons.push("The JSON body has no status field; judged by the HTTP status only.");
    }
    for (const key of ["version", "releaseId", "serviceId", "description"] as const) {
      const v = parsed[key];
      if (typeof v === "string" || typeof v === "number") figures.push({ label: key, value: v });
    }
    if (typeof parsed.output === "string" && parsed.output.trim() !== "") {
      reasons.push(`Output: ${truncate(parsed.output, 300)}`);
    }
    rows = [...draftChecks(parsed.checks), ...springComponents(parsed.components)];
    for (const row of rows) {
      const level = row.status === null ? null : healthStatusLevel(row.status);
      if (level && level !== "ok") {
        statuses.push(level);
        reasons.push(`Check ${row.name} is ${row.status}.`);
      }
    }
  } else if (parsed !== undefined) {
    reasons.push("The JSON body is not an object; judged by the HTTP status only.");
  }
  if (contentType && bodyStatus !== null && !contentType.toLowerCase().includes("application/health+json")) {
    reasons.push(`Served as ${contentType}; the draft asks for application/health+json.`);
  }

  if (durationMs > HEALTH_SLOW_MS) {
    statuses.push("warning");
    reasons.push(`The response took ${formatMillis(durationMs)} (slower than ${formatMillis(HEALTH_SLOW_MS)}).`);
  }
  const status = worstOf(statuses);
  if (bodyStatus !== null) figures.push({ label: "reported status", value: bodyStatus });
  if (rows.length > 0) {
    figures.push({ label: "checks", value: rows.length });
    figures.push({
      label: "checks not passing",
      value: rows.filter((r) => r.status !== null && healthStatusLevel(r.status) !== "ok").length,
    });
  }

  const prefix = bodyStatus !== null ? `${bodyStatus}, ` : "";
  const verdict: Verdict = {
    status,
    headline: `${prefix}HTTP ${httpStatus} in ${formatMillis(durationMs)}`,
    headlineValue: durationMs,
    headlineUnit: "ms",
    threshold: HEALTH_THRESHOLD,
    figures,
    detail: reasons.length > 0 ? reasons.join(" ") : "Healthy and answered quickly.",
  };
  if (rows.length > 0) {
    const table: DetailTable = {
      title: "Health checks",
      columns: ["check", "componentId", "status", "observed", "output"],
      rows: rows.map((r) => [r.name, r.componentId, r.status, r.observed, r.output]),
    };
    verdict.tables = [table];
  }
  const findings = findingsFor(status, ["health"]);
  if (findings) verdict.findings = findings;
  return verdict;
}
