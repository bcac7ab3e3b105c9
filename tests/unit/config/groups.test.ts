// lib/config/<group>.ts: POSTGRES_URL, and each group's bad values naming the variable (never the password).

import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, configSecrets, parseConfig as parseEnv } from "@/lib/config";

const parseConfig = (env: Record<string, string | undefined>) => parseEnv({ AUTH_MODE: "none", ...env });

function issues(env: Record<string, string | undefined>): { variable: string; message: string }[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("POSTGRES_URL", () => {
  it("is read, and unset by default", () => {
    expect(CONFIG_VARIABLES).toContain("POSTGRES_URL");
    expect(parseConfig({}).postgresUrl).toBeUndefined();
    expect(parseConfig({ POSTGRES_URL: " " }).postgresUrl).toBeUndefined();
    expect(parseConfig({ POSTGRES_URL: "postgres://app:pw@db.internal:5432/app" }).postgresUrl).toBe(
      "postgres://app:pw@db.internal:5432/app",
    );
    expect(parseConfig({ POSTGRES_URL: "postgresql://db.internal/app?sslmode=require" }).postgresUrl).toBe(
      "postgresql://db.internal/app?sslmode=require",
    );
  });

  it("rejects another scheme, naming the variable but not the password", () => {
    const found = issues({ POSTGRES_URL: "mysql://root:Pg-S3cret-pw@db/app" });
    expect(found).toHaveLength(1);
    expect(found[0]?.variable).toBe("POSTGRES_URL");
    expect(found[0]?.message).toMatch(/must start with postgres:\/\/ or postgresql:\/\//);
    expect(JSON.stringify(found)).not.toContain("Pg-S3cret-pw");
  });

  it("is a secret: its password (raw and decoded) is listed for redaction", () => {
    const c = parseConfig({ POSTGRES_URL: "postgres://app:pg%2Fpw@db:5432/app" });
    expect(configSecrets(c).sort()).toEqual(["pg%2Fpw", "pg/pw"]);
  });
});

describe("each group names the bad variable", () => {
  it.each([
    ["server", "PORT", "70000", /integer from 1 to 65535/],
    ["server", "HOST", "http://0.0.0.0", /IP address or host name/],
    ["limits", "RUNS_PER_MINUTE", "0", /integer from 1 to 100000/],
    ["limits", "LIMITS_REDIS_URL", "mongodb://h/", /must start with redis:\/\//],
    ["remediation", "REMEDIATIONS_ENABLED", "maybe", /true or false/],
    ["remediation", "MONGODB_REMEDIATION_URL", "redis://h", /must start with mongodb:\/\//],
    ["auth", "AUTH_MODE", "ldap", /one of local, oidc, proxy, none/],
    ["auth", "AUTH_TRUSTED_PROXIES", "10.0.0.0/99", /not an IP address or CIDR block/],
    ["auth", "AUTH_PROXY_USER_HEADER", "x user", /HTTP header name/],
    ["incidents", "DATA_DIR", "a\0b", /directory path/],
    ["incidents", "ALERTS_TOKEN", "short", /16-512 characters/],
    ["http", "HEALTH_URL", "ftp://h/health", /must start with http/],
    ["prometheus", "PROMETHEUS_URL", "http://", /not a valid URL|has no host/],
    ["mongo", "MONGODB_DATABASE", "x".repeat(64), /1-63 letters/],
    ["local", "DEMO_STATUS_FILE", "status.json", /absolute path/],
  ])("%s: %s=%s", (_group, variable, value, why) => {
    const found = issues({ [variable]: value });
    expect(found.map((i) => i.variable)).toEqual([variable]);
    expect(found[0]?.message).toMatch(why);
  });

  it("reports bad variables of several groups at once", () => {
    const found = issues({ PORT: "0", POSTGRES_URL: "nope", REDIS_URL: "nope", AUTH_MODE: "ldap" });
    expect(found.map((i) => i.variable).sort()).toEqual(["AUTH_MODE", "PORT", "POSTGRES_URL", "REDIS_URL"]);
  });

  it("keeps the sign-in rules in the auth group", () => {
    expect(issues({ AUTH_MODE: "oidc", AUTH_SECRET: "s".repeat(32) }).map((i) => i.variable)).toEqual([
      "OIDC_ISSUER",
      "OIDC_CLIENT_ID",
      "OIDC_CLIENT_SECRET",
      "PUBLIC_URL",
    ]);
    expect(issues({ AUTH_MODE: "proxy" })).toEqual([
      { variable: "AUTH_TRUSTED_PROXIES", message: "must list the proxy addresses when AUTH_MODE=proxy" },
    ]);
  });
});
