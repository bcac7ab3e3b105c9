// The verdict of a call that failed: the kind says which status and headline, the server's reason stays in
// the detail where the operator reads it.
import type { Verdict } from "../../verdict/verdict";
import type { TargetError } from "./target-error";

const HEADLINES: Readonly<Record<string, string>> = {
  timeout: "timed out",
  refused: "connection refused",
  auth: "not authorized",
  invalid: "invalid input",
  forbidden: "not allowed",
  "not-found": "not found",
};

/** `unsupportedHeadline` lets a system say what is missing ("pg_stat_statements is not available"). */
export function failureVerdict(
  error: TargetError,
  unsupportedHeadline = "the server does not support this command",
): Verdict {
  const base = { headlineValue: null, figures: [], detail: error.message };
  if (error.kind === "not-configured") return { status: "not-configured", headline: "not configured", ...base };
  if (error.kind === "unsupported") return { status: "unsupported", headline: unsupportedHeadline, ...base };
  return { status: "error", headline: HEADLINES[error.kind] ?? "failed", ...base };
}
