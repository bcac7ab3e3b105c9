// PostgreSQL as one system: `psql -c "…"` lines and sql fences, recognised as one of our canonical
// read-only catalog queries (never passed through), and the checks that judge them.
import type { LineParser, ShellParser, SystemAdapter } from "../core/adapter";
import { loadOnce } from "../core/load-once";
import { manual, operationStep, type ParsedCommand } from "../core/parsed";
import { POSTGRES_CHECKS, POSTGRES_STATEMENT_CHECK, type PostgresCheckKind, type PostgresOp } from "./operation";
import { cliFor, type PostgresParse, parsePsql, parseSql } from "./parse";

const loadRun = loadOnce(() => import("./run"));

function parsed(result: PostgresParse, line: string): ParsedCommand<PostgresOp> {
  return result.ok ? operationStep(result.operation, cliFor(result.operation)) : manual(result.reason, line);
}

const psql: ShellParser<PostgresOp> = ({ args, grep, line }) => {
  if (grep !== undefined) return manual("piping psql into grep is not run live", line);
  if (args.some((word) => word.expands)) return manual("uses shell expansion ($…), which is never evaluated", line);
  return parsed(parsePsql(args.map((word) => word.value)), line);
};

const sqlLine: LineParser<PostgresOp> = ({ line }) => parsed(parseSql(line), line);

const VOCABULARY: Readonly<Record<PostgresOp["query"], string>> = {
  statement: "",
  connections: "pg_stat_activity max_connections too many connections clients",
  "long-running": "long running queries pg_stat_activity query_start",
  "idle-in-transaction": "idle in transaction xact_start",
  "lock-waits": "locks blocked pg_blocking_pids lock wait deadlock",
  "top-statements": "pg_stat_statements slow queries total_exec_time",
};

export const postgresAdapter: SystemAdapter<PostgresOp, PostgresCheckKind> = {
  id: "postgres",
  label: "PostgreSQL",
  programs: { psql },
  fences: { sql: sqlLine, postgresql: sqlLine, psql: sqlLine },
  cli: cliFor,
  targetLabel: (operation) =>
    operation.target ? `PostgreSQL "${operation.target.name}" (POSTGRES_TARGETS)` : "PostgreSQL (POSTGRES_URL)",
  limiterKey: (operation) => (operation.target ? `postgres:${operation.target.name}` : "postgres"),
  vocabulary: (operation) => VOCABULARY[operation.query],
  templates: () => [],
  fill: (operation) => operation,
  checks: [...Object.values(POSTGRES_CHECKS), POSTGRES_STATEMENT_CHECK],
  fits: (operation) => [operation.query === "statement" ? POSTGRES_STATEMENT_CHECK : POSTGRES_CHECKS[operation.query]],
  // Loaded on first run, so parsing and planning stay free of clients (build time, scripts).
  run: async (operation) => (await loadRun()).runPostgresStep(operation),
};
