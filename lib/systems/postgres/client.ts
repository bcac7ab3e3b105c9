// Read-only PostgreSQL diagnostics on one small pg.Pool per URL, with connect and statement deadlines.
// No "run this SQL" export exists on purpose: only queries.ts's canonical statements can reach the server.
import "server-only";
import pg from "pg";
import { COMMAND_TIMEOUT_MS, CONNECT_TIMEOUT_MS, errnoOf, messageOf, TargetError } from "../core/target-error";
import type { PostgresOperation } from "./operation";
import { queryFor, ROW_CAP, STATEMENTS_PRESENCE_SQL } from "./queries";
import { type PostgresReading, PostgresReplyError, readReply } from "./read";

export const POSTGRES_APPLICATION_NAME = "runbook-dashboard";

// Cached on globalThis so a dev-server hot reload reuses the pool instead of leaking one per edit;
// in production the module loads once, so this is the same single pool per URL.
const globalStore = globalThis as typeof globalThis & { __runbookPostgresPools?: Map<string, pg.Pool> };
globalStore.__runbookPostgresPools ??= new Map<string, pg.Pool>();
const pools: Map<string, pg.Pool> = globalStore.__runbookPostgresPools;

/** "host:port" of a URL, for messages: never the user or password, whatever redaction would catch later. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get("host") || "localhost";
    return `PostgreSQL at ${host}:${parsed.port || "5432"}`;
  } catch {
    return "PostgreSQL (POSTGRES_URL)";
  }
}

function poolFor(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      // Two: one step at a time per user is the norm; a second lets "Run all" overlap without queueing.
      max: 2,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Both sides: the server cancels a slow statement, the client gives up on a server that stopped answering.
      statement_timeout: COMMAND_TIMEOUT_MS,
      query_timeout: COMMAND_TIMEOUT_MS,
      application_name: POSTGRES_APPLICATION_NAME,
      // Every transaction of these sessions is read-only, so even a bug of ours could not write; also a
      // lock_timeout so a catalog read never queues behind an ACCESS EXCLUSIVE lock for long.
      options: "-c default_transaction_read_only=on -c lock_timeout=2000",
      allowExitOnIdle: true,
    });
    // Without a listener an idle client's 'error' (server restart) is an uncaught exception that kills the server.
    pool.on("error", () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/** SQLSTATEs that mean the server lacks what a query needs (pg_stat_statements missing or not loaded). */
const UNSUPPORTED_CODES = new Set(["42P01", "42883", "55000", "0A000"]);

