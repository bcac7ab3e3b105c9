// Recognises a guide's `psql -c "…"` line or ```sql statement as one of our canonical catalog queries, or
// else as a single read-only SELECT to run as written (in a READ ONLY transaction, client.ts).
//
// The guide's SQL is never sent to the server: it is parsed with pgsql-ast-parser (a maintained PostgreSQL
// grammar, so quoting, comments, casts and `;` are read as PostgreSQL reads them rather than guessed with
// regular expressions), checked to be one read-only SELECT, and mapped onto the query id it asks about.
// What we then run is queries.ts's SQL, parameterised with the threshold the line stated.
import { parse } from "pgsql-ast-parser";
import type { PostgresOp, PostgresOperation, PostgresQueryId, PostgresTarget } from "./operation";
import { canonicalSql } from "./queries";

export type PostgresParse = { ok: true; operation: PostgresOp } | { ok: false; reason: string };

const fail = (reason: string): PostgresParse => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------
// psql command line

/** Connection options: the target comes from POSTGRES_URL, so their values are read and dropped. */
const CONNECTION_OPTIONS_WITH_VALUE = new Set(["-h", "--host", "-p", "--port", "-U", "--username", "-d", "--dbname"]);
/** Output and start-up options with a value that change nothing about what is read. */
const OUTPUT_OPTIONS_WITH_VALUE = new Set(["-P", "--pset", "-F", "--field-separator", "-R", "--record-separator"]);
/** Flags that only change formatting or skip ~/.psqlrc (which we never read anyway). */
const DROPPED_FLAGS = new Set([
  "-X",
  "--no-psqlrc",
  "-A",
  "--no-align",
  "-t",
  "--tuples-only",
  "-x",
  "--expanded",
  "-q",
  "--quiet",
  "-w",
  "--no-password",
  "-W",
  "--password",
  "--csv",
  "-H",
  "--html",
  "-e",
  "--echo-queries",
  "-a",
  "--echo-all",
  "-n",
  "--no-readline",
]);
/** Options that would run something other than the one -c statement; named so the reason says which. */
const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  "-f": "psql -f runs a script file, which is not shown here; only a single -c statement is run live",
  "--file": "psql --file runs a script file, which is not shown here; only a single -c statement is run live",
  "-v": "psql -v sets client variables; the dashboard runs its own canonical query",
  "--set": "psql --set sets client variables; the dashboard runs its own canonical query",
  "--variable": "psql --variable sets client variables; the dashboard runs its own canonical query",
  "-o": "psql -o writes the output to a file",
  "--output": "psql --output writes the output to a file",
  "-L": "psql -L writes a session log file",
  "--log-file": "psql --log-file writes a session log file",
  "-l": "psql -l lists databases; it is not one of the diagnostics run live",
  "--list": "psql --list lists databases; it is not one of the diagnostics run live",
  "-1": "psql -1 wraps a script in a transaction; only a single read-only -c statement is run live",
  "--single-transaction": "psql --single-transaction wraps a script; only a single read-only -c statement is run live",
};
/** Short options that take a value, for clusters such as `-Atc "SQL"` or `-U postgres`. */
const SHORT_WITH_VALUE = new Set(["c", "h", "p", "U", "d", "f", "v", "o", "L", "P", "F", "R"]);

function isConnectionString(word: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(word) || /^\s*[a-z_]+\s*=/.test(word);
}

/**
 * Splits `-Atc` into `-A -t -c`, and `--host=x` / `-hlocalhost` into option and value, so the loop below sees
 * one option per word.
 */
function expandWord(word: string): string[] {
  if (word.startsWith("--")) {
    const eq = word.indexOf("=");
    return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word];
  }
  if (!word.startsWith("-") || word.length <= 2) return [word];
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) {
    const letter = word[i] ?? "";
    out.push(`-${letter}`);
    if (SHORT_WITH_VALUE.has(letter)) {
      if (i + 1 < word.length) out.push(word.slice(i + 1));
      break;
    }
  }
  return out;
}

