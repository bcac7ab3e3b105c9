// A guide's own read-only SELECT runs as written on the real server: as the least-privilege role, inside a
// READ ONLY transaction (PostgreSQL itself refuses a write it might still hide) with statement_timeout.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePostgres, queryStatement } from "@/lib/systems/postgres/client";
import { dropRoleStatements, POSTGRES_DIAGNOSTICS_ROLE } from "@/lib/systems/postgres/least-privilege";
import { parsePsql, parseSql } from "@/lib/systems/postgres/parse";
import { runPostgresStatement, runPostgresStep } from "@/lib/systems/postgres/run";
import { setEnv } from "../helpers";
import { closeSessions, POSTGRES_URL, SCRATCH, session, urlAs } from "./support";

const ROLE = POSTGRES_DIAGNOSTICS_ROLE;
const LOCKS_SQL =
  "SELECT pid, state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity WHERE datname = current_database();";
let admin: pg.Client;

beforeAll(async () => {
  admin = await session();
  for (const statement of dropRoleStatements(ROLE)) await admin.query(statement);
  for (const statement of ROLE.statements) await admin.query(statement);
  await admin.query(`CREATE SEQUENCE IF NOT EXISTS public.${SCRATCH}_seq`);
});

afterAll(async () => {
  await closePostgres();
  await admin.query(`DROP SEQUENCE IF EXISTS public.${SCRATCH}_seq`).catch(() => undefined);
  for (const statement of dropRoleStatements(ROLE)) await admin.query(statement).catch(() => undefined);
  await closeSessions();
});

describe("a guide's own read-only statement", () => {
  it("reads pg_stat_activity as the pg_monitor role and shows the rows, not judged", async () => {
    const parsed = parseSql(LOCKS_SQL);
    expect(parsed.ok && parsed.operation.query).toBe("statement");
    if (!parsed.ok || parsed.operation.query !== "statement") return;
    const { verdict, raw } = await runPostgresStatement(urlAs(ROLE.name), parsed.operation);
    expect(verdict.status, verdict.detail).toBe("shown");
    expect(verdict.tables?.[0]?.columns).toEqual(["pid", "state", "wait_event_type", "wait_event", "query"]);
    expect(verdict.tables?.[0]?.rows.length).toBeGreaterThan(0);
    expect(raw).toContain('"pid"');
  });

  it("runs inside a READ ONLY transaction: the server refuses a write even from a superuser URL", async () => {
    await expect(queryStatement(POSTGRES_URL, `SELECT nextval('public.${SCRATCH}_seq')`)).rejects.toThrow(
      /read-only transaction/,
    );
    // The pooled connection went back clean: the next statement runs.
    await expect(queryStatement(POSTGRES_URL, "SELECT 1 AS one")).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it("is cancelled by statement_timeout", async () => {
    await expect(queryStatement(POSTGRES_URL, "SELECT pg_sleep(30)")).rejects.toMatchObject({ kind: "timeout" });
  }, 20_000);

  it("runs psql -h ledger-db against the POSTGRES_TARGETS entry named ledger-db, and says which to add", async () => {
    const parsed = parsePsql([
      "-h",
      "ledger-db",
      "-c",
      "SELECT datname FROM pg_stat_activity WHERE pid = pg_backend_pid()",
    ]);
    expect(parsed).toMatchObject({ ok: true, operation: { query: "statement", target: { name: "ledger-db" } } });
    if (!parsed.ok) return;
    const missing = await runPostgresStep(parsed.operation);
    expect(missing.verdict.status).toBe("not-configured");
    expect(missing.raw).toContain("add ledger-db=postgres://");
    try {
      setEnv({ POSTGRES_TARGETS: `ledger-db=${urlAs(ROLE.name)}`, POSTGRES_URL: undefined });
      const read = await runPostgresStep(parsed.operation);
      expect(read.verdict.status, read.verdict.detail).toBe("shown");
      expect(read.verdict.tables?.[0]?.rows).toHaveLength(1);
    } finally {
      setEnv({ POSTGRES_TARGETS: undefined });
    }
  });

  it("caps the rows it reads", async () => {
    const rows = await queryStatement(POSTGRES_URL, "SELECT g FROM generate_series(1, 1000) AS g");
    expect(rows.rows).toHaveLength(200);
    expect(rows.truncated).toBe(true);
  });
});
