// The psql / SQL recogniser: every guide line of the PostgreSQL runbook maps onto its canonical query, and
// anything that writes, runs several statements or is not a catalog read stays manual with a reason.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tokenize } from "@/lib/commands/tokenize";
import type { PostgresQueryId } from "@/lib/systems/postgres/operation";
import { cliFor, intervalSeconds, parsePsql, parseSql } from "@/lib/systems/postgres/parse";

const RUNBOOK = path.resolve(__dirname, "../../../../runbooks/postgresql-connection-and-lock-issues.md");

/** The words after `psql`, split as the shell would. */
function psqlWords(line: string): string[] {
  const words = tokenize(line).flatMap((t) => (t.type === "word" ? [t.value] : []));
  expect(words[0]).toBe("psql");
  return words.slice(1);
}

function parseLine(line: string) {
  return parsePsql(psqlWords(line));
}

function expectQuery(
  line: string,
  query: PostgresQueryId,
  extra: { minSeconds?: number; limit?: number; target?: { name: string; port?: string } } = {},
) {
  const parsed = line.startsWith("psql") ? parseLine(line) : parseSql(line);
  expect(parsed, line).toEqual({ ok: true, operation: { kind: "postgres", query, ...extra } });
}

function expectRejected(line: string, reason: RegExp) {
  const parsed = line.startsWith("psql") ? parseLine(line) : parseSql(line);
  expect(parsed.ok, line).toBe(false);
  if (!parsed.ok) expect(parsed.reason, line).toMatch(reason);
}

/** The (comment, command) pairs of the runbook's ## Diagnosis bash block. */
function diagnosisLines(): { comment: string; command: string }[] {
  const text = readFileSync(RUNBOOK, "utf8");
  const diagnosis = text.split("## Diagnosis")[1]?.split("## Solutions")[0] ?? "";
  const block = /```bash\n([\s\S]*?)```/.exec(diagnosis)?.[1] ?? "";
  const lines = block.split("\n").filter((l) => l.trim() !== "");
  const pairs: { comment: string; command: string }[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    pairs.push({ comment: lines[i] ?? "", command: lines[i + 1] ?? "" });
  }
  return pairs;
}

