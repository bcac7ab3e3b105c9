// Turns the rows of each canonical query into typed readings, once; the analyzers only ever see these types.
// No server-only import: the unit tests build readings from fixture rows with these same functions.
import { z } from "zod";
import { truncate } from "../../verdict/format";
import type { PostgresQueryId } from "./operation";
import { QUERY_TEXT_CAP, ROW_CAP } from "./queries";

export interface ConnectionsReading {
  maxConnections: number;
  /** Slots ordinary roles cannot use: superuser_reserved_connections (+ reserved_connections on 16+). */
  reserved: number;
  /** Client backends by pg_stat_activity.state ("active", "idle", "idle in transaction", "unknown"...). */
  byState: Record<string, number>;
  total: number;
}

export interface SessionRow {
  pid: number;
  user: string | null;
  database: string | null;
  application: string | null;
  client: string | null;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  /** Seconds since the current (or last) statement started. */
  querySeconds: number | null;
  /** Seconds since the transaction started; null outside a transaction. */
  xactSeconds: number | null;
  /** Seconds since the state last changed (how long it has been idle in transaction). */
  stateSeconds: number | null;
  query: string;
}

export interface LockBlocker {
  pid: number;
  state: string | null;
  query: string | null;
  xactSeconds: number | null;
}

export interface LockWait {
  pid: number;
  user: string | null;
  database: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  waitingSeconds: number;
  query: string;
  /** pg_blocking_pids(pid), as the server computed it. */
  blockingPids: number[];
  blockers: LockBlocker[];
}

export interface StatementRow {
  query: string;
  calls: number;
  totalExecMs: number;
  meanExecMs: number;
  rows: number;
}

/** Each query's typed reading; `minSeconds` is the threshold the guide line stated, if any (checks.ts has defaults). */
export type PostgresReading =
  | { query: "connections"; connections: ConnectionsReading }
  | { query: "long-running"; minSeconds: number | undefined; sessions: SessionRow[] }
  | { query: "idle-in-transaction"; minSeconds: number | undefined; sessions: SessionRow[] }
  | { query: "lock-waits"; minSeconds: number | undefined; waits: LockWait[] }
  | { query: "top-statements"; statements: StatementRow[] };

/** The reply did not have the shape the canonical query returns; says which field. */
export class PostgresReplyError extends Error {
  override name = "PostgresReplyError";
}

// node-postgres returns int8/numeric as strings and float8 as numbers; both are accepted.
const num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i)
    .transform(Number),
]);
const optNum = num.nullable().optional();
const optStr = z.string().nullable().optional();
const pidList = z.union([
  z.array(num),
  z.string().transform((s) => s.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number)),
]);

const connectionsRow = z.object({
  max_connections: num,
  superuser_reserved: num,
  reserved_connections: optNum,
  by_state: z.record(z.string(), num),
});

const sessionRow = z.object({
  pid: num,
  usename: optStr,
  datname: optStr,
  application_name: optStr,
  client_addr: optStr,
  state: optStr,
  wait_event_type: optStr,
  wait_event: optStr,
  query_seconds: optNum,
  xact_seconds: optNum,
  state_seconds: optNum,
  query: optStr,
});

const lockRow = z.object({
  pid: num,
  usename: optStr,
  datname: optStr,
  wait_event_type: optStr,
  wait_event: optStr,
  waiting_seconds: optNum,
  query: optStr,
  blocking_pids: pidList,
  blocker_pid: optNum,
  blocker_state: optStr,
  blocker_query: optStr,
  blocker_xact_seconds: optNum,
});

const statementRow = z.object({
  query: optStr,
  calls: num,
  total_exec_time: num,
  mean_exec_time: num,
  rows: num,
});

function rowsOf<T>(schema: z.ZodType<T>, rows: readonly unknown[], what: string): T[] {
  return rows.slice(0, ROW_CAP).map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join(".") || "(row)"}: ${issue.message}` : "unknown shape";
      throw new PostgresReplyError(`unexpected ${what} row ${i}: ${where}`);
    }
    return parsed.data;
  });
}

const text = (value: string | null | undefined): string => truncate(value ?? "", QUERY_TEXT_CAP);
const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

export function readConnections(rows: readonly unknown[]): ConnectionsReading {
  const [row] = rowsOf(connectionsRow, rows, "connections");
  if (!row) throw new PostgresReplyError("the connections query returned no row");
  const byState: Record<string, number> = {};
  let total = 0;
  for (const [state, n] of Object.entries(row.by_state)) {
    byState[state] = n;
    total += n;
  }
  return {
    maxConnections: row.max_connections,
    reserved: row.superuser_reserved + (row.reserved_connections ?? 0),
    byState,
    total,
  };
}

export function readSessions(rows: readonly unknown[]): SessionRow[] {
  return rowsOf(sessionRow, rows, "pg_stat_activity").map((r) => ({
    pid: r.pid,
    user: orNull(r.usename),
    database: orNull(r.datname),
    application: orNull(r.application_name),
    client: orNull(r.client_addr),
    state: orNull(r.state),
    waitEventType: orNull(r.wait_event_type),
    waitEvent: orNull(r.wait_event),
    querySeconds: orNull(r.query_seconds),
    xactSeconds: orNull(r.xact_seconds),
    stateSeconds: orNull(r.state_seconds),
    query: text(r.query),
  }));
}

/** Folds the (waiter, blocker) rows into one LockWait per waiting pid, keeping the server's order. */
export function readLockWaits(rows: readonly unknown[]): LockWait[] {
  const byPid = new Map<number, LockWait>();
  for (const r of rowsOf(lockRow, rows, "lock wait")) {
    let wait = byPid.get(r.pid);
    if (!wait) {
      wait = {
        pid: r.pid,
        user: orNull(r.usename),
        database: orNull(r.datname),
        waitEventType: orNull(r.wait_event_type),
        waitEvent: orNull(r.wait_event),
        waitingSeconds: r.waiting_seconds ?? 0,
        query: text(r.query),
        blockingPids: r.blocking_pids,
        blockers: [],
      };
      byPid.set(r.pid, wait);
    }
    const blockerPid = r.blocker_pid;
    if (blockerPid !== null && blockerPid !== undefined && !wait.blockers.some((b) => b.pid === blockerPid)) {
      wait.blockers.push({
        pid: blockerPid,
        state: orNull(r.blocker_state),
        query: r.blocker_query === null || r.blocker_query === undefined ? null : text(r.blocker_query),
        xactSeconds: orNull(r.blocker_xact_seconds),
      });
    }
  }
  return [...byPid.values()];
}

export function readStatements(rows: readonly unknown[]): StatementRow[] {
  return rowsOf(statementRow, rows, "pg_stat_statements").map((r) => ({
    query: text(r.query),
    calls: r.calls,
    totalExecMs: r.total_exec_time,
    meanExecMs: r.mean_exec_time,
    rows: r.rows,
  }));
}

/** The typed reading of `query`'s rows. */
export function readReply(
  query: PostgresQueryId,
  rows: readonly unknown[],
  minSeconds: number | undefined,
): PostgresReading {
  switch (query) {
    case "connections":
      return { query, connections: readConnections(rows) };
    case "long-running":
    case "idle-in-transaction":
      return { query, minSeconds, sessions: readSessions(rows) };
    case "lock-waits":
      return { query, minSeconds, waits: readLockWaits(rows) };
    case "top-statements":
      return { query, statements: readStatements(rows) };
  }
}
