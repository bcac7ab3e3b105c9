// Reverting an applied remediation: the change that puts back the recorded previous value, as an ordinary
// remediation input (so it goes through the same allowlist, guard, confirmation dialog and audit). Pure.
import { EVICTION_POLICIES } from "./kinds";
import type { RemediationInput } from "./types";

export type RevertPlan = { ok: true; input: RemediationInput; label: string } | { ok: false; reason: string };

/**
 * From the change that was applied and the value read before it ("noeviction", "8.0 MB (8388608 bytes)",
 * "level 0 (off), slowms 100"): the change back. An index build has no revert here (dropping an index is not
 * on the allowlist): the reason says so.
 */
export function revertOf(applied: RemediationInput, before: string | undefined): RevertPlan {
  if (before === undefined || before === "" || before.startsWith("unknown")) {
    return { ok: false, reason: "the previous value was not recorded" };
  }
  const change = applied.change;
  const back = (c: RemediationInput["change"], label: string): RevertPlan => ({
    ok: true,
    input: { runbook: applied.runbook, stepId: applied.stepId, change: c },
    label,
  });
  if (change.kind === "redis-config" && change.parameter === "maxmemory-policy") {
    const value = before.trim();
    if (!(EVICTION_POLICIES as readonly string[]).includes(value)) {
      return { ok: false, reason: `the previous value "${value.slice(0, 40)}" is not an eviction policy` };
    }
    return back({ kind: "redis-config", parameter: "maxmemory-policy", value }, value);
  }
  if (change.kind === "redis-config" && change.parameter === "maxmemory") {
    if (/^0 \(no limit\)$/.test(before))
      return back({ kind: "redis-config", parameter: "maxmemory", value: "0" }, "0 (no limit)");
    const bytes = /\((\d{1,16}) bytes\)$/.exec(before)?.[1];
    if (!bytes) return { ok: false, reason: "the previous memory limit was not recorded in bytes" };
    return back({ kind: "redis-config", parameter: "maxmemory", value: bytes }, before);
  }
  if (change.kind === "mongo-profiling") {
    const level = /^level (\d)/.exec(before)?.[1];
    if (level === "0") return back({ kind: "mongo-profiling", level: 0 }, "profiler off");
    const slowms = /slower than (\d+) ms/.exec(before)?.[1];
    if (level === "1" && slowms) {
      return back({ kind: "mongo-profiling", level: 1, slowms: Number(slowms) }, `level 1, slowms ${slowms}`);
    }
    return { ok: false, reason: `the previous profiler setting "${before.slice(0, 60)}" cannot be set from here` };
  }
  return { ok: false, reason: "an index build is not reverted from here (dropping an index is not on the allowlist)" };
}
