import "server-only";
// The one module that reads process.env: validates it with zod into a typed, memoized config.
// Each variable is declared once, in the schema of its group (one file per system); a group's schema
// transforms its variables into its part of the config, and AppConfig is inferred from the combination.
import path from "node:path";
import type { z } from "zod";
import { authConfig } from "./auth";
import { type EnvSources, envFileSources } from "./env-sources";
import { httpConfig } from "./http";
import { incidentsConfig } from "./incidents";
import { limitsConfig } from "./limits";
import { localConfig } from "./local";
import { mongoConfig } from "./mongo";
import { postgresConfig } from "./postgres";
import { prometheusConfig } from "./prometheus";
import { redisConfig } from "./redis";
import { remediationConfig } from "./remediation";
import { serverConfig } from "./server";

export type { AuthConfig, AuthMode } from "./auth";
export type { LimitsConfig } from "./limits";
export {
  type ConfigFileEntry,
  childProcessEnv,
  ENV_PREFIX_PATTERN,
  type LogFileEntry,
  readPrefixedEnv,
} from "./local";
export type { RemediationConfig } from "./remediation";

/** The groups, in the order .env.example documents them. */
const GROUPS = [
  httpConfig,
  prometheusConfig,
  redisConfig,
  mongoConfig,
  postgresConfig,
  localConfig,
  incidentsConfig,
  serverConfig,
  authConfig,
  remediationConfig,
  limitsConfig,
] as const;

/** Every group parses the same environment (each picks its own variables); their outputs are merged. */
const appConfigSchema = httpConfig
  .and(prometheusConfig)
  .and(redisConfig)
  .and(mongoConfig)
  .and(postgresConfig)
  .and(localConfig)
  .and(incidentsConfig)
  .and(serverConfig)
  .and(authConfig)
  .and(remediationConfig)
  .and(limitsConfig)
  // Settings that are only wrong together (checked once every group is valid): the incident store's
  // MongoDB must not be a diagnosed database.
  .superRefine((c, ctx) => {
    if (
      c.incidentStore === "mongo" &&
      c.incidentsMongodbUrl === c.mongodbUrl &&
      c.incidentsMongodbDatabase === c.mongodbDatabase
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["INCIDENTS_MONGODB_DATABASE"],
        message: `must differ from MONGODB_DATABASE ("${c.mongodbDatabase}"): incidents live in their own database`,
      });
    }
  });

export type AppConfig = z.output<typeof appConfigSchema>;

/** The name of an environment variable this app reads. */
export type ConfigVariable = keyof z.input<typeof appConfigSchema>;

/** Every variable this app reads, in the order .env.example documents them. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = GROUPS.flatMap(
  (group) => Object.keys(group.in.shape) as ConfigVariable[],
);

/** What a step needs configured; `describeMissing` names the variable to set. */
export type ConfigTarget =
  | "api"
  | "metrics"
  | "health"
  | "prometheus"
  | "prometheus-target"
  | "prometheus-or-external"
  | "external"
  | "redis"
  | "redis-target"
  | "postgres-target"
  | "mongo-target"
  | "mongo"
  | "log-files"
  | "git"
  | "config-files"
  | "expected-metrics"
  | "rate-limit";

export interface ConfigIssue {
  variable: string;
  message: string;
  /** The .env file the bad value was read from; absent when it came from the real environment. */
  file?: string;
}

/** A bad environment. The message names each variable and what is wrong, never a password. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration: ${issues
        .map((i) => `${i.variable}: ${i.message}${i.file === undefined ? "" : ` (from ${i.file})`}`)
        .join("; ")}`,
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}

export type EnvSource = Record<string, string | undefined>;

/**
 * Validates an environment; throws ConfigError naming every bad variable, and the .env file it was read
 * from when `sources` (variable → file, from loadEnvFiles) has it.
 */
export function parseConfig(env: EnvSource, sources: EnvSources = {}): AppConfig {
  const input: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) input[name] = env[name];
  const result = appConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        const file = Object.hasOwn(sources, variable) ? sources[variable] : undefined;
        return {
          variable,
          // Our own messages never carry the raw value; zod's built-in ones ("expected string") don't either.
          message: issue.message,
          ...(file === undefined ? {} : { file }),
        };
      }),
    );
  }
  return result.data;
}