/** Parses the words after `psql` (already split by the shell tokenizer). */
export function parsePsql(args: readonly string[]): PostgresParse {
  const words = args.flatMap((w) => expandWord(w));
  const commands: string[] = [];
  let host: string | undefined;
  let port: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const refused = REFUSED_OPTIONS[word];
    if (refused !== undefined) return fail(refused);
    if (word === "-c" || word === "--command") {
      const sql = words[i + 1];
      if (sql === undefined) return fail(`psql ${word} without a statement`);
      commands.push(sql);
      i += 1;
    } else if (CONNECTION_OPTIONS_WITH_VALUE.has(word) || OUTPUT_OPTIONS_WITH_VALUE.has(word)) {
      const value = words[i + 1];
      if (value === undefined) return fail(`psql ${word} without a value`);
      if (word === "-h" || word === "--host") host = value;
      if ((word === "-p" || word === "--port") && /^\d{1,5}$/.test(value)) port = value;
      i += 1;
    } else if (DROPPED_FLAGS.has(word)) {
      // Formatting only; the dashboard renders rows itself.
    } else if (word.startsWith("-")) {
      return fail(`psql option ${word} is not run live`);
    } else if (isConnectionString(word) || /^[A-Za-z0-9_.-]{1,63}$/.test(word)) {
      // A connection string names a server (a key into POSTGRES_TARGETS); a dbname / username names none.
      const url = /^postgres(?:ql)?:\/\//i.test(word) ? safeUrl(word) : undefined;
      if (url?.hostname) {
        host = url.hostname;
        port = url.port || port;
      }
    } else {
      return fail(`unexpected psql argument "${word}"`);
    }
  }
  if (commands.length === 0) return fail("psql without -c opens an interactive session; only psql -c lines run live");
  if (commands.length > 1) return fail("psql with more than one -c runs several statements; give one per line");
  const parsed = parseSql(commands[0] ?? "");
  const target = namedServer(host, port);
  return parsed.ok && target ? { ok: true, operation: { ...parsed.operation, target } } : parsed;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A host name the line gives; none for the local default, an IP literal or a socket directory (POSTGRES_URL). */
function namedServer(host: string | undefined, port: string | undefined): PostgresTarget | undefined {
  const name = host?.toLowerCase();
  if (
    name === undefined ||
    name === "localhost" ||
    name.startsWith("/") ||
    /^[\d.]+$/.test(name) ||
    name.includes(":")
  ) {
    return undefined;
  }
  if (!/^[a-z0-9][a-z0-9._-]{0,252}$/.test(name)) return undefined;
  return port === undefined ? { name } : { name, port };
}

// ---------------------------------------------------------------------------------------------
// SQL

/** The monitoring views a guide line may read; anything else is not one of our diagnostics. */
const KNOWN_RELATIONS = new Set(["pg_stat_activity", "pg_locks", "pg_stat_statements", "pg_class", "pg_database"]);

/** Functions that only read; everything else is refused, since a SELECT can call functions that write. */
const READ_ONLY_FUNCTIONS = new Set([
  "count",
  "sum",
  "avg",
  "min",
  "max",
  "round",
  "now",
  "clock_timestamp",
  "statement_timestamp",
  "current_timestamp",
  "age",
  "extract",
  "date_part",
  "date_trunc",
  "justify_interval",
  "to_char",
  "coalesce",
  "nullif",
  "left",
  "substr",
  "substring",
  "length",
  "trim",
  "lower",
  "upper",
  "regexp_replace",
  "replace",
  "cardinality",
  "array_length",
  "array_agg",
  "string_agg",
  "unnest",
  "pg_blocking_pids",
  "pg_backend_pid",
  "current_setting",
  "current_database",
  "pg_size_pretty",
  "make_interval",
  "json_object_agg",
  "json_agg",
  "to_jsonb",
  "to_regclass",
]);

