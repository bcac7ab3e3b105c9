// lib/targets/mongo against the real MongoDB-compatible server (FerretDB in CI), a closed port and a silent one.
import type { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TargetError } from "@/lib/systems/core/target-error";
import {
  closeMongo,
  mongoCurrentOp,
  mongoExplainFind,
  mongoGetIndexes,
  mongoProfiler,
  mongoServerStatus,
  parseFilter,
  validateCollectionName,
} from "@/lib/systems/mongo/client";
import {
  blackhole,
  closedPort,
  connectFixtureMongo,
  MONGODB_URL,
  RUN_ID,
  rejection,
  setEnv,
  withEnv,
} from "../helpers";

const dbName = `rbtest_${RUN_ID}`;
// A plain driver client for fixtures only (inserting documents, creating the index, dropping the database).
let fixture: MongoClient;

function asTargetError(e: unknown): TargetError {
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

beforeAll(async () => {
  fixture = await connectFixtureMongo();
  const orders = fixture.db(dbName).collection("orders");
  await orders.insertMany(
    Array.from({ length: 300 }, (_, i) => ({
      customer: `c${i % 30}`,
      status: i % 3 === 0 ? "open" : "closed",
      total: i,
    })),
  );
  setEnv({ MONGODB_URL, MONGODB_DATABASE: dbName });
});

afterAll(async () => {
  await fixture.db(dbName).dropDatabase();
  await fixture.close();
  await closeMongo();
});

describe("mongo target on a live server", () => {
  it("serverStatus returns the document, the build, and which sections are absent", async () => {
    const r = await mongoServerStatus();
    expect(r.server.version).toMatch(/^\d+\.\d+/);
    expect(typeof r.status.uptime).toBe("number");
    if (r.server.isFerretDb) {
      expect(r.server.ferretDbVersion).toMatch(/^v?\d/);
      // FerretDB has no connections section; the result must say so instead of pretending zero.
      expect(r.status.connections).toBeUndefined();
      expect(r.absentSections).toContain("connections");
    } else {
      expect(r.status.connections).toBeDefined();
      expect(r.absentSections).not.toContain("connections");
    }
    // Plain JSON: crosses a server action boundary as is.
    expect(() => JSON.stringify(r)).not.toThrow();
  });

  it("explain without an index, then with one", async () => {
    const before = await mongoExplainFind("orders", '{"customer": "c7"}');
    expect(before.collection).toBe("orders");
    expect(before.filter).toEqual({ customer: "c7" });
    expect(before.explain.queryPlanner).toBeDefined();
    const planText = (e: Record<string, unknown>) => JSON.stringify(e.queryPlanner);
    if (before.server.isFerretDb) {
      // FerretDB's explain is its SQL backend's plan, not MongoDB's stage tree.
      expect(planText(before.explain)).toMatch(/SCAN/);
    } else {
      expect(planText(before.explain)).toMatch(/COLLSCAN/);
      expect(before.explain.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 300 });
    }

    await fixture.db(dbName).collection("orders").createIndex({ customer: 1 });
    const after = await mongoExplainFind("orders", { customer: "c7" });
    expect(after.explain.queryPlanner).toBeDefined();
    if (!after.server.isFerretDb) {
      expect(planText(after.explain)).toMatch(/IXSCAN/);
      expect(after.explain.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 10 });
    }
  });

  it("getIndexes lists the index, and a missing collection is not-found", async () => {
    await fixture.db(dbName).collection("orders").createIndex({ status: 1, total: -1 });
    const indexes = await mongoGetIndexes("orders");
    const names = indexes.map((i) => i.name);
    expect(names).toContain("_id_");
    expect(names).toContain("status_1_total_-1");
    expect(indexes.find((i) => i.name === "status_1_total_-1")?.key).toEqual({ status: 1, total: -1 });
    const { error } = await rejection(mongoGetIndexes("no_such_collection"));
    expect(asTargetError(error).kind).toBe("not-found");
  });

  it("currentOp answers (falling back, with a note, where $currentOp is missing)", async () => {
    const r = await mongoCurrentOp();
    expect(Array.isArray(r.ops)).toBe(true);
    if (r.server.isFerretDb) {
      expect(r.method).toBe("currentOp-command");
      expect(r.note).toMatch(/\$currentOp/);
      expect(r.note).toMatch(/FerretDB/);
    } else {
      expect(r.method).toBe("$currentOp");
    }
  });

  it("profiler: the server's own words when it lacks `profile`", async () => {
    const status = await mongoServerStatus();
    if (status.server.isFerretDb) {
      const { error } = await rejection(mongoProfiler());
      const e = asTargetError(error);
      expect(e.kind).toBe("unsupported");
      expect(e.code).toBe(59);
      expect(e.message).toMatch(/no such command: 'profile'/);
    } else {
      const r = await mongoProfiler();
      expect([0, 1, 2]).toContain(r.level);
      expect(Array.isArray(r.entries)).toBe(true);
    }
  });
});

