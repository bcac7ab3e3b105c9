// Status and severity badges for incidents (colour plus text, never colour alone).
import { type IncidentStatus, type Severity, STATUS_LABELS } from "@/lib/incidents/labels";

const STATUS_STYLES: Record<IncidentStatus, string> = {
  investigating: "bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-950 dark:text-red-200",
  mitigated: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200",
  resolved: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200",
};

const SEVERITY_STYLES: Record<Severity, string> = {
  sev1: "bg-red-700 text-white ring-red-800 dark:bg-red-600",
  sev2: "bg-orange-700 text-white ring-orange-800 dark:bg-orange-700",
  sev3: "bg-amber-200 text-amber-950 ring-amber-400 dark:bg-amber-800 dark:text-amber-50",
  sev4: "bg-slate-200 text-slate-800 ring-slate-400 dark:bg-slate-700 dark:text-slate-100",
};

const BASE = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset";

export function StatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span data-testid="incident-status" data-status={status} className={`${BASE} ${STATUS_STYLES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span data-testid="incident-severity" className={`${BASE} uppercase tracking-wide ${SEVERITY_STYLES[severity]}`}>
      {severity}
    </span>
  );
}
