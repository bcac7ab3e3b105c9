// The permission check as every action and route runs it: each operation × each role through a real
// identity (trusted-proxy headers), with every denial appended to the real audit store, plus the
// refusals that come before identity (smuggled middleware header, foreign or null Origin) and the
// per-user rate limit.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAuditStore, listAudit } from "@/lib/audit";
import { guardHeaders } from "@/lib/auth/guard";
import { OPERATIONS, type OperationName } from "@/lib/auth/operations";
import { ROLES, type Role, roleGrants } from "@/lib/auth/roles";
import { ANONYMOUS_DENIALS_PER_MINUTE } from "@/lib/limits/anonymous-denials";
import { setEnv } from "../systems/helpers";

const GROUPS: Record<Role, string> = { viewer: "everyone", operator: "everyone,oncall", admin: "sre-leads" };

let dataDir = "";

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "rb-guard-"));
  setEnv({
    AUTH_MODE: "proxy",
    AUTH_TRUSTED_PROXIES: "127.0.0.1",
    AUTH_ADMIN_GROUPS: "sre-leads",
    AUTH_OPERATOR_GROUPS: "oncall",
    INCIDENT_STORE: "sqlite",
    DATA_DIR: dataDir,
    LIMITS_REDIS_URL: undefined,
    RUNS_PER_MINUTE: "1000",
    REMEDIATIONS_PER_MINUTE: "1000",
  });
});

afterAll(async () => {
  await closeAuditStore();
  setEnv({
    AUTH_MODE: "none",
    AUTH_TRUSTED_PROXIES: undefined,
    AUTH_ADMIN_GROUPS: undefined,
    AUTH_OPERATOR_GROUPS: undefined,
    DATA_DIR: undefined,
    RUNS_PER_MINUTE: undefined,
    REMEDIATIONS_PER_MINUTE: undefined,
  });
  await rm(dataDir, { recursive: true, force: true });
});

/** What oauth2-proxy sends, from the peer server.ts records (127.0.0.1 is the trusted proxy). */
function asUser(user: string, groups: string, extra: Record<string, string> = {}): Headers {
  return new Headers({
    "x-runbook-peer": "127.0.0.1",
    "x-forwarded-user": user,
    "x-forwarded-email": `${user}@example.com`,
    "x-forwarded-groups": groups,
    host: "runbooks.test",
    ...extra,
  });
}

const cases = (Object.keys(OPERATIONS) as OperationName[]).flatMap((op) => ROLES.map((role) => [op, role] as const));

describe("every operation × every role", () => {
  it.each(cases)("%s as %s", async (op, role) => {
    const user = `matrix-${role}-${op.replace(/\W+/g, "-")}`;
    const result = await guardHeaders(asUser(user, GROUPS[role]), op);
    const allowed = roleGrants(role, OPERATIONS[op].permission);
    expect(result.ok).toBe(allowed);
    const audit = await listAudit({ actor: user });
    if (result.ok) {
      expect(result.actor).toMatchObject({ id: user, role, via: "proxy" });
      expect(audit).toEqual([]);
    } else {
      expect(result.status).toBe(403);
      expect(result.error).toMatch(new RegExp(`your role \\(${role}\\) may not`));
      // The denial is on the audit trail with who, role, operation and the request id.
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: user,
        role,
        operation: op,
        result: "denied",
        requestId: result.requestId,
      });
    }
  });

  it.each(Object.keys(OPERATIONS))("%s without a session is 401 and audited as anonymous", async (op) => {
    const result = await guardHeaders(new Headers({ host: "runbooks.test" }), op);
    expect(result).toMatchObject({ ok: false, status: 401, error: "sign in first" });
    if (result.ok) return;
    const [record] = await listAudit({ operation: op, result: "denied" }).then((r) =>
      r.filter((x) => x.requestId === result.requestId),
    );
    expect(record).toMatchObject({ actorId: "anonymous", role: "none" });
  });
});

describe("default deny", () => {
  it("refuses an operation with no rule to every role, admin included", async () => {
    for (const role of ROLES) {
      const result = await guardHeaders(asUser(`nobody-rule-${role}`, GROUPS[role]), "exportEverythingAction");
      expect(result).toMatchObject({ ok: false, status: 403 });
      if (!result.ok) expect(result.error).toContain("no permission rule");
    }
  });
});

describe("refusals before identity", () => {
  it.each([
    ["x-middleware-subrequest", { "x-middleware-subrequest": "middleware" }],
    [
      "x-middleware-subrequest repeated",
      { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    ],
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
  ])("refuses an admin's state-changing call carrying %s", async (_what, extra) => {
    const result = await guardHeaders(asUser("smuggler", GROUPS.admin, extra), "runStepAction");
    expect(result).toMatchObject({ ok: false, status: 403 });
    if (!result.ok) expect(result.error).toMatch(/^refused: /);
  });

  it("accepts the dashboard's own origin", async () => {
    const result = await guardHeaders(
      asUser("same-origin", GROUPS.admin, { origin: "http://runbooks.test" }),
      "runStepAction",
    );
    expect(result.ok).toBe(true);
  });

  it("ignores identity headers from a peer that is not a trusted proxy", async () => {
    const headers = asUser("spoofed-admin", GROUPS.admin);
    headers.set("x-runbook-peer", "10.9.8.7");
    const result = await guardHeaders(headers, "runStepAction");
    expect(result).toMatchObject({ ok: false, status: 401 });
  });
});

describe("per-user rate limit through the guard", () => {
  it("answers 429 with 'try again in N s' after the limit, for that user only", async () => {
    setEnv({ RUNS_PER_MINUTE: "3" });
    try {
      const alice = asUser("limited-alice", GROUPS.operator);
      for (let i = 0; i < 3; i++) expect((await guardHeaders(alice, "runStepAction")).ok).toBe(true);
      const fourth = await guardHeaders(alice, "POST /api/run");
      expect(fourth).toMatchObject({ ok: false, status: 429 });
      if (!fourth.ok) {
        expect(fourth.error).toMatch(/^too many requests: try again in \d+ s$/);
        expect(fourth.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      }
      // Another operator is not affected, and reading is not rate limited at all.
      expect((await guardHeaders(asUser("limited-bob", GROUPS.operator), "runStepAction")).ok).toBe(true);
      expect((await guardHeaders(alice, "GET /search-index")).ok).toBe(true);
    } finally {
      setEnv({ RUNS_PER_MINUTE: "1000" });
    }
  });
});

describe("denials without a session", () => {
  it("keeps at most ANONYMOUS_DENIALS_PER_MINUTE records per peer, and still denies every one", async () => {
    const from = (peer: string) => new Headers({ "x-runbook-peer": peer, host: "runbooks.test" });
    const flood = [];
    for (let i = 0; i < ANONYMOUS_DENIALS_PER_MINUTE + 5; i++)
      flood.push(await guardHeaders(from("127.0.0.77"), "POST /api/run"));
    expect(flood.every((r) => !r.ok && r.status === 401)).toBe(true);
    const other = await guardHeaders(from("127.0.0.78"), "POST /api/run");

    const recorded = new Set((await listAudit({ result: "denied", limit: 500 })).map((r) => r.requestId));
    const ids = flood.map((r) => r.requestId);
    expect(ids.filter((id) => recorded.has(id))).toHaveLength(ANONYMOUS_DENIALS_PER_MINUTE);
    // Another peer's denial is recorded as usual.
    expect(recorded.has(other.requestId)).toBe(true);
  });
});
