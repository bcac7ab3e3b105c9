// The audit filters as a plain GET form, so every filtered view is a shareable URL.
import Link from "next/link";
import type { CheckedAuditFilter } from "@/lib/audit/filter";
import { AUDIT_RESULTS } from "@/lib/audit/types";

const FIELD =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950";
const LABEL = "text-xs font-medium text-slate-600 dark:text-slate-300";

export function AuditFilters({
  filter,
  operations,
  filtered,
}: {
  filter: CheckedAuditFilter;
  /** Known operation names, offered as suggestions (any name can still be typed). */
  operations: readonly string[];
  filtered: boolean;
}) {
  return (
    <form
      method="get"
      action="/audit"
      aria-label="Filter the audit trail"
      className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end dark:border-slate-800 dark:bg-slate-900"
    >
      <label className={LABEL}>
        Who (user id or name)
        <input name="actor" defaultValue={filter.actor ?? ""} maxLength={200} className={FIELD} autoComplete="off" />
      </label>
      <label className={LABEL}>
        Result
        <select name="result" defaultValue={filter.result ?? ""} className={FIELD}>
          <option value="">Any</option>
          {AUDIT_RESULTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Operation
        <input
          name="operation"
          list="audit-operations"
          defaultValue={filter.operation ?? ""}
          maxLength={200}
          className={FIELD}
          autoComplete="off"
        />
        <datalist id="audit-operations">
          {operations.map((op) => (
            <option key={op} value={op} />
          ))}
        </datalist>
      </label>
      <label className={LABEL}>
        Incident id
        <input
          name="incident"
          defaultValue={filter.incidentId ?? ""}
          maxLength={22}
          className={`${FIELD} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <div className="flex gap-2">
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-sky-700 dark:hover:bg-sky-600"
        >
          Filter
        </button>
        {filtered && (
          <Link
            href="/audit"
            className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
          >
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
