// The one module that reads process.env: validates it with zod into a typed, memoized config.
import path from "node:path";
import { z } from "zod";
import { redactUrl } from "./redact";

/** One allowlisted log file: the path the guide names → the file actually read. */
export interface LogFileEntry {
  guidePath: string;
  realPath: string;
}

/** One allowlisted config file: the name the guide uses (`config.yaml`) → the file actually read. */
export interface ConfigFileEntry {
  name: string;
  realPath: string;
}

export interface AppConfig {
  /** The guide's `http://your-api-url`. */
  apiUrl: string | undefined;
  /** Defaults to `${apiUrl}/metrics`. */
  metricsUrl: string | undefined;
  /** Defaults to `${apiUrl}/health`. */
  healthUrl: string | undefined;
  /** The guide's `http://prometheus:9090`. */
  prometheusUrl: string | undefined;
  /** Name → base URL; the guide's `http://external-service/health` uses name `external-service`. */
  externalServices: Readonly<Record<string, string>>;
  redisUrl: string | undefined;
  mongodbUrl: string | undefined;
  mongodbDatabase: string;
  logFiles: readonly LogFileEntry[];
  gitRepoPath: string | undefined;
  envPrefix: string;
  configFiles: readonly ConfigFileEntry[];
  expectedMetrics: readonly string[];
  rateLimitMax: number | undefined;
  /** status.json written by scripts/demo-stack.sh: which parts of the demo stack are up, and why not. */
  demoStatusFile: string | undefined;
  /** Where incidents are kept: the embedded SQLite file (default) or a shared MongoDB database. */
  incidentStore: "sqlite" | "mongo";
  /** Absolute directory of the SQLite incident store (DATA_DIR, default `.data` under the working directory). */
  dataDir: string;
  incidentsMongodbUrl: string | undefined;
  incidentsMongodbDatabase: string;
  /** Bearer token Alertmanager must send to POST /api/alerts; unset turns alert intake off. */
  alertsToken: string | undefined;
  /** Who may use the dashboard and how they prove it (see lib/auth). */
  auth: AuthConfig;
  /** Where server.ts listens: HOST (unset: 127.0.0.1 when AUTH_MODE=none, else every interface) and PORT. */
  server: { host: string | undefined; port: number };
  /** Guarded changes from the guide's solutions; all off unless REMEDIATIONS_ENABLED=true. */
  remediation: RemediationConfig;
  /** Per-user rate limits and in-flight locks. */
  limits: LimitsConfig;
}

export type AuthMode = "local" | "oidc" | "proxy" | "none";

export interface AuthConfig {
  /** local accounts, OpenID Connect, trusted reverse-proxy headers, or none (loopback only, with a banner). */
  mode: AuthMode;
  /** Signs and encrypts session cookies (AUTH_SECRET); required for local and oidc. */
  secret: string | undefined;
  /** The address people open the dashboard at (PUBLIC_URL), e.g. https://runbooks.example.com. */
  publicUrl: string | undefined;
  /** Peers whose identity headers are believed (AUTH_TRUSTED_PROXIES): IPs or CIDRs. */
  trustedProxies: readonly string[];
  proxyUserHeader: string;
  proxyEmailHeader: string;
  proxyGroupsHeader: string;
  /** Group names (OIDC groups claim or proxy groups header) that make someone an admin / operator. */
  adminGroups: readonly string[];
  operatorGroups: readonly string[];
  oidc: {
    issuer: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    groupsClaim: string;
    /** The sign-in button's text, e.g. "Okta". */
    displayName: string;
  };
}

export interface RemediationConfig {
  enabled: boolean;
  /** Separate, more privileged credentials for changes; unset uses REDIS_URL / MONGODB_URL. */
  redisUrl: string | undefined;
  mongodbUrl: string | undefined;
}

export interface LimitsConfig {
  /** Redis that holds rate-limit counters and in-flight locks (shared by instances); unset keeps them in memory. */
  redisUrl: string | undefined;
  runsPerMinute: number;
  remediationsPerMinute: number;
}

/** What a step needs configured; `describeMissing` names the variable to set. */
export type ConfigTarget =
  | "api"
  | "metrics"
  | "health"
  | "prometheus"
  | "external"
  | "redis"
  | "mongo"
  | "log-files"
  | "git"
  | "config-files"
  | "expected-metrics"
  | "rate-limit";

