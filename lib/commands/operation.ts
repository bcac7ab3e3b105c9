// Typed operations a guide command line turns into. Nothing here is ever passed to a shell.

/** A value the operator supplies at run time, validated against `pattern`. */
export interface ParamSpec {
  name: string; // "user_id", "collection", "filter"
  label: string;
  /** Source of a RegExp the whole value must match. */
  pattern: string;
  /** Human description of what is allowed, shown on a validation error. */
  hint: string;
  defaultValue?: string;
  maxLength: number;
}

/** Named things the config resolves; a client can never name a host. */
export type HttpTarget =
  | { kind: "api" }
  | { kind: "metrics" }
  | { kind: "health" }
  | { kind: "prometheus" }
  | { kind: "external"; name: string };

export type RedisReadCommand =
  | "GET"
  | "INFO"
  | "CONFIG GET"
  | "SLOWLOG GET"
  | "LATENCY LATEST"
  | "MEMORY STATS"
  | "MEMORY DOCTOR"
  | "DBSIZE";

export type MongoReadOp = "serverStatus" | "connections" | "currentOp" | "explain" | "getIndexes" | "profiler";

export type Operation =
  | {
      kind: "redis";
      command: RedisReadCommand;
      /** Arguments after the command; may contain `{param}` placeholders (GET key template). */
      args: string[];
      grep?: string;
      /** `grep -i`: match the grep pattern case-insensitively. */
      grepIgnoreCase?: boolean;
    }
  | {
      kind: "http";
      target: HttpTarget;
      /** Path under the target, always starting with "/" ("/" for the target itself). */
      path: string;
      grep?: string;
      /** `grep -i`: match the grep pattern case-insensitively. */
      grepIgnoreCase?: boolean;
      /** curl -w "%{time_total}": the timing is the point. */
      timing: boolean;
    }
  | {
      kind: "mongo";
      op: MongoReadOp;
      /** Field selector after the call, e.g. "connections" in db.serverStatus().connections. */
      field?: string;
      /** Collection template for explain/getIndexes ("{collection}" when the guide says db.collection). */
      collection?: string;
      /** Filter JSON template for explain ("{filter}"). */
      filter?: string;
      /** For the read-only profiler counterpart: the slowms the guide asked for. */
      slowms?: number;
    }
  | { kind: "prometheus-targets" }
  | { kind: "log-tail"; file: string; follow: boolean }
  | { kind: "git-log"; since: string }
  | { kind: "env"; prefix: string }
  | { kind: "config-file"; file: string }
  | { kind: "system"; what: "resources" | "network" };

/** A state-changing line: shown, never run from a diagnostics page. */
export interface Remediation {
  system: "redis" | "mongo";
  /** "CONFIG SET maxmemory-policy", "createIndex", "setProfilingLevel". */
  action: string;
  args: string[];
}

export type ParsedCommand =
  | { type: "operation"; operation: Operation; params: ParamSpec[]; cli: string; readOnlyCounterpartOf?: string }
  | { type: "remediation"; remediation: Remediation; cli: string }
  | { type: "manual"; reason: string; cli: string };
