// Typed PostgreSQL readings → verdicts: connection headroom, long and idle transactions, lock waits, top statements.
// Pure functions of the reading (and the time it was read), so fixtures of real PG 13–17 rows test them.
import { formatCount, formatNumber, formatPercent, formatSeconds, truncate } from "../../verdict/format";
import type { DetailTable, Figure, Threshold, Verdict, VerdictStatus } from "../../verdict/verdict";
import type { ConnectionsReading, LockWait, PostgresReading, SessionRow, StatementRow } from "./read";

export const CONNECTIONS_WARNING_PERCENT = 80;
export const CONNECTIONS_CRITICAL_PERCENT = 90;
export const LONG_RUNNING_SECONDS = 300;
export const IDLE_IN_TRANSACTION_WARNING_SECONDS = 60;
export const IDLE_IN_TRANSACTION_CRITICAL_SECONDS = 300;
export const LOCK_WAIT_CRITICAL_SECONDS = 5;
export const SLOW_MEAN_MS = 1000;

/** Shown in tables; the full (capped) text is in the raw output. */
const QUERY_COLUMN_CAP = 160;

export const PG_CONNECTIONS_THRESHOLD: Threshold = {
  text: "client connections / (max_connections − reserved slots): warning at 80 %, critical at 90 %",
  source:
    "awesome-prometheus-alerts PostgresqlTooManyConnections (postgres_exporter: pg_stat_activity_count > 80 % of " +
    "pg_settings_max_connections, for 2 min); PostgreSQL docs (runtime-config-connection): superuser_reserved_connections " +
    "and, from 16, reserved_connections are not available to ordinary roles; 90 % critical is this dashboard's choice",
};

export function longRunningThreshold(seconds: number): Threshold {
  return {
    text: `warning when an active query has run longer than ${formatSeconds(seconds)}`,
    source:
      "awesome-prometheus-alerts / postgres_exporter long-transaction rules (pg_stat_activity_max_tx_duration) and " +
      "pgwatch's backends metric (longest query seconds); 300 s (the guide's `interval '5 minutes'`) is the default " +
      "cut-off, a guide line's own interval replaces it",
  };
}

export function idleInTransactionThreshold(warning: number, critical: number): Threshold {
  return {
    text: `idle in transaction longer than ${formatSeconds(warning)}: warning; longer than ${formatSeconds(critical)}: critical`,
    source:
      "PostgreSQL docs, idle_in_transaction_session_timeout (runtime-config-client): such sessions hold locks and " +
      "block vacuum; the server's own guard is off by default. 60 s / 5 min follow the guide's interval and " +
      "awesome-prometheus-alerts' long-transaction rule; the levels are this dashboard's choice",
  };
}

export function lockWaitThreshold(seconds: number): Threshold {
  return {
    text: `critical when a session has waited ${formatSeconds(seconds)} or longer for a lock`,
    source:
      "PostgreSQL docs: deadlock_timeout (1 s default) is when the server starts checking and log_lock_waits " +
      "logs a wait; pg_blocking_pids() names the blockers (functions-info). 5 s is this dashboard's choice",
  };
}

export const PG_TOP_STATEMENTS_THRESHOLD: Threshold = {
  text: `ranked by total_exec_time; warning when the top statement's mean exceeds ${formatCount(SLOW_MEAN_MS)} ms`,
  source:
    "pg_stat_statements docs (total_exec_time, mean_exec_time, PostgreSQL 13+); 1 s per call is this dashboard's " +
    "choice (the value teams commonly give log_min_duration_statement)",
};

function readAt(now: Date): Figure {
  return { label: "read at", value: now.toISOString() };
}

