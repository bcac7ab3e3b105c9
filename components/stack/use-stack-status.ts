"use client";
// SWR hook for /api/stack-status.
import useSWR from "swr";

export interface StackStatus {
  demo: boolean;
  parts: { name: string; ok: boolean; reason?: string }[];
}

async function fetchStatus(url: string): Promise<StackStatus> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`stack status: HTTP ${response.status}`);
  return (await response.json()) as StackStatus;
}

export function useStackStatus() {
  return useSWR("/api/stack-status", fetchStatus, { refreshInterval: 15_000, revalidateOnFocus: true });
}
