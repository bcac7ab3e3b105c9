"use client";
// /api/stack-status, every 15 s and when the tab comes back.
import { usePolled } from "@/components/ui/use-polled";

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
  return usePolled("/api/stack-status", fetchStatus, { intervalMs: 15_000, onFocus: true });
}