/** Functions a guide line might call that change the server or its sessions; named so the reason says what they do. */
const STATE_CHANGING_FUNCTIONS: Readonly<Record<string, string>> = {
  pg_terminate_backend: "terminates another session",
  pg_cancel_backend: "cancels another session's query",
  set_config: "changes a setting",
  pg_reload_conf: "reloads the server configuration",
  pg_stat_reset: "resets statistics",
  pg_stat_statements_reset: "resets pg_stat_statements",
  pg_sleep: "holds a connection open",
  pg_advisory_lock: "takes a lock",
  pg_advisory_xact_lock: "takes a lock",
  pg_switch_wal: "switches the WAL file",
  pg_read_file: "reads a server file",
  pg_ls_dir: "lists a server directory",
  lo_import: "reads a server file into a large object",
  lo_export: "writes a server file",
  dblink: "connects to another server",
  dblink_exec: "runs SQL on another server",
};

/** Statement keywords the parser may not know; checked first so the reason names them. */
const STATEMENT_KEYWORDS: Readonly<Record<string, string>> = {
  copy: "COPY reads or writes files and tables",
  insert: "INSERT writes rows",
  update: "UPDATE writes rows",
  delete: "DELETE writes rows",
  merge: "MERGE writes rows",
  truncate: "TRUNCATE empties tables",
  create: "CREATE is DDL (it changes the schema)",
  alter: "ALTER is DDL (it changes the schema or a setting)",
  drop: "DROP is DDL (it removes objects)",
  grant: "GRANT changes privileges",
  revoke: "REVOKE changes privileges",
  vacuum: "VACUUM is maintenance that changes the server's state",
  analyze: "ANALYZE rewrites statistics",
  reindex: "REINDEX rebuilds indexes",
  cluster: "CLUSTER rewrites a table",
  lock: "LOCK takes table locks",
  set: "SET changes a setting",
  reset: "RESET changes a setting",
  begin: "BEGIN opens a transaction",
  commit: "COMMIT ends a transaction",
  rollback: "ROLLBACK ends a transaction",
  do: "DO runs procedural code",
  call: "CALL runs a procedure",
  explain: "EXPLAIN is not one of the diagnostics run live (EXPLAIN ANALYZE would execute the statement)",
  show: "SHOW is not one of the diagnostics run live",
  listen: "LISTEN is not a diagnostic",
  notify: "NOTIFY sends a notification",
  prepare: "PREPARE is not a diagnostic",
  execute: "EXECUTE runs a prepared statement",
  discard: "DISCARD resets session state",
  checkpoint: "CHECKPOINT forces a checkpoint",
  refresh: "REFRESH MATERIALIZED VIEW rewrites a view",
  comment: "COMMENT changes the catalog",
  with: "WITH queries are not recognised (a CTE can hide an INSERT, UPDATE or DELETE)",
  table: "TABLE reads a whole table; it is not one of the diagnostics run live",
  values: "VALUES is not a diagnostic",
};

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every object node below `value`, depth first, including `value` itself. */
function nodesOf(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) {
    for (const item of value) nodesOf(item, out);
  } else if (isNode(value)) {
    out.push(value);
    for (const child of Object.values(value)) nodesOf(child, out);
  }
  return out;
}

function nameOf(value: unknown): string | undefined {
  return isNode(value) && typeof value.name === "string" ? value.name.toLowerCase() : undefined;
}

const isRef = (node: unknown, ...names: string[]): boolean =>
  isNode(node) && node.type === "ref" && typeof node.name === "string" && names.includes(node.name.toLowerCase());

/** Removes -- and /* *\/ comments outside quotes, so the first keyword can be read. */
function leadingKeyword(sql: string): string {
  const stripped = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, "");
  return (/^[A-Za-z]+/.exec(stripped)?.[0] ?? "").toLowerCase();
}

/** "5 minutes", "30s", "1 hour", "00:05:00" → seconds; null when it is not an interval we read. */
export function intervalSeconds(text: string): number | null {
  const clock = /^\s*(\d{1,3}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*$/.exec(text);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
  const units: [RegExp, number][] = [
    [/^(?:ms|msecs?|milliseconds?)$/, 0.001],
    [/^(?:s|secs?|seconds?)$/, 1],
    [/^(?:m|mins?|minutes?)$/, 60],
    [/^(?:h|hrs?|hours?)$/, 3600],
    [/^(?:d|days?)$/, 86400],
  ];
  let total = 0;
  let matched = false;
  const re = /\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*/giy;
  let rest = text.trim();
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    const unit = (m[2] ?? "").toLowerCase();
    const factor = units.find(([pattern]) => pattern.test(unit))?.[1];
    if (factor === undefined) return null;
    total += Number(m[1]) * factor;
    matched = true;
    if (re.lastIndex >= rest.length) {
      rest = "";
      break;
    }
  }
  return matched && rest === "" ? total : null;
}

