// Shown where a viewer would otherwise find a control they may not use (run, note, status, start incident).

export const VIEWER_HINT = "Viewers can read; ask an admin for the operator role";

export function ViewerHint() {
  return (
    <p data-testid="viewer-hint" className="text-xs text-slate-500 dark:text-slate-400">
      {VIEWER_HINT}
    </p>
  );
}
