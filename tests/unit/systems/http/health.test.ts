import { describe, expect, it } from "vitest";
import { analyzeHealth, healthStatusLevel } from "../../../../lib/systems/http/check-health";
import { fixtureText } from "../fixtures";

const HEALTH_JSON = "application/health+json";

describe("healthStatusLevel", () => {
  it("maps the draft's words and their aliases", () => {
    expect(["pass", "ok", "UP"].map(healthStatusLevel)).toEqual(["ok", "ok", "ok"]);
    expect(healthStatusLevel("warn")).toBe("warning");
    expect(["fail", "error", "down", "OUT_OF_SERVICE"].map(healthStatusLevel)).toEqual([
      "critical",
      "critical",
      "critical",
      "critical",
    ]);
    expect(healthStatusLevel("sleepy")).toBeNull();
  });
});

describe("analyzeHealth", () => {
  it("is ok on pass, with the checks in a table", () => {
    const v = analyzeHealth({
      httpStatus: 200,
      contentType: HEALTH_JSON,
      body: fixtureText("http/health-pass.json"),
      durationMs: 45,
    });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("pass, HTTP 200 in 45 ms");
    expect(v.headlineValue).toBe(45);
    expect(v.headlineUnit).toBe("ms");
    expect(v.findings).toBeUndefined();
    expect(v.tables?.[0]?.rows).toEqual([
      ["redis:responseTime", "redis-primary", "pass", "2 ms", null],
      ["mongodb:connections", "mongo-rs0", "pass", "842", null],
      ["uptime", null, "pass", "1209600 s", null],
    ]);
    expect(v.figures).toContainEqual({ label: "releaseId", value: "1.4.2" });
    expect(v.figures).toContainEqual({ label: "checks not passing", value: 0 });
    expect(v.detail).toBe("Healthy and answered quickly.");
  });

  it("is a warning on warn and names the check", () => {
    const v = analyzeHealth({
      httpStatus: 200,
      contentType: HEALTH_JSON,
      body: fixtureText("http/health-warn.json"),
      durationMs: 120,
    });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("warn, HTTP 200 in 120 ms");
    expect(v.detail).toContain("Output: llm-gateway answering slowly");
    expect(v.detail).toContain("Check llm-gateway:responseTime is warn.");
    expect(v.tables?.[0]?.rows[1]).toEqual([
      "llm-gateway:responseTime",
      "llm-gateway",
      "warn",
      "2750 ms",
      "p95 above 2 s for 5 minutes",
    ]);
    expect(v.findings).toEqual(["health"]);
  });

  it("is critical on fail with HTTP 503", () => {
    const v = analyzeHealth({
      httpStatus: 503,
      contentType: HEALTH_JSON,
      body: fixtureText("http/health-fail.json"),
      durationMs: 30,
    });
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("fail, HTTP 503 in 30 ms");
    expect(v.detail).toContain("HTTP 503");
    expect(v.figures).toContainEqual({ label: "checks not passing", value: 1 });
  });

  it("reads Spring Boot actuator components", () => {
    const v = analyzeHealth({
      httpStatus: 503,
      contentType: "application/vnd.spring-boot.actuator.v3+json",
      body: fixtureText("http/health-spring-down.json"),
      durationMs: 31,
    });
    expect(v.status).toBe("critical");
    expect(v.tables?.[0]?.rows.map((r) => [r[0], r[2]])).toEqual([
      ["db", "DOWN"],
      ["diskSpace", "UP"],
      ["ping", "UP"],
    ]);
    expect(v.detail).toContain("the draft asks for application/health+json");
  });

  it("judges a plain-text body by the HTTP status", () => {
    const ok = analyzeHealth({ httpStatus: 200, contentType: "text/plain", body: "OK", durationMs: 3 });
    expect(ok.status).toBe("ok");
    expect(ok.headline).toBe("HTTP 200 in 3 ms");
    const down = analyzeHealth({
      httpStatus: 500,
      contentType: "text/html",
      body: "<h1>Internal Server Error</h1>",
      durationMs: 3,
    });
    expect(down.status).toBe("critical");
  });

  it("is critical on a 404 even with an empty body", () => {
    const v = analyzeHealth({ httpStatus: 404, contentType: null, body: "", durationMs: 2 });
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("HTTP 404 in 2 ms");
  });

  it("warns when the response takes longer than 1 s", () => {
    const v = analyzeHealth({ httpStatus: 200, contentType: HEALTH_JSON, body: '{"status":"pass"}', durationMs: 1500 });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("pass, HTTP 200 in 1.5 s");
    expect(v.detail).toContain("slower than 1 s");
  });

  it("warns on malformed JSON, a missing status or an unknown status word", () => {
    const broken = analyzeHealth({
      httpStatus: 200,
      contentType: HEALTH_JSON,
      body: '{"status": "pass"',
      durationMs: 5,
    });
    expect(broken.status).toBe("warning");
    expect(broken.detail).toContain("not valid JSON");
    const noStatus = analyzeHealth({
      httpStatus: 200,
      contentType: "application/json",
      body: '{"uptime": 12}',
      durationMs: 5,
    });
    expect(noStatus.status).toBe("ok");
    expect(noStatus.detail).toContain("no status field");
    const odd = analyzeHealth({
      httpStatus: 200,
      contentType: HEALTH_JSON,
      body: '{"status": "sleepy"}',
      durationMs: 5,
    });
    expect(odd.status).toBe("warning");
    expect(odd.detail).toContain('Unrecognised status "sleepy"');
  });

  it("is an error on an impossible HTTP status or duration", () => {
    expect(analyzeHealth({ httpStatus: 0, contentType: null, body: "", durationMs: 1 }).status).toBe("error");
    expect(analyzeHealth({ httpStatus: 200, contentType: null, body: "", durationMs: Number.NaN }).status).toBe(
      "error",
    );
  });
});