/** Connections in use vs what ordinary roles may open. */
export function analyzePgConnections(reading: ConnectionsReading, now: Date): Verdict {
  const usable = reading.maxConnections - reading.reserved;
  const figures: Figure[] = [
    { label: "max_connections", value: reading.maxConnections },
    { label: "reserved", value: reading.reserved },
    { label: "usable (max − reserved)", value: usable },
    { label: "client connections", value: reading.total },
  ];
  for (const [state, n] of Object.entries(reading.byState).sort((a, b) => b[1] - a[1])) {
    figures.push({ label: `state: ${state}`, value: n });
  }
  if (usable <= 0) {
    return {
      status: "error",
      headline: "max_connections leaves no usable slots",
      headlineValue: null,
      threshold: PG_CONNECTIONS_THRESHOLD,
      figures: [...figures, readAt(now)],
      detail: `max_connections ${reading.maxConnections} is not above the ${reading.reserved} reserved slots.`,
    };
  }
  const percent = (reading.total / usable) * 100;
  figures.push({ label: "used", value: Number(percent.toFixed(4)), unit: "%" }, readAt(now));
  const status: VerdictStatus =
    percent >= CONNECTIONS_CRITICAL_PERCENT ? "critical" : percent >= CONNECTIONS_WARNING_PERCENT ? "warning" : "ok";
  const left = usable - reading.total;
  const idleInTx =
    (reading.byState["idle in transaction"] ?? 0) + (reading.byState["idle in transaction (aborted)"] ?? 0);
  const notes = [
    left > 0
      ? `${formatCount(left)} connection${left === 1 ? "" : "s"} left before ordinary roles get "too many clients".`
      : `No slot left for ordinary roles: new connections fail with "sorry, too many clients already".`,
  ];
  if (status !== "ok" && (reading.byState.idle ?? 0) > reading.total / 2) {
    notes.push(
      "Most are idle: an application pool holds more connections than it uses (consider a pooler such as PgBouncer).",
    );
  }
  if (idleInTx > 0) notes.push(`${formatCount(idleInTx)} idle in transaction.`);
  const table: DetailTable = {
    title: "Client connections by state",
    columns: ["state", "connections"],
    rows: Object.entries(reading.byState)
      .sort((a, b) => b[1] - a[1])
      .map(([state, n]) => [state, n]),
  };
  return {
    status,
    headline: `connections ${formatPercent(percent)} used (${formatCount(reading.total)} of ${formatCount(usable)})`,
    headlineValue: percent,
    headlineUnit: "%",
    threshold: PG_CONNECTIONS_THRESHOLD,
    figures,
    detail: notes.join(" "),
    tables: [table],
  };
}

function sessionTable(
  title: string,
  sessions: readonly SessionRow[],
  seconds: (s: SessionRow) => number | null,
): DetailTable {
  return {
    title,
    columns: ["pid", "user", "database", "application", "client", "state", "seconds", "xact seconds", "wait", "query"],
    rows: sessions.map((s) => [
      s.pid,
      s.user,
      s.database,
      s.application,
      s.client,
      s.state,
      roundSeconds(seconds(s)),
      roundSeconds(s.xactSeconds),
      s.waitEventType ? `${s.waitEventType}${s.waitEvent ? `: ${s.waitEvent}` : ""}` : null,
      truncate(s.query, QUERY_COLUMN_CAP),
    ]),
  };
}

function roundSeconds(value: number | null): number | null {
  return value === null ? null : Number(formatNumber(value, 1));
}

/** Active queries that have run longer than the threshold (the guide's, else 300 s). */
export function analyzePgLongRunning(
  reading: { minSeconds: number | undefined; sessions: SessionRow[] },
  now: Date,
): Verdict {
  const limit = reading.minSeconds ?? LONG_RUNNING_SECONDS;
  const over = reading.sessions
    .filter((s) => (s.querySeconds ?? 0) > limit)
    .sort((a, b) => (b.querySeconds ?? 0) - (a.querySeconds ?? 0));
  const longest = over[0];
  const status: VerdictStatus = over.length > 0 ? "warning" : "ok";
  const waiting = over.filter((s) => s.waitEventType === "Lock").length;
  const verdict: Verdict = {
    status,
    headline:
      longest === undefined
        ? `no active query running longer than ${formatSeconds(limit)}`
        : `${formatCount(over.length)} quer${over.length === 1 ? "y" : "ies"} running > ${formatSeconds(limit)} (longest ${formatSeconds(longest.querySeconds ?? 0)}, pid ${longest.pid})`,
    headlineValue: longest?.querySeconds ?? 0,
    headlineUnit: "s",
    threshold: longRunningThreshold(limit),
    figures: [
      { label: `active > ${formatSeconds(limit)}`, value: over.length },
      { label: "longest", value: longest ? roundSeconds(longest.querySeconds) : null, unit: "s" },
      { label: "longest pid", value: longest?.pid ?? null },
      { label: "waiting for a lock", value: waiting },
      readAt(now),
    ],
    detail:
      longest === undefined
        ? "Nothing is running long."
        : `Cancel with SELECT pg_cancel_backend(pid) once you know what it is${waiting > 0 ? `; ${waiting} of them wait for a lock (see lock waits)` : ""}.`,
  };
  if (over.length > 0)
    verdict.tables = [sessionTable("Active queries over the threshold", over, (s) => s.querySeconds)];
  return verdict;
}

