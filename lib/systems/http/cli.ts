// The curl line equivalent to an HTTP operation, for operators to copy (never executed by us).
import { DOUBLE_QUOTE_SAFE, grepSuffix, shellQuote } from "../../commands/tokenize";
import type { HttpTarget } from "../../http/target-get";
import { namedTargetEnvVar } from "../../http/target-names";
import type { HttpOperation } from "./operation";

/** The environment variable that stands for a configured HTTP target's base URL in copyable commands. */
export function targetEnvVar(target: HttpTarget): string {
  switch (target.kind) {
    case "api":
    case "metrics":
    case "health":
      return "API_URL";
    case "prometheus":
      return "PROMETHEUS_URL";
    case "external":
      return namedTargetEnvVar(target.name);
  }
}

/** The quoted URL word: the base is an environment variable, the path is literal. */
function httpUrlWord(target: HttpTarget, path: string): string {
  const base = `$${targetEnvVar(target)}`;
  // metrics and health are fixed paths of the API in the guide; their own path "/" adds nothing.
  const rest =
    target.kind === "metrics" || target.kind === "health" ? `/${target.kind}${path === "/" ? "" : path}` : path;
  return DOUBLE_QUOTE_SAFE.test(rest) ? `"${base}${rest}"` : `"${base}"${shellQuote(rest)}`;
}

export function httpCli(operation: HttpOperation): string {
  const timing = operation.timing ? ` -w ${shellQuote("\\n%{time_total}s\\n")}` : "";
  const url = httpUrlWord(operation.target, operation.path);
  return `curl -s${timing} ${url}${grepSuffix(operation.grep, operation.grepIgnoreCase)}`;
}
