// A guide's `curl http://prom-eu:9090/api/v1/targets` against PROMETHEUS_TARGETS, through the adapters, with real
// node:http servers answering like Prometheus: the named entry is read, PROMETHEUS_URL never is.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TargetError } from "@/lib/systems/core/target-error";
import { httpAdapter } from "@/lib/systems/http/adapter";
import type { HttpOperation } from "@/lib/systems/http/operation";
import { parseCommand } from "@/lib/systems/parse-command";
import { prometheusAdapter } from "@/lib/systems/prometheus/adapter";
import { rejection, setEnv } from "../helpers";

const TARGETS_ONE_DOWN = readFileSync(path.resolve(__dirname, "../../../fixtures/prometheus/targets-one-down.json"));
const QUERY_REPLY = JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } });

interface FakePrometheus {
  base: string;
  requests: string[];
  close: () => Promise<void>;
}

/** Answers /api/v1/targets and /api/v1/query as Prometheus does; records every request path. */
async function startFakePrometheus(): Promise<FakePrometheus> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const pathname = url.split("?")[0];
    if (pathname === "/api/v1/targets" || pathname === "/api/v1/query") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(pathname === "/api/v1/targets" ? TARGETS_ONE_DOWN : QUERY_REPLY);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("404 page not found\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    base: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CONTEXT = { window: "5m" } as const;

function httpStep(line: string): HttpOperation {
  const parsed = parseCommand(line, "bash", { context: "diagnosis" });
  if (parsed.type !== "operation" || parsed.operation.kind !== "http") throw new Error(`not an http step: ${line}`);
  return parsed.operation as HttpOperation;
}

let eu: FakePrometheus;
let home: FakePrometheus;
let service: FakePrometheus;

beforeAll(async () => {
  [eu, home, service] = await Promise.all([startFakePrometheus(), startFakePrometheus(), startFakePrometheus()]);
});

afterAll(async () => {
  setEnv({ PROMETHEUS_URL: undefined, PROMETHEUS_TARGETS: undefined, EXTERNAL_SERVICES: undefined });
  await Promise.all([eu?.close(), home?.close(), service?.close()]);
});

beforeEach(() => {
  setEnv({ PROMETHEUS_URL: home.base, PROMETHEUS_TARGETS: `prom-eu=${eu.base}`, EXTERNAL_SERVICES: undefined });
  for (const server of [eu, home, service]) server.requests.length = 0;
});

describe("a named Prometheus step", () => {
  it("judges prom-eu's target list with the targets check, never reading PROMETHEUS_URL", async () => {
    const operation = httpStep("curl http://prom-eu:9090/api/v1/targets");
    const outcome = await httpAdapter.run(operation, "http-status", CONTEXT);
    expect(outcome.verdict.status).toBe("critical");
    expect(outcome.verdict.headline).toBe("1 of 3 targets down");
    expect(outcome.verdict.findings).toEqual(["targets-down"]);
    expect(outcome.raw).toContain("worker:9464");
    expect(eu.requests).toEqual(["/api/v1/targets?state=active"]);
    expect(home.requests).toEqual([]);
  });

  it("fetches another read path from prom-eu as a plain GET", async () => {
    const outcome = await httpAdapter.run(
      httpStep("curl -s 'http://prom-eu:9090/api/v1/query?query=up'"),
      "http-status",
      CONTEXT,
    );
    expect(outcome.verdict.headline).toMatch(/^HTTP 200 in \d+ ms$/);
    expect(outcome.raw).toBe(QUERY_REPLY);
    expect(eu.requests).toEqual(["/api/v1/query?query=up"]);
    expect(home.requests).toEqual([]);
  });

  it("refuses the admin API of a named Prometheus without sending anything", async () => {
    const { error } = await rejection(
      httpAdapter.run(httpStep("curl http://prom-eu:9090/api/v1/admin/tsdb/snapshot"), "http-status", CONTEXT),
    );
    expect((error as TargetError).kind).toBe("forbidden");
    expect(eu.requests).toEqual([]);
  });

  it("reads a prometheus-targets operation naming prom-eu from that entry", async () => {
    const outcome = await prometheusAdapter.run(
      { kind: "prometheus-targets", target: { name: "prom-eu", port: "9090" } },
      "prometheus-targets",
      CONTEXT,
    );
    expect(outcome.verdict.headline).toBe("1 of 3 targets down");
    expect(eu.requests).toEqual(["/api/v1/targets?state=active"]);
    expect(home.requests).toEqual([]);
    // Without a name it is still PROMETHEUS_URL's, as the windowed evidence reads it.
    await prometheusAdapter.run({ kind: "prometheus-targets" }, "prometheus-targets", CONTEXT);
    expect(home.requests).toEqual(["/api/v1/targets?state=active"]);
  });

  it("runs against EXTERNAL_SERVICES when the name is in both lists", async () => {
    setEnv({ EXTERNAL_SERVICES: `prom-eu=${service.base}` });
    const outcome = await httpAdapter.run(httpStep("curl http://prom-eu:9090/api/v1/targets"), "http-status", CONTEXT);
    expect(outcome.verdict.headline).toMatch(/^HTTP 200 in \d+ ms$/);
    expect(service.requests).toEqual(["/api/v1/targets"]);
    expect(eu.requests).toEqual([]);
  });

  it("says which entry to add for an unconfigured name, reading nothing", async () => {
    const { error } = await rejection(
      httpAdapter.run(httpStep("curl http://prom-us:9090/api/v1/targets"), "http-status", CONTEXT),
    );
    expect((error as TargetError).kind).toBe("not-configured");
    expect((error as TargetError).message).toContain("set PROMETHEUS_TARGETS (add prom-us=http://host:9090)");
    expect((error as TargetError).message).toContain("EXTERNAL_SERVICES (add prom-us=http://host:port)");
    const named = await rejection(
      prometheusAdapter.run({ kind: "prometheus-targets", target: { name: "prom-us" } }, "prometheus-targets", CONTEXT),
    );
    expect((named.error as TargetError).message).toContain("set PROMETHEUS_TARGETS (add prom-us=http://host:9090)");
    expect([...eu.requests, ...home.requests, ...service.requests]).toEqual([]);
  });
});
