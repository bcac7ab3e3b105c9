// The first snapshot of a step beside its latest run: verdict change, headline change and every figure, side by side.
import { VerdictBadge } from "@/components/diagnostics/verdict-badge";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { compareRuns } from "@/lib/incidents/evidence";
import type { RunEntry } from "@/lib/incidents/model";
import { UtcTime } from "./utc-time";

export function RunComparison({ first, latest }: { first: RunEntry; latest: RunEntry }) {
  const c = compareRuns(first, latest);
  return (
    <div data-testid="run-comparison" className="space-y-3 rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Verdict</span>
        <VerdictBadge status={c.statusBefore} />
        <span aria-hidden>→</span>
        <span className="sr-only">changed to</span>
        <VerdictBadge status={c.statusAfter} />
        {!c.statusChanged && <span className="text-xs text-slate-500 dark:text-slate-400">(unchanged)</span>}
      </div>
      <p className="font-medium" data-testid="headline-change">
        {c.headlineChange}
      </p>
      {c.runbookChanged && (
        <p className="text-xs text-amber-900 dark:text-amber-200">
          The runbook file changed between these runs: the step may not be the same command.
        </p>
      )}
      {c.windowsDiffer && (
        <p className="text-xs text-amber-900 dark:text-amber-200" data-testid="windows-differ">
          The two runs cover different windows ({c.windowsDiffer}): compare the rates, not the counts.
        </p>
      )}
      {c.figures.length > 0 && (
        <ScrollRegion label="Figures: first snapshot and latest run" className="relative">
          <table className="stack-table w-full text-left text-sm" data-testid="figure-changes">
            <caption className="sr-only">Figures of the first snapshot and the latest run</caption>
            <thead className="text-xs text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Figure
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  First · <UtcTime iso={first.at} />
                </th>
                <th scope="col" className="py-1 font-medium">
                  Latest · <UtcTime iso={latest.at} />
                </th>
              </tr>
            </thead>
            <tbody>
              {c.figures.map((f) => (
                <tr key={f.label} data-changed={f.changed} className="border-t border-slate-200 dark:border-slate-700">
                  <th scope="row" className="py-1 pr-3 font-normal text-slate-600 dark:text-slate-300">
                    {f.label}
                  </th>
                  <td data-label="First" className="py-1 pr-3 font-mono tabular-nums">
                    {f.before}
                  </td>
                  <td
                    data-label="Latest"
                    className={`py-1 font-mono tabular-nums ${f.changed ? "font-semibold text-sky-800 dark:text-sky-300" : ""}`}
                  >
                    {f.after}
                    {f.direction && (
                      <>
                        <span aria-hidden className="ml-1 text-xs">
                          {f.direction === "up" ? "▲" : "▼"}
                        </span>
                        <span className="sr-only">{f.direction === "up" ? " (up)" : " (down)"}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
