// Renders an Operation as the equivalent command an operator can copy into a terminal (never executed by us).
import type { HttpTarget, Operation } from "./operation";
import { shellQuote } from "./tokenize";

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
      return `${target.name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL`;
  }
}

function grepSuffix(grep: string | undefined, ignoreCase: boolean | undefined): string {
  if (grep === undefined) return "";
  return ` | grep ${ignoreCase === true ? "-i " : ""}${shellQuote(grep)}`;
}

// Characters that mean nothing special inside double quotes, so "$API_URL<path>" stays one literal word.
const DOUBLE_QUOTE_SAFE = /^[A-Za-z0-9._~/:@,+=&%?-]*$/;

/** The quoted URL word: the base is an environment variable, the path is literal. */
function httpUrlWord(target: HttpTarget, path: string): string {
  const base = `$${targetEnvVar(target)}`;
  // metrics and health are fixed paths of the API in the guide; their own path "/" adds nothing.
  const rest =
    target.kind === "metrics" || target.kind === "health" ? `/${target.kind}${path === "/" ? "" : path}` : path;
  return DOUBLE_QUOTE_SAFE.test(rest) ? `"${base}${rest}"` : `"${base}"${shellQuote(rest)}`;
}

/** `db.orders` when the name (or `{collection}` template) reads as a property, else db.getCollection("..."). */
export function mongoCollectionRef(collection: string): string {
  if (/^(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/.test(collection)) return `db.${collection}`;
  return `db.getCollection(${JSON.stringify(collection)})`;
}

/** The mongosh script for a Mongo read op. */
export function mongoScript(operation: Extract<Operation, { kind: "mongo" }>): string {
  const field = operation.field === undefined ? "" : `.${operation.field}`;
  const collection = mongoCollectionRef(operation.collection ?? "{collection}");
  switch (operation.op) {
    case "serverStatus":
      return `db.serverStatus()${field}`;
    case "connections":
      return `db.serverStatus().connections${field}`;
    case "currentOp":
      return `db.currentOp()${field}`;
    case "explain":
      return `${collection}.find(${operation.filter ?? ""}).explain("executionStats")`;
    case "getIndexes":
      return `${collection}.getIndexes()`;
    case "profiler": {
      const filter = operation.slowms === undefined ? "" : `{ millis: { $gte: ${operation.slowms} } }`;
      return `printjson(db.getProfilingStatus()); db.system.profile.find(${filter}).sort({ millis: -1 }).limit(10)`;
    }
  }
}

export function mongoshCli(script: string): string {
  return `mongosh --eval ${shellQuote(script)}`;
}

export function operationCli(operation: Operation): string {
  switch (operation.kind) {
    case "redis":
      return `redis-cli ${[operation.command, ...operation.args.map(shellQuote)].join(" ")}${grepSuffix(
        operation.grep,
        operation.grepIgnoreCase,
      )}`;
    case "http": {
      const timing = operation.timing ? ` -w ${shellQuote("\\n%{time_total}s\\n")}` : "";
      const url = httpUrlWord(operation.target, operation.path);
      return `curl -s${timing} ${url}${grepSuffix(operation.grep, operation.grepIgnoreCase)}`;
    }
    case "mongo":
      return mongoshCli(mongoScript(operation));
    case "prometheus-targets":
      return `curl -s "$PROMETHEUS_URL/api/v1/targets"`;
    case "log-tail":
      return `tail ${operation.follow ? "-f" : "-n 100"} ${shellQuote(operation.file)}`;
    case "git-log":
      return DOUBLE_QUOTE_SAFE.test(operation.since.replaceAll(" ", ""))
        ? `git log --since="${operation.since}"`
        : `git log ${shellQuote(`--since=${operation.since}`)}`;
    case "env":
      return `env | grep ${shellQuote(`^${operation.prefix}`)}`;
    case "config-file":
      return `cat ${shellQuote(operation.file)}`;
    case "system":
      return operation.what === "resources" ? "top -b -n 1" : "ss -tulpn";
  }
}