function sqlStateOf(e: unknown): string | undefined {
  const code = errnoOf(e);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Maps a node-postgres / server error to a TargetError, keeping the server's own words but never the URL. */
export function toPostgresError(e: unknown, where: string): TargetError {
  if (e instanceof TargetError) return e;
  const msg = messageOf(e);
  const errno = errnoOf(e);
  if (errno === "ECONNREFUSED") return new TargetError("refused", "postgres", `connection refused by ${where}`, errno);
  if (errno === "ENOTFOUND" || errno === "EAI_AGAIN") {
    return new TargetError("refused", "postgres", `cannot resolve the host of ${where}`, errno);
  }
  if (errno === "EHOSTUNREACH" || errno === "ENETUNREACH" || errno === "ECONNRESET") {
    return new TargetError("refused", "postgres", `${where}: ${msg}`, errno);
  }
  if (errno === "ETIMEDOUT" || /timeout expired|connection timeout/i.test(msg)) {
    return new TargetError(
      "timeout",
      "postgres",
      `${where} did not accept a connection within ${CONNECT_TIMEOUT_MS / 1000} s`,
      errno,
    );
  }
  if (/Query read timeout/i.test(msg)) {
    return new TargetError("timeout", "postgres", `${where} did not answer within ${COMMAND_TIMEOUT_MS / 1000} s`);
  }
  const state = sqlStateOf(e);
  if (state === "57014") {
    return new TargetError(
      "timeout",
      "postgres",
      `${where} cancelled the query after ${COMMAND_TIMEOUT_MS / 1000} s (statement_timeout)`,
      state,
    );
  }
  if (state === "55P03") {
    return new TargetError("timeout", "postgres", `${where}: the catalog read waited too long for a lock`, state);
  }
  if (state === "28P01" || state === "28000") {
    return new TargetError("auth", "postgres", `${where} refused the login: ${msg}`, state);
  }
  if (state === "42501") {
    return new TargetError(
      "auth",
      "postgres",
      `${where}: ${msg}. The dashboard's role needs pg_monitor (or pg_read_all_stats and pg_read_all_settings): GRANT pg_monitor TO <role>`,
      state,
    );
  }
  if (state === "3D000") return new TargetError("not-found", "postgres", `${where}: ${msg}`, state);
  if (state !== undefined && UNSUPPORTED_CODES.has(state)) {
    return new TargetError("unsupported", "postgres", `${where}: ${msg}`, state);
  }
  if (e instanceof PostgresReplyError) return new TargetError("other", "postgres", `${where}: ${msg}`);
  return new TargetError("other", "postgres", `${where}: ${msg}`, state ?? errno);
}

/** Checks pg_stat_statements is there before reading it, so the verdict can say which half is missing. */
async function assertStatementsAvailable(client: pg.PoolClient, where: string): Promise<void> {
  const result = await client.query<{ present: boolean; preload: string | null; database: string }>(
    STATEMENTS_PRESENCE_SQL,
  );
  const row = result.rows[0];
  if (row?.present) return;
  const loaded = (row?.preload ?? "")
    .split(",")
    .map((s) => s.trim().replace(/^"|"$/g, ""))
    .includes("pg_stat_statements");
  const database = row?.database ?? "this database";
  throw new TargetError(
    "unsupported",
    "postgres",
    loaded
      ? `pg_stat_statements is loaded but the extension is not created in database "${database}" on ${where}: run CREATE EXTENSION pg_stat_statements there`
      : `pg_stat_statements is not loaded on ${where} (shared_preload_libraries = '${row?.preload ?? ""}') and the extension is not created in database "${database}": add it to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements`,
    "pg_stat_statements",
  );
}

function explainUnsupported(error: TargetError, where: string): TargetError {
  // Only the server's own 55000 ("must be loaded via shared_preload_libraries"); our presence check already explains.
  if (error.kind !== "unsupported" || error.code !== "55000") return error;
  if (/pg_stat_statements/i.test(error.message) && /shared_preload_libraries/i.test(error.message)) {
    return new TargetError(
      "unsupported",
      "postgres",
      `pg_stat_statements is created but not loaded on ${where}: it must be loaded via shared_preload_libraries (then restart the server)`,
      error.code,
    );
  }
  return error;
}

/** Runs `op`'s canonical query against `url` and returns its typed reading. */
export async function queryPostgres(url: string | undefined, op: PostgresOperation): Promise<PostgresReading> {
  if (url === undefined || url.trim() === "") {
    throw new TargetError(
      "not-configured",
      "postgres",
      "PostgreSQL is not configured: set POSTGRES_URL (e.g. postgres://rb_diag_pg@db.internal:5432/postgres)",
    );
  }
  const where = describeTarget(url);
  let client: pg.PoolClient | undefined;
  try {
    client = await poolFor(url).connect();
    if (op.query === "top-statements") await assertStatementsAvailable(client, where);
    const { text, values } = queryFor(op);
    // rowMode stays "object": read.ts checks each row's fields by name.
    const result = await client.query({ text, values });
    return readReply(op.query, result.rows.slice(0, ROW_CAP), op.minSeconds);
  } catch (e) {
    const error = toPostgresError(e, where);
    // A client whose connection broke is not given back to the pool for the next step.
    if (client && (error.kind === "timeout" || error.kind === "refused")) {
      client.release(true);
      client = undefined;
    }
    throw explainUnsupported(error, where);
  } finally {
    client?.release();
  }
}

export interface StatementRows {
  columns: string[];
  rows: Record<string, unknown>[];
  /** More rows than ROW_CAP came back; only the first ROW_CAP are kept. */
  truncated: boolean;
}

/**
 * Runs a guide's own statement, which parse.ts showed is one read-only SELECT: inside a READ ONLY transaction
 * (so the server refuses any write it might still hide) with its own statement_timeout and lock_timeout,
 * at most ROW_CAP rows, and always rolled back.
 */
export async function queryStatement(url: string | undefined, sql: string): Promise<StatementRows> {
  if (url === undefined || url.trim() === "") {
    throw new TargetError("not-configured", "postgres", "PostgreSQL is not configured: set POSTGRES_URL");
  }
  const where = describeTarget(url);
  let client: pg.PoolClient | undefined;
  try {
    client = await poolFor(url).connect();
    await client.query("BEGIN TRANSACTION READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${COMMAND_TIMEOUT_MS}`);
    await client.query("SET LOCAL lock_timeout = 2000");
    // Newlines keep a trailing -- comment of the guide's text from swallowing the wrapper.
    const result = await client.query(`SELECT * FROM (\n${sql}\n) AS guide_statement LIMIT ${ROW_CAP + 1}`);
    await client.query("ROLLBACK");
    return {
      columns: result.fields.map((field) => field.name),
      rows: result.rows.slice(0, ROW_CAP),
      truncated: result.rows.length > ROW_CAP,
    };
  } catch (e) {
    const error = toPostgresError(e, where);
    if (client) {
      // Rolled back before the connection goes back to the pool; a broken one is dropped instead.
      const broken = error.kind === "timeout" || error.kind === "refused";
      if (!broken) await client.query("ROLLBACK").catch(() => undefined);
      client.release(broken);
      client = undefined;
    }
    throw error;
  } finally {
    client?.release();
  }
}

/** Ends every pool (tests, shutdown). */
export async function closePostgres(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.allSettled(all.map((pool) => pool.end()));
}
