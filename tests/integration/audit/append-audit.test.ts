// The app's audit entry points on the configured store: appendAudit masks the config's secrets, the guard's
// denials land in the trail, and GET /api/audit lists and filters it. SQLite (temp dir) and MongoDB (FerretDB).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/audit/route";
import { appendAudit, closeAuditStore, getAuditStore, listAudit } from "@/lib/audit";
import { assertMongoUp, MONGODB_URL, RUN_ID } from "../incidents/support";
import { setEnv } from "../systems/helpers";

const REDIS_PASSWORD = "redis-Pw-sentinel-4411";
const AUTH_SECRET = "auth-secret-sentinel-0123456789abcdef0123";
const INCIDENT = "IncidentCCCCCCCCCCCCCC";

const BASE_ENV = {
  REDIS_URL: `redis://rb_diag:${REDIS_PASSWORD}@127.0.0.1:6379`,
  AUTH_MODE: "none",
  AUTH_SECRET,
};

function storeEnv(kind: "sqlite" | "mongo", place: string): Record<string, string | undefined> {
  return kind === "sqlite"
    ? { ...BASE_ENV, INCIDENT_STORE: "sqlite", DATA_DIR: place, INCIDENTS_MONGODB_URL: undefined }
    : {
        ...BASE_ENV,
        INCIDENT_STORE: "mongo",
        INCIDENTS_MONGODB_URL: MONGODB_URL,
        INCIDENTS_MONGODB_DATABASE: place,
      };
}

const call = async (query: string, headers: Record<string, string> = {}) => {
  const response = await GET(new Request(`http://127.0.0.1:3300/api/audit${query}`, { headers }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

function suite(kind: "sqlite" | "mongo") {
  const saved: Record<string, string | undefined> = {};
  let place = "";

  beforeAll(async () => {
    if (kind === "mongo") await assertMongoUp();
    place = kind === "sqlite" ? fs.mkdtempSync(path.join(os.tmpdir(), "audit-app-")) : `audit_app_${RUN_ID}`;
    const env = storeEnv(kind, place);
    for (const key of [...Object.keys(env), "INCIDENTS_MONGODB_DATABASE"]) saved[key] = process.env[key];
    setEnv(env);
    await closeAuditStore();
  });

  afterAll(async () => {
    await closeAuditStore();
    setEnv(saved);
    if (kind === "sqlite") fs.rmSync(place, { recursive: true, force: true });
    else {
      const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
      try {
        await client.db(place).dropDatabase();
      } finally {
        await client.close();
      }
    }
  });

  it("opens the store the config names", async () => {
    expect((await getAuditStore()).kind).toBe(kind);
  });

  it("masks every configured secret before storing, with no secrets passed by the caller", async () => {
    const record = await appendAudit({
      actorId: "u-ada",
      actorName: "Ada Admin",
      role: "admin",
      operation: "applyRemediationAction",
      target: `redis redis://rb_diag:${REDIS_PASSWORD}@127.0.0.1:6379`,
      command: "CONFIG SET maxmemory-policy allkeys-lru",
      before: "noeviction",
      after: "allkeys-lru",
      result: "failed",
      reason: `WRONGPASS for ${REDIS_PASSWORD}; session key ${AUTH_SECRET}`,
      requestId: "req-wiring",
      incidentId: INCIDENT,
    });
    const listed = await listAudit({ incidentId: INCIDENT });
    expect(listed).toEqual([record]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(REDIS_PASSWORD);
    expect(text).not.toContain(AUTH_SECRET);
    expect(record.reason).toBe("WRONGPASS for ***; session key ***");
  });

  it("GET /api/audit lists records newest first with filters and a link to the older page", async () => {
    for (const result of ["ok", "denied", "ok"] as const) {
      await appendAudit({
        actorId: "u-api",
        actorName: "Api Tester",
        role: "admin",
        operation: "applyRemediationAction",
        result,
        requestId: `req-api-${result}`,
      });
    }
    const { status, body } = await call("?actor=u-api&limit=2");
    expect(status).toBe(200);
    const records = body.records as { requestId: string; actorId: string }[];
    expect(records.map((r) => r.requestId)).toEqual(["req-api-ok", "req-api-denied"]);
    expect(body.next).toBe(`/api/audit?actor=u-api&before=${String(body.nextBefore)}&limit=2`);
    const older = await call(String(body.next).replace("/api/audit", ""));
    expect((older.body.records as { requestId: string }[]).map((r) => r.requestId)).toEqual(["req-api-ok"]);
    expect(older.body.next).toBeNull();
    const denied = await call("?actor=Api+Tester&result=denied");
    expect((denied.body.records as { requestId: string }[]).map((r) => r.requestId)).toEqual(["req-api-denied"]);
  });

  it("GET /api/audit answers 400 naming a bad parameter", async () => {
    const bad = await call("?result=maybe&limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("result must be one of ok, failed, denied, refused; limit must be at least 1");
    const cursor = await call("?before=ZZZZZZZZZZZZZZZZZZZZZZ");
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatch(/no audit record ZZZZZZZZZZZZZZZZZZZZZZ/);
  });

  it("a denied request is refused and appends its own denial record", async () => {
    const denied = await call("?actor=u-api", { "x-middleware-subrequest": "middleware" });
    expect(denied.status).toBe(403);
    const requestId = String(denied.body.requestId);
    const [record] = await listAudit({ operation: "GET /api/audit", result: "denied" });
    expect(record).toMatchObject({
      actorId: "anonymous",
      role: "none",
      operation: "GET /api/audit",
      result: "denied",
      requestId,
    });
    expect(record?.reason).toMatch(/x-middleware-subrequest/);
  });
}

describe("audit trail in the app: SQLite", () => suite("sqlite"));
describe("audit trail in the app: MongoDB", () => suite("mongo"));
