// The alerts page's figures: which alert names the runbooks claim (and what arrived for each), and what arrived unclaimed.
import type { Runbook } from "../runbooks/model";
import type { AlertReceipt } from "./model";

export interface AlertActivity {
  received: number;
  lastReceivedAt: string | null;
  lastStatus: AlertReceipt["status"] | null;
  lastIncidentId: string | null;
  lastSummary: string | null;
}

export interface ClaimedAlert extends AlertActivity {
  alertname: string;
  runbook: { slug: string; title: string };
  /** "name": the runbook lists it in `alerts`; "url": it arrived with a runbook_url pointing at the runbook. */
  via: "name" | "url";
}

export interface UnclaimedAlert extends AlertActivity {
  alertname: string;
  /** Labels of the latest notification (job, instance, severity...), to find who owns it. */
  labels: Record<string, string>;
}

function activity(receipts: readonly AlertReceipt[]): AlertActivity {
  // Receipts arrive newest first.
  const last = receipts[0];
  return {
    received: receipts.length,
    lastReceivedAt: last?.receivedAt ?? null,
    lastStatus: last?.status ?? null,
    lastIncidentId: receipts.find((r) => r.incidentId !== null)?.incidentId ?? null,
    lastSummary: last?.annotations.summary ?? null,
  };
}

export function alertOverview(
  runbooks: readonly Runbook[],
  receipts: readonly AlertReceipt[],
): { claimed: ClaimedAlert[]; unclaimed: UnclaimedAlert[] } {
  const byName = new Map<string, AlertReceipt[]>();
  for (const r of receipts) byName.set(r.alertname, [...(byName.get(r.alertname) ?? []), r]);

  const claimed: ClaimedAlert[] = [];
  const named = new Set<string>();
  for (const runbook of runbooks) {
    for (const alertname of runbook.alerts) {
      named.add(alertname);
      claimed.push({
        alertname,
        runbook: { slug: runbook.slug, title: runbook.title },
        via: "name",
        ...activity(byName.get(alertname) ?? []),
      });
    }
  }
  const unclaimed: UnclaimedAlert[] = [];
  for (const [alertname, list] of byName) {
    if (named.has(alertname)) continue;
    const mapped = list.find((r) => r.runbook !== null);
    const runbook = mapped ? runbooks.find((r) => r.slug === mapped.runbook) : undefined;
    if (runbook) {
      claimed.push({ alertname, runbook: { slug: runbook.slug, title: runbook.title }, via: "url", ...activity(list) });
    } else {
      unclaimed.push({ alertname, labels: list[0]?.labels ?? {}, ...activity(list) });
    }
  }
  unclaimed.sort((a, b) => ((a.lastReceivedAt ?? "") < (b.lastReceivedAt ?? "") ? 1 : -1));
  return { claimed, unclaimed };
}
