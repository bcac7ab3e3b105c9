// Placeholders while incident data loads (announced to screen readers once, via aria-busy and a hidden label).

export function IncidentListSkeleton() {
  return (
    <div className="space-y-2" aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading incidents…</p>
      {Array.from({ length: 5 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="h-16 animate-pulse rounded-lg bg-slate-200/70 dark:bg-slate-800/70" />
      ))}
    </div>
  );
}

export function IncidentBodySkeleton() {
  return (
    <div
      className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]"
      aria-busy="true"
      aria-live="polite"
    >
      <p className="sr-only">Loading the evidence and timeline…</p>
      <div className="space-y-4">
        <div className="h-7 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-48 animate-pulse rounded-xl bg-slate-200/70 dark:bg-slate-800/70" />
        <div className="h-48 animate-pulse rounded-xl bg-slate-200/70 dark:bg-slate-800/70" />
      </div>
      <div className="space-y-4">
        <div className="h-7 w-32 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-64 animate-pulse rounded-xl bg-slate-200/70 dark:bg-slate-800/70" />
      </div>
    </div>
  );
}
