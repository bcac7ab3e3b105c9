// MongoDB remediations on FerretDB: createIndex from the ESR suggestion, refusals before any call, and a
// profiler change reported as unsupported in the server's own words (FerretDB has no `profile`).
import { randomUUID } from "node:crypto";
import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyRemediation } from "@/lib/remediation/apply";
import { previewRemediation } from "@/lib/remediation/preview";
import { closeMongo } from "@/lib/systems/mongo/client";
import { isolateConfigEnv } from "../diagnostics/support";
import { closedPort, connectFixtureMongo, MONGODB_URL, RUN_ID, setEnv } from "../systems/helpers";
import { ADMIN, auditOf, type DataDir, tempDataDir } from "./support";

const DB = `rbfix_${RUN_ID}`;
let fixture: MongoClient;
let data: DataDir;
let env: { restore: () => void };

function indexChange(collection: string, filter: string, sort?: string) {
  return {
    runbook: "query-performance-issues",
    stepId: "solution-1-1",
    change: { kind: "mongo-create-index", collection, filter, ...(sort === undefined ? {} : { sort }) },
  };
}

beforeAll(async () => {
  env = isolateConfigEnv();
  data = await tempDataDir();
  fixture = await connectFixtureMongo();
  await fixture
    .db(DB)
    .collection("orders")
    .insertMany(
      Array.from({ length: 50 }, (_, i) => ({
        status: i % 2 ? "open" : "done",
        total: i,
        createdAt: new Date(i * 1000),
      })),
    );
});

beforeEach(async () => {
  await closeMongo();
  setEnv({ MONGODB_URL, MONGODB_DATABASE: DB, REMEDIATIONS_ENABLED: "true", DATA_DIR: data.dir });
});

afterAll(async () => {
  await closeMongo();
  await fixture?.db(DB).dropDatabase();
  await fixture?.close();
  await data?.remove();
  env?.restore();
});

describe("createIndex from the ESR suggestion", () => {
  const filter = '{"status": "open", "total": {"$gt": 10}}';
  const sort = '{"createdAt": -1}';
  const key = '{ "status": 1, "createdAt": -1, "total": 1 }';

  it("previews equality, sort, range order on the configured database", async () => {
    const preview = await previewRemediation(indexChange("orders", filter, sort));
    expect(preview).toEqual({
      ok: true,
      data: expect.objectContaining({
        command: `db.orders.createIndex(${key})`,
        target: `mongo 127.0.0.1:27017 ${DB}.orders`,
        current: `no index on ${key} (1 index: _id_)`,
        next: `index on ${key}`,
      }),
    });
  });

  it("creates the index (listIndexes shows it), audits once, re-runs the explain", async () => {
    const requestId = randomUUID();
    const outcome = await applyRemediation(indexChange("orders", filter, sort), ADMIN, requestId);
    expect(outcome).toMatchObject({
      status: "ok",
      before: `no index on ${key} (1 index: _id_)`,
      after: `index status_1_createdAt_-1_total_1 on ${key} (2 indexes: _id_, status_1_createdAt_-1_total_1)`,
    });
    const indexes = await fixture.db(DB).collection("orders").indexes();
    expect(indexes.map((ix) => ix.key)).toContainEqual({ status: 1, createdAt: -1, total: 1 });
    // The key order is the ESR order, not the filter's.
    const created = indexes.find((ix) => ix.name === "status_1_createdAt_-1_total_1");
    expect(Object.keys(created?.key ?? {})).toEqual(["status", "createdAt", "total"]);

    expect(await auditOf(requestId)).toMatchObject({
      result: "ok",
      command: `db.orders.createIndex(${key})`,
      target: `mongo 127.0.0.1:27017 ${DB}.orders`,
    });
    const recheck = outcome.recheck && "result" in outcome.recheck ? outcome.recheck.result : undefined;
    expect(recheck).toMatchObject({ runbook: "query-performance-issues", stepId: "diagnosis-2" });
    expect(recheck?.cli).toContain('db.orders.find({"status":"open","total":{"$gt":10}})');
  });

  it("refuses a misspelt collection rather than creating it empty", async () => {
    const requestId = randomUUID();
    const outcome = await applyRemediation(indexChange("ordrs", filter), ADMIN, requestId);
    expect(outcome).toMatchObject({
      status: "refused",
      error: `refused: collection ${DB}.ordrs does not exist: createIndex would create it empty (check the name)`,
    });
    expect((await fixture.db(DB).listCollections({ name: "ordrs" }).toArray()).length).toBe(0);
    expect((await auditOf(requestId)).result).toBe("refused");
  });
});

describe("invalid key specs are refused before any call", () => {
  const cases: [string, unknown, RegExp][] = [
    [
      "a sort direction of 2",
      indexChange("orders", '{"status": "open"}', '{"createdAt": 2}'),
      /the direction of "createdAt" must be 1 or -1/,
    ],
    ["a $where filter", indexChange("orders", '{"$where": "sleep(1000)"}'), /\$where runs JavaScript on the server/],
    ["a system collection", indexChange("system.profile", '{"a": 1}'), /collection "system.profile" is not allowed/],
    ["a $-prefixed field", indexChange("orders", '{"a.$b": 1}'), /a path segment cannot start with \$/],
    [
      "nothing indexable",
      indexChange("orders", '{"$or": [{"a": 1}, {"b": 2}]}'),
      /nothing in this filter and sort can be indexed/,
    ],
    [
      "free-form options",
      { ...indexChange("orders", '{"a": 1}'), change: { ...indexChange("orders", '{"a": 1}').change, unique: true } },
      /Unrecognized key: "unique"/,
    ],
  ];

  it.each(cases)("%s", async (_, input, message) => {
    // Nothing listens on this port: any connection attempt would end in "could not connect", not our message.
    setEnv({ MONGODB_URL: `mongodb://127.0.0.1:${await closedPort()}/` });
    const requestId = randomUUID();
    const started = performance.now();
    const outcome = await applyRemediation(input, ADMIN, requestId);
    expect(outcome.status).toBe("refused");
    expect(outcome.error).toMatch(message);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await auditOf(requestId)).result).toBe("refused");
  });
});

describe("setProfilingLevel", () => {
  const profiling = (level: number, slowms?: number) => ({
    runbook: "query-performance-issues",
    stepId: "diagnosis-1",
    change: { kind: "mongo-profiling", level, ...(slowms === undefined ? {} : { slowms }) },
  });

  it("FerretDB has no profile command: failed as unsupported in the server's words, audited", async () => {
    const requestId = randomUUID();
    const outcome = await applyRemediation(profiling(1, 100), ADMIN, requestId);
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toBe(
      "could not read the current value, nothing was changed: unsupported: the server does not have this command: no such command: 'profile'",
    );
    expect(await auditOf(requestId)).toMatchObject({
      result: "failed",
      command: "db.setProfilingLevel(1, { slowms: 100 })",
    });
    const preview = await previewRemediation(profiling(0));
    expect(preview).toEqual({ ok: false, error: expect.stringMatching(/unsupported: .*no such command: 'profile'/) });
  });

  it("level 2 and an out-of-range slowms are refused before any call", async () => {
    setEnv({ MONGODB_URL: `mongodb://127.0.0.1:${await closedPort()}/` });
    expect((await applyRemediation(profiling(2), ADMIN, randomUUID())).error).toMatch(/level 2 is refused/);
    expect((await applyRemediation(profiling(1, 1), ADMIN, randomUUID())).error).toMatch(
      /slowms must be a whole number of milliseconds from 10 to 60,000, got "1"/,
    );
  });
});
