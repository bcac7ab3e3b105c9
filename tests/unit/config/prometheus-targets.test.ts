// PROMETHEUS_TARGETS: name=url entries, bad ones named, URLs masked, and the hint a step without one gives.
import { describe, expect, it } from "vitest";
import { ConfigError, configSecrets, describeMissing, parseConfig } from "@/lib/config";

const parse = (env: Record<string, string | undefined>) => parseConfig({ AUTH_MODE: "none", ...env });

function issuesOf(value: string): ConfigError {
  try {
    parse({ PROMETHEUS_TARGETS: value });
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("PROMETHEUS_TARGETS", () => {
  it("is empty when unset", () => {
    expect(parse({}).prometheusTargets).toEqual({});
  });

  it("maps names to http(s) base URLs", () => {
    const c = parse({ PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090/, prom.us=https://prom-us.example.com" });
    expect(c.prometheusTargets).toEqual({
      "prom-eu": "http://10.0.4.20:9090",
      "prom.us": "https://prom-us.example.com",
    });
    expect(Object.isFrozen(c.prometheusTargets)).toBe(true);
  });

  it.each([
    ["prom-eu", /entry "prom-eu" must be name=url, e\.g\. prom-eu=http:\/\/10\.0\.0\.7:9090/],
    ["=http://h:9090", /must be name=url/],
    ["prom eu=http://h:9090", /must be name=url/],
    ["prom-eu=", /must be name=url/],
    ["prom-eu=redis://h:6379", /must start with http/],
    ["prom-eu=http://a:9090,prom-eu=http://b:9090", /target "prom-eu" is listed twice/],
  ])("rejects %s, naming PROMETHEUS_TARGETS", (value, why) => {
    const err = issuesOf(value);
    expect(err.issues.map((i) => i.variable)).toContain("PROMETHEUS_TARGETS");
    expect(err.message).toMatch(why);
  });

  it("never shows the password of a bad entry, and masks a good one's", () => {
    const secret = "Pr0m-S3cret";
    const err = issuesOf(`prom-eu=ftp://admin:${secret}@h:9090`);
    expect(err.message).not.toContain(secret);
    const c = parse({ PROMETHEUS_TARGETS: `prom-eu=http://admin:${secret}@h:9090` });
    expect(configSecrets(c)).toContain(secret);
  });
});

describe("describeMissing for a named Prometheus", () => {
  it("names the PROMETHEUS_TARGETS entry to add", () => {
    expect(describeMissing("prometheus-target", "prom-eu")).toBe(
      "set PROMETHEUS_TARGETS (add prom-eu=http://host:9090)",
    );
  });

  it("names both lists when the path is Prometheus's API on a host that may be either", () => {
    const hint = describeMissing("prometheus-or-external", "prom-eu");
    expect(hint).toContain("set PROMETHEUS_TARGETS (add prom-eu=http://host:9090)");
    expect(hint).toContain("EXTERNAL_SERVICES (add prom-eu=http://host:port)");
  });
});
