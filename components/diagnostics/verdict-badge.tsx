import type { VerdictStatus } from "@/lib/verdict/verdict";

const STYLES: Record<VerdictStatus, string> = {
  ok: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200",
  warning: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200",
  critical: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200",
  error: "bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-600/30 dark:bg-fuchsia-950 dark:text-fuchsia-200",
  "not-configured": "bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-200",
  unsupported: "bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200",
  shown: "bg-white text-slate-700 ring-slate-400/60 dark:bg-slate-900 dark:text-slate-200",
};

/** What the badge says; "shown" alone would read like a verdict. */
const LABELS: Partial<Record<VerdictStatus, string>> = { shown: "shown, not judged" };

const ICONS: Record<VerdictStatus, string> = {
  ok: "✓",
  warning: "!",
  critical: "✕",
  error: "⚠",
  "not-configured": "–",
  unsupported: "∅",
  shown: "○",
};

/** `testId` sets the badge apart where the same verdict is also shown in full (the incident page's summary). */
export function VerdictBadge({ status, testId = "verdict" }: { status: VerdictStatus; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold uppercase tracking-wide ring-1 ring-inset ${STYLES[status]}`}
    >
      <span aria-hidden>{ICONS[status]}</span>
      {LABELS[status] ?? status}
    </span>
  );
}
