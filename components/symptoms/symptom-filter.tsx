"use client";
// Symptom chips (checkboxes): the selection lives in the URL (?symptoms=a,b) so a link reopens the same view.
import { useRouter } from "next/navigation";
import { useOptimistic, useTransition } from "react";

export interface SymptomOption {
  id: string;
  label: string;
  runbookCount: number;
}

function hrefFor(ids: readonly string[]): string {
  return ids.length === 0 ? "/" : `/?symptoms=${ids.map(encodeURIComponent).join(",")}`;
}

export function SymptomFilter({ options, selected }: { options: SymptomOption[]; selected: string[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(selected);

  function toggle(id: string, on: boolean) {
    const next = on ? [...shown.filter((s) => s !== id), id] : shown.filter((s) => s !== id);
    startTransition(() => {
      setShown(next);
      router.push(hrefFor(next), { scroll: false });
    });
  }

  return (
    <section
      aria-labelledby="symptom-filter-title"
      aria-busy={pending}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="symptom-filter-title" className="text-lg font-semibold">
          Browse by symptom
        </h2>
        {shown.length > 0 && (
          <button
            type="button"
            onClick={() =>
              startTransition(() => {
                setShown([]);
                router.push("/", { scroll: false });
              })
            }
            className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            Clear {shown.length} selected
          </button>
        )}
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        Pick what you are seeing; runbooks listing more of your symptoms rank first. The link keeps the selection.
      </p>
      <ul className="mt-3 flex flex-wrap gap-1.5 sm:gap-2">
        {options.map((option) => {
          const checked = shown.includes(option.id);
          return (
            <li key={option.id}>
              <label
                className={`relative flex cursor-pointer items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-[13px] transition sm:px-3 sm:py-1 sm:text-sm select-none has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-sky-500 ${
                  checked
                    ? "border-sky-700 bg-sky-700 text-white dark:border-sky-500 dark:bg-sky-700"
                    : "border-slate-300 bg-white text-slate-800 hover:border-sky-400 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
                }`}
              >
                <input
                  type="checkbox"
                  // Invisible but covering the whole chip, so a click anywhere on it toggles the real checkbox.
                  className="absolute inset-0 z-10 h-full w-full cursor-pointer appearance-none rounded-full opacity-0"
                  name="symptoms"
                  value={option.id}
                  checked={checked}
                  onChange={(event) => toggle(option.id, event.target.checked)}
                />
                <span aria-hidden className="w-3 text-center text-xs">
                  {checked ? "✓" : "+"}
                </span>
                {option.label}
                {option.runbookCount > 1 && (
                  <span
                    className={`rounded-full px-1.5 text-xs font-semibold ${checked ? "bg-white/25 text-white" : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200"}`}
                  >
                    <span className="sr-only">(in </span>
                    {option.runbookCount}
                    <span className="sr-only"> runbooks)</span>
                  </span>
                )}
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
