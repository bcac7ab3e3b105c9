// PostgreSQL diagnostics against the real server: connection headroom, a real lock wait between two sessions,
// idle and long-running transactions, pg_stat_statements absent, and unreachable or unset targets.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePostgres } from "@/lib/systems/postgres/client";
import { runPostgres } from "@/lib/systems/postgres/run";
import { freePort } from "../helpers";
import { cells, closeSessions, figureOf, POSTGRES_URL, pidOf, SCRATCH, session, sleep, until, urlAs } from "./support";

let admin: pg.Client;

beforeAll(async () => {
  admin = await session();
  await admin.query(`CREATE SCHEMA ${SCRATCH}`);
  await admin.query(`CREATE TABLE ${SCRATCH}.accounts (id int PRIMARY KEY, balance int NOT NULL)`);
  await admin.query(`INSERT INTO ${SCRATCH}.accounts VALUES (1, 100), (2, 200)`);
});

afterAll(async () => {
  await closePostgres();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCRATCH} CASCADE`).catch(() => undefined);
  for (const db of [`${SCRATCH}_stmts`, `${SCRATCH}_plain`]) {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  }
  await closeSessions();
});

describe("connections", () => {
  it("is ok on the test server and reports its max_connections", async () => {
    const max = Number(
      (await admin.query<{ max_connections: string }>("SHOW max_connections")).rows[0]?.max_connections,
    );
    const { verdict, raw } = await runPostgres(POSTGRES_URL, { kind: "postgres", query: "connections" });
    expect(verdict.status, verdict.detail).toBe("ok");
    expect(figureOf(verdict, "max_connections")).toBe(max);
    expect(Number(figureOf(verdict, "client connections"))).toBeGreaterThanOrEqual(2);
    expect(verdict.headline).toMatch(/^connections .* used \(\d+ of \d+\)$/);
    expect(JSON.parse(raw)).toMatchObject({ query: "connections", connections: { maxConnections: max } });
  });
});

describe("a real lock wait", () => {
  it("is critical and names the session holding the row lock as the blocker", async () => {
    const holder = await session(POSTGRES_URL, "rb-pg-test-holder");
    const waiter = await session(POSTGRES_URL, "rb-pg-test-waiter");
    const holderPid = await pidOf(holder);
    const waiterPid = await pidOf(waiter);
    await holder.query("BEGIN");
    await holder.query(`UPDATE ${SCRATCH}.accounts SET balance = balance - 10 WHERE id = 1`);
    // Blocks on the holder's row lock until the holder rolls back.
    const blocked = waiter.query(`UPDATE ${SCRATCH}.accounts SET balance = 0 WHERE id = 1`);
    try {
      const op = { kind: "postgres", query: "lock-waits", minSeconds: 1 } as const;
      const { verdict } = await until(
        () => runPostgres(POSTGRES_URL, op),
        (r) => r.verdict.status === "critical",
      );
      expect(verdict.status, verdict.headline).toBe("critical");
      expect(verdict.headline).toContain(`pid ${waiterPid} blocked by ${holderPid}`);
      expect(figureOf(verdict, "blocking pids")).toBe(String(holderPid));
      expect(verdict.detail).toContain(`pid ${waiterPid} waits on ${holderPid}`);
      expect(verdict.detail).toContain("idle in transaction");
      expect(cells(verdict)).toContain(`UPDATE ${SCRATCH}.accounts SET balance = balance - 10 WHERE id = 1`);
      expect(verdict.threshold?.source).toMatch(/pg_blocking_pids/);

      // The same wait judged by the default 5 s: short first, critical once it has lasted 5 s (bounded).
      const byDefault = await until(
        () => runPostgres(POSTGRES_URL, { kind: "postgres", query: "lock-waits" }),
        (r) => r.verdict.status === "critical",
        9_000,
      );
      expect(byDefault.verdict.status).toBe("critical");
      expect(Number(figureOf(byDefault.verdict, "longest wait"))).toBeGreaterThanOrEqual(5);
    } finally {
      await holder.query("ROLLBACK");
      await blocked;
    }
    const after = await runPostgres(POSTGRES_URL, { kind: "postgres", query: "lock-waits", minSeconds: 1 });
    expect(after.verdict.status).toBe("ok");
    expect(cells(after.verdict)).not.toContain(String(waiterPid));
  });
});

describe("idle and long-running sessions", () => {
  it("finds a session idle in transaction with a lowered threshold", async () => {
    const idle = await session(POSTGRES_URL, "rb-pg-test-idle");
    const idlePid = await pidOf(idle);
    await idle.query("BEGIN");
    await idle.query(`SELECT balance FROM ${SCRATCH}.accounts WHERE id = 2`);
    try {
      const op = { kind: "postgres", query: "idle-in-transaction", minSeconds: 1 } as const;
      const { verdict } = await until(
        () => runPostgres(POSTGRES_URL, op),
        (r) => cells(r.verdict).includes(String(idlePid)),
      );
      expect(verdict.status, verdict.headline).toBe("warning");
      expect(cells(verdict)).toContain(String(idlePid));
      expect(cells(verdict)).toContain(`SELECT balance FROM ${SCRATCH}.accounts WHERE id = 2`);
      expect(verdict.threshold?.source).toMatch(/idle_in_transaction_session_timeout/);
      // By the default 60 s it is not yet worth a warning.
      const byDefault = await runPostgres(POSTGRES_URL, { kind: "postgres", query: "idle-in-transaction" });
      expect(cells(byDefault.verdict)).not.toContain(String(idlePid));
    } finally {
      await idle.query("ROLLBACK");
    }
  });

  it("finds an active query running past a lowered threshold", async () => {
    const busy = await session(POSTGRES_URL, "rb-pg-test-busy");
    const busyPid = await pidOf(busy);
    const sleeping = busy.query("SELECT pg_sleep(4)");
    try {
      const op = { kind: "postgres", query: "long-running", minSeconds: 1 } as const;
      const { verdict } = await until(
        () => runPostgres(POSTGRES_URL, op),
        (r) => cells(r.verdict).includes(String(busyPid)),
        3_500,
      );
      expect(verdict.status, verdict.headline).toBe("warning");
      expect(cells(verdict)).toContain("SELECT pg_sleep(4)");
    } finally {
      await sleeping;
    }
  });
});

describe("pg_stat_statements", () => {
  it("is not preloaded on the test server (what the next test relies on)", async () => {
    const preload = (await admin.query<{ shared_preload_libraries: string }>("SHOW shared_preload_libraries")).rows[0]
      ?.shared_preload_libraries;
    expect(preload, "this suite expects pg_stat_statements NOT in shared_preload_libraries").not.toMatch(
      /pg_stat_statements/,
    );
  });

  it("absent → unsupported, saying it is not loaded and the extension is not created", async () => {
    // A fresh database, so an extension someone created in the default one cannot change the answer.
    await admin.query(`CREATE DATABASE ${SCRATCH}_plain`);
    const url = urlAs(new URL(POSTGRES_URL).username || "postgres", `${SCRATCH}_plain`);
    const { verdict } = await runPostgres(url, { kind: "postgres", query: "top-statements" });
    await closePostgres();
    expect(verdict.status).toBe("unsupported");
    expect(verdict.headline).toBe("pg_stat_statements is not available");
    expect(verdict.detail).toMatch(/pg_stat_statements is not loaded/);
    expect(verdict.detail).toMatch(/extension is not created/);
    expect(verdict.detail).toMatch(/shared_preload_libraries/);
  });

  it("created but not preloaded → unsupported, saying it must be loaded via shared_preload_libraries", async () => {
    await admin.query(`CREATE DATABASE ${SCRATCH}_stmts`);
    const owner = await session(urlAs(new URL(POSTGRES_URL).username || "postgres", `${SCRATCH}_stmts`));
    await owner.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await owner.end();
    const url = urlAs(new URL(POSTGRES_URL).username || "postgres", `${SCRATCH}_stmts`);
    const { verdict } = await runPostgres(url, { kind: "postgres", query: "top-statements" });
    expect(verdict.status).toBe("unsupported");
    expect(verdict.detail).toMatch(/created but not loaded.*shared_preload_libraries/);
    await closePostgres();
  });
});

describe("unreachable and unset targets", () => {
  it("a closed port is an error verdict, connection refused, within the connect deadline", async () => {
    const port = await freePort();
    const started = performance.now();
    const { verdict } = await runPostgres(`postgres://postgres:s3cret-pw@127.0.0.1:${port}/postgres`, {
      kind: "postgres",
      query: "connections",
    });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(verdict.status).toBe("error");
    expect(verdict.headline).toBe("connection refused");
    expect(verdict.detail).toBe(`connection refused by PostgreSQL at 127.0.0.1:${port}`);
    expect(JSON.stringify(verdict)).not.toContain("s3cret-pw");
  });

  it("no URL → not-configured, naming POSTGRES_URL", async () => {
    const { verdict } = await runPostgres(undefined, { kind: "postgres", query: "connections" });
    expect(verdict.status).toBe("not-configured");
    expect(verdict.detail).toMatch(/set POSTGRES_URL/);
  });

  it("a database that does not exist is an error verdict naming it", async () => {
    const { verdict } = await runPostgres(urlAs("postgres", `${SCRATCH}_missing`), {
      kind: "postgres",
      query: "connections",
    });
    expect(verdict.status).toBe("error");
    expect(verdict.detail).toMatch(/does not exist/);
    await sleep(0);
  });
});
