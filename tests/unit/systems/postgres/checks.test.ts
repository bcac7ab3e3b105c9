// The PostgreSQL analyzers on fixture rows shaped like node-postgres output from PG 13–17, with the boundaries.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  analyzePgConnections,
  analyzePgIdleInTransaction,
  analyzePgLockWaits,
  analyzePgLongRunning,
  analyzePgTopStatements,
  analyzePostgres,
} from "@/lib/systems/postgres/checks";
import { POSTGRES_CHECKS } from "@/lib/systems/postgres/operation";
import type { SessionRow } from "@/lib/systems/postgres/read";
import {
  PostgresReplyError,
  readConnections,
  readLockWaits,
  readReply,
  readSessions,
} from "@/lib/systems/postgres/read";
import type { Verdict } from "@/lib/verdict/verdict";

const NOW = new Date("2025-01-15T03:00:00Z");
const FIXTURES = path.resolve(__dirname, "../../../fixtures/postgres");

function fixture(name: string): unknown[] {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as unknown[];
}

function figure(verdict: Verdict, label: string) {
  const found = verdict.figures.find((f) => f.label === label);
  expect(found, `figure "${label}" in ${JSON.stringify(verdict.figures)}`).toBeDefined();
  return found?.value;
}

function connections(total: number, max = 100, superuser = 3, reserved = 0): Verdict {
  return analyzePgConnections(
    readConnections([
      {
        max_connections: max,
        superuser_reserved: superuser,
        reserved_connections: reserved,
        by_state: { active: total },
      },
    ]),
    NOW,
  );
}

function session(overrides: Partial<SessionRow>): SessionRow {
  return {
    pid: 100,
    user: "app",
    database: "shop",
    application: "api",
    client: "10.0.0.1/32",
    state: "active",
    waitEventType: null,
    waitEvent: null,
    querySeconds: 0,
    xactSeconds: 0,
    stateSeconds: 0,
    query: "SELECT 1",
    ...overrides,
  };
}

describe("connections", () => {
  it("reads PG 13 and 15 rows and judges them against max_connections − superuser_reserved_connections", () => {
    const v15 = analyzePostgres(readReply("connections", fixture("connections-pg15.json"), undefined), NOW);
    expect(v15.status).toBe("ok");
    expect(figure(v15, "max_connections")).toBe(100);
    expect(figure(v15, "usable (max − reserved)")).toBe(97);
    expect(figure(v15, "client connections")).toBe(77);
    expect(figure(v15, "state: idle in transaction")).toBe(2);
    expect(v15.headline).toBe("connections 79.4 % used (77 of 97)");
    expect(v15.threshold?.source).toMatch(/PostgresqlTooManyConnections/);
    expect(v15.tables?.[0]?.rows).toContainEqual(["idle", 71]);
    expect(analyzePostgres(readReply("connections", fixture("connections-pg13.json"), undefined), NOW).status).toBe(
      "ok",
    );
  });

  it("counts PG 16+ reserved_connections as unusable too", () => {
    const v = analyzePostgres(readReply("connections", fixture("connections-pg17.json"), undefined), NOW);
    expect(figure(v, "reserved")).toBe(10);
    expect(figure(v, "usable (max − reserved)")).toBe(190);
    expect(figure(v, "client connections")).toBe(172);
    expect(v.status).toBe("critical");
    expect(v.detail).toMatch(/Most are idle/);
  });

  it.each([
    [77, "ok"],
    [78, "warning"], // 78/97 = 80.4 %
    [87, "warning"], // 89.7 %
    [88, "critical"], // 90.7 %
    [97, "critical"],
  ])("%i of 97 usable → %s", (total, status) => {
    expect(connections(total).status).toBe(status);
  });

  it("is warning exactly at 80 % and critical exactly at 90 %", () => {
    expect(connections(80, 103).status).toBe("warning");
    expect(connections(79, 103).status).toBe("ok");
    expect(connections(90, 103).status).toBe("critical");
    expect(connections(100, 103).detail).toMatch(/too many clients/);
  });

  it("is an error when the reserved slots take every connection", () => {
    expect(connections(1, 3, 3).status).toBe("error");
  });

  it("rejects a reply without max_connections", () => {
    expect(() => readConnections([{ by_state: {} }])).toThrow(PostgresReplyError);
    expect(() => readConnections([])).toThrow(/no row/);
  });
});