export interface ConfigIssue {
  variable: string;
  message: string;
}

/** A bad environment. The message names each variable and what is wrong, never a password. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(`invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

export type EnvSource = Record<string, string | undefined>;

// ---------------------------------------------------------------------------------------------
// Field schemas. Each one turns "" into undefined (an empty line in .env means unset) and adds
// issues whose text shows the value only through shownValue, so a password can never surface.

type Ctx = z.core.$RefinementCtx<string | undefined>;

/**
 * A value as it may appear in an error: URL userinfo masked, and for anything malformed enough
 * that redactUrl cannot find the userinfo ("://u:pw@h", "u:pw@h"), everything before the last "@".
 */
function shownValue(value: string): string {
  const masked = redactUrl(value);
  const at = masked.lastIndexOf("@");
  if (at < 0 || masked.slice(0, at).endsWith(":***")) return masked;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(masked)?.[0] ?? "";
  return `${scheme}***${masked.slice(at)}`;
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => {
    const t = v?.trim();
    return t === "" ? undefined : t;
  });

function checkUrl(value: string, schemes: readonly string[], example: string, ctx: Ctx): string | undefined {
  const shown = shownValue(value);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme)) {
    ctx.addIssue({
      code: "custom",
      message: `must start with ${schemes.map((s) => `${s}://`).join(" or ")} (e.g. ${example}), got "${shown}"`,
    });
    return undefined;
  }
  if (scheme.startsWith("mongodb")) {
    // Multi-host seed lists ("h1:1,h2:2") are not WHATWG URLs, so mongodb URIs get a shape check;
    // an unescaped "@" or ":" in the password is what the driver itself would reject later.
    const m = /^mongodb(?:\+srv)?:\/\/(?:([^@/?#\s]*)@)?([^@/?#\s]+)(\/[^?#\s]*)?(\?[^#\s]*)?$/i.exec(value);
    if (!m) {
      ctx.addIssue({
        code: "custom",
        message: `is not a valid connection string (percent-encode "@", ":" and "/" in the user name and password), got "${shown}"`,
      });
      return undefined;
    }
    return value;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `is not a valid URL, got "${shown}"` });
    return undefined;
  }
  if (url.hostname === "") {
    ctx.addIssue({ code: "custom", message: `has no host, got "${shown}"` });
    return undefined;
  }
  return value;
}

function urlField(schemes: readonly string[], example: string) {
  return optionalText.transform((v, ctx) => (v === undefined ? undefined : checkUrl(v, schemes, example, ctx)));
}

const HTTP = ["http", "https"] as const;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function splitList(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const externalServicesField = optionalText.transform((v, ctx) => {
  const out: Record<string, string> = {};
  if (v === undefined) return out;
  for (const entry of splitList(v)) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? "" : entry.slice(0, eq).trim();
    const url = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (!SERVICE_NAME.test(name) || url === "") {
      ctx.addIssue({
        code: "custom",
        message: `entry "${shownValue(entry)}" must be name=http://host (name: letters, digits, . _ -)`,
      });
      continue;
    }
    if (Object.hasOwn(out, name)) {
      ctx.addIssue({ code: "custom", message: `service "${name}" is listed twice` });
      continue;
    }
    const checked = checkUrl(url, HTTP, "external-service=http://127.0.0.1:4001", ctx);
    if (checked !== undefined) out[name] = trimSlash(checked);
  }
  return out;
});

/** `guide=real` or a bare absolute path (then the guide names the real path itself). */
function pairList(v: string | undefined, ctx: Ctx, example: string): { key: string; realPath: string }[] {
  const out: { key: string; realPath: string }[] = [];
  if (v === undefined) return out;
  const seen = new Set<string>();
  for (const entry of splitList(v)) {
    const eq = entry.indexOf("=");
    const key = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const realPath = (eq < 0 ? entry : entry.slice(eq + 1)).trim();
    if (key === "" || realPath === "" || key.includes("\0") || realPath.includes("\0")) {
      ctx.addIssue({
        code: "custom",
        message: `entry "${shownValue(entry)}" must be guidePath=/real/path or /real/path (e.g. ${example})`,
      });
      continue;
    }
    if (!path.isAbsolute(realPath)) {
      ctx.addIssue({ code: "custom", message: `entry "${shownValue(entry)}": the real path must be absolute` });
      continue;
    }
    if (seen.has(key)) {
      ctx.addIssue({ code: "custom", message: `"${key}" is listed twice` });
      continue;
    }
    seen.add(key);
    out.push({ key, realPath: path.normalize(realPath) });
  }
  return out;
}

