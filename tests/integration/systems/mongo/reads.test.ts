// find, aggregate, counts and stats against the real MongoDB-compatible server (FerretDB here): the cap and
// maxTimeMS seen on the wire through the driver's command monitoring, write stages refused before any command,
// and the guide's own lines parsed and run as a step runs them.
import type { CommandStartedEvent, MongoClient } from "mongodb";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fillTemplate } from "@/lib/systems/core/params";
import { COMMAND_TIMEOUT_MS, TargetError } from "@/lib/systems/core/target-error";
import {
  closeMongo,
  mongoAggregate,
  mongoCount,
  mongoFind,
  mongoStats,
  observeMongoCommands,
} from "@/lib/systems/mongo/client";
import { DOCUMENTS_CAP, type MongoOperation } from "@/lib/systems/mongo/operation";
import { runMongo } from "@/lib/systems/mongo/run";
import { parseCommand } from "@/lib/systems/parse-command";
import { judgeDeclared } from "@/lib/verdict/declared-threshold";
import { connectFixtureMongo, MONGODB_URL, RUN_ID, rejection, setEnv } from "../helpers";

const dbName = `rbreads_${RUN_ID}`;
let fixture: MongoClient;
let sent: CommandStartedEvent[] = [];
let stopObserving: () => void = () => undefined;

/** The commands named `name` the dashboard's clients sent since the test began. */
const commands = (name: string) => sent.filter((event) => event.commandName === name).map((event) => event.command);

beforeAll(async () => {
  fixture = await connectFixtureMongo();
  await fixture
    .db(dbName)
    .collection("orders")
    .insertMany(
      Array.from({ length: 120 }, (_, i) => ({
        n: i,
        status: i % 4 === 0 ? "pending" : "paid",
        created_at: new Date(Date.UTC(2023, 0, 1) + i * 86_400_000),
        total: i * 10,
      })),
    );
  setEnv({ MONGODB_URL, MONGODB_DATABASE: dbName, MONGODB_TARGETS: undefined });
  stopObserving = observeMongoCommands((event) => sent.push(event));
});

afterEach(() => {
  sent = [];
});

afterAll(async () => {
  stopObserving();
  await fixture.db(dbName).dropDatabase();
  await fixture.close();
  await closeMongo();
});

/** The guide's line, parsed, with its parameters at their defaults: what a step runs when nobody edits them. */
function step(line: string): MongoOperation {
  const parsed = parseCommand(line, "javascript", { context: "diagnosis" });
  if (parsed.type !== "operation" || parsed.operation.kind !== "mongo") {
    throw new Error(`${line} did not parse to a Mongo read: ${JSON.stringify(parsed)}`);
  }
  const values = Object.fromEntries(parsed.params.map((p) => [p.name, p.defaultValue ?? ""]));
  const fill = (template: string) => fillTemplate(template, values);
  const { operation } = parsed;
  return {
    ...operation,
    ...(operation.collection === undefined ? {} : { collection: fill(operation.collection) }),
    ...(operation.filter === undefined ? {} : { filter: fill(operation.filter) }),
  };
}

describe("find", () => {
  it("reads at most DOCUMENTS_CAP documents: the limit and maxTimeMS go to the server", async () => {
    const result = await mongoFind("orders", {}, { limit: 500 });
    expect(result.documents).toHaveLength(DOCUMENTS_CAP);
    const [find, ...more] = commands("find");
    expect(more).toHaveLength(0);
    expect(find).toMatchObject({ find: "orders", limit: DOCUMENTS_CAP, maxTimeMS: COMMAND_TIMEOUT_MS });
    // One batch: the server closed the cursor, so no getMore followed.
    expect(commands("getMore")).toHaveLength(0);
  });

  it("the guide's ISODate filter, projection, sort and smaller limit are honoured", async () => {
    const operation = step(
      'db.orders.find({status: "pending", created_at: {$lt: ISODate("2023-03-01")}}, {n: 1, total: 1, _id: 0}).sort({n: -1}).limit(5)',
    );
    const outcome = await runMongo(operation);
    expect(commands("find")[0]).toMatchObject({
      limit: 5,
      maxTimeMS: COMMAND_TIMEOUT_MS,
      projection: { n: 1, total: 1, _id: 0 },
      sort: new Map([["n", -1]]),
    });
    // Days 0..58 are before March; pending is every fourth: n = 56, 52, 48, 44, 40.
    expect(outcome.verdict).toMatchObject({
      status: "shown",
      headlineValue: 5,
      headline: "orders.find(): 5 documents",
    });
    expect(outcome.verdict.tables?.[0]).toMatchObject({
      columns: ["n", "total"],
      rows: [
        [56, 560],
        [52, 520],
        [48, 480],
        [44, 440],
        [40, 400],
      ],
    });
    expect(outcome.verdict.detail).toMatch(/at most 5 documents/);
  });

  it("a plain find is shown, capped, and a declared threshold judges the count", async () => {
    const outcome = await runMongo(step('db.orders.find({status: "paid"})'));
    expect(commands("find")[0]).toMatchObject({ limit: DOCUMENTS_CAP, maxTimeMS: COMMAND_TIMEOUT_MS });
    expect(outcome.verdict.headlineValue).toBe(DOCUMENTS_CAP);
    const judged = judgeDeclared(outcome.verdict, { value: "rows", critical: { op: ">", limit: 10 } }, "payments.md");
    expect(judged.status).toBe("critical");
  });
});

