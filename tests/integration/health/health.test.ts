// GET /api/health: pass with the stores up, 503 fail when the incident store is unreachable, and never a
// configured secret, host name or port in the body (sentinel values in every secret-bearing variable).
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { closeAuth } from "@/lib/auth/better-auth";
import { closeIncidentStore } from "@/lib/incidents";
import { closeLimitsStores } from "@/lib/limits/store";
import { type AuthEnv, authEnv, REDIS_URL_FOR_TESTS } from "./support";

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

let env: AuthEnv | undefined;

afterEach(async () => {
  await closeAuth();
  await closeIncidentStore();
  await closeLimitsStores();
  env?.restore();
  env = undefined;
});

async function health(): Promise<{ status: number; type: string | null; text: string; body: HealthBody }> {
  const response = await GET();
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text, body: JSON.parse(text) };
}

interface HealthBody {
  status: string;
  checks: Record<string, { status: string; componentType: string; componentId: string; output?: string }[]>;
}

describe("GET /api/health", () => {
  it("answers pass (200, application/health+json) with its incident, sessions and limits stores up", async () => {
    env = authEnv("sqlite", { LIMITS_REDIS_URL: `${REDIS_URL_FOR_TESTS.replace(/\/\d*$/, "")}/1` });
    const { status, type, body } = await health();
    expect(type).toBe("application/health+json");
    expect(status).toBe(200);
    expect(body.status).toBe("pass");
    expect(Object.keys(body.checks).sort()).toEqual(["incidents:store", "limits:store", "sessions:store"]);
    for (const [name, [check]] of Object.entries(body.checks)) {
      expect(check?.status, name).toBe("pass");
      expect(check?.componentType).toBe("datastore");
    }
    expect(body.checks["incidents:store"]?.[0]?.componentId).toBe("sqlite");
    expect(body.checks["limits:store"]?.[0]?.componentId).toBe("redis");
  });

  it("answers 503 fail when the incident store is unavailable (INCIDENT_STORE=mongo on a closed port)", async () => {
    const port = await closedPort();
    env = authEnv("mongo", { INCIDENTS_MONGODB_URL: `mongodb://127.0.0.1:${port}/?serverSelectionTimeoutMS=500` });
    const started = Date.now();
    const { status, type, body, text } = await health();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(type).toBe("application/health+json");
    expect(status).toBe(503);
    expect(body.status).toBe("fail");
    expect(body.checks["incidents:store"]?.[0]?.status).toBe("fail");
    expect(body.checks["limits:store"]?.[0]).toMatchObject({ status: "pass", componentId: "memory" });
    expect(text).not.toContain(String(port));
    expect(text).not.toContain("127.0.0.1");
  });

  it("never contains a configured secret, host name or port (sentinels)", async () => {
    const port = await closedPort();
    const sentinel = "SENTINEL-secret-4f1c2b9e7d";
    env = authEnv("mongo", {
      AUTH_SECRET: `${sentinel}-auth-0123456789abcdef0123456789`,
      ALERTS_TOKEN: `${sentinel}-alerts`,
      INCIDENTS_MONGODB_URL: `mongodb://rbuser:${sentinel}-mongo@127.0.0.1:${port}/?serverSelectionTimeoutMS=500`,
      LIMITS_REDIS_URL: `redis://:${sentinel}-redis@127.0.0.1:${port}/1`,
      REDIS_URL: `redis://:${sentinel}-diag@127.0.0.1:6379`,
      OIDC_CLIENT_SECRET: `${sentinel}-oidc`,
      PUBLIC_URL: "https://runbooks.sentinel-host.example",
    });
    const { text, body } = await health();
    expect(body.status).toBe("fail");
    expect(text).not.toContain("SENTINEL");
    expect(text).not.toContain("sentinel-host");
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toContain(String(port));
    expect(text).not.toContain("rbuser");
    expect(text).not.toMatch(/version/i);
  });
});
