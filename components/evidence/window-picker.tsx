"use client";
// Grafana-style window picker: the counter checks' window, kept in the URL so a shared link asks the same question.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  DEFAULT_WINDOW,
  EVIDENCE_WINDOWS,
  type EvidenceWindow,
  windowFromParam,
  windowLabel,
} from "@/lib/evidence/window";

export function WindowPicker() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const current = windowFromParam(search.get("window"));

  const choose = (next: EvidenceWindow) => {
    const params = new URLSearchParams(search.toString());
    if (next === DEFAULT_WINDOW) params.delete("window");
    else params.set("window", next);
    const query = params.toString();
    router.replace(`${pathname}${query ? `?${query}` : ""}`, { scroll: false });
  };

  return (
    <fieldset className="flex items-center gap-2 text-sm" data-testid="window-picker">
      <legend className="sr-only">Window the counter checks cover</legend>
      <span className="text-slate-600 dark:text-slate-300" aria-hidden="true">
        Window
      </span>
      <div className="inline-flex overflow-hidden rounded-lg border border-slate-300 dark:border-slate-600">
        {EVIDENCE_WINDOWS.map((w) => (
          <label
            key={w}
            className="cursor-pointer px-2.5 py-1 font-medium text-slate-700 has-[:checked]:bg-slate-900 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 dark:text-slate-200 dark:has-[:checked]:bg-sky-700"
          >
            <input
              type="radio"
              name="evidence-window"
              value={w}
              checked={current === w}
              onChange={() => choose(w)}
              className="sr-only"
              aria-label={`last ${windowLabel(w)}`}
            />
            {w}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
