// A tiny sparkline of a step's headline figure across live re-runs.
export function Trend({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return null;
  const width = 120;
  const height = 28;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map((v, i) => `${(i / (values.length - 1)) * width},${height - 2 - ((v - min) / span) * (height - 4)}`)
    .join(" ");
  const last = values.at(-1);
  return (
    <figure className="flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
      <svg width={width} height={height} role="img" aria-label={`Trend of ${label}: ${values.join(", ")}`}>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" className="text-sky-600" />
      </svg>
      <figcaption>
        {values.length} runs, last {last === undefined ? "—" : Number(last.toPrecision(4))}
      </figcaption>
    </figure>
  );
}