describe("long-running queries", () => {
  it("warns about active queries over 5 minutes, longest first, noting lock waits", () => {
    const v = analyzePostgres(readReply("long-running", fixture("long-running.json"), undefined), NOW);
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("2 queries running > 5 min (longest 20 min 3 s, pid 4790)");
    expect(figure(v, "waiting for a lock")).toBe(1);
    expect(v.tables?.[0]?.rows[0]?.[0]).toBe(4790);
    expect(v.threshold?.source).toMatch(/awesome-prometheus-alerts/);
  });

  it.each([
    [300, "ok"],
    [300.1, "warning"],
  ])("%s s against the default 300 s → %s", (seconds, status) => {
    const v = analyzePgLongRunning({ minSeconds: undefined, sessions: [session({ querySeconds: seconds })] }, NOW);
    expect(v.status).toBe(status);
  });

  it("uses the guide's threshold when the line states one", () => {
    const v = analyzePgLongRunning({ minSeconds: 60, sessions: [session({ querySeconds: 61 })] }, NOW);
    expect(v.status).toBe("warning");
    expect(v.threshold?.text).toMatch(/1 min/);
  });

  it("is ok with nothing running", () => {
    const v = analyzePgLongRunning({ minSeconds: undefined, sessions: [] }, NOW);
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no active query running longer than 5 min");
    expect(v.tables).toBeUndefined();
  });
});

describe("idle in transaction", () => {
  it("warns between 60 s and 5 min, including aborted transactions", () => {
    const v = analyzePostgres(readReply("idle-in-transaction", fixture("idle-in-transaction.json"), undefined), NOW);
    expect(v.status).toBe("warning");
    expect(figure(v, "longest pid")).toBe(5120);
    expect(v.tables?.[0]?.rows).toHaveLength(2);
    expect(v.threshold?.source).toMatch(/idle_in_transaction_session_timeout/);
  });

  it.each([
    [60, "ok"],
    [60.5, "warning"],
    [300, "warning"],
    [300.5, "critical"],
  ])("idle %s s → %s", (seconds, status) => {
    const v = analyzePgIdleInTransaction(
      { minSeconds: undefined, sessions: [session({ state: "idle in transaction", stateSeconds: seconds })] },
      NOW,
    );
    expect(v.status).toBe(status);
  });

  it("a lowered threshold flags short idles but keeps critical at 5 min", () => {
    const sessions = [session({ state: "idle in transaction", stateSeconds: 3 })];
    expect(analyzePgIdleInTransaction({ minSeconds: 2, sessions }, NOW).status).toBe("warning");
    expect(analyzePgIdleInTransaction({ minSeconds: 2, sessions }, NOW).threshold?.text).toMatch(/5 min: critical/);
  });
});