const logFilesField = optionalText.transform((v, ctx) =>
  pairList(v, ctx, "/var/log/error.log=/srv/app/error.log").map(
    ({ key, realPath }): LogFileEntry => ({ guidePath: key, realPath }),
  ),
);

const configFilesField = optionalText.transform((v, ctx) =>
  pairList(v, ctx, "config.yaml=/etc/app/config.yaml").map(
    ({ key, realPath }): ConfigFileEntry => ({ name: key, realPath }),
  ),
);

function absolutePathField(what: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (!path.isAbsolute(v)) {
      ctx.addIssue({ code: "custom", message: `must be an absolute path to ${what}, got "${v}"` });
      return undefined;
    }
    return path.normalize(v);
  });
}

export const ENV_PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{1,63}$/;

const envPrefixField = optionalText.transform((v, ctx) => {
  if (v === undefined) return "APP_";
  if (!ENV_PREFIX_PATTERN.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be 2-64 letters, digits or _ (e.g. APP_), got "${v}"` });
    return "APP_";
  }
  return v;
});

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const expectedMetricsField = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const names = splitList(v);
  for (const n of names) {
    if (!METRIC_NAME.test(n)) ctx.addIssue({ code: "custom", message: `"${n}" is not a Prometheus metric name` });
  }
  return [...new Set(names)];
});

const mongoDatabaseField = optionalText.transform((v, ctx) => {
  if (v === undefined) return "app";
  // MongoDB forbids these characters in database names; 63 bytes is its limit.
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be 1-63 letters, digits, _ or -, got "${v}"` });
    return "app";
  }
  return v;
});

const incidentStoreField = optionalText.transform((v, ctx) => {
  if (v === undefined) return "sqlite" as const;
  if (v !== "sqlite" && v !== "mongo") {
    ctx.addIssue({ code: "custom", message: `must be sqlite or mongo, got "${v}"` });
    return "sqlite" as const;
  }
  return v;
});

const dataDirField = optionalText.transform((v, ctx) => {
  let dir = v ?? ".data";
  if (dir.includes("\0")) {
    ctx.addIssue({ code: "custom", message: "must be a directory path" });
    dir = ".data";
  }
  // A runtime path: the comment keeps Turbopack from tracing the whole project into the build output.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), dir);
});

const incidentsDatabaseField = optionalText.transform((v, ctx) => {
  if (v === undefined) return "runbook_incidents";
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be 1-63 letters, digits, _ or -, got "${v}"` });
    return "runbook_incidents";
  }
  return v;
});

const alertsTokenField = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  // Never echo the value: it is a secret.
  if (v.length < 16 || v.length > 512 || /\s/.test(v)) {
    ctx.addIssue({ code: "custom", message: "must be 16-512 characters without spaces (e.g. openssl rand -hex 24)" });
    return undefined;
  }
  return v;
});

const rateLimitField = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1) {
    ctx.addIssue({ code: "custom", message: `must be a positive integer, got "${v}"` });
    return undefined;
  }
  return Number(v);
});

function oneOf<T extends string>(values: readonly T[], fallback: T) {
  return optionalText.transform((v, ctx): T => {
    if (v === undefined) return fallback;
    if (!(values as readonly string[]).includes(v)) {
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}, got "${v}"` });
      return fallback;
    }
    return v as T;
  });
}

function booleanField(fallback: boolean) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(v)) return true;
    if (/^(false|0|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: "custom", message: `must be true or false, got "${v}"` });
    return fallback;
  });
}

function secretField(minLength: number, example: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    // Never echo the value: it is a secret.
    if (v.length < minLength || v.length > 512 || /\s/.test(v)) {
      ctx.addIssue({
        code: "custom",
        message: `must be ${minLength}-512 characters without spaces (e.g. ${example})`,
      });
      return undefined;
    }
    return v;
  });
}

