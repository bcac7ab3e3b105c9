"use client";
// One incident's title and status for the runbook page's banner (GET /api/incidents/<id>), every 30 s.
import { usePolled } from "@/components/ui/use-polled";
import type { IncidentStatus, Severity } from "@/lib/incidents/labels";

export interface IncidentBrief {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  runbooks: string[];
}

async function fetchIncident(url: string): Promise<IncidentBrief> {
  const response = await fetch(url, { cache: "no-store" });
  const body = (await response.json().catch(() => ({}))) as Partial<IncidentBrief> & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body as IncidentBrief;
}

export function useIncident(id: string | null) {
  return usePolled(id === null ? null : `/api/incidents/${encodeURIComponent(id)}`, fetchIncident, {
    intervalMs: 30_000,
    retryOnError: false,
  });
}
