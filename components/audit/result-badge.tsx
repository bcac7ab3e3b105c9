// The result of an audited attempt as a badge (colour plus the word, never colour alone).
import { AUDIT_RESULT_LABELS } from "@/lib/audit/describe";
import type { AuditResult } from "@/lib/audit/types";

const STYLES: Record<AuditResult, string> = {
  ok: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200",
  failed: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200",
  denied: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200",
  refused: "bg-slate-100 text-slate-800 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-100",
};

export function AuditResultBadge({ result }: { result: AuditResult }) {
  return (
    <span
      data-testid="audit-result"
      data-result={result}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[result]}`}
    >
      {AUDIT_RESULT_LABELS[result]}
    </span>
  );
}
