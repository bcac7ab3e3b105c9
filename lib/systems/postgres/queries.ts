// The canonical SQL of each PostgreSQL diagnostic: the only statements the dashboard ever sends (read-only, parameterised).
// No server-only import: parse.ts shows the same text as the step's `psql -c` line, and the tests read it.
import type { PostgresOperation, PostgresQueryId } from "./operation";

/** Query texts longer than this are cut on the server (left()), so a 1 MB statement never crosses the wire. */
export const QUERY_TEXT_CAP = 500;
/** Most rows any query returns; the client also cuts at this. */
export const ROW_CAP = 200;

/** Defaults when the guide line states no threshold: the levels checks.ts judges by (docs/postgres.md). */
export const DEFAULT_MIN_SECONDS: Readonly<Record<PostgresQueryId, number>> = {
  connections: 0,
  "long-running": 300,
  "idle-in-transaction": 60,
  // Every waiting session is listed; checks.ts calls one critical from LOCK_WAIT_CRITICAL_SECONDS on.
  "lock-waits": 0,
  "top-statements": 0,
};
export const DEFAULT_LIMIT = 20;

export interface CanonicalQuery {
  text: string;
  values: (string | number)[];
}

// Client backends only: autovacuum, walwriter and friends have their own slots and no state, so they would
// blur both the connection count and the session lists.
const CLIENT_BACKENDS = "backend_type = 'client backend'";

const CONNECTIONS_SQL = `SELECT current_setting('max_connections')::int AS max_connections,
  current_setting('superuser_reserved_connections')::int AS superuser_reserved,
  coalesce(current_setting('reserved_connections', true), '0')::int AS reserved_connections,
  (SELECT coalesce(json_object_agg(s.state, s.n), '{}'::json)
     FROM (SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n
             FROM pg_stat_activity WHERE ${CLIENT_BACKENDS} GROUP BY 1) AS s) AS by_state`;

// Our own backend is left out of the session lists (it is the one asking) but counted above: it holds a slot.
const SESSION_COLUMNS = `pid, usename, datname, application_name, client_addr::text AS client_addr, state,
  wait_event_type, wait_event,
  extract(epoch FROM now() - query_start)::float8 AS query_seconds,
  extract(epoch FROM now() - xact_start)::float8 AS xact_seconds,
  extract(epoch FROM now() - state_change)::float8 AS state_seconds,
  left(query, $2) AS query`;

const LONG_RUNNING_SQL = `SELECT ${SESSION_COLUMNS}
FROM pg_stat_activity
WHERE ${CLIENT_BACKENDS} AND state = 'active' AND pid <> pg_backend_pid()
  AND extract(epoch FROM now() - query_start) > $1
ORDER BY query_start
LIMIT $3`;

// Idle time counts from state_change (what idle_in_transaction_session_timeout measures); the transaction's age
// is shown beside it.
const IDLE_IN_TRANSACTION_SQL = `SELECT ${SESSION_COLUMNS}
FROM pg_stat_activity
WHERE ${CLIENT_BACKENDS} AND state IN ('idle in transaction', 'idle in transaction (aborted)')
  AND pid <> pg_backend_pid()
  AND extract(epoch FROM now() - state_change) > $1
ORDER BY state_change
LIMIT $3`;

// One row per (waiting session, blocker). pg_locks.waitstart exists from PostgreSQL 14 on; reading it through
// to_jsonb keeps the statement valid on 13, where the statement's start stands in for the wait's start.
const LOCK_WAITS_SQL = `SELECT w.pid, w.usename, w.datname, w.wait_event_type, w.wait_event,
  extract(epoch FROM now() - coalesce(ls.wait_start, w.query_start))::float8 AS waiting_seconds,
  left(w.query, $2) AS query,
  pg_blocking_pids(w.pid) AS blocking_pids,
  b.pid AS blocker_pid, b.state AS blocker_state, left(b.query, $2) AS blocker_query,
  extract(epoch FROM now() - b.xact_start)::float8 AS blocker_xact_seconds
FROM pg_stat_activity AS w
LEFT JOIN LATERAL (
  SELECT min((to_jsonb(l) ->> 'waitstart')::timestamptz) AS wait_start
  FROM pg_locks AS l WHERE l.pid = w.pid AND NOT l.granted
) AS ls ON true
LEFT JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid) ON true
LEFT JOIN pg_stat_activity AS b ON b.pid = bp.pid
WHERE w.pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(w.pid)) > 0
  AND extract(epoch FROM now() - coalesce(ls.wait_start, w.query_start)) >= $1
ORDER BY waiting_seconds DESC, w.pid, b.pid
LIMIT $3`;

/** Asked before top-statements: a missing view is a clear "unsupported", not a confusing 42P01. */
export const STATEMENTS_PRESENCE_SQL = `SELECT to_regclass('pg_stat_statements') IS NOT NULL AS present,
  current_setting('shared_preload_libraries', true) AS preload, current_database() AS database`;

// total_exec_time / mean_exec_time are the PostgreSQL 13+ names (total_time before).
const TOP_STATEMENTS_SQL = `SELECT left(query, $1) AS query, calls::float8 AS calls, total_exec_time, mean_exec_time,
  rows::float8 AS rows
FROM pg_stat_statements
ORDER BY total_exec_time DESC
LIMIT $2`;

const SQL: Readonly<Record<PostgresQueryId, string>> = {
  connections: CONNECTIONS_SQL,
  "long-running": LONG_RUNNING_SQL,
  "idle-in-transaction": IDLE_IN_TRANSACTION_SQL,
  "lock-waits": LOCK_WAITS_SQL,
  "top-statements": TOP_STATEMENTS_SQL,
};

/** The threshold the query filters on: the guide's, else our default; never negative. */
export function minSecondsOf(op: PostgresOperation): number {
  const value = op.minSeconds ?? DEFAULT_MIN_SECONDS[op.query];
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function limitOf(op: PostgresOperation): number {
  const limit = op.limit ?? DEFAULT_LIMIT;
  return Math.max(1, Math.min(ROW_CAP, Math.floor(limit)));
}

/**
 * The statement and its parameters for `op`: $1 = seconds threshold, $2 = query text cap, $3 = row limit
 * (top-statements has no threshold: $1 = text cap, $2 = limit).
 */
export function queryFor(op: PostgresOperation): CanonicalQuery {
  if (op.query === "connections") return { text: CONNECTIONS_SQL, values: [] };
  // For lock waits the row count is (waiter, blocker) pairs, so allow for a few blockers each.
  const limit = op.query === "lock-waits" ? Math.min(ROW_CAP, limitOf(op) * 4) : limitOf(op);
  if (op.query === "top-statements") {
    return { text: TOP_STATEMENTS_SQL, values: [QUERY_TEXT_CAP, limit] };
  }
  return { text: SQL[op.query], values: [minSecondsOf(op), QUERY_TEXT_CAP, limit] };
}

/** The statement with its parameters written in, on one line: what the step's `psql -c` shows and copies. */
export function canonicalSql(op: PostgresOperation): string {
  const { text, values } = queryFor(op);
  const inlined = text.replace(/\$(\d+)/g, (whole, n: string) => {
    const value = values[Number(n) - 1];
    return value === undefined ? whole : String(value);
  });
  return inlined.replace(/\s+/g, " ").trim();
}
