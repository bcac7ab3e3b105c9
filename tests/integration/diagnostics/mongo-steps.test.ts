// executeStep on MongoDB steps against FerretDB: explain with and without an index, serverStatus, profiler, currentOp.
import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { closeMongo } from "@/lib/systems/mongo/client";
import { connectFixtureMongo, MONGODB_URL, RUN_ID, setEnv } from "../systems/helpers";
import { isolateConfigEnv } from "./support";

const DB = `rbdiag_${RUN_ID}`;
// A plain driver client for fixtures only; the module under test has its own pool.
let fixture: MongoClient;
let env: { restore: () => void };

beforeAll(async () => {
  env = isolateConfigEnv();
  fixture = await connectFixtureMongo();
  const db = fixture.db(DB);
  const docs = Array.from({ length: 500 }, (_, i) => ({
    userId: `u_${i % 50}`,
    status: i % 7 === 0 ? "open" : "done",
  }));
  await db.collection("plain").insertMany(docs);
  await db.collection("indexed").insertMany(docs);
  await db.collection("indexed").createIndex({ userId: 1 });
  setEnv({ MONGODB_URL, MONGODB_DATABASE: DB });
});

afterAll(async () => {
  await closeMongo();
  await fixture?.db(DB).dropDatabase();
  await fixture?.close();
  env?.restore();
});

function explainStep(collection: string, filter: string) {
  return executeStep({ runbook: "slow-response-times", stepId: "diagnosis-2", params: { collection, filter } });
}

describe('slow-response-times diagnosis-2: db.collection.find().explain("executionStats")', () => {
  // FerretDB (SQLite backend) answers explain with SQLite's EXPLAIN QUERY PLAN rows and pushdown flags,
  // never executionStats: the honest verdict is `unsupported`, naming the plan it did return.
  it("without an index: unsupported, showing the backend's full SCAN of the collection's table", async () => {
    const result = await explainStep("plain", '{"userId": "u_7"}');
    expect(result.verdict.status).toBe("unsupported");
    expect(result.verdict.headline).toBe("explain has no executionStats on this server");
    expect(result.verdict.detail).toMatch(
      /^FerretDB v\d+\.\d+\.\d+ answers explain with its backend's plan \(SCAN on plain_/,
    );
    expect(result.verdict.detail).toMatch(/filter pushdown: no/);
    expect(result.verdict.figures).toContainEqual({ label: "plan node", value: "SCAN" });
    expect(result.verdict.figures.find((f) => f.label === "relation")?.value).toMatch(/^plain_[0-9a-f]+$/);
    expect(result.cli).toBe(`mongosh --eval 'db.plain.find({"userId":"u_7"}).explain("executionStats")'`);
    expect(JSON.parse(result.raw)).toMatchObject({ command: { find: "plain", filter: { userId: "u_7" } } });
  });

  it("with an index on the filtered field: still a SCAN (FerretDB does not push this filter down), still unsupported", async () => {
    const result = await explainStep("indexed", "{userId: 'u_7'}");
    expect(result.verdict.status).toBe("unsupported");
    expect(result.verdict.figures).toContainEqual({ label: "plan node", value: "SCAN" });
    expect(result.verdict.figures).toContainEqual({ label: "filter pushdown", value: "no" });
    // The relaxed filter was normalised to JSON before it reached the server.
    expect(JSON.parse(result.raw)).toMatchObject({ command: { find: "indexed", filter: { userId: "u_7" } } });
  });

  it("a filter on _id is pushed down, which the verdict reports", async () => {
    const result = await explainStep("plain", '{"_id": "nope"}');
    expect(result.verdict.status).toBe("unsupported");
    expect(result.verdict.figures).toContainEqual({ label: "filter pushdown", value: "yes" });
  });

  it("rejects server-side JavaScript in the filter before anything is sent", async () => {
    const attempt = explainStep("plain", '{"$where": "sleep(10000)"}');
    await expect(attempt).rejects.toBeInstanceOf(StepInputError);
    await expect(attempt).rejects.toThrow(/filter: .*\$where runs JavaScript on the server/);
  });
});

describe("connection-pool-exhaustion diagnosis-1: db.serverStatus().connections", () => {
  it("is unsupported, listing what this server's serverStatus does return", async () => {
    const result = await executeStep({ runbook: "connection-pool-exhaustion", stepId: "diagnosis-1", params: {} });
    expect(result.verdict.status).toBe("unsupported");
    expect(result.verdict.headline).toBe("connection counts not reported");
    expect(result.verdict.detail).toMatch(
      /serverStatus has no `connections` field on this server \(FerretDB v[\d.]+\)/,
    );
    expect(result.verdict.detail).toMatch(/it returned: .*uptime.*ferretdbVersion/);
    expect(result.verdict.figures).toContainEqual({ label: "server", value: expect.stringMatching(/^FerretDB v/) });
    expect(result.raw).toBe("null");
  });
});

describe("query-performance-issues diagnosis-1: db.setProfilingLevel(...) → the read-only profiler status", () => {
  it("is unsupported, quoting the server's own error", async () => {
    const result = await executeStep({ runbook: "query-performance-issues", stepId: "diagnosis-1", params: {} });
    expect(result.verdict.status).toBe("unsupported");
    expect(result.verdict.headline).toBe("profiler not available");
    expect(result.verdict.detail).toContain(`"no such command: 'profile'" (code 59)`);
    expect(result.raw).toBe("no such command: 'profile'");
    // Only the read-only counterpart ran: the command shown reads the status, it sets nothing.
    expect(result.cli).toContain("getProfilingStatus");
    expect(result.cli).not.toContain("setProfilingLevel");
  });
});

describe("connection-pool-exhaustion diagnosis-2: db.currentOp()", () => {
  it("is unsupported: FerretDB's currentOp always answers an empty list, and the fallback is explained", async () => {
    const result = await executeStep({ runbook: "connection-pool-exhaustion", stepId: "diagnosis-2", params: {} });
    expect(result.verdict.status).toBe("unsupported");
    expect(result.verdict.headline).toBe("current operations not reported");
    expect(result.verdict.detail).toMatch(/stub/);
    expect(result.verdict.detail).toMatch(
      /rejected the \$currentOp aggregation \(".+"\); used the currentOp command instead/,
    );
    expect(result.raw).toBe("[]");
  });
});
