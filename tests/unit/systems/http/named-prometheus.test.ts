// A host a guide names with Prometheus's API path: parsed without config (an `external` target), resolved at run
// time against EXTERNAL_SERVICES, then PROMETHEUS_TARGETS; unmatched, the error names the entry to add.
import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { prometheusTargetUrl, resolveNamedHost } from "@/lib/http/target-get";
import { isPrometheusReadPath } from "@/lib/http/target-names";
import { TargetError } from "@/lib/systems/core/target-error";
import { httpAdapter } from "@/lib/systems/http/adapter";
import type { HttpOperation } from "@/lib/systems/http/operation";
import { parseCommand } from "@/lib/systems/parse-command";
import { prometheusAdapter } from "@/lib/systems/prometheus/adapter";

const VARS = ["PROMETHEUS_URL", "PROMETHEUS_TARGETS", "EXTERNAL_SERVICES", "AUTH_MODE"] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

function setEnv(vars: Partial<Record<(typeof VARS)[number], string>>): void {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, { AUTH_MODE: "none", ...vars });
  resetConfig();
}

afterEach(() => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfig();
});

function thrown(fn: () => unknown): TargetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TargetError);
    return e as TargetError;
  }
  throw new Error("expected a TargetError");
}

const LINE = "curl http://prom-eu:9090/api/v1/targets";

