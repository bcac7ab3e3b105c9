// Audit records in the incident's Markdown export: in the timeline table, in time order, pipes escaped.
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "@/lib/audit/types";
import { exportIncidentMarkdown } from "@/lib/incidents/export-markdown";
import { INCIDENT, run } from "../incidents/fixtures";

const REMEDIATION: AuditRecord = {
  id: "RemediationAAAAAAAAAAA",
  at: "2026-11-28T10:02:00.000Z",
  actorId: "u-ada",
  actorName: "Ada Admin",
  role: "admin",
  operation: "applyRemediationAction",
  target: "redis 127.0.0.1:6379",
  command: "CONFIG SET maxmemory-policy allkeys-lru",
  before: "noeviction",
  after: "allkeys-lru",
  result: "ok",
  requestId: "req-1",
  incidentId: INCIDENT.id,
};

const DENIAL: AuditRecord = {
  id: "DenialAAAAAAAAAAAAAAAA",
  at: "2026-11-28T10:03:00.000Z",
  actorId: "u-vera",
  actorName: "Vera | Viewer",
  role: "viewer",
  operation: "applyRemediationAction",
  result: "denied",
  reason: "your role (viewer) may not apply remediations",
  requestId: "req-2",
  incidentId: INCIDENT.id,
};

function timelineRows(md: string): string[] {
  const start = md.indexOf("## Timeline");
  const end = md.indexOf("\n## ", start + 1);
  return md
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("| 2026"));
}

describe("exportIncidentMarkdown with audit records", () => {
  const entries = [run("r1", "2026-11-28T10:01:00.000Z"), run("r2", "2026-11-28T10:04:00.000Z")];

  it("merges remediations and denials into the timeline in time order", () => {
    const rows = timelineRows(exportIncidentMarkdown(INCIDENT, entries, undefined, [REMEDIATION, DENIAL]));
    expect(rows).toHaveLength(5);
    expect(rows[2]).toBe(
      "| 2026-11-28 10:02:00 UTC | Ada Admin (admin) | Remediation · CONFIG SET maxmemory-policy allkeys-lru · noeviction → allkeys-lru · ok |",
    );
    expect(rows[3]).toBe(
      "| 2026-11-28 10:03:00 UTC | Vera \\| Viewer (viewer) | Denied · Vera \\| Viewer (viewer) tried Remediation · your role (viewer) may not apply remediations |",
    );
    expect(rows[4]).toContain("Ran **Check cache statistics**");
  });

  it("says so when the audit trail could not be read, and is unchanged without records", () => {
    expect(exportIncidentMarkdown(INCIDENT, entries, undefined, null)).toContain(
      "_Remediations and denials are missing: the audit trail could not be read._",
    );
    expect(exportIncidentMarkdown(INCIDENT, entries, undefined, [])).toBe(exportIncidentMarkdown(INCIDENT, entries));
    expect(exportIncidentMarkdown(INCIDENT, entries)).not.toContain("Remediation");
  });
});
