// Runs one PostgreSQL diagnostic end to end: canonical query → typed reading → verdict, with readable raw rows.
import "server-only";
import { getConfig } from "../../config";
import { namedTargetUrl } from "../../config/named-target";
import { shownReply } from "../../verdict/shown-reply";
import type { Verdict } from "../../verdict/verdict";
import { failureVerdict } from "../core/failure-verdict";
import { notConfigured, TargetError } from "../core/target-error";
import { analyzePostgres } from "./checks";
import { queryPostgres, queryStatement } from "./client";
import type { PostgresOp, PostgresOperation, PostgresStatement } from "./operation";
import { ROW_CAP } from "./queries";
import type { PostgresReading } from "./read";

/** The verdict for a failed call: the server's reason stays in the detail, where the operator reads it. */
export function verdictForPostgresFailure(error: TargetError, op: PostgresOperation): Verdict {
  return failureVerdict(
    error,
    op.query === "top-statements" ? "pg_stat_statements is not available" : "the server does not support this query",
  );
}

/** The rows as JSON; query texts are already capped by the query (left()) and read.ts. */
export function rawOf(reading: PostgresReading): string {
  const { query, ...rest } = reading;
  return JSON.stringify({ query, ...rest }, null, 2);
}

/** A guide's own read-only statement: its rows as a table, shown, not judged (unless the runbook declares thresholds). */
export async function runPostgresStatement(
  url: string | undefined,
  op: PostgresStatement,
): Promise<{ verdict: Verdict; raw: string }> {
  try {
    const { rows, truncated } = await queryStatement(url, op.sql);
    const verdict = shownReply("rows", rows);
    const note = truncated ? ` Only the first ${ROW_CAP} rows were read.` : "";
    return { verdict: { ...verdict, detail: `${verdict.detail ?? ""}${note}` }, raw: JSON.stringify(rows, null, 2) };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { verdict: failureVerdict(error, "the server does not support this statement"), raw: error.message };
  }
}

export async function runPostgres(
  url: string | undefined,
  op: PostgresOperation,
): Promise<{ verdict: Verdict; raw: string }> {
  try {
    const reading = await queryPostgres(url, op);
    return { verdict: analyzePostgres(reading, new Date()), raw: rawOf(reading) };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { verdict: verdictForPostgresFailure(error, op), raw: error.message };
  }
}

/** The step's operation against POSTGRES_URL, or the POSTGRES_TARGETS entry of the server its line names. */
export async function runPostgresStep(operation: PostgresOp): Promise<{ verdict: Verdict; raw: string }> {
  const config = getConfig();
  // A server the line names runs against its configured entry only, never the name itself.
  const url = operation.target ? namedTargetUrl(config.postgresTargets, operation.target) : config.postgresUrl;
  if (operation.target && url === undefined) {
    const missing = notConfigured("postgres", "postgres-target", operation.target.name);
    return { verdict: failureVerdict(missing, ""), raw: missing.message };
  }
  return operation.query === "statement" ? runPostgresStatement(url, operation) : runPostgres(url, operation);
}
