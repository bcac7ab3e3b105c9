// The typed PostgreSQL operation a guide line becomes: which of our canonical catalog queries to run, never SQL text.

/** One canonical, read-only catalog query (lib/systems/postgres/queries.ts holds its SQL). */
export type PostgresQueryId = "connections" | "long-running" | "idle-in-transaction" | "lock-waits" | "top-statements";

export const POSTGRES_QUERY_IDS: readonly PostgresQueryId[] = [
  "connections",
  "long-running",
  "idle-in-transaction",
  "lock-waits",
  "top-statements",
];

/** The server a guide's line names (`psql -h ledger-db`): a key into POSTGRES_TARGETS, never dialled itself. */
export interface PostgresTarget {
  name: string;
  port?: string;
}

export interface PostgresOperation {
  kind: "postgres";
  query: PostgresQueryId;
  target?: PostgresTarget;
  /** seconds threshold the guide line asked for, when it states one */
  minSeconds?: number;
  /** LIMIT the guide line asked for, when it states one (capped by the client). */
  limit?: number;
}

/**
 * A guide's own SQL that is not one of the canonical diagnostics but that pgsql-ast-parser shows is a single
 * read-only SELECT (parse.ts): sent as written, inside a READ ONLY transaction with statement_timeout, rows
 * capped, shown as a table ("shown, not judged") unless the runbook declares thresholds.
 */
export interface PostgresStatement {
  kind: "postgres";
  query: "statement";
  /** The statement text, without a trailing ";". */
  sql: string;
  target?: PostgresTarget;
}

/** Every operation of the PostgreSQL system. */
export type PostgresOp = PostgresOperation | PostgresStatement;

/** The check of a guide's own read-only statement. */
export const POSTGRES_STATEMENT_CHECK = "pg-rows" as const;

/** The check kind a runbook step declares for each query (what the glue maps a step onto). */
export const POSTGRES_CHECKS = {
  connections: "pg-connections",
  "long-running": "pg-long-running",
  "idle-in-transaction": "pg-idle-in-transaction",
  "lock-waits": "pg-lock-waits",
  "top-statements": "pg-top-statements",
} as const;

export type PostgresCheckKind = (typeof POSTGRES_CHECKS)[PostgresQueryId] | typeof POSTGRES_STATEMENT_CHECK;
