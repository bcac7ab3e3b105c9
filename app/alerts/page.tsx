import type { Metadata } from "next";
import Link from "next/link";
import { UtcTime } from "@/components/incidents/utc-time";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { requirePageActor } from "@/lib/auth/guard";
import { getConfig } from "@/lib/config";
import { getIncidentStore } from "@/lib/incidents";
import { alertOverview } from "@/lib/incidents/alert-overview";
import { getLibrary } from "@/lib/runbooks/library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

/** Receipts looked at for the figures; older ones still exist in the store. */
const RECENT = 5000;

function Activity({ received, at, status }: { received: number; at: string | null; status: string | null }) {
  if (received === 0 || at === null) return <span className="text-slate-500 dark:text-slate-400">none received</span>;
  return (
    <span>
      {received} notification{received === 1 ? "" : "s"}, last <UtcTime iso={at} /> ({status})
    </span>
  );
}

export default async function AlertsPage() {
  await requirePageActor("/alerts");
  const store = await getIncidentStore();
  const receipts = await store.listAlerts(RECENT);
  const { claimed, unclaimed } = alertOverview(getLibrary().runbooks, receipts);
  const intakeOn = getConfig().alertsToken !== undefined;
  const th = "px-3 py-2 text-left text-xs font-semibold text-slate-600 dark:text-slate-300";
  const td = "px-3 py-2 align-top text-sm";

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Alerts</h1>
        <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-300">
          Alertmanager posts to <code>/api/alerts</code>. An alert belongs to the runbook that lists its name in{" "}
          <code>alerts</code>, or whose page its <code>runbook_url</code> annotation points at; a firing alert then
          opens (or joins) an incident and runs that runbook&apos;s read-only diagnostics.
        </p>
        <p
          data-testid="intake-state"
          className={`inline-block rounded-md px-3 py-1 text-sm ${
            intakeOn
              ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
              : "bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-100"
          }`}
        >
          {intakeOn
            ? "Alert intake is on (bearer token set)."
            : "Alert intake is off: set ALERTS_TOKEN to accept alerts."}
        </p>
      </header>

      <section aria-labelledby="claimed-title" className="space-y-3">
        <h2 id="claimed-title" className="text-xl font-semibold">
          Alert names the runbooks claim{" "}
          <span className="text-sm font-normal text-slate-500 dark:text-slate-400">({claimed.length})</span>
        </h2>
        <ScrollRegion
          label="Claimed alert names (scrollable table)"
          className="relative rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
        >
          <table className="w-full min-w-[36rem]" data-testid="claimed-alerts">
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th scope="col" className={th}>
                  Alert
                </th>
                <th scope="col" className={th}>
                  Runbook
                </th>
                <th scope="col" className={th}>
                  Received
                </th>
                <th scope="col" className={th}>
                  Latest incident
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {claimed.map((row) => (
                <tr key={`${row.alertname}-${row.runbook.slug}`}>
                  <th scope="row" className={`${td} text-left font-mono font-medium`}>
                    {row.alertname}
                    {row.via === "url" && (
                      <span className="ml-2 font-sans text-xs font-normal text-slate-500 dark:text-slate-400">
                        (by runbook_url)
                      </span>
                    )}
                  </th>
                  <td className={td}>
                    <Link href={`/runbooks/${row.runbook.slug}`} className="text-sky-700 underline dark:text-sky-400">
                      {row.runbook.title}
                    </Link>
                  </td>
                  <td className={td}>
                    <Activity received={row.received} at={row.lastReceivedAt} status={row.lastStatus} />
                  </td>
                  <td className={td}>
                    {row.lastIncidentId ? (
                      <Link
                        href={`/incidents/${row.lastIncidentId}`}
                        className="text-sky-700 underline dark:text-sky-400"
                      >
                        open incident
                      </Link>
                    ) : (
                      <span className="text-slate-500 dark:text-slate-400">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="unclaimed-title" className="space-y-3">
        <h2 id="unclaimed-title" className="text-xl font-semibold">
          Alerts received without a runbook{" "}
          <span className="text-sm font-normal text-slate-500 dark:text-slate-400">({unclaimed.length})</span>
        </h2>
        {unclaimed.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
            Every alert received so far maps to a runbook.
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-300">
              These opened no incident. Add the name to a runbook&apos;s <code>alerts</code> front matter, or give the
              rule a <code>runbook_url</code> annotation pointing at a runbook page.
            </p>
            <ScrollRegion
              label="Alerts no runbook claims (scrollable table)"
              className="relative rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
            >
              <table className="w-full min-w-[36rem]" data-testid="unclaimed-alerts">
                <thead className="border-b border-slate-200 dark:border-slate-800">
                  <tr>
                    <th scope="col" className={th}>
                      Alert
                    </th>
                    <th scope="col" className={th}>
                      Received
                    </th>
                    <th scope="col" className={th}>
                      Latest summary and labels
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {unclaimed.map((row) => (
                    <tr key={row.alertname}>
                      <th scope="row" className={`${td} text-left font-mono font-medium`}>
                        {row.alertname}
                      </th>
                      <td className={td}>
                        <Activity received={row.received} at={row.lastReceivedAt} status={row.lastStatus} />
                      </td>
                      <td className={td}>
                        {row.lastSummary && <p>{row.lastSummary}</p>}
                        <p className="font-mono text-xs text-slate-500 dark:text-slate-400">
                          {Object.entries(row.labels)
                            .filter(([k]) => k !== "alertname")
                            .map(([k, v]) => `${k}=${v}`)
                            .join(" ")}
                        </p>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </section>
    </div>
  );
}
