// The browser's entry points: run-request schemas, the runStepAction server action's body and POST /api/run (NDJSON).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/run/route";
import { LOCAL_ADMIN } from "@/lib/auth/actor";
import { MAX_STEPS_PER_RUN, runManyInputSchema, runStepInputSchema } from "@/lib/diagnostics/run-request";
import type { StepRunResult } from "@/lib/diagnostics/types";
import { runStepRequest } from "@/lib/incidents/run-step-request";
import { blackhole, setEnv } from "../systems/helpers";
import { type AppService, HEALTH_PASS, isolateConfigEnv, startAppService } from "./support";

let env: { restore: () => void };
let service: AppService;

beforeAll(async () => {
  env = isolateConfigEnv();
  service = await startAppService();
  service.setMetrics('# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 99\n');
  service.setHealth(HEALTH_PASS);
  setEnv({ API_URL: service.base });
});

afterAll(async () => {
  await service?.close();
  env?.restore();
});

const valid = { runbook: "high-error-rates", stepId: "diagnosis-1", params: {} };

describe("runStepInputSchema: ids and parameter values only", () => {
  it("accepts a runbook, a step id and parameter values; params default to {}", () => {
    expect(runStepInputSchema.parse({ runbook: "high-error-rates", stepId: "solution-1-1" })).toEqual({
      runbook: "high-error-rates",
      stepId: "solution-1-1",
      params: {},
    });
    expect(runStepInputSchema.safeParse({ ...valid, params: { user_id: "u_1" } }).success).toBe(true);
  });

  it.each([
    ["a host", { ...valid, host: "169.254.169.254" }],
    ["a URL", { ...valid, url: "http://127.0.0.1:6379/" }],
    ["a command", { ...valid, command: "FLUSHALL" }],
    ["a target", { ...valid, target: { kind: "api" } }],
  ])("rejects an extra field carrying %s", (_what, input) => {
    const parsed = runStepInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
  });

  it.each([
    ["a URL as runbook", { ...valid, runbook: "http://169.254.169.254/latest" }],
    ["a path as runbook", { ...valid, runbook: "../../etc/passwd" }],
    ["a command as step id", { ...valid, stepId: "diagnosis-1; FLUSHALL" }],
    ["an upper-case param name", { ...valid, params: { USER_ID: "x" } }],
    ["a param name with a dot", { ...valid, params: { "__proto__.x": "x" } }],
    ["a non-string param value", { ...valid, params: { user_id: { $ne: null } } }],
    ["an over-long param value", { ...valid, params: { filter: "x".repeat(2001) } }],
    ["a number as step id", { ...valid, stepId: 1 }],
  ])("rejects %s", (_what, input) => {
    expect(runStepInputSchema.safeParse(input).success).toBe(false);
  });
});

describe("runManyInputSchema", () => {
  const steps = [{ stepId: "diagnosis-1", params: {} }];

  it("accepts one runbook with 1..64 steps", () => {
    expect(runManyInputSchema.safeParse({ runbook: "high-error-rates", steps }).success).toBe(true);
    const max = Array.from({ length: MAX_STEPS_PER_RUN }, () => ({ stepId: "diagnosis-1", params: {} }));
    expect(runManyInputSchema.safeParse({ runbook: "high-error-rates", steps: max }).success).toBe(true);
  });

  it.each([
    ["no steps", { runbook: "high-error-rates", steps: [] }],
    ["65 steps", { runbook: "high-error-rates", steps: Array.from({ length: 65 }, () => steps[0]) }],
    ["a host beside the steps", { runbook: "high-error-rates", steps, host: "127.0.0.1" }],
    ["a URL inside a step", { runbook: "high-error-rates", steps: [{ stepId: "diagnosis-1", url: "file:///etc" }] }],
    ["a runbook per step", { runbook: "high-error-rates", steps: [{ stepId: "diagnosis-1", runbook: "other" }] }],
  ])("rejects %s", (_what, input) => {
    expect(runManyInputSchema.safeParse(input).success).toBe(false);
  });
});

describe("runStepRequest (the server action after its permission check)", () => {
  it("runs a valid request and returns the result", async () => {
    const result = await runStepRequest(valid, LOCAL_ADMIN);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.data.stepId).toBe("diagnosis-1");
      expect(result.data.verdict.status).toBe("ok");
    }
  });

  it("refuses a request that names a host, before any connection", async () => {
    const hole = await blackhole();
    try {
      const result = await runStepRequest({ ...valid, host: `127.0.0.1:${hole.port}` }, LOCAL_ADMIN);
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/^invalid request: input: /) });
      expect(hole.accepted()).toBe(0);
    } finally {
      await hole.close();
    }
  });

  it("returns the StepInputError message for an unknown step or a bad parameter", async () => {
    expect(await runStepRequest({ ...valid, stepId: "diagnosis-42" }, LOCAL_ADMIN)).toEqual({
      ok: false,
      error: 'unknown step "diagnosis-42" in runbook "high-error-rates"',
    });
    const bad = await runStepRequest(
      {
        runbook: "high-error-rates",
        stepId: "solution-1-1",
        params: { user_id: "a b" },
      },
      LOCAL_ADMIN,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^user_id: /);
  });
});

interface NdjsonLine {
  stepId: string;
  ok: boolean;
  data?: StepRunResult;
  error?: string;
}

function post(body: string): Promise<Response> {
  return POST(
    new Request("http://127.0.0.1/api/run", { method: "POST", body, headers: { "content-type": "application/json" } }),
  );
}

describe("POST /api/run", () => {
  it("streams one NDJSON line per step, including the ones that fail", async () => {
    const response = await post(
      JSON.stringify({
        runbook: "high-error-rates",
        steps: [
          { stepId: "diagnosis-1", params: {} },
          { stepId: "solution-2-1", params: {} },
          { stepId: "solution-1-1", params: { user_id: "u_1" } },
          { stepId: "diagnosis-9", params: {} },
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as NdjsonLine);
    expect(lines).toHaveLength(4);
    const byId = new Map(lines.map((l) => [l.stepId, l]));
    expect(byId.get("diagnosis-1")?.data?.verdict.status).toBe("ok");
    expect(byId.get("solution-2-1")?.data?.verdict.status).toBe("ok");
    // REDIS_URL is unset here: a verdict, not a failure of the request.
    expect(byId.get("solution-1-1")?.data?.verdict.status).toBe("not-configured");
    expect(byId.get("diagnosis-9")).toEqual({
      stepId: "diagnosis-9",
      ok: false,
      error: 'unknown step "diagnosis-9" in runbook "high-error-rates"',
    });
  });

  it.each([
    ["not JSON", "runbook=high-error-rates", 400, /not JSON/],
    [
      "a host field",
      JSON.stringify({ runbook: "high-error-rates", steps: [{ stepId: "diagnosis-1" }], host: "10.0.0.1" }),
      400,
      /invalid request/,
    ],
    ["an over-sized body", JSON.stringify({ runbook: "x", pad: "x".repeat(70 * 1024) }), 413, /over/],
  ])("rejects %s", async (_what, body, status, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    const json = (await response.json()) as { error: string };
    expect(json.error).toMatch(message);
  });
});
