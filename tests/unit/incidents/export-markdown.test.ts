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

describe("exportIncidentMarkdown with windowed evidence", () => {
  const evidence = {
    window: "5m",
    windowSeconds: 300,
    asOf: "2026-11-28T10:05:00.000Z",
    source: "prometheus" as const,
    promql:
      "100 * sum(rate(cache_hits_total[5m])) / (sum(rate(cache_hits_total[5m])) + sum(rate(cache_misses_total[5m])))",
    chart: {
      title: "hit ratio",
      unit: "%",
      direction: "below" as const,
      warning: 80,
      critical: 50,
      start: Date.parse("2026-11-28T09:05:00Z") / 1000,
      end: Date.parse("2026-11-28T10:05:00Z") / 1000,
      step: 60,
      series: [{ name: "hit ratio", points: [[Date.parse("2026-11-28T10:05:00Z") / 1000, 42]] as [number, number][] }],
      onset: { level: "critical" as const, since: Date.parse("2026-11-28T10:02:00Z") / 1000 },
    },
  };
  const first = run("r1", "2026-11-28T10:05:00.000Z");
  const md = exportIncidentMarkdown(INCIDENT, [{ ...first, verdict: { ...first.verdict, evidence } }], "https://x/i");

  it("states the window, its end, the source, the PromQL and the chart's reading", () => {
    expect(md).toContain("- First snapshot window: 5 min ending 2026-11-28 10:05:00 UTC, from Prometheus");
    expect(md).toContain("- First snapshot PromQL: `100 * sum(rate(cache_hits_total[5m]))");
    expect(md).toContain(
      "- First snapshot chart: hit ratio from 2026-11-28 09:05:00 UTC to 2026-11-28 10:05:00 UTC: last 42 %",
    );
    expect(md).toContain("- First snapshot onset: below critical since 2026-11-28 10:02:00 UTC, 3 min");
  });
});
