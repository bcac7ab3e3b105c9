"use client";
// Says, on every page, which parts of the demo stack failed to start and why.
import { useStackStatus } from "./use-stack-status";

export function StackBanner() {
  const { data } = useStackStatus();
  const down = data?.parts.filter((part) => !part.ok) ?? [];
  if (down.length === 0) return null;
  return (
    <div
      role="status"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto max-w-7xl px-4 py-2 text-sm">
        <strong>Demo stack incomplete:</strong>{" "}
        {down.map((part) => (
          <span key={part.name} className="mr-3" data-testid="stack-part-down">
            <code>{part.name}</code> is not running{part.reason ? ` — ${part.reason}` : ""}.
          </span>
        ))}
        Steps that use it will show an error.
      </div>
    </div>
  );
}