const COMPARISONS = new Set([">", ">=", "<", "<="]);
const DURATION_COLUMNS = ["query_start", "xact_start", "state_change", "waitstart"];

/** A comparison in WHERE that bounds how long a session has run; its threshold in seconds, or a reason. */
function durationFilter(where: unknown): { seconds: number } | { reason: string } | null {
  for (const node of nodesOf(where)) {
    if (node.type !== "binary" || typeof node.op !== "string" || !COMPARISONS.has(node.op)) continue;
    const inside = nodesOf(node);
    if (!inside.some((n) => isRef(n, ...DURATION_COLUMNS))) continue;
    const interval = inside.find(
      (n) => n.type === "cast" && nameOf(n.to) === "interval" && isNode(n.operand) && n.operand.type === "string",
    );
    if (interval && isNode(interval.operand)) {
      const text = String(interval.operand.value);
      const seconds = intervalSeconds(text);
      if (seconds === null) return { reason: `the interval '${text}' is not understood` };
      return { seconds };
    }
    const epoch = inside.some((n) => n.type === "extract" && nameOf(n.field) === "epoch");
    const number = inside.find((n) => n.type === "integer" || n.type === "numeric");
    if (epoch && number) return { seconds: Number(number.value) };
    return { reason: "the duration filter is neither an interval nor extract(epoch from …) compared with seconds" };
  }
  return null;
}

/** WHERE state = 'idle in transaction' (or IN (...) / LIKE 'idle in transaction%'). */
function filtersIdleInTransaction(where: unknown): boolean {
  return nodesOf(where).some(
    (node) =>
      node.type === "binary" &&
      isRef(node.left, "state") &&
      nodesOf(node.right).some((n) => n.type === "string" && /^idle in transaction/i.test(String(n.value))),
  );
}

function limitOf(statement: Node): number | undefined {
  const limit = isNode(statement.limit) ? statement.limit.limit : undefined;
  if (isNode(limit) && limit.type === "integer" && typeof limit.value === "number" && limit.value > 0) {
    return limit.value;
  }
  return undefined;
}

function operation(query: PostgresQueryId, minSeconds: number | undefined, limit: number | undefined): PostgresParse {
  const op: PostgresOperation = { kind: "postgres", query };
  if (minSeconds !== undefined) op.minSeconds = minSeconds;
  if (limit !== undefined) op.limit = limit;
  return { ok: true, operation: op };
}

