// Where an incident's alerts stand, and the order its evidence is listed in.
import { describe, expect, it } from "vitest";
import { ago } from "@/lib/incidents/ago";
import { alertState, evidenceOrder } from "@/lib/incidents/alert-state";
import type { EvidenceGroup } from "@/lib/incidents/evidence";
import type { TimelineEntry } from "@/lib/incidents/model";

const actor = { id: "alertmanager", name: "Alertmanager", role: "system" };
function alert(
  fingerprint: string,
  status: "firing" | "resolved",
  at: string,
  alertname = "HighErrorRate",
): TimelineEntry {
  return {
    type: "alert",
    id: `${fingerprint}${status}${at}`.padEnd(22, "x").slice(0, 22),
    incidentId: "a".repeat(22),
    at,
    actor,
    alert: {
      fingerprint,
      alertname,
      status,
      startsAt: "2026-12-04T00:00:00Z",
      labels: {},
      annotations: {},
      groupKey: "g",
      receiver: "r",
      runbook: "high-error-rates",
    },
  };
}

describe("alertState", () => {
  it("says which alerts still fire, and when every one has resolved", () => {
    const a = alert("aaaa", "firing", "2026-12-04T01:00:00Z");
    const b = alert("bbbb", "firing", "2026-12-04T01:01:00Z", "ApiFailing");
    const aOff = alert("aaaa", "resolved", "2026-12-04T01:05:00Z");
    const bOff = alert("bbbb", "resolved", "2026-12-04T01:06:00Z", "ApiFailing");
    expect(alertState([a, b, aOff])).toEqual({ firing: ["ApiFailing"], total: 2, allResolved: false });
    expect(alertState([a, b, aOff, bOff])).toEqual({ firing: [], total: 2, allResolved: true });
    expect(alertState([]).allResolved).toBe(false);
  });
});

describe("evidenceOrder", () => {
  const group = (status: string, at: string) =>
    ({ key: `${status}${at}`, latest: { at, verdict: { status } } }) as unknown as EvidenceGroup;
  it("lists critical first, then warning, then the rest, newest first within each", () => {
    const ordered = evidenceOrder([
      group("ok", "2026-12-04T01:00:00Z"),
      group("critical", "2026-12-04T01:00:00Z"),
      group("warning", "2026-12-04T01:00:00Z"),
      group("critical", "2026-12-04T01:02:00Z"),
    ]);
    expect(ordered.map((g) => g.key)).toEqual([
      "critical2026-12-04T01:02:00Z",
      "critical2026-12-04T01:00:00Z",
      "warning2026-12-04T01:00:00Z",
      "ok2026-12-04T01:00:00Z",
    ]);
  });
});

describe("ago", () => {
  it("reads as a banner would say it", () => {
    const now = Date.parse("2026-12-04T03:00:00Z");
    expect(ago("2026-12-04T02:58:00Z", now)).toBe("2 min ago");
    expect(ago("2026-12-04T02:59:40Z", now)).toBe("just now");
    expect(ago("2026-12-04T00:00:00Z", now)).toBe("3 h ago");
  });
});