describe("lock waits", () => {
  it("folds (waiter, blocker) rows into one wait per pid with pg_blocking_pids and the blockers' queries", () => {
    const waits = readLockWaits(fixture("lock-waits.json"));
    expect(waits.map((w) => [w.pid, w.blockingPids, w.blockers.map((b) => b.pid)])).toEqual([
      [6002, [6001], [6001]],
      [6003, [6002, 6001], [6001, 6002]],
    ]);
  });

  it("is critical, names the waiting pid, its blockers and the head of the chain", () => {
    const v = analyzePostgres(readReply("lock-waits", fixture("lock-waits.json"), undefined), NOW);
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("2 sessions waiting ≥ 5 s for a lock (pid 6002 blocked by 6001 for 42.5 s)");
    expect(figure(v, "blocking pids")).toBe("6001");
    expect(v.detail).toMatch(
      /pid 6002 waits on 6001 — pid 6001 \(idle in transaction, transaction open 1 min 1 s\): UPDATE accounts/,
    );
    expect(v.detail).toMatch(/Head of the chain: pid 6001/);
    const rows = v.tables?.[0]?.rows ?? [];
    expect(rows).toHaveLength(3);
    expect(rows[0]?.slice(0, 5)).toEqual([
      6002,
      42.5,
      "Lock: transactionid",
      "UPDATE accounts SET balance = 0 WHERE id = 7",
      "6001",
    ]);
    expect(v.threshold?.source).toMatch(/pg_blocking_pids/);
  });

  it.each([
    [4.9, "ok"],
    [5, "critical"],
  ])("waiting %s s → %s", (seconds, status) => {
    const rows = [{ ...(fixture("lock-waits.json")[0] as object), waiting_seconds: seconds }];
    const v = analyzePgLockWaits({ minSeconds: undefined, waits: readLockWaits(rows) }, NOW);
    expect(v.status).toBe(status);
    if (status === "ok") expect(v.headline).toBe("1 short lock wait (under 5 s)");
  });

  it("is ok with no waits, and honours a lowered threshold", () => {
    expect(analyzePgLockWaits({ minSeconds: undefined, waits: [] }, NOW).headline).toBe(
      "no session is waiting for a lock",
    );
    const waits = readLockWaits([{ ...(fixture("lock-waits.json")[0] as object), waiting_seconds: 2 }]);
    expect(analyzePgLockWaits({ minSeconds: 1, waits }, NOW).status).toBe("critical");
  });

  it("reads blocking_pids given as a Postgres array literal", () => {
    const row = { ...(fixture("lock-waits.json")[0] as object), blocking_pids: "{6001,6005}" };
    expect(readLockWaits([row])[0]?.blockingPids).toEqual([6001, 6005]);
  });
});

describe("top statements", () => {
  it("is ok with a table ranked by total time", () => {
    const v = analyzePostgres(readReply("top-statements", fixture("top-statements.json"), undefined), NOW);
    expect(v.status).toBe("ok");
    expect(v.tables?.[0]?.columns).toEqual(["query", "calls", "total_exec_time ms", "mean_exec_time ms", "rows"]);
    expect(v.tables?.[0]?.rows[0]?.[1]).toBe(182034);
    expect(figure(v, "top mean_exec_time")).toBe(5.01);
  });

  it("warns when the top statement averages over 1 s per call (bigints as strings)", () => {
    const v = analyzePostgres(readReply("top-statements", fixture("top-statements-slow.json"), undefined), NOW);
    expect(v.status).toBe("warning");
    expect(figure(v, "top calls")).toBe(412);
    expect(v.threshold?.text).toMatch(/1000 ms/);
  });

  it("is ok at exactly 1000 ms mean, and when statistics are empty", () => {
    const at = [{ query: "x", calls: 1, totalExecMs: 1000, meanExecMs: 1000, rows: 1 }];
    expect(analyzePgTopStatements(at, NOW).status).toBe("ok");
    expect(analyzePgTopStatements([], NOW).headline).toBe("pg_stat_statements has no statements yet");
  });
});

describe("readings", () => {
  it("cap query texts and reject rows without a pid", () => {
    const long = readSessions([{ pid: 1, query: "x".repeat(5000) }]);
    expect(long[0]?.query.length).toBeLessThanOrEqual(500);
    expect(() => readSessions([{ query: "SELECT 1" }])).toThrow(/pid/);
  });

  it("declare one check kind per query", () => {
    expect(POSTGRES_CHECKS).toEqual({
      connections: "pg-connections",
      "long-running": "pg-long-running",
      "idle-in-transaction": "pg-idle-in-transaction",
      "lock-waits": "pg-lock-waits",
      "top-statements": "pg-top-statements",
    });
  });
});
