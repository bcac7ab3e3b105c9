// The postmortem export: header, timeline table, notes verbatim, evidence with before → after, raw output fenced safely.
import { describe, expect, it } from "vitest";
import { exportIncidentMarkdown } from "@/lib/incidents/export-markdown";
import type { TimelineEntry } from "@/lib/incidents/model";
import { healthyRun, INCIDENT, run } from "./fixtures";

describe("exportIncidentMarkdown", () => {
  const entries: TimelineEntry[] = [
    run("r1", "2026-11-28T10:01:00.000Z", { raw: "a ``` fence | and a pipe" }),
    {
      type: "note",
      id: "n1".padEnd(22, "x"),
      incidentId: INCIDENT.id,
      at: "2026-11-28T10:02:00.000Z",
      actor: INCIDENT.createdBy,
      markdown: "Flushed the **cache** | pipes ok",
    },
    {
      type: "status",
      id: "s1".padEnd(22, "x"),
      incidentId: INCIDENT.id,
      at: "2026-11-28T10:03:00.000Z",
      actor: INCIDENT.createdBy,
      from: "investigating",
      to: "mitigated",
    },
    healthyRun("r2", "2026-11-28T10:04:00.000Z"),
  ];
  const md = exportIncidentMarkdown(
    { ...INCIDENT, status: "mitigated" },
    entries,
    "https://dash.example/incidents/AAAAAAAAAAAAAAAAAAAAAA",
  );

  it("opens with the title, state and link", () => {
    expect(md.startsWith("# Cache hit ratio dropped\n")).toBe(true);
    expect(md).toContain("- **Status:** Mitigated");
    expect(md).toContain("- **Severity:** SEV2");
    expect(md).toContain("- **Link:** https://dash.example/incidents/AAAAAAAAAAAAAAAAAAAAAA");
    expect(md).toContain("None at the latest run of each step.");
  });

  it("has a timeline row per entry, with table cells escaped", () => {
    expect(md).toContain("| 2026-11-28 10:00:00 UTC | local user | Incident opened |");
    expect(md).toContain("| 2026-11-28 10:03:00 UTC | local user | Status: Investigating → **Mitigated** |");
    expect(md).toContain("Ran **Check cache statistics** (Low Cache Hit Rate): CRITICAL — keyspace hit ratio 42 %");
    expect(md).toContain("## Notes");
    expect(md).toContain("Flushed the **cache** | pipes ok");
  });

  it("shows each step's first snapshot against its latest run, and fences raw output it cannot break", () => {
    expect(md).toContain("- Change: keyspace hit ratio 42 % → 91 %; verdict critical → ok");
    expect(md).toContain("| keyspace hit ratio | 42 % | **91 %** |");
    expect(md).toContain("````\na ``` fence | and a pipe\n````");
  });
});
