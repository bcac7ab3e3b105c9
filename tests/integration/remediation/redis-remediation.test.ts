// Redis remediations against a private redis-server: change and restore, the allowlist refusing before any call,
// the off switch, separate least-privilege credentials enforced by Redis's ACLs, one audit record each.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getIncidentStore } from "@/lib/incidents";
import { applyRemediation } from "@/lib/remediation/apply";
import { previewRemediation } from "@/lib/remediation/preview";
import { revertOf } from "@/lib/remediation/revert";
import type { RemediationInput } from "@/lib/remediation/types";
import { closeRedis } from "@/lib/systems/redis/client";
import { isolateConfigEnv } from "../diagnostics/support";
import { setEnv } from "../systems/helpers";
import {
  ADMIN,
  auditOf,
  commandCalls,
  type DataDir,
  type PrivateRedis,
  startPrivateRedis,
  tempDataDir,
} from "./support";

let redis: PrivateRedis;
let data: DataDir;
let env: { restore: () => void };

function policyChange(value: string) {
  return {
    runbook: "low-cache-hit-rate",
    stepId: "solution-3-1",
    change: { kind: "redis-config", parameter: "maxmemory-policy", value },
  };
}

function maxmemoryChange(value: string) {
  return {
    runbook: "cache-memory-issues",
    stepId: "solution-1-1",
    change: { kind: "redis-config", parameter: "maxmemory", value },
  };
}

async function configValue(name: string): Promise<string | undefined> {
  const reply = (await redis.fixture.config("GET", name)) as string[];
  return reply[1];
}

beforeAll(async () => {
  env = isolateConfigEnv();
  redis = await startPrivateRedis();
  data = await tempDataDir();
});

beforeEach(async () => {
  await closeRedis();
  setEnv({ REDIS_URL: redis.url, REMEDIATIONS_ENABLED: "true", DATA_DIR: data.dir, REDIS_REMEDIATION_URL: undefined });
  await redis.fixture.config("SET", "maxmemory-policy", "noeviction");
  await redis.fixture.config("SET", "maxmemory", "0");
});

afterAll(async () => {
  await closeRedis();
  await data?.remove();
  await redis?.stop();
  env?.restore();
});

describe("CONFIG SET maxmemory-policy", () => {
  it("previews the exact command, the target and current → new without changing anything", async () => {
    const preview = await previewRemediation(policyChange("allkeys-lru"));
    expect(preview).toEqual({
      ok: true,
      data: expect.objectContaining({
        kind: "redis-maxmemory-policy",
        command: "CONFIG SET maxmemory-policy allkeys-lru",
        target: `redis 127.0.0.1:${redis.port}`,
        current: "noeviction",
        next: "allkeys-lru",
        recheckTitle: "Check Redis memory usage",
      }),
    });
    expect(await configValue("maxmemory-policy")).toBe("noeviction");
  });

  it("changes the policy, reports before/after and the re-check, writes one audit record; then restores it", async () => {
    const requestId = randomUUID();
    const outcome = await applyRemediation(policyChange("allkeys-lru"), ADMIN, requestId);
    expect(outcome).toMatchObject({
      status: "ok",
      command: "CONFIG SET maxmemory-policy allkeys-lru",
      target: `redis 127.0.0.1:${redis.port}`,
      before: "noeviction",
      after: "allkeys-lru",
    });
    expect(await configValue("maxmemory-policy")).toBe("allkeys-lru");
    // The related diagnostic (INFO memory) ran again and sees the new policy.
    const recheck = outcome.recheck && "result" in outcome.recheck ? outcome.recheck.result : undefined;
    expect(recheck?.stepId).toBe("diagnosis-1");
    expect(recheck?.raw).toMatch(/^maxmemory_policy:allkeys-lru\r?$/m);

    expect(await auditOf(requestId)).toMatchObject({
      actorId: "ada",
      actorName: "Ada Admin",
      role: "admin",
      result: "ok",
      command: "CONFIG SET maxmemory-policy allkeys-lru",
      target: `redis 127.0.0.1:${redis.port}`,
      before: "noeviction",
      after: "allkeys-lru",
    });

    const restore = await applyRemediation(policyChange("noeviction"), ADMIN, randomUUID());
    expect(restore).toMatchObject({ status: "ok", before: "allkeys-lru", after: "noeviction" });
    expect(await configValue("maxmemory-policy")).toBe("noeviction");
  });

  it("records the re-check on the open incident, labelled with the change it followed", async () => {
    const store = await getIncidentStore();
    const incident = await store.createIncident(
      { title: "Cache misses", severity: "sev3", runbooks: ["low-cache-hit-rate"] },
      { id: "ada", name: "Ada Admin", role: "admin" },
    );
    const requestId = randomUUID();
    const outcome = await applyRemediation(policyChange("allkeys-lfu"), ADMIN, requestId, incident.id);
    expect(outcome.incident).toEqual({ id: incident.id, recorded: true, message: "recorded to the incident" });
    const runs = (await store.timeline(incident.id)).filter((e) => e.type === "run");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      runbook: "cache-memory-issues",
      stepId: "diagnosis-1",
      actor: { id: "ada" },
      afterRemediation: `CONFIG SET maxmemory-policy allkeys-lfu on redis 127.0.0.1:${redis.port}: noeviction → allkeys-lfu`,
    });
    expect((await auditOf(requestId)).incidentId).toBe(incident.id);
    await store.changeStatus(incident.id, "resolved", { id: "ada", name: "Ada Admin", role: "admin" });
  });

  it("applied outside an incident while one is open for the runbook: recorded on it; then reverted to the previous value", async () => {
    const store = await getIncidentStore();
    const incident = await store.createIncident(
      { title: "Cache misses again", severity: "sev3", runbooks: ["low-cache-hit-rate"] },
      { id: "ada", name: "Ada Admin", role: "admin" },
    );
    const requestId = randomUUID();
    const applied = policyChange("allkeys-lru");
    const outcome = await applyRemediation(applied, ADMIN, requestId);
    expect(outcome).toMatchObject({ status: "ok", before: "noeviction", after: "allkeys-lru" });
    expect(outcome.incident).toMatchObject({ id: incident.id, recorded: true });
    expect((await auditOf(requestId)).incidentId).toBe(incident.id);

    const plan = revertOf(applied as RemediationInput, outcome.before);
    if (!plan.ok) throw new Error(plan.reason);
    const revertId = randomUUID();
    const reverted = await applyRemediation(plan.input, ADMIN, revertId);
    expect(reverted).toMatchObject({ status: "ok", before: "allkeys-lru", after: "noeviction" });
    expect(await configValue("maxmemory-policy")).toBe("noeviction");
    expect(await auditOf(revertId)).toMatchObject({
      result: "ok",
      command: "CONFIG SET maxmemory-policy noeviction",
      incidentId: incident.id,
    });
    const labels = (await store.timeline(incident.id)).flatMap((e) => (e.type === "run" ? [e.afterRemediation] : []));
    expect(labels).toEqual([
      expect.stringContaining("noeviction → allkeys-lru"),
      expect.stringContaining("allkeys-lru → noeviction"),
    ]);
    await store.changeStatus(incident.id, "resolved", { id: "ada", name: "Ada Admin", role: "admin" });
  });
});

