// The change back to the recorded previous value, through the same allowlisted path.
import { describe, expect, it } from "vitest";
import { revertOf } from "@/lib/remediation/revert";
import type { RemediationInput } from "@/lib/remediation/types";

const at = { runbook: "low-cache-hit-rate", stepId: "solution-1-1" };

describe("revertOf", () => {
  it("puts an eviction policy back", () => {
    const applied: RemediationInput = {
      ...at,
      change: { kind: "redis-config", parameter: "maxmemory-policy", value: "allkeys-lru" },
    };
    expect(revertOf(applied, "noeviction")).toEqual({
      ok: true,
      input: { ...at, change: { kind: "redis-config", parameter: "maxmemory-policy", value: "noeviction" } },
      label: "noeviction",
    });
    expect(revertOf(applied, "rm -rf").ok).toBe(false);
  });

  it("puts a memory limit back in bytes, or no limit", () => {
    const applied: RemediationInput = { ...at, change: { kind: "redis-config", parameter: "maxmemory", value: "2gb" } };
    const plan = revertOf(applied, "8.0 MB (8388608 bytes)");
    expect(plan.ok && plan.input.change).toEqual({ kind: "redis-config", parameter: "maxmemory", value: "8388608" });
    const none = revertOf(applied, "0 (no limit)");
    expect(none.ok && none.input.change).toEqual({ kind: "redis-config", parameter: "maxmemory", value: "0" });
  });

  it("puts the profiler back; refuses what it cannot express", () => {
    const applied: RemediationInput = { ...at, change: { kind: "mongo-profiling", level: 1, slowms: 50 } };
    const off = revertOf(applied, "level 0 (off), slowms 100");
    expect(off.ok && off.input.change).toEqual({ kind: "mongo-profiling", level: 0 });
    const on = revertOf(applied, "level 1 (operations slower than 200 ms)");
    expect(on.ok && on.input.change).toEqual({ kind: "mongo-profiling", level: 1, slowms: 200 });
    expect(revertOf(applied, "level 2 (every operation)").ok).toBe(false);
    const index: RemediationInput = {
      ...at,
      change: { kind: "mongo-create-index", collection: "events", filter: "{}" },
    };
    expect(revertOf(index, "no index").ok).toBe(false);
    expect(revertOf(applied, undefined).ok).toBe(false);
  });
});
