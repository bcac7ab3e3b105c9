"use client";
// One incident's title and status for the runbook page's banner (GET /api/incidents/<id>), kept fresh by SWR.
import useSWR from "swr";
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
  const { data, error, isLoading, mutate } = useSWR<IncidentBrief, Error>(
    id === null ? null : `/api/incidents/${encodeURIComponent(id)}`,
    fetchIncident,
    { refreshInterval: 30_000, shouldRetryOnError: false },
  );
  return { data, error, isLoading, mutate };
}
