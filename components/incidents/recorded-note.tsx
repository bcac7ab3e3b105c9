// Under a step result: whether the run went into the page's incident, and if not why.
import Link from "next/link";
import type { IncidentRecordInfo } from "@/lib/diagnostics/types";

export function RecordedNote({ info }: { info: IncidentRecordInfo }) {
  return (
    <p
      data-testid="recorded-note"
      data-recorded={info.recorded}
      className={`mt-1 text-xs ${info.recorded ? "text-emerald-800 dark:text-emerald-300" : "text-amber-900 dark:text-amber-200"}`}
    >
      {info.recorded ? "✓ Recorded to the " : "Not recorded to the "}
      <Link href={`/incidents/${info.id}`} className="underline">
        incident
      </Link>
      {info.recorded ? "" : `: ${info.message.replace(/^not recorded: /, "")}`}
    </p>
  );
}
