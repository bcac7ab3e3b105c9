// parseConfig: defaults, allowlists, and errors that name the variable but never the password.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, configSecrets, describeMissing, parseConfig as parseEnv } from "@/lib/config";

/** These cases are about other variables: sign-in is off so AUTH_SECRET's own rule stays out of them. */
const parseConfig = (env: Record<string, string | undefined>) => parseEnv({ AUTH_MODE: "none", ...env });

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("gives defaults and leaves unset targets absent", () => {
    const c = parseConfig({});
    expect(c.apiUrl).toBeUndefined();
    expect(c.metricsUrl).toBeUndefined();
    expect(c.healthUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.mongodbUrl).toBeUndefined();
    expect(c.prometheusUrl).toBeUndefined();
    expect(c.mongodbDatabase).toBe("app");
    expect(c.envPrefix).toBe("APP_");
    expect(c.externalServices).toEqual({});
    expect(c.logFiles).toEqual([]);
    expect(c.configFiles).toEqual([]);
    expect(c.expectedMetrics).toEqual([]);
    expect(c.rateLimitMax).toBeUndefined();
    expect(c.gitRepoPath).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    const c = parseConfig({ REDIS_URL: "", API_URL: "  ", MONGODB_DATABASE: "" });
    expect(c.redisUrl).toBeUndefined();
    expect(c.apiUrl).toBeUndefined();
    expect(c.mongodbDatabase).toBe("app");
  });

  it("derives metrics and health URLs from API_URL", () => {
    const c = parseConfig({ API_URL: "http://api.internal:8080/" });
    expect(c.metricsUrl).toBe("http://api.internal:8080/metrics");
    expect(c.healthUrl).toBe("http://api.internal:8080/health");
    const d = parseConfig({ API_URL: "http://a/v1", METRICS_URL: "https://m.example/prom" });
    expect(d.metricsUrl).toBe("https://m.example/prom");
    expect(d.healthUrl).toBe("http://a/v1/health");
  });

  it("parses every list variable", () => {
    const c = parseConfig({
      EXTERNAL_SERVICES: "external-service=http://127.0.0.1:4001/, other=https://x.example",
      LOG_FILES: "/var/log/error.log=/srv/app/error.log, /var/log/app.log",
      CONFIG_FILES: "config.yaml=/etc/app/config.yaml",
      EXPECTED_METRICS: "agent_errors_total, http_requests_total,agent_errors_total",
      RATE_LIMIT_MAX: "100",
      GIT_REPO_PATH: "/srv/app/",
      ENV_PREFIX: "SVC_",
      MONGODB_DATABASE: "orders",
      PROMETHEUS_URL: "http://prometheus:9090/",
    });
    expect(c.externalServices).toEqual({ "external-service": "http://127.0.0.1:4001", other: "https://x.example" });
    expect(c.logFiles).toEqual([
      { guidePath: "/var/log/error.log", realPath: "/srv/app/error.log" },
      { guidePath: "/var/log/app.log", realPath: "/var/log/app.log" },
    ]);
    expect(c.configFiles).toEqual([{ name: "config.yaml", realPath: "/etc/app/config.yaml" }]);
    expect(c.expectedMetrics).toEqual(["agent_errors_total", "http_requests_total"]);
    expect(c.rateLimitMax).toBe(100);
    expect(c.gitRepoPath).toBe("/srv/app/");
    expect(c.envPrefix).toBe("SVC_");
    expect(c.mongodbDatabase).toBe("orders");
    expect(c.prometheusUrl).toBe("http://prometheus:9090");
  });

  it("accepts the schemes each target speaks", () => {
    expect(parseConfig({ REDIS_URL: "rediss://u:p@cache:6380/2" }).redisUrl).toBe("rediss://u:p@cache:6380/2");
    expect(parseConfig({ MONGODB_URL: "mongodb://u:p@h1:27017,h2:27017/db?replicaSet=rs0" }).mongodbUrl).toContain(
      "h2",
    );
    expect(parseConfig({ MONGODB_URL: "mongodb+srv://cluster0.example.net/" }).mongodbUrl).toContain("srv");
  });

  it.each([
    ["PROMETHEUS_URL", "prometheus:9090", /must start with http:\/\/ or https:\/\//],
    ["REDIS_URL", "http://127.0.0.1:6379", /must start with redis:\/\/ or rediss:\/\//],
    ["MONGODB_URL", "postgres://h/db", /must start with mongodb:\/\/ or mongodb\+srv:\/\//],
    ["API_URL", "file:///etc/passwd", /must start with http/],
    ["API_URL", "gopher://x", /must start with http/],
    ["RATE_LIMIT_MAX", "ten", /positive integer/],
    ["RATE_LIMIT_MAX", "0", /positive integer/],
    ["ENV_PREFIX", "A-B", /letters, digits or _/],
    ["MONGODB_DATABASE", "a/b", /letters, digits/],
    ["EXPECTED_METRICS", "ok_total,bad-name", /not a Prometheus metric name/],
    ["LOG_FILES", "/var/log/x.log=relative/x.log", /must be absolute/],
    ["LOG_FILES", "/a=/x,/a=/y", /listed twice/],
    ["EXTERNAL_SERVICES", "http://no-name", /must be name=http/],
    ["EXTERNAL_SERVICES", "svc=ftp://h", /must start with http/],
    ["GIT_REPO_PATH", "repo", /absolute path/],
  ])("rejects %s=%s naming the variable", (variable, value, why) => {
    const err = configError({ [variable]: value });
    expect(err.message).toContain(variable);
    expect(err.message).toMatch(why);
    expect(err.issues.some((i) => i.variable === variable)).toBe(true);
  });

  it("never puts the password of a bad URL in the error", () => {
    const secret = "Sup3r-S3cret-pw";
    for (const [variable, value] of [
      ["REDIS_URL", `http://:${secret}@127.0.0.1:6379`],
      ["MONGODB_URL", `mysql://root:${secret}@db/x`],
      ["MONGODB_URL", `mongodb://root:${secret}@@db/x`],
      ["API_URL", `ftp://u:${secret}@h`],
      ["EXTERNAL_SERVICES", `svc=ftp://u:${secret}@h`],
      ["EXTERNAL_SERVICES", `://u:${secret}@h`],
      ["REDIS_URL", `u:${secret}@host:6379`],
      ["PROMETHEUS_URL", `admin:${secret}@prometheus:9090`],
    ] as const) {
      const err = configError({ [variable]: value });
      expect(err.message, variable).toContain(variable);
      expect(err.message, variable).not.toContain(secret);
      expect(JSON.stringify(err.issues)).not.toContain(secret);
    }
  });

  it("reports every bad variable at once", () => {
    const err = configError({ REDIS_URL: "nope", RATE_LIMIT_MAX: "-1" });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(["RATE_LIMIT_MAX", "REDIS_URL"]);
  });

  it("collects decoded passwords of configured URLs for redaction", () => {
    const c = parseConfig({
      REDIS_URL: "redis://:p%40ss@127.0.0.1:6379",
      MONGODB_URL: "mongodb://u:mongo-pw@h/",
      API_URL: "http://api",
    });
    expect(configSecrets(c).sort()).toEqual(["mongo-pw", "p%40ss", "p@ss"].sort());
  });
});

describe("describeMissing", () => {
  it("names the variable to set", () => {
    expect(describeMissing("redis")).toBe("set REDIS_URL");
    expect(describeMissing("mongo")).toBe("set MONGODB_URL");
    expect(describeMissing("prometheus")).toBe("set PROMETHEUS_URL");
    expect(describeMissing("metrics")).toBe("set METRICS_URL or API_URL");
    expect(describeMissing("external", "external-service")).toContain("EXTERNAL_SERVICES");
    expect(describeMissing("external", "external-service")).toContain("external-service=");
    expect(describeMissing("log-files", "/var/log/error.log")).toContain("LOG_FILES");
  });
});

describe(".env.example", () => {
  it("documents every variable with a comment", () => {
    const text = readFileSync(path.resolve(__dirname, "../../../.env.example"), "utf8");
    const lines = text.split("\n");
    for (const variable of CONFIG_VARIABLES) {
      const at = lines.findIndex((l) => l.startsWith(`${variable}=`));
      expect(at, variable).toBeGreaterThan(0);
      expect(lines[at - 1]?.startsWith("#"), `${variable} has a comment above it`).toBe(true);
    }
    // And the example itself is a valid configuration.
    const env: Record<string, string> = {};
    for (const l of lines) {
      const m = /^([A-Z_]+)=(.*)$/.exec(l);
      if (m?.[1]) env[m[1]] = m[2] ?? "";
    }
    // The one value an example cannot ship: the session secret (AUTH_MODE=local needs it).
    expect(() => parseConfig(env)).toThrow(/AUTH_SECRET: must be set when AUTH_MODE=local/);
    expect(() => parseConfig({ ...env, AUTH_SECRET: "x".repeat(32) })).not.toThrow();
  });
});
