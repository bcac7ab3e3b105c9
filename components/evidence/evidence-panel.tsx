"use client";
// What a counter verdict covers — window, time, source — with its chart, onset and the PromQL to reproduce it.
import dynamic from "next/dynamic";
import { CopyButton } from "@/components/ui/copy-button";
import { describeChart } from "@/lib/evidence/chart-values";
import { describeOnset } from "@/lib/evidence/onset";
import { formatSeconds } from "@/lib/verdict/format";
import type { Evidence } from "@/lib/verdict/verdict";

const EvidenceChart = dynamic(() => import("./evidence-chart"), {
  ssr: false,
  loading: () => <div className="h-40 animate-pulse rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true" />,
});

function clock(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function sourceText(evidence: Evidence): string {
  return evidence.source === "prometheus"
    ? "from Prometheus"
    : `from two scrapes ${formatSeconds(evidence.windowSeconds)} apart (no Prometheus series)`;
}

export function EvidencePanel({ evidence }: { evidence: Evidence }) {
  const asOf = new Date(evidence.asOf);
  const chart = evidence.chart;
  const onset = chart ? describeOnset(chart, clock) : null;
  return (
    <section aria-label="Evidence over time" className="space-y-2" data-testid="evidence-over-time">
      <p className="text-xs text-slate-600 dark:text-slate-300" data-testid="evidence-window">
        Window <strong>{formatSeconds(evidence.windowSeconds)}</strong> · as of{" "}
        <time dateTime={evidence.asOf}>{asOf.toLocaleTimeString()}</time> · {sourceText(evidence)}
      </p>
      {onset && (
        <p
          data-testid="evidence-onset"
          className={`text-sm font-medium ${chart?.onset?.level === "critical" ? "text-red-700 dark:text-red-300" : "text-amber-800 dark:text-amber-200"}`}
        >
          {onset[0]?.toUpperCase()}
          {onset.slice(1)}
        </p>
      )}
      {chart && chart.series.length > 0 && (
        <figure className="space-y-1" data-testid="evidence-chart">
          <div role="img" aria-label={describeChart(chart, clock)}>
            <EvidenceChart chart={chart} />
          </div>
          <figcaption className="flex flex-wrap gap-x-3 text-xs text-slate-500 dark:text-slate-400">
            <span>{chart.title}</span>
            {chart.warning !== undefined && <span className="text-amber-700 dark:text-amber-300">– – warning</span>}
            {chart.critical !== undefined && <span className="text-red-700 dark:text-red-300">– – critical</span>}
          </figcaption>
        </figure>
      )}
      {chart && chart.series.length === 0 && (
        <p className="text-xs text-slate-500 dark:text-slate-400">Prometheus has no points for this range yet.</p>
      )}
      {evidence.note && <p className="text-xs text-slate-600 dark:text-slate-400">{evidence.note}</p>}
      {evidence.promql && (
        <div className="space-y-1.5 text-xs">
          <code className="block break-all rounded bg-slate-100 px-2 py-1 dark:bg-slate-800" data-testid="promql">
            {evidence.promql}
          </code>
          <div className="flex flex-wrap items-center gap-2">
            <CopyButton text={evidence.promql} label="Copy PromQL" />
            {evidence.prometheusLink && (
              <a
                href={evidence.prometheusLink}
                target="_blank"
                rel="noreferrer noopener"
                className="rounded-md border border-slate-300 px-2 py-1 font-medium text-sky-800 hover:bg-slate-100 dark:border-slate-600 dark:text-sky-300 dark:hover:bg-slate-800"
              >
                Open in Prometheus
              </a>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
