// Incident fixtures for the unit tests: an incident and runs shaped as the stores return them.
import type { Incident, RunEntry } from "@/lib/incidents/model";

export const INCIDENT: Incident = {
  id: "AAAAAAAAAAAAAAAAAAAAAA",
  title: "Cache hit ratio dropped",
  severity: "sev2",
  status: "investigating",
  symptoms: ["Slow response times"],
  runbooks: ["low-cache-hit-rate"],
  createdAt: "2026-11-28T10:00:00.000Z",
  updatedAt: "2026-11-28T10:05:00.000Z",
  createdBy: { id: "local", name: "local user", role: "admin" },
};

export function run(id: string, at: string, overrides: Partial<RunEntry> = {}): RunEntry {
  return {
    type: "run",
    id: id.padEnd(22, "x"),
    incidentId: INCIDENT.id,
    at,
    actor: { id: "local", name: "local user", role: "admin" },
    runbook: "low-cache-hit-rate",
    runbookTitle: "Low Cache Hit Rate",
    runbookHash: "a".repeat(64),
    stepId: "diagnosis-1",
    stepTitle: "Check cache statistics",
    params: {},
    verdict: {
      status: "critical",
      headline: "keyspace hit ratio 42 %",
      headlineValue: 42,
      headlineUnit: "%",
      figures: [
        { label: "keyspace hit ratio", value: 42, unit: "%" },
        { label: "keyspace_hits", value: 420 },
        { label: "keyspace_misses", value: 580 },
      ],
    },
    raw: "keyspace_hits:420\nkeyspace_misses:580",
    rawTruncated: false,
    durationMs: 3,
    startedAt: at,
    cli: "redis-cli INFO stats",
    source: "manual",
    ...overrides,
  };
}

export function healthyRun(id: string, at: string, overrides: Partial<RunEntry> = {}): RunEntry {
  return run(id, at, {
    source: "rerun",
    verdict: {
      status: "ok",
      headline: "keyspace hit ratio 91 %",
      headlineValue: 91,
      headlineUnit: "%",
      figures: [
        { label: "keyspace hit ratio", value: 91, unit: "%" },
        { label: "keyspace_hits", value: 9100 },
        { label: "keyspace_misses", value: 900 },
        { label: "evicted_keys", value: 0 },
      ],
    },
    ...overrides,
  });
}