/** Sessions idle inside an open transaction: warning over the guide's (or 60 s) threshold, critical from 5 min. */
export function analyzePgIdleInTransaction(
  reading: { minSeconds: number | undefined; sessions: SessionRow[] },
  now: Date,
): Verdict {
  const warning = reading.minSeconds ?? IDLE_IN_TRANSACTION_WARNING_SECONDS;
  // A guide that asks about longer idles than 5 min moves critical out proportionally, never below warning.
  const critical = Math.max(IDLE_IN_TRANSACTION_CRITICAL_SECONDS, warning * 5);
  const idleFor = (s: SessionRow): number => s.stateSeconds ?? s.xactSeconds ?? 0;
  const over = reading.sessions.filter((s) => idleFor(s) > warning).sort((a, b) => idleFor(b) - idleFor(a));
  const longest = over[0];
  const status: VerdictStatus = longest === undefined ? "ok" : idleFor(longest) > critical ? "critical" : "warning";
  const verdict: Verdict = {
    status,
    headline:
      longest === undefined
        ? `no session idle in transaction longer than ${formatSeconds(warning)}`
        : `${formatCount(over.length)} session${over.length === 1 ? "" : "s"} idle in transaction > ${formatSeconds(warning)} (longest ${formatSeconds(idleFor(longest))}, pid ${longest.pid})`,
    headlineValue: longest ? idleFor(longest) : 0,
    headlineUnit: "s",
    threshold: idleInTransactionThreshold(warning, critical),
    figures: [
      { label: `idle in transaction > ${formatSeconds(warning)}`, value: over.length },
      { label: "longest idle", value: longest ? roundSeconds(idleFor(longest)) : null, unit: "s" },
      { label: "longest pid", value: longest?.pid ?? null },
      { label: "oldest transaction", value: longest ? roundSeconds(longest.xactSeconds) : null, unit: "s" },
      readAt(now),
    ],
    detail:
      longest === undefined
        ? "No transaction is left open by an idle client."
        : "An open transaction holds its locks and keeps vacuum from removing dead rows until the client commits " +
          "or rolls back; set idle_in_transaction_session_timeout, or end it with SELECT pg_terminate_backend(pid).",
  };
  if (over.length > 0) verdict.tables = [sessionTable("Sessions idle in transaction", over, idleFor)];
  return verdict;
}

function describeBlockers(wait: LockWait): string {
  if (wait.blockingPids.length === 0) return "no blocker reported";
  return wait.blockingPids.join(", ");
}

/** Sessions waiting for a lock: critical once one has waited the threshold (the guide's, else 5 s). */
export function analyzePgLockWaits(reading: { minSeconds: number | undefined; waits: LockWait[] }, now: Date): Verdict {
  const limit = reading.minSeconds ?? LOCK_WAIT_CRITICAL_SECONDS;
  const waits = [...reading.waits].sort((a, b) => b.waitingSeconds - a.waitingSeconds);
  const over = waits.filter((w) => w.waitingSeconds >= limit);
  const longest = over[0] ?? waits[0];
  const status: VerdictStatus = over.length > 0 ? "critical" : "ok";
  // The blockers nobody blocks are where to act: ending them releases the whole chain.
  const waitingPids = new Set(waits.map((w) => w.pid));
  const roots = [...new Set(over.flatMap((w) => w.blockingPids))].filter((pid) => !waitingPids.has(pid));
  let headline: string;
  if (over.length > 0 && longest) {
    headline = `${formatCount(over.length)} session${over.length === 1 ? "" : "s"} waiting ≥ ${formatSeconds(limit)} for a lock (pid ${longest.pid} blocked by ${describeBlockers(longest)} for ${formatSeconds(longest.waitingSeconds)})`;
  } else if (waits.length > 0) {
    headline = `${formatCount(waits.length)} short lock wait${waits.length === 1 ? "" : "s"} (under ${formatSeconds(limit)})`;
  } else {
    headline = "no session is waiting for a lock";
  }
  const notes: string[] = [];
  for (const wait of over.slice(0, 5)) {
    const blockers = wait.blockers
      .map(
        (b) =>
          `pid ${b.pid} (${b.state ?? "unknown state"}${b.xactSeconds !== null ? `, transaction open ${formatSeconds(b.xactSeconds)}` : ""}): ${truncate(b.query ?? "", 120) || "no query text"}`,
      )
      .join("; ");
    notes.push(`pid ${wait.pid} waits on ${describeBlockers(wait)}${blockers ? ` — ${blockers}` : ""}.`);
  }
  if (roots.length > 0) notes.push(`Head of the chain: pid ${roots.join(", ")}.`);
  if (over.length === 0)
    notes.push(waits.length > 0 ? "Waits this short are normal contention." : "No lock contention.");
  const verdict: Verdict = {
    status,
    headline,
    headlineValue: longest?.waitingSeconds ?? 0,
    headlineUnit: "s",
    threshold: lockWaitThreshold(limit),
    figures: [
      { label: "sessions waiting", value: waits.length },
      { label: `waiting ≥ ${formatSeconds(limit)}`, value: over.length },
      { label: "longest wait", value: longest ? roundSeconds(longest.waitingSeconds) : null, unit: "s" },
      { label: "blocking pids", value: roots.length > 0 ? roots.join(", ") : null },
      readAt(now),
    ],
    detail: notes.join(" "),
  };
  if (waits.length > 0) {
    verdict.tables = [
      {
        title: "Sessions waiting for a lock",
        columns: [
          "waiting pid",
          "seconds waiting",
          "wait",
          "query",
          "blocked by (pg_blocking_pids)",
          "blocker state",
          "blocker xact seconds",
          "blocker query",
        ],
        rows: waits.flatMap((w) => {
          const base = [
            w.pid,
            roundSeconds(w.waitingSeconds),
            w.waitEventType ? `${w.waitEventType}${w.waitEvent ? `: ${w.waitEvent}` : ""}` : null,
            truncate(w.query, QUERY_COLUMN_CAP),
            describeBlockers(w),
          ];
          if (w.blockers.length === 0) return [[...base, null, null, null]];
          return w.blockers.map((b) => [
            ...base,
            b.state,
            roundSeconds(b.xactSeconds),
            truncate(b.query ?? "", QUERY_COLUMN_CAP),
          ]);
        }),
      },
    ];
  }
  return verdict;
}

