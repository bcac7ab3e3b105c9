// Runs one PostgreSQL diagnostic end to end: canonical query → typed reading → verdict, with readable raw rows.
import "server-only";
import type { Verdict } from "../../verdict/verdict";
import { TargetError } from "../core/target-error";
import { analyzePostgres } from "./checks";
import { queryPostgres } from "./client";
import type { PostgresOperation } from "./operation";
import type { PostgresReading } from "./read";

const FAILURE_HEADLINES: Readonly<Record<string, string>> = {
  timeout: "timed out",
  refused: "connection refused",
  auth: "not authorized",
  invalid: "invalid input",
  forbidden: "not allowed",
  "not-found": "not found",
};

/** The verdict for a failed call: the server's reason stays in the detail, where the operator reads it. */
export function verdictForPostgresFailure(error: TargetError, op: PostgresOperation): Verdict {
  if (error.kind === "not-configured") {
    return {
      status: "not-configured",
      headline: "not configured",
      headlineValue: null,
      figures: [],
      detail: error.message,
    };
  }
  if (error.kind === "unsupported") {
    const headline =
      op.query === "top-statements" ? "pg_stat_statements is not available" : "the server does not support this query";
    return { status: "unsupported", headline, headlineValue: null, figures: [], detail: error.message };
  }
  return {
    status: "error",
    headline: FAILURE_HEADLINES[error.kind] ?? "failed",
    headlineValue: null,
    figures: [],
    detail: error.message,
  };
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