function positiveIntField(fallback: number, max: number) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max) {
      ctx.addIssue({ code: "custom", message: `must be an integer from 1 to ${max}, got "${v}"` });
      return fallback;
    }
    return Number(v);
  });
}

/** IPv4/IPv6 addresses or CIDR blocks, e.g. 127.0.0.1,10.0.0.0/8,::1. */
const proxyListField = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const out: string[] = [];
  for (const entry of splitList(v)) {
    const [address, bits, extra] = entry.split("/");
    const isV4 = address !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
    const isV6 = address?.includes(":") && /^[0-9a-f:.]+$/i.test(address);
    const maxBits = isV4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if ((!isV4 && !isV6) || !bitsOk || extra !== undefined) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.0/8)` });
      continue;
    }
    out.push(entry);
  }
  return out;
});

const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;

function headerNameField(fallback: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!HEADER_NAME.test(v)) {
      ctx.addIssue({ code: "custom", message: `must be an HTTP header name (letters, digits, -), got "${v}"` });
      return fallback;
    }
    return v.toLowerCase();
  });
}

/** An IP address or host name to listen on (no scheme, port or path). */
const hostField = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(v) && !/^\[[0-9A-Fa-f:.]+\]$/.test(v)) {
    ctx.addIssue({ code: "custom", message: `must be an IP address or host name (e.g. 127.0.0.1), got "${v}"` });
    return undefined;
  }
  return v.replace(/^\[|\]$/g, "");
});

const groupListField = optionalText.transform((v) => (v === undefined ? [] : splitList(v)));

const envSchema = z.object({
  API_URL: urlField(HTTP, "http://127.0.0.1:3001"),
  METRICS_URL: urlField(HTTP, "http://127.0.0.1:3001/metrics"),
  HEALTH_URL: urlField(HTTP, "http://127.0.0.1:3001/health"),
  PROMETHEUS_URL: urlField(HTTP, "http://127.0.0.1:9090"),
  EXTERNAL_SERVICES: externalServicesField,
  REDIS_URL: urlField(["redis", "rediss"], "redis://127.0.0.1:6379"),
  MONGODB_URL: urlField(["mongodb", "mongodb+srv"], "mongodb://127.0.0.1:27017/"),
  MONGODB_DATABASE: mongoDatabaseField,
  LOG_FILES: logFilesField,
  GIT_REPO_PATH: absolutePathField("a git work tree"),
  ENV_PREFIX: envPrefixField,
  CONFIG_FILES: configFilesField,
  EXPECTED_METRICS: expectedMetricsField,
  RATE_LIMIT_MAX: rateLimitField,
  DEMO_STATUS_FILE: absolutePathField("the demo stack's status.json"),
  INCIDENT_STORE: incidentStoreField,
  DATA_DIR: dataDirField,
  INCIDENTS_MONGODB_URL: urlField(["mongodb", "mongodb+srv"], "mongodb://127.0.0.1:27017/"),
  INCIDENTS_MONGODB_DATABASE: incidentsDatabaseField,
  ALERTS_TOKEN: alertsTokenField,
  HOST: hostField,
  PORT: positiveIntField(3000, 65_535),
  AUTH_MODE: oneOf(["local", "oidc", "proxy", "none"] as const, "local"),
  AUTH_SECRET: secretField(32, "openssl rand -hex 32"),
  PUBLIC_URL: urlField(HTTP, "https://runbooks.example.com"),
  AUTH_TRUSTED_PROXIES: proxyListField,
  AUTH_PROXY_USER_HEADER: headerNameField("x-forwarded-user"),
  AUTH_PROXY_EMAIL_HEADER: headerNameField("x-forwarded-email"),
  AUTH_PROXY_GROUPS_HEADER: headerNameField("x-forwarded-groups"),
  AUTH_ADMIN_GROUPS: groupListField,
  AUTH_OPERATOR_GROUPS: groupListField,
  OIDC_ISSUER: urlField(HTTP, "https://login.example.com/realms/eng"),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: secretField(8, "the client secret your identity provider issued"),
  OIDC_GROUPS_CLAIM: optionalText.transform((v) => v ?? "groups"),
  OIDC_DISPLAY_NAME: optionalText.transform((v) => v ?? "single sign-on"),
  REMEDIATIONS_ENABLED: booleanField(false),
  REDIS_REMEDIATION_URL: urlField(["redis", "rediss"], "redis://remediator:password@127.0.0.1:6379"),
  MONGODB_REMEDIATION_URL: urlField(["mongodb", "mongodb+srv"], "mongodb://remediator:password@127.0.0.1:27017/"),
  LIMITS_REDIS_URL: urlField(["redis", "rediss"], "redis://127.0.0.1:6379/1"),
  RUNS_PER_MINUTE: positiveIntField(60, 100_000),
  REMEDIATIONS_PER_MINUTE: positiveIntField(5, 1_000),
});

/** Settings that are only wrong together: the incident store's MongoDB must exist and not be a diagnosed database. */
function incidentStoreIssues(e: z.infer<typeof envSchema>): ConfigIssue[] {
  if (e.INCIDENT_STORE !== "mongo") return [];
  if (e.INCIDENTS_MONGODB_URL === undefined) {
    return [{ variable: "INCIDENTS_MONGODB_URL", message: "must be set when INCIDENT_STORE=mongo" }];
  }
  if (e.INCIDENTS_MONGODB_URL === e.MONGODB_URL && e.INCIDENTS_MONGODB_DATABASE === e.MONGODB_DATABASE) {
    return [
      {
        variable: "INCIDENTS_MONGODB_DATABASE",
        message: `must differ from MONGODB_DATABASE ("${e.MONGODB_DATABASE}"): incidents live in their own database`,
      },
    ];
  }
  return [];
}

/** Settings each sign-in mode cannot work without. */
function authIssues(e: z.infer<typeof envSchema>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const need = (variable: string, value: unknown, why: string) => {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) issues.push({ variable, message: why });
  };
  if (e.AUTH_MODE === "local" || e.AUTH_MODE === "oidc") {
    need("AUTH_SECRET", e.AUTH_SECRET, `must be set when AUTH_MODE=${e.AUTH_MODE} (e.g. openssl rand -hex 32)`);
  }
  if (e.AUTH_MODE === "oidc") {
    need("OIDC_ISSUER", e.OIDC_ISSUER, "must be set when AUTH_MODE=oidc");
    need("OIDC_CLIENT_ID", e.OIDC_CLIENT_ID, "must be set when AUTH_MODE=oidc");
    need("OIDC_CLIENT_SECRET", e.OIDC_CLIENT_SECRET, "must be set when AUTH_MODE=oidc");
    need("PUBLIC_URL", e.PUBLIC_URL, "must be set when AUTH_MODE=oidc (the identity provider redirects back to it)");
  }
  if (e.AUTH_MODE === "proxy") {
    need("AUTH_TRUSTED_PROXIES", e.AUTH_TRUSTED_PROXIES, "must list the proxy addresses when AUTH_MODE=proxy");
  }
  return issues;
}

/** Every variable this app reads, in the order .env.example documents them. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

/** Validates an environment; throws ConfigError naming every bad variable. */
export function parseConfig(env: EnvSource): AppConfig {
  const input: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) input[name] = env[name];
  const result = envSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "environment"),
        // Our own messages never carry the raw value; zod's built-in ones ("expected string") don't either.
        message: issue.message,
      })),
    );
  }
  const e = result.data;
  const crossIssues = [...incidentStoreIssues(e), ...authIssues(e)];
  if (crossIssues.length > 0) throw new ConfigError(crossIssues);
  const apiBase = e.API_URL === undefined ? undefined : trimSlash(e.API_URL);
  return {
    apiUrl: e.API_URL,
    metricsUrl: e.METRICS_URL ?? (apiBase === undefined ? undefined : `${apiBase}/metrics`),
    healthUrl: e.HEALTH_URL ?? (apiBase === undefined ? undefined : `${apiBase}/health`),
    prometheusUrl: e.PROMETHEUS_URL === undefined ? undefined : trimSlash(e.PROMETHEUS_URL),
    externalServices: Object.freeze(e.EXTERNAL_SERVICES),
    redisUrl: e.REDIS_URL,
    mongodbUrl: e.MONGODB_URL,
    mongodbDatabase: e.MONGODB_DATABASE,
    logFiles: Object.freeze(e.LOG_FILES),
    gitRepoPath: e.GIT_REPO_PATH,
    envPrefix: e.ENV_PREFIX,
    configFiles: Object.freeze(e.CONFIG_FILES),
    expectedMetrics: Object.freeze(e.EXPECTED_METRICS),
    rateLimitMax: e.RATE_LIMIT_MAX,
    demoStatusFile: e.DEMO_STATUS_FILE,
    incidentStore: e.INCIDENT_STORE,
    dataDir: e.DATA_DIR,
    incidentsMongodbUrl: e.INCIDENTS_MONGODB_URL,
    incidentsMongodbDatabase: e.INCIDENTS_MONGODB_DATABASE,
    alertsToken: e.ALERTS_TOKEN,
    server: { host: e.HOST, port: e.PORT },
    auth: {
      mode: e.AUTH_MODE,
      secret: e.AUTH_SECRET,
      publicUrl: e.PUBLIC_URL === undefined ? undefined : trimSlash(e.PUBLIC_URL),
      trustedProxies: Object.freeze(e.AUTH_TRUSTED_PROXIES),
      proxyUserHeader: e.AUTH_PROXY_USER_HEADER,
      proxyEmailHeader: e.AUTH_PROXY_EMAIL_HEADER,
      proxyGroupsHeader: e.AUTH_PROXY_GROUPS_HEADER,
      adminGroups: Object.freeze(e.AUTH_ADMIN_GROUPS),
      operatorGroups: Object.freeze(e.AUTH_OPERATOR_GROUPS),
      oidc: {
        issuer: e.OIDC_ISSUER === undefined ? undefined : trimSlash(e.OIDC_ISSUER),
        clientId: e.OIDC_CLIENT_ID,
        clientSecret: e.OIDC_CLIENT_SECRET,
        groupsClaim: e.OIDC_GROUPS_CLAIM,
        displayName: e.OIDC_DISPLAY_NAME,
      },
    },
    remediation: {
      enabled: e.REMEDIATIONS_ENABLED,
      redisUrl: e.REDIS_REMEDIATION_URL,
      mongodbUrl: e.MONGODB_REMEDIATION_URL,
    },
    limits: {
      redisUrl: e.LIMITS_REDIS_URL,
      runsPerMinute: e.RUNS_PER_MINUTE,
      remediationsPerMinute: e.REMEDIATIONS_PER_MINUTE,
    },
  };
}

let memo: AppConfig | undefined;

/** The validated config, parsed once per process (a bad value fails the first caller, naming the variable). */
export function getConfig(): AppConfig {
  memo ??= parseConfig(process.env);
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
  external: "set EXTERNAL_SERVICES",
  redis: "set REDIS_URL",
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
    case "log-files":
      return `set LOG_FILES (add ${name}=/real/path/to/file.log)`;
    case "config-files":
      return `set CONFIG_FILES (add ${name}=/real/path/to/${path.basename(name)})`;
    default:
      return MISSING[target];
  }
}

/** The decoded password of every configured URL, for redactText (so it is masked in any output). */
export function configSecrets(config: AppConfig = getConfig()): string[] {
  const urls = [
    config.apiUrl,
    config.metricsUrl,
    config.healthUrl,
    config.prometheusUrl,
    config.redisUrl,
    config.mongodbUrl,
    config.incidentsMongodbUrl,
    config.remediation.redisUrl,
    config.remediation.mongodbUrl,
    config.limits.redisUrl,
    config.auth.oidc.issuer,
    config.auth.publicUrl,
    ...Object.values(config.externalServices),
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

/** Environment variables whose names start with `prefix`, sorted by name (values unmasked: callers mask). */
export function readPrefixedEnv(prefix: string): { name: string; value: string }[] {
  if (!ENV_PREFIX_PATTERN.test(prefix)) throw new Error("prefix must be 2-64 letters, digits or _");
  return Object.entries(process.env)
    .filter((entry): entry is [string, string] => entry[0].startsWith(prefix) && entry[1] !== undefined)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The environment for child processes (git): PATH and HOME only, so the dashboard's own
 * secrets are not handed to a subprocess, and a C locale so output is not translated.
 */
export function childProcessEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME,
    NODE_ENV: process.env.NODE_ENV ?? "production",
    LANG: "C",
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
  };
}