/** The statements that took the most total time; warning when the top one is slow per call. */
export function analyzePgTopStatements(statements: readonly StatementRow[], now: Date): Verdict {
  const top = statements[0];
  const slow = top !== undefined && top.meanExecMs > SLOW_MEAN_MS;
  const verdict: Verdict = {
    status: slow ? "warning" : "ok",
    headline:
      top === undefined
        ? "pg_stat_statements has no statements yet"
        : `top statement: ${formatSeconds(top.totalExecMs / 1000)} total over ${formatCount(top.calls)} calls (mean ${formatSeconds(top.meanExecMs / 1000)})`,
    headlineValue: top?.meanExecMs ?? null,
    headlineUnit: "ms",
    threshold: PG_TOP_STATEMENTS_THRESHOLD,
    figures: [
      { label: "statements shown", value: statements.length },
      { label: "top total_exec_time", value: top ? Number(formatNumber(top.totalExecMs, 1)) : null, unit: "ms" },
      { label: "top mean_exec_time", value: top ? Number(formatNumber(top.meanExecMs, 2)) : null, unit: "ms" },
      { label: "top calls", value: top?.calls ?? null },
      readAt(now),
    ],
    detail: slow
      ? `The statement with the most total time averages ${formatSeconds((top?.meanExecMs ?? 0) / 1000)} per call: look at its plan (EXPLAIN) and indexes.`
      : top === undefined
        ? "Statistics are empty (reset recently, or nothing has run)."
        : "Where the server's time goes; no single call is slow on average.",
  };
  if (statements.length > 0) {
    verdict.tables = [
      {
        title: "Top statements by total_exec_time",
        columns: ["query", "calls", "total_exec_time ms", "mean_exec_time ms", "rows"],
        rows: statements.map((s) => [
          truncate(s.query, QUERY_COLUMN_CAP),
          s.calls,
          Number(formatNumber(s.totalExecMs, 1)),
          Number(formatNumber(s.meanExecMs, 2)),
          s.rows,
        ]),
      },
    ];
  }
  return verdict;
}

/** The analyzer of each reading. */
export function analyzePostgres(reading: PostgresReading, now: Date): Verdict {
  switch (reading.query) {
    case "connections":
      return analyzePgConnections(reading.connections, now);
    case "long-running":
      return analyzePgLongRunning(reading, now);
    case "idle-in-transaction":
      return analyzePgIdleInTransaction(reading, now);
    case "lock-waits":
      return analyzePgLockWaits(reading, now);
    case "top-statements":
      return analyzePgTopStatements(reading.statements, now);
  }
}