describe("CONFIG SET maxmemory", () => {
  it("sets a limit in Redis's units and restores no limit", async () => {
    const outcome = await applyRemediation(maxmemoryChange("64MB"), ADMIN, randomUUID());
    expect(outcome).toMatchObject({
      status: "ok",
      command: "CONFIG SET maxmemory 64mb",
      before: "0 (no limit)",
      after: "64 MB (67108864 bytes)",
    });
    expect(await configValue("maxmemory")).toBe("67108864");
    const restore = await applyRemediation(maxmemoryChange("0"), ADMIN, randomUUID());
    expect(restore).toMatchObject({ status: "ok", before: "64 MB (67108864 bytes)", after: "0 (no limit)" });
    expect(await configValue("maxmemory")).toBe("0");
  });

  it("warns in the preview when the new limit is below the memory in use", async () => {
    await redis.fixture.set("rbfix:blob", "x".repeat(20 * 1024 * 1024));
    try {
      const preview = await previewRemediation(maxmemoryChange("16mb"));
      expect(preview.ok && preview.data.warnings.join(" ")).toMatch(/Below the memory in use .* writes fail with OOM/);
    } finally {
      await redis.fixture.del("rbfix:blob");
    }
  });
});

describe("refused before any Redis call", () => {
  const refusedInputs: [string, unknown, RegExp][] = [
    [
      "dir",
      { ...policyChange("x"), change: { kind: "redis-config", parameter: "dir", value: "/tmp" } },
      /CONFIG SET dir is refused/,
    ],
    [
      "dbfilename",
      { ...policyChange("x"), change: { kind: "redis-config", parameter: "dbfilename", value: "x.rdb" } },
      /CONFIG SET dbfilename is refused/,
    ],
    [
      "requirepass",
      { ...policyChange("x"), change: { kind: "redis-config", parameter: "requirepass", value: "sentinel-pw-1234" } },
      /CONFIG SET requirepass is refused: only maxmemory-policy and maxmemory/,
    ],
    [
      "an invalid policy",
      policyChange("allkeys-everything"),
      /maxmemory-policy must be one of noeviction, allkeys-lru/,
    ],
    ["a size below the floor", maxmemoryChange("2mb"), /below the 16 MB floor/],
    [
      "maxmemory at the policy slot",
      { ...policyChange("x"), change: maxmemoryChange("1gb").change },
      /offers CONFIG SET maxmemory-policy, not CONFIG SET maxmemory/,
    ],
  ];

  it.each(refusedInputs)(
    "%s: refused, audited, and Redis saw neither a connection nor a CONFIG SET",
    async (_, input, message) => {
      await redis.fixture.config("RESETSTAT");
      const connectionsBefore = Number(/total_connections_received:(\d+)/.exec(await redis.fixture.info("stats"))?.[1]);
      const requestId = randomUUID();
      const outcome = await applyRemediation(input, ADMIN, requestId);
      expect(outcome.status).toBe("refused");
      expect(outcome.error).toMatch(message);
      expect(JSON.stringify(outcome)).not.toContain("sentinel-pw-1234");

      const calls = await commandCalls(redis.fixture);
      expect(calls["config|set"]).toBeUndefined();
      const connectionsAfter = Number(/total_connections_received:(\d+)/.exec(await redis.fixture.info("stats"))?.[1]);
      expect(connectionsAfter).toBe(connectionsBefore);
      expect(await configValue("maxmemory-policy")).toBe("noeviction");

      const record = await auditOf(requestId);
      expect(record).toMatchObject({ result: "refused", actorId: "ada" });
      expect(record.reason).toMatch(message);
      expect(JSON.stringify(record)).not.toContain("sentinel-pw-1234");
    },
  );

  it("remediations off: refused with the variable to set, audited, nothing sent", async () => {
    setEnv({ REMEDIATIONS_ENABLED: undefined });
    await redis.fixture.config("RESETSTAT");
    const requestId = randomUUID();
    const outcome = await applyRemediation(policyChange("allkeys-lru"), ADMIN, requestId);
    expect(outcome).toMatchObject({ status: "refused", error: "remediations are off: set REMEDIATIONS_ENABLED=true" });
    expect((await commandCalls(redis.fixture))["config|set"]).toBeUndefined();
    expect(await auditOf(requestId)).toMatchObject({
      result: "refused",
      reason: "remediations are off: set REMEDIATIONS_ENABLED=true",
    });
    expect(await previewRemediation(policyChange("allkeys-lru"))).toEqual({
      ok: false,
      error: "remediations are off: set REMEDIATIONS_ENABLED=true",
    });
  });
});

