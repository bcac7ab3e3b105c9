// Default deny: every server action and route handler is listed here with the permission it needs.
// guard() looks the operation up; an operation missing from this table is denied to every role,
// so a new action cannot ship open by accident (tests/unit/auth/operations.test.ts checks the table
// against the files under app/).

import type { Permission } from "./roles";

export interface OperationRule {
  permission: Permission;
  /** Which per-user rate limit it counts against, if any. */
  limit?: "runs" | "remediations";
  /** A state-changing call from a browser: the Origin must be ours. */
  mutates: boolean;
}

export const OPERATIONS = {
  // Server actions (app/actions/*.ts), by exported function name.
  runStepAction: { permission: "run-diagnostics", limit: "runs", mutates: true },
  rerunStepAction: { permission: "run-diagnostics", limit: "runs", mutates: true },
  createIncidentAction: { permission: "write-incidents", mutates: true },
  addNoteAction: { permission: "write-incidents", mutates: true },
  changeStatusAction: { permission: "write-incidents", mutates: true },
  previewRemediationAction: { permission: "remediate", mutates: true },
  applyRemediationAction: { permission: "remediate", limit: "remediations", mutates: true },
  // Route handlers (app/**/route.ts), by method and path.
  "POST /api/run": { permission: "run-diagnostics", limit: "runs", mutates: true },
  "POST /api/triage": { permission: "run-diagnostics", limit: "runs", mutates: true },
  "GET /api/incidents/[id]": { permission: "read", mutates: false },
  "GET /incidents/[id]/export": { permission: "read", mutates: false },
  "GET /api/stack-status": { permission: "read", mutates: false },
  "GET /search-index": { permission: "read", mutates: false },
  "GET /api/audit": { permission: "read-audit", mutates: false },
} as const satisfies Record<string, OperationRule>;

export type OperationName = keyof typeof OPERATIONS;

/**
 * Routes that authenticate by other means and so are outside the session check, with why.
 * Anything not here and not in OPERATIONS is denied.
 */
export const OUTSIDE_SESSION_CHECK: Readonly<Record<string, string>> = {
  "POST /api/alerts": "Alertmanager's webhook: a bearer token (ALERTS_TOKEN), compared in constant time",
  "GET /api/metrics": "Prometheus scrape of the dashboard's own metrics: counters only, no secrets",
  "GET /api/health": "load balancer and uptime probe: store statuses and timings only, no secrets or host names",
  "GET /api/auth/[...all]": "the sign-in library's own endpoints",
  "POST /api/auth/[...all]": "the sign-in library's own endpoints",
};

export function ruleFor(operation: string): OperationRule | undefined {
  return Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation as OperationName] : undefined;
}
