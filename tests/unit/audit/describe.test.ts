// The one-line wording of an audit record on the incident timeline and in the export.
import { describe, expect, it } from "vitest";
import { describeAudit } from "@/lib/audit/describe";
import type { AuditRecord } from "@/lib/audit/types";

const RECORD: AuditRecord = {
  id: "AbCdEfGhIjKlMnOpQrStUv",
  at: "2026-11-28T10:05:00.000Z",
  actorId: "u-1",
  actorName: "Ada Admin",
  role: "admin",
  operation: "applyRemediationAction",
  target: "redis 127.0.0.1:6379",
  command: "CONFIG SET maxmemory-policy allkeys-lru",
  before: "noeviction",
  after: "allkeys-lru",
  result: "ok",
  requestId: "req-1",
};

describe("describeAudit", () => {
  it("reads a remediation as operation · command · before → after · result", () => {
    expect(describeAudit(RECORD)).toBe(
      "Remediation · CONFIG SET maxmemory-policy allkeys-lru · noeviction → allkeys-lru · ok",
    );
  });

  it("adds the reason when a remediation failed", () => {
    expect(describeAudit({ ...RECORD, result: "failed", after: undefined, reason: "Redis timed out" })).toBe(
      "Remediation · CONFIG SET maxmemory-policy allkeys-lru · noeviction → ? · failed · Redis timed out",
    );
  });

  it("reads a denial as who tried what, and why not", () => {
    const { before: _b, after: _a, ...rest } = RECORD;
    expect(
      describeAudit({
        ...rest,
        actorName: "Vera Viewer",
        role: "viewer",
        result: "denied",
        reason: "your role (viewer) may not apply remediations",
      }),
    ).toBe(
      "Denied · Vera Viewer (viewer) tried Remediation: CONFIG SET maxmemory-policy allkeys-lru · your role (viewer) may not apply remediations",
    );
  });

  it("names the target of a denial that carried no command", () => {
    const { command: _c, before: _b, after: _a, ...rest } = RECORD;
    expect(describeAudit({ ...rest, actorName: "Vera Viewer", role: "viewer", result: "denied" })).toBe(
      "Denied · Vera Viewer (viewer) tried Remediation on redis 127.0.0.1:6379",
    );
  });

  it("falls back to the target and the raw operation name", () => {
    const { command: _c, before: _b, after: _a, ...rest } = RECORD;
    expect(describeAudit({ ...rest, operation: "POST /api/run", result: "refused", reason: "busy" })).toBe(
      "POST /api/run · redis 127.0.0.1:6379 · refused · busy",
    );
  });
});