describe("parsing a named Prometheus host", () => {
  it("stays an external target, whatever is configured, and its copyable line is unchanged", () => {
    const expected = {
      type: "operation",
      operation: {
        kind: "http",
        target: { kind: "external", name: "prom-eu", port: "9090" },
        path: "/api/v1/targets",
        timing: false,
      },
      params: [],
      cli: 'curl -s "$PROM_EU_URL/api/v1/targets"',
    };
    setEnv({});
    expect(parseCommand(LINE, "bash", { context: "diagnosis" })).toEqual(expected);
    setEnv({ PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090" });
    expect(parseCommand(LINE, "bash", { context: "diagnosis" })).toEqual(expected);
  });

  it("labels the step with both lists it may come from", () => {
    const parsed = parseCommand(LINE, "bash", { context: "diagnosis" });
    if (parsed.type !== "operation" || parsed.operation.kind !== "http") throw new Error("expected an http step");
    expect(httpAdapter.targetLabel(parsed.operation as HttpOperation)).toBe(
      '"prom-eu" (EXTERNAL_SERVICES or PROMETHEUS_TARGETS)',
    );
  });
});

describe("isPrometheusReadPath", () => {
  it.each([
    ["/api/v1/targets", true],
    ["/api/v1/query?query=up", true],
    ["/api/v1/admin/tsdb/snapshot", false],
    ["/api/v1/admin/tsdb/delete_series?match[]=up", false],
    ["/graph", false],
    ["/api/v2/alerts", false],
    ["/", false],
  ])("%s → %s", (path, ok) => {
    expect(isPrometheusReadPath(path)).toBe(ok);
  });
});

describe("resolveNamedHost", () => {
  it("runs a name of PROMETHEUS_TARGETS as that Prometheus", () => {
    setEnv({ PROMETHEUS_URL: "http://home-prom:9090", PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090" });
    expect(resolveNamedHost({ name: "prom-eu", port: "9090" }, "/api/v1/targets")).toEqual({
      base: "http://10.0.4.20:9090",
      prometheus: true,
    });
    expect(resolveNamedHost({ name: "prom-eu" }, "/api/v1/query?query=up").base).toBe("http://10.0.4.20:9090");
  });

  it("matches an entry by its URL's host and port when the guide names the host", () => {
    setEnv({ PROMETHEUS_TARGETS: "eu=http://prom-eu.internal:9090" });
    expect(resolveNamedHost({ name: "prom-eu.internal", port: "9090" }, "/api/v1/targets")).toEqual({
      base: "http://prom-eu.internal:9090",
      prometheus: true,
    });
    // Another port of that host is another server: not this entry.
    expect(thrown(() => resolveNamedHost({ name: "prom-eu.internal", port: "9091" }, "/api/v1/targets")).kind).toBe(
      "not-configured",
    );
  });

  it("lets EXTERNAL_SERVICES win for a name in both lists", () => {
    setEnv({ EXTERNAL_SERVICES: "prom-eu=http://svc:8080", PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090" });
    expect(resolveNamedHost({ name: "prom-eu" }, "/api/v1/targets")).toEqual({
      base: "http://svc:8080",
      prometheus: false,
    });
  });

  it("prefers an exact entry name in either list to a host match in the other", () => {
    setEnv({ EXTERNAL_SERVICES: "svc=http://prom-eu:8080", PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090" });
    expect(resolveNamedHost({ name: "prom-eu" }, "/api/v1/targets")).toEqual({
      base: "http://10.0.4.20:9090",
      prometheus: true,
    });
    setEnv({ EXTERNAL_SERVICES: "prom-eu=http://svc:8080", PROMETHEUS_TARGETS: "eu=http://prom-eu:9090" });
    expect(resolveNamedHost({ name: "prom-eu", port: "9090" }, "/api/v1/targets")).toEqual({
      base: "http://svc:8080",
      prometheus: false,
    });
  });

  it.each(["/api/v1/admin/tsdb/snapshot", "/graph", "/"])("refuses %s on a Prometheus entry", (path) => {
    setEnv({ PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090" });
    const error = thrown(() => resolveNamedHost({ name: "prom-eu" }, path));
    expect(error.kind).toBe("forbidden");
    expect(error.message).toContain("only its read API under /api/v1/");
  });

  it("names both lists when nothing matches a path of Prometheus's API", () => {
    setEnv({ PROMETHEUS_URL: "http://home-prom:9090", PROMETHEUS_TARGETS: "prom-us=http://10.0.5.20:9090" });
    const error = thrown(() => resolveNamedHost({ name: "prom-eu", port: "9090" }, "/api/v1/targets"));
    expect(error.kind).toBe("not-configured");
    expect(error.message).toContain("set PROMETHEUS_TARGETS (add prom-eu=http://host:9090)");
    expect(error.message).toContain("EXTERNAL_SERVICES (add prom-eu=http://host:port)");
  });

  it("names only EXTERNAL_SERVICES for any other path", () => {
    setEnv({});
    const error = thrown(() => resolveNamedHost({ name: "workers" }, "/health"));
    expect(error.message).toContain("set EXTERNAL_SERVICES (add workers=http://host:port)");
    expect(error.message).not.toContain("PROMETHEUS_TARGETS");
  });
});

describe("a prometheus-targets operation naming a Prometheus", () => {
  it("resolves in PROMETHEUS_TARGETS only, never PROMETHEUS_URL", () => {
    setEnv({ PROMETHEUS_URL: "http://home-prom:9090", EXTERNAL_SERVICES: "prom-eu=http://svc:8080" });
    const error = thrown(() => prometheusTargetUrl({ name: "prom-eu" }));
    expect(error.kind).toBe("not-configured");
    expect(error.message).toContain("set PROMETHEUS_TARGETS (add prom-eu=http://host:9090)");
    setEnv({ PROMETHEUS_TARGETS: "prom-eu=http://10.0.4.20:9090" });
    expect(prometheusTargetUrl({ name: "prom-eu", port: "9090" })).toBe("http://10.0.4.20:9090");
  });

  it("says which Prometheus it reads, and is limited apart from PROMETHEUS_URL's", () => {
    const named = { kind: "prometheus-targets", target: { name: "prom-eu", port: "9090" } } as const;
    expect(prometheusAdapter.cli(named)).toBe('curl -s "$PROM_EU_URL/api/v1/targets"');
    expect(prometheusAdapter.targetLabel(named)).toBe('Prometheus "prom-eu" (PROMETHEUS_TARGETS)');
    expect(prometheusAdapter.limiterKey(named)).toBe("http:prometheus:prom-eu");
    const home = { kind: "prometheus-targets" } as const;
    expect(prometheusAdapter.cli(home)).toBe('curl -s "$PROMETHEUS_URL/api/v1/targets"');
    expect(prometheusAdapter.limiterKey(home)).toBe("http:prometheus");
  });
});
