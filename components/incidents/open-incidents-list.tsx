// The open-incident banner's list; on a runbook page already recording to one of them (?incident=), that one is
// left to the recording banner above. Rendered on the server: the page passes the ?incident= it was asked for.
import Link from "next/link";
import type { IncidentStatus, Severity } from "@/lib/incidents/labels";

export interface OpenIncidentItem {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  openedBy: string;
  ago: string;
  joinHref: string | undefined;
}

export function OpenIncidentsList({
  items,
  scope,
  recording,
}: {
  items: (OpenIncidentItem | { more: number })[];
  scope: "all" | "runbook";
  /** The incident the page records to (?incident=), if any. */
  recording?: string | undefined;
}) {
  const shown = items.filter((i) => !("id" in i) || i.id !== recording);
  if (!shown.some((i) => "id" in i)) return null;
  return (
    <section
      aria-label={scope === "all" ? "Open incidents" : "Open incidents on this runbook"}
      data-testid="open-incidents"
      className="rounded-lg border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <ul className="space-y-1">
        {shown.map((item) =>
          "id" in item ? (
            <li key={item.id} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="open-incident">
              {/* The links are named "View" and "Join" (described by the title), so an incident named after a
                  runbook adds no second link of the runbook's name to the page. The dot flows with the text, so
                  on a phone it does not sit alone on a line above it. */}
              <span id={`open-${item.id}`}>
                <span aria-hidden className="mr-2 inline-block h-2.5 w-2.5 rounded-full bg-red-600" />
                Open ({item.severity.toUpperCase()}, {item.status}): <strong>{item.title}</strong> — opened by{" "}
                {item.openedBy} {item.ago}
              </span>
              <Link
                href={`/incidents/${item.id}`}
                aria-describedby={`open-${item.id}`}
                data-testid="open-incident-view"
                className="font-medium underline underline-offset-2"
              >
                View
              </Link>
              {item.joinHref && (
                <Link
                  href={item.joinHref}
                  aria-describedby={`open-${item.id}`}
                  data-testid="open-incident-join"
                  className="rounded-md bg-red-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
                >
                  Join
                </Link>
              )}
            </li>
          ) : (
            <li key="more">
              <Link href="/incidents?status=open" className="underline underline-offset-2">
                {item.more} more open
              </Link>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
