// Runs one PostgreSQL diagnostic end to end: canonical query → typed reading → verdict, with readable raw rows.
import "server-only";
import type { Verdict } from "../../verdict/verdict";
import { failureVerdict } from "../core/failure-verdict";
import { TargetError } from "../core/target-error";
import { analyzePostgres } from "./checks";
import { queryPostgres } from "./client";
import type { PostgresOperation } from "./operation";
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
