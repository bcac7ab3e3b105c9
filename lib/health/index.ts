// GET /api/health for load balancers and uptime checks: draft-inadarei-api-health-check
// (application/health+json), the format the dashboard itself reads from the services it diagnoses.
// One check per store of its own: the incident store, the sessions store, the limits store. The body carries
// statuses and timings only: no secrets, host names, versions or raw error messages (those go to the log).
import "server-only";
import { getAuth } from "../auth/better-auth";
import { getConfig } from "../config";
import { getIncidentStore } from "../incidents";
import { isReady, limitsStore } from "../limits/store";
import { logError } from "../log";
import { type DashboardStore, recordStoreError } from "../metrics";

export type HealthStatus = "pass" | "warn" | "fail";

export interface HealthCheck {
  componentType: "datastore";
  status: HealthStatus;
  /** What kind of store it is (sqlite, mongo, redis, memory): never where it is. */
  componentId: string;
  observedValue?: number;
  observedUnit?: "ms";
  time: string;
  output?: string;
}

export interface HealthReport {
  status: HealthStatus;
  description: string;
  checks: Record<string, HealthCheck[]>;
}

/** A probe that has not answered after this long counts as down (a load balancer waits a few seconds). */
export const HEALTH_PROBE_DEADLINE_MS = 2500;

class ProbeTimeout extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

interface Probe {
  name: string;
  store: DashboardStore;
  componentId: string;
  /** Resolves when the store answers; `warn` when it works in a degraded way. */
  run: () => Promise<"pass" | { status: "warn"; output: string }>;
  /** The overall status when this probe fails: a store the dashboard cannot work without fails it. */
  onFailure: HealthStatus;
}

async function probe(p: Probe): Promise<HealthCheck> {
  const started = performance.now();
  const base = { componentType: "datastore" as const, componentId: p.componentId };
  try {
    const result = await withDeadline(p.run(), HEALTH_PROBE_DEADLINE_MS);
    const elapsed = Math.round(performance.now() - started);
    const common = { ...base, observedValue: elapsed, observedUnit: "ms" as const, time: new Date().toISOString() };
    return result === "pass" ? { ...common, status: "pass" } : { ...common, status: "warn", output: result.output };
  } catch (error) {
    recordStoreError(p.store);
    logError(`health: the ${p.name} did not answer`, error);
    return {
      ...base,
      status: p.onFailure,
      time: new Date().toISOString(),
      output: error instanceof ProbeTimeout ? `no answer within ${HEALTH_PROBE_DEADLINE_MS} ms` : "unavailable",
    };
  }
}

function probes(): Probe[] {
  const config = getConfig();
  const list: Probe[] = [
    {
      name: "incident store",
      store: "incidents",
      componentId: config.incidentStore,
      onFailure: "fail",
      run: async () => {
        await (await getIncidentStore()).listIncidents({ page: 1, limit: 1 });
        return "pass";
      },
    },
  ];
  const { mode } = config.auth;
  if (mode === "local" || mode === "oidc") {
    list.push({
      name: "sessions store",
      store: "sessions",
      componentId: config.incidentStore,
      onFailure: "fail",
      run: async () => {
        const ctx = await (await getAuth()).$context;
        await ctx.internalAdapter.listUsers(1, 0);
        return "pass";
      },
    });
  }
  const limitsUrl = config.limits.redisUrl;
  list.push({
    name: "limits store",
    store: "limits",
    componentId: limitsUrl === undefined ? "memory" : "redis",
    // Limits fall back to this instance's memory while their Redis is down: degraded, still serving.
    onFailure: "warn",
    run: async () => {
      if (limitsUrl === undefined) return "pass";
      const store = limitsStore(limitsUrl);
      await store.firstConnect;
      if (!isReady(store)) throw new Error("the limits Redis is not connected");
      await store.client.ping();
      return "pass";
    },
  });
  return list;
}

const CHECK_NAMES: Record<DashboardStore, string> = {
  incidents: "incidents:store",
  audit: "audit:store",
  sessions: "sessions:store",
  limits: "limits:store",
};

/** Probes every store of the dashboard's own, in parallel, each within HEALTH_PROBE_DEADLINE_MS. */
export async function healthReport(): Promise<HealthReport> {
  const list = probes();
  const results = await Promise.all(list.map(probe));
  const checks: Record<string, HealthCheck[]> = {};
  list.forEach((p, i) => {
    const result = results[i];
    if (result) checks[CHECK_NAMES[p.store]] = [result];
  });
  const status: HealthStatus = results.some((r) => r.status === "fail")
    ? "fail"
    : results.some((r) => r.status === "warn")
      ? "warn"
      : "pass";
  return { status, description: "runbook dashboard", checks };
}

/** The HTTP status for a report: 503 when failing (take this instance out of rotation), else 200. */
export function healthHttpStatus(report: HealthReport): number {
  return report.status === "fail" ? 503 : 200;
}