describe("the runbook's diagnosis lines", () => {
  const pairs = diagnosisLines();
  const expected: PostgresQueryId[] = [
    "connections",
    "long-running",
    "idle-in-transaction",
    "lock-waits",
    "top-statements",
  ];

  it("are one # comment followed by one psql -c command each, covering the five queries", () => {
    expect(pairs).toHaveLength(5);
    for (const { comment, command } of pairs) {
      expect(comment).toMatch(/^# \S/);
      expect(command).toMatch(/^psql .*-c "/);
    }
  });

  it("each parse to the intended query, with the guide's thresholds", () => {
    const parsed = pairs.map(({ command }) => parseLine(command));
    expect(parsed.map((p) => (p.ok ? p.operation.query : p.reason))).toEqual(expected);
    expect(parsed[1]).toEqual({ ok: true, operation: { kind: "postgres", query: "long-running", minSeconds: 300 } });
    expect(parsed[2]).toEqual({
      ok: true,
      operation: { kind: "postgres", query: "idle-in-transaction", minSeconds: 60 },
    });
    expect(parsed[4]).toEqual({ ok: true, operation: { kind: "postgres", query: "top-statements", limit: 10 } });
  });

  it("cliFor shows our canonical SQL as a psql -c line that parses back to the same query", () => {
    for (const query of expected) {
      const cli = cliFor({ kind: "postgres", query });
      expect(cli).toMatch(/^psql -X -c "SELECT /);
      expect(cli).not.toMatch(/\$\d/);
      const back = parseLine(cli);
      expect(back.ok ? back.operation.query : back.reason, cli).toBe(query);
    }
  });
});

describe("psql options", () => {
  const sql = "SELECT state, count(*) FROM pg_stat_activity GROUP BY state";

  it.each([
    `psql -h db.internal -p 5432 -U postgres -d app -c "${sql}"`,
    `psql --host=db.internal --port=5432 --username=postgres --dbname=app -c "${sql}"`,
    `psql "postgres://user:secret@db.internal:5432/app?sslmode=require" -c "${sql}"`,
  ])("keeps only the server a line names, as a key into POSTGRES_TARGETS: %s", (line) => {
    expectQuery(line, "connections", { target: { name: "db.internal", port: "5432" } });
    const parsed = parseLine(line);
    expect(JSON.stringify(parsed)).not.toMatch(/secret|postgres:\/\//);
    if (parsed.ok) expect(cliFor(parsed.operation)).toMatch(/^psql -X -h db\.internal -p 5432 -c "SELECT /);
  });

  it.each([
    `psql -X -A -t -x --no-psqlrc -c "${sql}"`,
    `psql -Atc "${sql}"`,
    `psql -hlocalhost -Upostgres -c "${sql}"`,
    `psql -h 10.0.0.5 -c "${sql}"`,
    `psql "host=db.internal dbname=app" -c "${sql}"`,
    `psql app postgres -c "${sql}"`,
    `psql --command="${sql}"`,
  ])("accepts and drops connection and format flags: %s", (line) => {
    expectQuery(line, "connections");
  });

  it.each([
    ["psql", /without -c opens an interactive session/],
    ["psql -h db.internal", /without -c/],
    [`psql -c "${sql}" -c "SELECT 1"`, /more than one -c/],
    ["psql -f diagnose.sql", /-f runs a script file/],
    ["psql --file=diagnose.sql", /--file runs a script file/],
    ['psql -c "\\d pg_stat_activity"', /meta-command \\d/],
    ['psql -c "\\x"', /meta-command/],
    [`psql -v ON_ERROR_STOP=1 -c "${sql}"`, /-v sets client variables/],
    [`psql -o /tmp/out -c "${sql}"`, /writes the output to a file/],
    [`psql -l`, /lists databases/],
    [`psql --bogus -c "${sql}"`, /option --bogus is not run live/],
    ["psql -c", /-c without a statement/],
  ])("leaves %s manual", (line, reason) => {
    expectRejected(line, reason);
  });
});

describe("SQL recognition", () => {
  it.each<[string, PostgresQueryId, { minSeconds?: number; limit?: number }]>([
    ["SELECT state, count(*) FROM pg_stat_activity GROUP BY state;", "connections", {}],
    ["select count(*) from pg_stat_activity", "connections", {}],
    [
      "SELECT datname, state, count(*) AS n FROM pg_catalog.pg_stat_activity GROUP BY datname, state ORDER BY n DESC",
      "connections",
      {},
    ],
    [
      "SELECT pid, now() - query_start AS duration, query FROM pg_stat_activity WHERE state = 'active' AND now() - query_start > interval '5 minutes'",
      "long-running",
      { minSeconds: 300 },
    ],
    [
      "SELECT pid, age(clock_timestamp(), query_start), query FROM pg_stat_activity WHERE state <> 'idle' AND query_start < now() - interval '2 min' ORDER BY query_start LIMIT 5",
      "long-running",
      { minSeconds: 120, limit: 5 },
    ],
    [
      "SELECT pid, query FROM pg_stat_activity WHERE extract(epoch FROM now() - xact_start) > 600",
      "long-running",
      { minSeconds: 600 },
    ],
    [
      "SELECT pid, now() - xact_start FROM pg_stat_activity WHERE state = 'idle in transaction' AND now() - xact_start > '30 seconds'::interval",
      "idle-in-transaction",
      { minSeconds: 30 },
    ],
    ["SELECT * FROM pg_stat_activity WHERE state = 'idle in transaction'", "idle-in-transaction", {}],
    [
      "SELECT pid, state FROM pg_stat_activity WHERE state IN ('idle in transaction', 'idle in transaction (aborted)') AND now() - state_change > interval '00:01:00'",
      "idle-in-transaction",
      { minSeconds: 60 },
    ],
    [
      "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0",
      "lock-waits",
      {},
    ],
    [
      "SELECT l.pid, l.mode, l.relation::regclass, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted",
      "lock-waits",
      {},
    ],
    [
      "SELECT query, calls, total_exec_time, mean_exec_time FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 10",
      "top-statements",
      { limit: 10 },
    ],
    [
      "SELECT query, calls, total_time FROM public.pg_stat_statements s ORDER BY s.total_time DESC",
      "top-statements",
      {},
    ],
    ["-- who is connected\nSELECT state, count(*) FROM pg_stat_activity GROUP BY 1, state", "connections", {}],
  ])("%s", (sql, query, extra) => {
    expectQuery(sql, query, extra);
  });

  it.each<[string, RegExp]>([
    ["SELECT pg_terminate_backend(12345);", /pg_terminate_backend\(\) terminates another session/],
    ["SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction'", /pg_cancel_backend/],
    ["SELECT set_config('statement_timeout', '0', false)", /set_config\(\) changes a setting/],
    ["SELECT pg_sleep(60)", /pg_sleep/],
    ["UPDATE accounts SET balance = 0", /UPDATE writes rows/],
    ["DELETE FROM pg_stat_activity", /DELETE writes rows/],
    ["INSERT INTO t VALUES (1)", /INSERT writes rows/],
    ["CREATE TABLE t (id int)", /CREATE is DDL/],
    ["DROP TABLE users", /DROP is DDL/],
    ["ALTER SYSTEM SET max_connections = 500", /ALTER is DDL/],
    ["TRUNCATE users", /TRUNCATE/],
    ["COPY users TO '/tmp/users.csv'", /COPY reads or writes files/],
    ["VACUUM FULL", /VACUUM/],
    ["LOCK TABLE users", /LOCK takes table locks/],
    ["SET statement_timeout = 0", /SET changes a setting/],
    ["BEGIN", /BEGIN opens a transaction/],
    ["SELECT state, count(*) FROM pg_stat_activity GROUP BY state; DROP TABLE users", /2 statements joined by ";"/],
    ["SELECT 1; SELECT 2", /2 statements/],
    ["WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", /WITH queries are not recognised/],
    ["SELECT * FROM pg_stat_activity FOR UPDATE", /FOR UPDATE/],
    ["SELECT * INTO backup FROM pg_stat_activity", /SELECT INTO creates a table|INTO/],
    ["SELECT lo_export(1, '/tmp/x')", /lo_export\(\) writes a server file/],
    ["SELECT my_function() FROM pg_stat_activity", /my_function\(\) is not known to be read-only/],
    ["\\d pg_stat_activity", /meta-command \\d/],
    ["SELECT * FROM pg_stat_activity \\gexec", /meta-command/],
    ["SELEC state FROM pg_stat_activity", /not a SELECT statement/],
    ["SELECT FROM WHERE", /does not parse as PostgreSQL/],
    ["", /empty SQL/],
  ])("rejects %s", (sql, reason) => {
    expectRejected(sql, reason);
  });
});

describe("a single read-only SELECT that is not a canonical diagnostic", () => {
  it.each([
    "SELECT * FROM users",
    "SELECT * FROM secret.pg_stat_activity",
    "SELECT 1",
    "SELECT * FROM pg_stat_activity;",
    "SELECT * FROM pg_locks",
    "SELECT query FROM pg_stat_statements",
    "SELECT pid FROM pg_stat_activity WHERE now() - query_start > interval 'a while'",
    "SELECT pid, state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity WHERE datname = current_database();",
  ])("runs as written: %s", (sql) => {
    const parsed = parseSql(sql);
    expect(parsed).toEqual({
      ok: true,
      operation: { kind: "postgres", query: "statement", sql: sql.replace(/;$/, "") },
    });
  });
});

describe("intervalSeconds", () => {
  it.each<[string, number | null]>([
    ["5 minutes", 300],
    ["1 minute", 60],
    ["30s", 30],
    ["2 hours 30 minutes", 9000],
    ["1 day", 86400],
    ["500 ms", 0.5],
    ["00:05:00", 300],
    ["01:00", 3600],
    ["soon", null],
    ["5 fortnights", null],
  ])("%s → %s", (text, seconds) => {
    expect(intervalSeconds(text)).toBe(seconds);
  });
});