describe("mongo input checks happen before any call", () => {
  it.each(["system.users", "system.profile", "$cmd", "a b", "1abc", "", "x".repeat(121), "a..b"])(
    "collection %j is refused",
    async (name) => {
      expect(() => validateCollectionName(name)).toThrow(TargetError);
      const { error } = await rejection(mongoGetIndexes(name));
      expect(asTargetError(error).kind).toBe("invalid");
    },
  );

  it.each([
    ['{"$where": "sleep(10000) || true"}', /\$where/],
    ['{"a": {"$expr": {"$function": {"body": "function(){return true}", "args": [], "lang": "js"}}}}', /\$function/],
    ['{"$expr": {"$gt": [{"$accumulator": {}}, 1]}}', /\$accumulator/],
    ['{"x": {"$code": "function(){}"}}', /\$code/],
    ["[1, 2]", /JSON object/],
    ["not json", /JSON object/],
  ])("filter %s is refused", async (filter, why) => {
    expect(() => parseFilter(filter)).toThrow(why);
    const { error, ms } = await rejection(mongoExplainFind("orders", filter));
    expect(asTargetError(error).kind).toBe("invalid");
    expect(ms).toBeLessThan(50);
  });

  it("accepts operators and Extended JSON", () => {
    const f = parseFilter('{"total": {"$gt": 5}, "_id": {"$oid": "65a1b2c3d4e5f60718293a4b"}}');
    expect(f.total).toEqual({ $gt: 5 });
    expect(String(f._id)).toBe("65a1b2c3d4e5f60718293a4b");
  });
});

describe("mongo target failures", () => {
  it("not configured names the variable", async () => {
    await withEnv({ MONGODB_URL: undefined }, async () => {
      const { error } = await rejection(mongoServerStatus());
      const e = asTargetError(error);
      expect(e.kind).toBe("not-configured");
      expect(e.message).toContain("MONGODB_URL");
    });
  });

  it("a closed port fails as 'refused' within ~2.5 s, password masked", async () => {
    const port = await closedPort();
    const secret = `pw-${RUN_ID}`;
    await withEnv({ MONGODB_URL: `mongodb://diag:${secret}@127.0.0.1:${port}/` }, async () => {
      const { error, ms } = await rejection(mongoServerStatus());
      const e = asTargetError(error);
      expect(e.kind).toBe("refused");
      expect(e.message).not.toContain(secret);
      expect(ms).toBeLessThan(2600);
    });
  });

  it("a listener that never answers fails within ~2.5 s and its sockets are closed", async () => {
    const hole = await blackhole();
    try {
      await withEnv({ MONGODB_URL: `mongodb://127.0.0.1:${hole.port}/` }, async () => {
        const { error, ms } = await rejection(mongoServerStatus());
        expect(asTargetError(error).kind).toBe("timeout");
        expect(ms).toBeLessThan(2600);
        expect(hole.accepted()).toBeGreaterThanOrEqual(1);
        await hole.allClosed(2000);
      });
    } finally {
      await hole.close();
    }
  });
});
