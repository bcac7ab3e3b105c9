// The role of lib/systems/postgres/least-privilege.ts on the real server: every diagnostic runs as rb_diag_pg,
// pg_monitor lets it see other sessions' query text, and PostgreSQL itself refuses writes and signals.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePostgres } from "@/lib/systems/postgres/client";
import { dropRoleStatements, POSTGRES_DIAGNOSTICS_ROLE } from "@/lib/systems/postgres/least-privilege";
import { POSTGRES_QUERY_IDS } from "@/lib/systems/postgres/operation";
import { runPostgres } from "@/lib/systems/postgres/run";
import { cells, closeSessions, pidOf, SCRATCH, session, until, urlAs } from "./support";

const ROLE = POSTGRES_DIAGNOSTICS_ROLE;
let admin: pg.Client;
let url: string;

beforeAll(async () => {
  admin = await session();
  for (const statement of dropRoleStatements(ROLE)) await admin.query(statement);
  for (const statement of ROLE.statements) await admin.query(statement);
  url = urlAs(ROLE.name);
});

afterAll(async () => {
  // The role's pooled sessions must be gone before it can be dropped.
  await closePostgres();
  await admin.query(`DROP TABLE IF EXISTS public.${SCRATCH}_probe`).catch(() => undefined);
  for (const statement of dropRoleStatements(ROLE)) {
    await admin.query(statement).catch((e: unknown) => {
      throw new Error(`could not drop ${ROLE.name}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  await closeSessions();
});

describe(`the ${ROLE.name} role`, () => {
  it("is granted pg_monitor and nothing else", async () => {
    expect(ROLE.statements.filter((s) => /^GRANT /i.test(s))).toEqual([`GRANT pg_monitor TO ${ROLE.name}`]);
    const roles = await admin.query<{ rolname: string }>(
      `SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
       JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1`,
      [ROLE.name],
    );
    expect(roles.rows.map((r) => r.rolname)).toEqual(["pg_monitor"]);
    const attrs = await admin.query(
      "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1",
      [ROLE.name],
    );
    expect(attrs.rows[0]).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    });
    for (const grant of ["LOGIN", "pg_monitor"]) expect(ROLE.why[grant], grant).toBeTruthy();
  });

  it("runs every diagnostic without a permission error (pg_stat_statements is merely absent here)", async () => {
    for (const query of POSTGRES_QUERY_IDS) {
      const { verdict } = await runPostgres(url, { kind: "postgres", query });
      expect(verdict.headline, `${query}: ${verdict.detail ?? ""}`).not.toBe("not authorized");
      if (query === "top-statements") expect(verdict.status).toBe("unsupported");
      else expect(["ok", "warning", "critical"], `${query}: ${verdict.detail ?? ""}`).toContain(verdict.status);
    }
  });

  it("sees another role's query text (pg_monitor), where an unprivileged role sees <insufficient privilege>", async () => {
    const other = await session(undefined, "rb-pg-test-other");
    const otherPid = await pidOf(other);
    const marker = `SELECT 'rb-visible-${SCRATCH}' AS marker`;
    await other.query("BEGIN");
    await other.query(marker);
    try {
      const { verdict } = await until(
        () => runPostgres(url, { kind: "postgres", query: "idle-in-transaction", minSeconds: 0.5 }),
        (r) => cells(r.verdict).includes(String(otherPid)),
      );
      expect(cells(verdict)).toContain(String(otherPid));
      expect(cells(verdict)).toContain(marker);
      expect(cells(verdict)).not.toContain("<insufficient privilege>");
    } finally {
      await other.query("ROLLBACK");
    }
  });

  it("cannot write, create tables or signal other sessions", async () => {
    const probe = await session(url, "rb-pg-test-probe");
    const victim = await session(undefined, "rb-pg-test-victim");
    const victimPid = await pidOf(victim);
    await expect(probe.query(`CREATE TABLE public.${SCRATCH}_probe (id int)`)).rejects.toMatchObject({
      code: "42501",
    });
    await expect(probe.query(`SELECT pg_terminate_backend(${victimPid})`)).rejects.toMatchObject({ code: "42501" });
    await expect(probe.query(`SELECT pg_cancel_backend(${victimPid})`)).rejects.toMatchObject({ code: "42501" });
    await expect(probe.query("SELECT set_config('max_connections', '1', false)")).rejects.toBeDefined();
    expect((await victim.query("SELECT 1 AS alive")).rows[0]).toEqual({ alive: 1 });
  });
});