describe("separate least-privilege credentials (Redis ACL users)", () => {
  const diagPassword = `diag-${randomUUID()}`;
  const fixPassword = `fix-${randomUUID()}`;
  let diagUrl: string;
  let fixUrl: string;

  beforeAll(async () => {
    await redis.fixture.call(
      "ACL",
      "SETUSER",
      "rb_diag",
      "on",
      `>${diagPassword}`,
      "resetkeys",
      "-@all",
      "+info",
      "+ping",
    );
    await redis.fixture.call(
      "ACL",
      "SETUSER",
      "rb_fix",
      "on",
      `>${fixPassword}`,
      "resetkeys",
      "-@all",
      "+config|set",
      "+info",
    );
    diagUrl = `redis://rb_diag:${diagPassword}@127.0.0.1:${redis.port}`;
    fixUrl = `redis://rb_fix:${fixPassword}@127.0.0.1:${redis.port}`;
  });

  it("through REDIS_REMEDIATION_URL (config|set + info only) the change works; diagnostics keep their own user", async () => {
    setEnv({ REDIS_URL: diagUrl, REDIS_REMEDIATION_URL: fixUrl });
    const requestId = randomUUID();
    const outcome = await applyRemediation(policyChange("volatile-lru"), ADMIN, requestId);
    expect(outcome).toMatchObject({ status: "ok", before: "noeviction", after: "volatile-lru" });
    expect(await configValue("maxmemory-policy")).toBe("volatile-lru");
    // The re-check ran as the diagnostics user, which may run INFO.
    const recheck = outcome.recheck && "result" in outcome.recheck ? outcome.recheck.result : undefined;
    expect(recheck?.verdict.status).not.toBe("error");
    const text = JSON.stringify({ outcome, audit: await auditOf(requestId) });
    expect(text).not.toContain(fixPassword);
    expect(text).not.toContain(diagPassword);
  });

  it("through the diagnostics user Redis itself refuses (NOPERM): failed, audited, unchanged", async () => {
    setEnv({ REDIS_URL: diagUrl, REDIS_REMEDIATION_URL: diagUrl });
    const requestId = randomUUID();
    const outcome = await applyRemediation(policyChange("allkeys-random"), ADMIN, requestId);
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toMatch(/^denied by the server: NOPERM .*config\|set/);
    expect(await configValue("maxmemory-policy")).toBe("noeviction");
    const record = await auditOf(requestId);
    expect(record).toMatchObject({
      result: "failed",
      before: "noeviction",
      command: "CONFIG SET maxmemory-policy allkeys-random",
    });
    expect(record.after).toBeUndefined();
    expect(record.reason).toMatch(/NOPERM/);
    expect(JSON.stringify(record)).not.toContain(diagPassword);
  });
});