describe("aggregate", () => {
  it("appends the $limit cap, sends maxTimeMS and allowDiskUse false", async () => {
    const result = await mongoAggregate("orders", '[{"$match": {"total": {"$gte": 0}}}]');
    expect(result.documents).toHaveLength(DOCUMENTS_CAP);
    const [aggregate] = commands("aggregate");
    expect(aggregate).toMatchObject({
      aggregate: "orders",
      pipeline: [{ $match: { total: { $gte: 0 } } }, { $limit: DOCUMENTS_CAP }],
      maxTimeMS: COMMAND_TIMEOUT_MS,
      allowDiskUse: false,
    });
  });

  it("the guide's group by status runs and is shown", async () => {
    const outcome = await runMongo(
      step(
        'db.orders.aggregate([{$match: {created_at: {$gte: ISODate("2023-01-01")}}}, {$group: {_id: "$status", n: {$sum: 1}}}, {$sort: {_id: 1}}])',
      ),
    );
    expect(outcome.verdict).toMatchObject({ status: "shown", headlineValue: 2 });
    expect(outcome.verdict.tables?.[0]).toMatchObject({
      columns: ["_id", "n"],
      rows: [
        ["paid", 90],
        ["pending", 30],
      ],
    });
  });

  it("write stages and server-side JavaScript are refused before any command is sent", async () => {
    for (const pipeline of [
      '[{"$match": {}}, {"$out": "copy"}]',
      '[{"$merge": {"into": "copy"}}]',
      '[{"$lookup": {"from": "orders", "pipeline": [{"$out": "copy"}], "as": "x"}}]',
      '[{"$addFields": {"x": {"$function": {"body": "function () { return 1 }", "args": [], "lang": "js"}}}}]',
      '[{"$match": {"$where": "true"}}]',
    ]) {
      const { error } = await rejection(mongoAggregate("orders", pipeline));
      expect(error, pipeline).toBeInstanceOf(TargetError);
      expect((error as TargetError).kind, pipeline).toBe("invalid");
    }
    expect(commands("aggregate")).toHaveLength(0);
    const names = (await fixture.db(dbName).listCollections().toArray()).map((c) => c.name);
    expect(names).not.toContain("copy");
    // And the guide's own line never becomes an operation.
    expect(parseCommand('db.orders.aggregate([{$out: "copy"}])', "javascript").type).toBe("manual");
  });
});

describe("counts", () => {
  it("countDocuments counts on the server under maxTimeMS, shown with the count as the value", async () => {
    const outcome = await runMongo(step('db.orders.countDocuments({status: "pending"})'));
    expect(outcome.verdict).toMatchObject({ status: "shown", headlineValue: 30 });
    expect(commands("aggregate")[0]).toMatchObject({ aggregate: "orders", maxTimeMS: COMMAND_TIMEOUT_MS });
    const judged = judgeDeclared(outcome.verdict, { value: "reply", warning: { op: ">", limit: 20 } }, "p.md");
    expect(judged).toMatchObject({ status: "warning", headlineValue: 30 });
  });

  it("estimatedDocumentCount and find().count()", async () => {
    expect(await mongoCount("orders", "estimated")).toBe(120);
    expect(commands("count")[0]).toMatchObject({ count: "orders", maxTimeMS: COMMAND_TIMEOUT_MS });
    const outcome = await runMongo(step('db.orders.find({created_at: {$lt: ISODate("2023-01-11")}}).count()'));
    expect(outcome.verdict.headlineValue).toBe(10);
  });
});

describe("stats", () => {
  /** collStats / dbStats, or the server's own words when it lacks them (reported as unsupported). */
  async function statsOrUnsupported(collection?: string) {
    try {
      return await mongoStats(collection);
    } catch (error) {
      expect(error).toBeInstanceOf(TargetError);
      expect((error as TargetError).kind).toBe("unsupported");
      return null;
    }
  }

  it("db.orders.stats() and db.stats() send maxTimeMS and are shown as one row of fields", async () => {
    const collection = await statsOrUnsupported("orders");
    expect(commands("collStats")[0]).toMatchObject({ collStats: "orders", maxTimeMS: COMMAND_TIMEOUT_MS });
    if (collection !== null) {
      expect(collection.count).toBe(120);
      const outcome = await runMongo(step("db.orders.stats().count"));
      expect(outcome.verdict).toMatchObject({ status: "shown", headlineValue: 120 });
    }
    const database = await statsOrUnsupported();
    expect(commands("dbStats")[0]).toMatchObject({ dbStats: 1, maxTimeMS: COMMAND_TIMEOUT_MS });
    if (database !== null) {
      expect(database.collections).toBeGreaterThanOrEqual(1);
      const outcome = await runMongo(step("db.stats()"));
      expect(outcome.verdict.status).toBe("shown");
      expect(outcome.verdict.tables?.[0]?.columns).toContain("collections");
    }
  });
});
