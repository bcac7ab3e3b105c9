// Alert → runbook mapping (alert names, then runbook_url), severities, automatic steps, and the payload schema.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  automaticSteps,
  runbookForAlert,
  runbookSlugFromUrl,
  severityFromLabels,
  webhookPayloadSchema,
} from "@/lib/incidents/alert-mapping";
import { alertOverview } from "@/lib/incidents/alert-overview";
import type { AlertReceipt } from "@/lib/incidents/model";
import { getLibrary, getRunbook } from "@/lib/runbooks/library";

const runbooks = getLibrary().runbooks;
const FIXTURES = path.resolve(__dirname, "../../fixtures/alertmanager");

describe("runbookSlugFromUrl", () => {
  it("takes /runbooks/<slug> from any host, with or without slash or anchor", () => {
    expect(runbookSlugFromUrl("http://127.0.0.1:3000/runbooks/high-error-rates")).toBe("high-error-rates");
    expect(runbookSlugFromUrl("https://dash.example/runbooks/low-cache-hit-rate/#diagnosis-2")).toBe(
      "low-cache-hit-rate",
    );
    expect(runbookSlugFromUrl("/runbooks/missing-metrics?x=1")).toBe("missing-metrics");
  });
  it("ignores anything else", () => {
    for (const url of [
      undefined,
      "",
      "https://wiki.example/HighErrorRate",
      "/runbooks/",
      "/runbooks/a/b",
      "/runbooks/UPPER",
      "http://[",
    ]) {
      expect(runbookSlugFromUrl(url)).toBeUndefined();
    }
  });
});

describe("runbookForAlert", () => {
  it("maps by the runbook's alert names first, then by runbook_url (alert, then group)", () => {
    const byName = runbookForAlert({ labels: { alertname: "HighErrorRate" }, annotations: {} }, {}, runbooks);
    expect(byName?.slug).toBe("high-error-rates");
    // The name wins over a URL pointing elsewhere.
    const conflict = runbookForAlert(
      { labels: { alertname: "RedisMemoryHigh" }, annotations: { runbook_url: "/runbooks/high-error-rates" } },
      {},
      runbooks,
    );
    expect(conflict?.slug).toBe("cache-memory-issues");
    const byUrl = runbookForAlert(
      { labels: { alertname: "SomethingNew" }, annotations: { runbook_url: "http://x/runbooks/slow-response-times" } },
      {},
      runbooks,
    );
    expect(byUrl?.slug).toBe("slow-response-times");
    const byCommon = runbookForAlert(
      { labels: { alertname: "SomethingNew" }, annotations: { runbook_url: "http://x/runbooks/not-a-runbook" } },
      { runbook_url: "http://x/runbooks/missing-metrics" },
      runbooks,
    );
    expect(byCommon?.slug).toBe("missing-metrics");
    expect(runbookForAlert({ labels: { alertname: "DiskFull" }, annotations: {} }, {}, runbooks)).toBeUndefined();
  });
});

describe("severityFromLabels", () => {
  it("maps Prometheus severities onto sev1-sev4", () => {
    expect(severityFromLabels({ severity: "critical" })).toBe("sev2");
    expect(severityFromLabels({ severity: "page" })).toBe("sev1");
    expect(severityFromLabels({ severity: "SEV1" })).toBe("sev1");
    expect(severityFromLabels({ severity: "warning" })).toBe("sev3");
    expect(severityFromLabels({ severity: "info" })).toBe("sev4");
    expect(severityFromLabels({})).toBe("sev3");
  });
});

describe("automaticSteps", () => {
  it("takes only read-only diagnosis steps that need no input from a person", () => {
    const high = getRunbook("high-error-rates");
    if (!high) throw new Error("missing runbook");
    expect(automaticSteps(high).map((s) => s.stepId)).toEqual(["diagnosis-1", "diagnosis-2"]);
    // Solutions (the rate_limit GET that needs a user id, git log) are never run on an alert.
    for (const runbook of runbooks) {
      for (const step of automaticSteps(runbook)) {
        expect(step.stepId.startsWith("solution-"), `${runbook.slug}/${step.stepId}`).toBe(false);
      }
    }
  });
});

describe("webhookPayloadSchema", () => {
  it("accepts the payloads a real Alertmanager 0.25 sent", () => {
    for (const file of fs.readdirSync(FIXTURES)) {
      const parsed = webhookPayloadSchema.safeParse(JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")));
      expect(parsed.success, file).toBe(true);
    }
  });
});

describe("alertOverview", () => {
  const receipt = (
    alertname: string,
    runbook: string | null,
    receivedAt: string,
    status: "firing" | "resolved" = "firing",
  ): AlertReceipt => ({
    fingerprint: "00ff",
    alertname,
    status,
    startsAt: "2026-11-28T10:00:00Z",
    labels: { alertname, job: "node" },
    annotations: { summary: `${alertname} summary` },
    groupKey: "g",
    receiver: "r",
    runbook,
    incidentId: runbook ? "BBBBBBBBBBBBBBBBBBBBBB" : null,
    receivedAt,
  });

  it("lists every claimed name with its activity and the unclaimed ones newest first", () => {
    const receipts = [
      receipt("DiskFull", null, "2026-11-28T10:03:00.000Z"),
      receipt("HighErrorRate", "high-error-rates", "2026-11-28T10:02:00.000Z", "resolved"),
      receipt("CacheNew", "low-cache-hit-rate", "2026-11-28T10:01:30.000Z"),
      receipt("HighErrorRate", "high-error-rates", "2026-11-28T10:01:00.000Z"),
      receipt("OldNoise", null, "2026-11-28T09:00:00.000Z"),
    ];
    const { claimed, unclaimed } = alertOverview(runbooks, receipts);
    const claimedNames = runbooks.flatMap((r) => r.alerts);
    expect(claimed.filter((c) => c.via === "name").map((c) => c.alertname)).toEqual(claimedNames);
    expect(claimed.find((c) => c.alertname === "HighErrorRate")).toMatchObject({
      received: 2,
      lastStatus: "resolved",
      lastIncidentId: "BBBBBBBBBBBBBBBBBBBBBB",
      runbook: { slug: "high-error-rates" },
    });
    expect(claimed.find((c) => c.alertname === "CacheNew")).toMatchObject({
      via: "url",
      runbook: { slug: "low-cache-hit-rate" },
    });
    expect(unclaimed.map((u) => u.alertname)).toEqual(["DiskFull", "OldNoise"]);
    expect(unclaimed[0]).toMatchObject({ received: 1, labels: { job: "node" }, lastSummary: "DiskFull summary" });
  });
});
