import { EvidencePanel } from "@/components/evidence/evidence-panel";
import { CopyButton } from "@/components/ui/copy-button";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { formatFigureValue } from "@/lib/verdict/format";
import type { DetailTable } from "@/lib/verdict/verdict";
import { VerdictBadge } from "./verdict-badge";

/** Tables longer than this start folded, so one long answer does not push the rest off screen. */
const FOLD_ROWS = 8;

function DetailTableView({ table }: { table: DetailTable }) {
  const body = (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="overflow-x-auto" tabIndex={0} aria-label={`${table.title} (scrollable table)`}>
      <table className="w-full text-left text-xs">
        <caption className="mb-1 text-left font-medium text-slate-600 dark:text-slate-300">{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col" className="border-b border-slate-200 px-2 py-1 dark:border-slate-700">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
            <tr key={i} className="odd:bg-slate-50 dark:odd:bg-slate-800/50">
              {row.map((cell, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={j} className="max-w-[24rem] truncate px-2 py-1 font-mono">
                  {/* Fractions lose float noise; whole numbers stay as they are (ports, pids, ids). */}
                  {typeof cell === "number" && !Number.isInteger(cell) ? formatFigureValue(cell) : (cell ?? "—")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
  if (table.rows.length <= FOLD_ROWS) return body;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
        {table.title} ({table.rows.length} rows)
      </summary>
      {body}
    </details>
  );
}

/** The outcome of one run: verdict, headline vs threshold, figures, tables, raw output. */
export function StepResult({ result }: { result: StepRunResult }) {
  const { verdict } = result;
  return (
    <div
      data-testid="step-result"
      className="mt-3 space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700"
    >
      <div className="flex flex-wrap items-center gap-2">
        <VerdictBadge status={verdict.status} />
        <p className="font-medium" data-testid="headline">
          {verdict.headline}
        </p>
      </div>
      {verdict.evidence && <EvidencePanel evidence={verdict.evidence} />}
      {verdict.threshold && (
        <details className="text-xs text-slate-600 dark:text-slate-400">
          <summary className="cursor-pointer">Threshold: {verdict.threshold.text}</summary>
          <p className="mt-1 italic">Source: {verdict.threshold.source}</p>
        </details>
      )}
      {verdict.detail && <p className="text-sm text-slate-700 dark:text-slate-300">{verdict.detail}</p>}
      {verdict.figures.length > 0 && (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
          {verdict.figures.map((figure) => (
            <div key={figure.label} className="min-w-0">
              <dt className="truncate text-xs text-slate-500 dark:text-slate-400">{figure.label}</dt>
              <dd className="truncate font-mono" data-figure={figure.label}>
                {formatFigureValue(figure.value, figure.unit)}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {verdict.tables?.map((table) => (
        <DetailTableView key={table.title} table={table} />
      ))}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
          Raw output{result.rawTruncated ? " (truncated)" : ""}
        </summary>
        <pre
          data-testid="raw-output"
          className="mt-2 max-h-80 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
        >
          {result.raw || "(empty)"}
        </pre>
      </details>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
        <span>
          {Math.round(result.durationMs)} ms ·{" "}
          <time dateTime={result.startedAt}>{new Date(result.startedAt).toLocaleTimeString()}</time>
          {result.shared ? (
            <span title="An identical run was already in flight; its result is shown instead of running the command again.">
              {" "}
              · shared with an identical run
            </span>
          ) : null}
        </span>
        <span className="flex items-center gap-2">
          <code className="max-w-[16rem] truncate">{result.cli}</code>
          <CopyButton text={result.cli} label="Copy CLI" />
        </span>
      </div>
    </div>
  );
}