/** Parses one SQL statement (a ```sql line, or the text of psql -c). */
export function parseSql(sql: string): PostgresParse {
  const text = sql.trim();
  if (text === "") return fail("empty SQL statement");
  if (text.startsWith("\\")) {
    return fail(`psql meta-command ${text.split(/\s/)[0]} is run by psql itself, not the server; it is not run live`);
  }
  if (/(^|[^\\])\\[a-zA-Z?]/.test(text.replace(/'(?:[^']|'')*'/g, "''"))) {
    return fail("the statement contains a psql meta-command (\\…); it is not run live");
  }
  const keyword = leadingKeyword(text);
  if (keyword !== "select") {
    const why = STATEMENT_KEYWORDS[keyword];
    return fail(
      why ? `${why}; only read-only SELECT diagnostics run live` : `not a SELECT statement ("${keyword || text}")`,
    );
  }
  // The parser does not know SELECT … INTO; named here so the reason says what it would do.
  if (/\binto\b/i.test(text.replace(/'(?:[^']|'')*'/g, "''"))) {
    return fail("SELECT INTO creates a table; it is not run live");
  }
  let statements: unknown[];
  try {
    statements = parse(text);
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    return fail(`the SQL does not parse as PostgreSQL: ${first}`);
  }
  if (statements.length !== 1) {
    return fail(`${statements.length} statements joined by ";"; only a single SELECT runs live`);
  }
  const statement = statements[0];
  if (!isNode(statement) || statement.type !== "select") {
    return fail(
      `a ${isNode(statement) ? String(statement.type).toUpperCase() : "non-SELECT"} statement is not run live`,
    );
  }
  if (statement.for !== undefined) return fail("SELECT … FOR UPDATE/SHARE takes row locks; it is not run live");
  if (statement.into !== undefined) return fail("SELECT INTO creates a table; it is not run live");

  const nodes = nodesOf(statement);
  const writes = nodes.find((n) => ["insert", "update", "delete", "with"].includes(String(n.type)));
  if (writes) return fail(`the statement contains ${String(writes.type).toUpperCase()}; only plain reads run live`);

  const functions = new Set<string>();
  for (const node of nodes) {
    if (node.type !== "call") continue;
    const name = nameOf(node.function);
    if (name === undefined) continue;
    const danger = STATE_CHANGING_FUNCTIONS[name];
    if (danger !== undefined) return fail(`${name}() ${danger}; it stays a manual step`);
    if (!READ_ONLY_FUNCTIONS.has(name)) return fail(`function ${name}() is not known to be read-only`);
    functions.add(name);
  }
  // Safe to send as it is: one SELECT, no locks, no writes, only functions known to be read-only. If it is
  // not one of the canonical diagnostics below, it runs as the guide wrote it (a READ ONLY transaction).
  const asWritten = statementOf(text);
  const relations = new Set<string>();
  for (const node of nodes) {
    if (node.type !== "table") continue;
    const name = nameOf(node.name);
    if (name === undefined) continue;
    const schema = isNode(node.name) ? node.name.schema : undefined;
    if (typeof schema === "string" && !["pg_catalog", "public"].includes(schema.toLowerCase())) return asWritten;
    if (!KNOWN_RELATIONS.has(name)) return asWritten;
    relations.add(name);
  }
  const limit = limitOf(statement);
  const filter = durationFilter(statement.where);
  if (filter !== null && "reason" in filter) return asWritten;
  const minSeconds = filter?.seconds;

  if (relations.has("pg_stat_statements")) {
    const orderBy = Array.isArray(statement.orderBy) ? statement.orderBy : [];
    const byTotal = orderBy.some((o) => isNode(o) && isRef(o.by, "total_exec_time", "total_time"));
    if (!byTotal) return asWritten;
    return operation("top-statements", undefined, limit);
  }
  const notGranted = nodes.some((n) => isRef(n, "granted"));
  if (functions.has("pg_blocking_pids") || (relations.has("pg_locks") && notGranted)) {
    return operation("lock-waits", minSeconds, limit);
  }
  if (relations.has("pg_locks") || !relations.has("pg_stat_activity")) return asWritten;
  const idle = filtersIdleInTransaction(statement.where);
  if (idle) return operation("idle-in-transaction", minSeconds, limit);
  if (minSeconds !== undefined) return operation("long-running", minSeconds, limit);
  const groupsByState = (Array.isArray(statement.groupBy) ? statement.groupBy : []).some((g) => isRef(g, "state"));
  if (groupsByState || functions.has("count")) return operation("connections", undefined, undefined);
  return asWritten;
}

/** The guide's statement to send as written: one statement, so only a trailing ";" is dropped. */
function statementOf(text: string): PostgresParse {
  return { ok: true, operation: { kind: "postgres", query: "statement", sql: text.replace(/;\s*$/, "").trim() } };
}

/** Quotes for a POSIX shell inside double quotes: the SQL keeps its single quotes. */
function doubleQuote(text: string): string {
  return `"${text.replace(/["\\$`]/g, "\\$&")}"`;
}

/** The `psql -c "…"` line equivalent to what the dashboard runs for `op` (its canonical SQL, values inlined). */
export function cliFor(op: PostgresOp): string {
  const target = op.target ? `-h ${op.target.name} ${op.target.port ? `-p ${op.target.port} ` : ""}` : "";
  return `psql -X ${target}-c ${doubleQuote(op.query === "statement" ? op.sql : canonicalSql(op))}`;
}
