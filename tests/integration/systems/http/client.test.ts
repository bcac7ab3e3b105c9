// lib/targets/http against a real node:http service: metrics, health, redirects, huge and silent bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_BODY_CAP, httpGet, httpGetTarget, joinTargetUrl, validateTargetPath } from "@/lib/http/target-get";
import { TargetError } from "@/lib/systems/core/target-error";
import { closedPort, rejection, setEnv, withEnv } from "../helpers";
import { METRICS_BODY, startTestHttpServer, type TestHttpServer } from "../http-server";

let server: TestHttpServer;

function asTargetError(e: unknown): TargetError {
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

beforeAll(async () => {
  server = await startTestHttpServer();
  setEnv({ API_URL: server.base, EXTERNAL_SERVICES: `external-service=${server.base}` });
});

afterAll(async () => {
  await server.close();
});

describe("httpGet", () => {
  it("reads /metrics with status, content type and timings", async () => {
    const r = await httpGet(new URL(`${server.base}/metrics`));
    expect(r.status).toBe(200);
    expect(r.headers.contentType).toContain("text/plain");
    expect(r.body).toBe(METRICS_BODY);
    expect(Buffer.from(r.bodyBytes).equals(Buffer.from(METRICS_BODY))).toBe(true);
    expect(r.truncated).toBe(false);
    expect(r.note).toBeNull();
    expect(r.bytes).toBe(Buffer.byteLength(METRICS_BODY));
    expect(r.timeToFirstByteMs).toBeGreaterThan(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(r.timeToFirstByteMs);
  });

  it("reads /health+json", async () => {
    const r = await httpGet(new URL(`${server.base}/health`), { accept: "application/health+json" });
    expect(r.headers.contentType).toBe("application/health+json");
    expect(JSON.parse(r.body)).toMatchObject({ status: "pass" });
  });

  it("returns a 302 to the metadata address as-is and never follows it", async () => {
    const before = server.requests.length;
    const r = await httpGet(new URL(`${server.base}/redirect-metadata`));
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    expect(r.body).toBe("");
    // Only the one request reached anything we can see, and it came back at loopback speed.
    expect(server.requests.length).toBe(before + 1);
    expect(r.durationMs).toBeLessThan(1000);
  });

  it("caps a 10 MB body at 4 MB and says so", async () => {
    const r = await httpGet(new URL(`${server.base}/big`));
    expect(r.status).toBe(200);
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(HTTP_BODY_CAP);
    expect(r.body.length).toBe(HTTP_BODY_CAP);
    expect(r.note).toBe("truncated at 4 MB");
    // The transfer was cut, not drained: the server's socket for it goes away.
    await server.closedAfter("/big", 3000);
  });

  it("a route that never answers times out at 5 s and leaves no socket behind", async () => {
    const { error, ms } = await rejection(httpGet(new URL(`${server.base}/hang`)));
    const e = asTargetError(error);
    expect(e.kind).toBe("timeout");
    expect(e.message).toContain("timed out after 5 s");
    expect(ms).toBeGreaterThan(4800);
    expect(ms).toBeLessThan(6000);
    await server.closedAfter("/hang", 1000);
  });

  it("a body that drips forever is cut at the deadline", async () => {
    const { error, ms } = await rejection(httpGet(new URL(`${server.base}/drip`)));
    expect(asTargetError(error).kind).toBe("timeout");
    expect(ms).toBeLessThan(6000);
    await server.closedAfter("/drip", 1000);
  });

  it("a closed port is 'refused', fast", async () => {
    const port = await closedPort();
    const { error, ms } = await rejection(httpGet(new URL(`http://127.0.0.1:${port}/health`)));
    const e = asTargetError(error);
    expect(e.kind).toBe("refused");
    expect(e.code).toBe("ECONNREFUSED");
    expect(ms).toBeLessThan(1000);
  });

  it("forwards no cookies or operator credentials; URL credentials go as Basic auth and are masked", async () => {
    const url = new URL(`${server.base}/echo-headers`);
    url.username = "diag";
    url.password = "s3cret-pw";
    const r = await httpGet(url);
    const seen = JSON.parse(r.body) as Record<string, string>;
    expect(seen.cookie).toBeUndefined();
    expect(seen.authorization).toBe(`Basic ${Buffer.from("diag:s3cret-pw").toString("base64")}`);
    expect(r.url).not.toContain("s3cret-pw");
    expect(r.url).toContain("diag:***@");
  });

  it("asks a loopback target, by address or by name, for an uncompressed body (no zlib work on either side)", async () => {
    const r = await httpGet(new URL(`${server.base}/echo-headers`));
    expect((JSON.parse(r.body) as Record<string, string>)["accept-encoding"]).toBe("identity");
    const local = new URL(`${server.base}/echo-headers`);
    local.hostname = "localhost";
    const viaName = await httpGet(local);
    expect((JSON.parse(viaName.body) as Record<string, string>)["accept-encoding"]).toBe("identity");
  });

  it("refuses non-http schemes before any socket", async () => {
    for (const u of ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:6379/info"]) {
      const { error } = await rejection(httpGet(new URL(u)));
      expect(asTargetError(error).kind).toBe("invalid");
    }
  });
});

describe("named targets", () => {
  it("metrics and health default under API_URL", async () => {
    const m = await httpGetTarget({ kind: "metrics" }, "/");
    expect(m.body).toBe(METRICS_BODY);
    const h = await httpGetTarget({ kind: "health" }, "/");
    expect(h.status).toBe(200);
    const api = await httpGetTarget({ kind: "api" }, "/metrics");
    expect(api.body).toBe(METRICS_BODY);
  });

  it("external services resolve by name", async () => {
    const r = await httpGetTarget({ kind: "external", name: "external-service" }, "/health");
    expect(r.status).toBe(200);
    const { error } = await rejection(httpGetTarget({ kind: "external", name: "payments" }, "/health"));
    const e = asTargetError(error);
    expect(e.kind).toBe("not-configured");
    expect(e.message).toContain("EXTERNAL_SERVICES");
    expect(e.message).toContain("payments=");
  });

  it("unset targets name their variable, and nothing falls back to another host", async () => {
    await withEnv({ API_URL: undefined, METRICS_URL: undefined, HEALTH_URL: undefined }, async () => {
      for (const kind of ["api", "metrics", "health"] as const) {
        const { error } = await rejection(httpGetTarget({ kind }, "/"));
        const e = asTargetError(error);
        expect(e.kind).toBe("not-configured");
        expect(e.message).toMatch(/API_URL/);
      }
    });
  });

  it.each([
    "/../admin",
    "//169.254.169.254/",
    "/%2e%2e/secret",
    "/a/%2fb",
    "/a/./b",
    "http://evil/",
    "/a\\b",
    "/a b",
    "",
  ])("path %j is refused before any request", async (path) => {
    const before = server.requests.length;
    expect(() => validateTargetPath(path)).toThrow(TargetError);
    const { error } = await rejection(httpGetTarget({ kind: "api" }, path));
    expect(asTargetError(error).kind).toBe("invalid");
    expect(server.requests.length).toBe(before);
  });

  it("joins base paths and queries", () => {
    expect(joinTargetUrl("http://h:1/api/", "/metrics").href).toBe("http://h:1/api/metrics");
    expect(joinTargetUrl("http://h:1/api", "/").href).toBe("http://h:1/api");
    expect(joinTargetUrl("http://h:1", "/api/v1/targets?state=active").href).toBe(
      "http://h:1/api/v1/targets?state=active",
    );
  });
});