let memo: AppConfig | undefined;

/** The validated config, parsed once per process (a bad value fails the first caller, naming the variable). */
export function getConfig(): AppConfig {
  memo ??= parseConfig(process.env, envFileSources());
  return memo;
}

/** Forgets the memoized config so the next getConfig() re-reads the environment (tests, benchmarks). */
export function resetConfig(): void {
  memo = undefined;
}

const MISSING: Record<ConfigTarget, string> = {
  api: "set API_URL",
  metrics: "set METRICS_URL or API_URL",
  health: "set HEALTH_URL or API_URL",
  prometheus: "set PROMETHEUS_URL",
  "prometheus-target": "set PROMETHEUS_TARGETS",
  "prometheus-or-external": "set PROMETHEUS_TARGETS or EXTERNAL_SERVICES",
  external: "set EXTERNAL_SERVICES",
  redis: "set REDIS_URL",
  "redis-target": "set REDIS_TARGETS",
  "postgres-target": "set POSTGRES_TARGETS",
  "mongo-target": "set MONGODB_TARGETS",
  mongo: "set MONGODB_URL",
  "log-files": "set LOG_FILES",
  git: "set GIT_REPO_PATH",
  "config-files": "set CONFIG_FILES",
  "expected-metrics": "set EXPECTED_METRICS",
  "rate-limit": "set RATE_LIMIT_MAX",
};

/** What to set so a `not configured` step can run: "set REDIS_URL". */
export function describeMissing(target: ConfigTarget, name?: string): string {
  if (name === undefined) return MISSING[target];
  switch (target) {
    case "external":
      return `set EXTERNAL_SERVICES (add ${name}=http://host:port)`;
    case "prometheus-target":
      return `set PROMETHEUS_TARGETS (add ${name}=http://host:9090)`;
    case "prometheus-or-external":
      // A curl of Prometheus's API on a named host: a Prometheus, or a service that happens to serve that path.
      return `set PROMETHEUS_TARGETS (add ${name}=http://host:9090) if it is a Prometheus, else EXTERNAL_SERVICES (add ${name}=http://host:port)`;
    case "redis-target":
      return `set REDIS_TARGETS (add ${name}=redis://host:port)`;
    case "mongo-target":
      return `set MONGODB_TARGETS (add ${name}=mongodb://host:27017/)`;
    case "postgres-target":
      return `set POSTGRES_TARGETS (add ${name}=postgres://user@host:5432/postgres)`;
    case "log-files":
      return `set LOG_FILES (add ${name}=/real/path/to/file.log)`;
    case "config-files":
      return `set CONFIG_FILES (add ${name}=/real/path/to/${path.basename(name)})`;
    default:
      return MISSING[target];
  }
}

/** The tokens and the decoded password of every configured URL, for redactText (so they are masked in any output). */
export function configSecrets(config: AppConfig = getConfig()): string[] {
  const urls = [
    config.apiUrl,
    config.metricsUrl,
    config.healthUrl,
    config.prometheusUrl,
    config.redisUrl,
    config.mongodbUrl,
    config.postgresUrl,
    config.incidentsMongodbUrl,
    config.remediation.redisUrl,
    config.remediation.mongodbUrl,
    config.limits.redisUrl,
    config.auth.oidc.issuer,
    config.auth.publicUrl,
    ...Object.values(config.externalServices),
    ...Object.values(config.prometheusTargets),
    ...Object.values(config.redisTargets),
    ...Object.values(config.postgresTargets),
    ...Object.values(config.mongodbTargets),
  ];
  const out = new Set<string>();
  for (const token of [config.alertsToken, config.auth.secret, config.auth.oidc.clientSecret]) {
    if (token !== undefined) out.add(token);
  }
  for (const url of urls) {
    if (url === undefined) continue;
    const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)/i.exec(url)?.[1] ?? "";
    const at = authority.lastIndexOf("@");
    if (at < 0) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon < 0) continue;
    const raw = userinfo.slice(colon + 1);
    if (raw === "") continue;
    out.add(raw);
    try {
      out.add(decodeURIComponent(raw));
    } catch {
      // A malformed escape: the raw form is already in the set.
    }
  }
  return [...out];
}
