// find, aggregate, counts and stats as a guide writes them: command text → a live read (with its cap and shape)
// or a manual step with the reason. The run against a real server is tests/integration/systems/mongo/reads.test.ts.
import { describe, expect, it } from "vitest";
import { MONGO_CHECKS } from "@/lib/systems/mongo/adapter";
import { mongoCli } from "@/lib/systems/mongo/cli";
import { DOCUMENTS_CAP } from "@/lib/systems/mongo/operation";
import { pipelineRefusal } from "@/lib/systems/mongo/pipeline";
import { shownDocuments, shownStats } from "@/lib/systems/mongo/shown";
import type { ParsedCommand } from "@/lib/systems/operation";
import { parseCommand } from "@/lib/systems/parse-command";
import { SHOWN_CHECKS } from "@/lib/systems/registry";
import { checksThatFit } from "@/lib/systems/step-checks";
import { judgeDeclared } from "@/lib/verdict/declared-threshold";

const js = (line: string): ParsedCommand => parseCommand(line, "javascript", { context: "diagnosis" });
const reasonOf = (parsed: ParsedCommand): string => (parsed.type === "manual" ? parsed.reason : "");
const paramDefaults = (parsed: ParsedCommand) =>
  parsed.type === "operation" ? Object.fromEntries(parsed.params.map((p) => [p.name, p.defaultValue])) : {};

describe("find", () => {
  it("a plain find is capped at DOCUMENTS_CAP documents, its filter read as shell syntax", () => {
    const parsed = js('db.orders.find({status: "pending", created_at: {$lt: ISODate("2024-01-01")}})');
    expect(parsed).toMatchObject({
      type: "operation",
      operation: { kind: "mongo", op: "find", collection: "{collection}", filter: "{filter}", limit: DOCUMENTS_CAP },
    });
    expect(paramDefaults(parsed)).toEqual({
      collection: "orders",
      filter: '{"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}',
    });
    expect(DOCUMENTS_CAP).toBe(50);
  });

  it("keeps the guide's projection, sort, skip and a smaller limit; never a larger one", () => {
    expect(js("db.orders.find({}, {total: 1, _id: 0}).sort({total: -1}).skip(5).limit(10).pretty()")).toMatchObject({
      operation: { op: "find", projection: '{"total":1,"_id":0}', sort: '{"total":-1}', skip: 5, limit: 10 },
    });
    expect(js("db.orders.find().projection({customer: 1})")).toMatchObject({
      operation: { op: "find", projection: '{"customer":1}', limit: 50 },
    });
    expect(js("db.orders.find().limit(1000)")).toMatchObject({ operation: { limit: 50 } });
    expect(js("db.orders.find().limit(0)")).toMatchObject({ operation: { limit: 50 } });
    expect(js("db.orders.find().limit(-3)")).toMatchObject({ operation: { limit: 3 } });
  });

  it("the copyable line is what runs: the cap shows as .limit()", () => {
    const parsed = js("db.orders.find({status: 'open'}, {total: 1}).sort({total: -1})");
    expect(parsed.type === "operation" ? parsed.cli : "").toBe(
      `mongosh --eval 'db.{collection}.find({filter}, {"total":1}).sort({"total":-1}).limit(50)'`,
    );
    expect(
      mongoCli({ kind: "mongo", op: "find", collection: "orders", filter: '{"a":{"$date":"2024-01-01T00:00:00Z"}}' }),
    ).toBe(`mongosh --eval 'db.orders.find(EJSON.deserialize({"a":{"$date":"2024-01-01T00:00:00Z"}})).limit(50)'`);
  });

  it("cursor methods it cannot honour, bad shapes and server-side JavaScript stay manual with the reason", () => {
    expect(reasonOf(js("db.orders.find().batchSize(10)"))).toMatch(/cursor method \.batchSize\(\) is not run live/);
    expect(reasonOf(js("db.orders.find().forEach(printjson)"))).toMatch(/forEach/);
    expect(reasonOf(js("db.orders.find().limit('10')"))).toMatch(/whole number/);
    expect(reasonOf(js("db.orders.find().skip(-1)"))).toMatch(/0 or more/);
    expect(reasonOf(js("db.orders.find([1])"))).toMatch(/must be a document/);
    expect(reasonOf(js("db.orders.find({}, [1])"))).toMatch(/projection must be a document/);
    expect(reasonOf(js("db.orders.find({}, {}, {hint: 1})"))).toMatch(/options are not run live/);
    expect(reasonOf(js('db.orders.find({$where: "this.a > 1"})'))).toMatch(/\$where runs JavaScript/);
    expect(reasonOf(js("db.orders.find({a: function () { return 1 }})"))).toMatch(/function/);
    expect(reasonOf(js("db.system.users.find()"))).toMatch(/system collection/);
  });

  it("find(…).explain() is still the explain diagnostic", () => {
    expect(js('db.orders.find({a: 1}).explain("executionStats")')).toMatchObject({ operation: { op: "explain" } });
    expect(js("db.orders.explain().find({a: 1})")).toMatchObject({ operation: { op: "explain" } });
    expect(js("db.orders.find().sort({a: 1}).explain()").type).toBe("manual");
  });
});

describe("aggregate", () => {
  it("a read pipeline runs with the cap appended in the copyable line", () => {
    const parsed = js(
      'db.orders.aggregate([{$match: {created_at: {$gte: ISODate("2024-01-01")}}}, {$group: {_id: "$status", n: {$sum: 1}}}])',
    );
    expect(parsed).toMatchObject({
      type: "operation",
      operation: {
        op: "aggregate",
        collection: "{collection}",
        pipeline:
          '[{"$match":{"created_at":{"$gte":{"$date":"2024-01-01T00:00:00Z"}}}},{"$group":{"_id":"$status","n":{"$sum":1}}}]',
      },
    });
    expect(paramDefaults(parsed)).toEqual({ collection: "orders" });
    expect(mongoCli({ kind: "mongo", op: "aggregate", collection: "orders", pipeline: '[{"$match":{}}]' })).toBe(
      `mongosh --eval 'db.orders.aggregate([{"$match":{}},{"$limit":50}])'`,
    );
    expect(mongoCli({ kind: "mongo", op: "aggregate", collection: "orders", pipeline: "[]" })).toBe(
      `mongosh --eval 'db.orders.aggregate([{"$limit":50}])'`,
    );
    expect(js("db.orders.aggregate([]).toArray()")).toMatchObject({ operation: { op: "aggregate", pipeline: "[]" } });
  });

  it("write stages, server-side JavaScript and stages that read other things stay manual, nested ones too", () => {
    const cases: [string, RegExp][] = [
      ['db.orders.aggregate([{$match: {}}, {$out: "copy"}])', /\$out writes to a collection — not read-only/],
      ['db.orders.aggregate([{$merge: {into: "totals"}}])', /\$merge writes/],
      ['db.orders.aggregate([{$lookup: {from: "c", pipeline: [{$merge: {into: "x"}}], as: "y"}}])', /\$merge writes/],
      ['db.orders.aggregate([{$facet: {a: [{$out: "x"}]}}])', /\$out writes/],
      ['db.orders.aggregate([{$match: {$where: "1"}}])', /\$where runs JavaScript/],
      [
        'db.orders.aggregate([{$addFields: {x: {$function: {body: "function () {}", args: [], lang: "js"}}}}])',
        /\$function runs JavaScript/,
      ],
      [
        'db.orders.aggregate([{$group: {_id: 1, x: {$accumulator: {init: "f", accumulate: "g", merge: "h", lang: "js"}}}}])',
        /\$accumulator runs JavaScript/,
      ],
      ["db.orders.aggregate([{$changeStream: {}}])", /does not read the collection's documents/],
      ["db.orders.aggregate([{$match: {}, $limit: 1}])", /one \{\$stage: …\} document/],
      ["db.orders.aggregate({$match: {}})", /array of stages/],
      ["db.orders.aggregate([], {allowDiskUse: true})", /options are not run live/],
      ["db.orders.aggregate([]).explain()", /without cursor methods/],
    ];
    for (const [line, reason] of cases) expect(reasonOf(js(line)), line).toMatch(reason);
    expect(pipelineRefusal([{ $match: { a: { $date: "2024-01-01T00:00:00Z" } } }])).toBeNull();
  });
});

describe("counts and stats", () => {
  it("countDocuments, count and find().count() count the filter's documents; estimatedDocumentCount the metadata", () => {
    for (const line of [
      "db.orders.countDocuments({status: 'open'})",
      "db.orders.count({status: 'open'})",
      "db.orders.find({status: 'open'}).count()",
    ]) {
      const parsed = js(line);
      expect(parsed, line).toMatchObject({ operation: { op: "count", count: "documents", filter: "{filter}" } });
      expect(paramDefaults(parsed), line).toEqual({ collection: "orders", filter: '{"status":"open"}' });
      expect(parsed.type === "operation" ? parsed.cli : "").toBe(
        "mongosh --eval 'db.{collection}.countDocuments({filter})'",
      );
    }
    expect(js("db.orders.countDocuments()")).toMatchObject({ operation: { op: "count" } });
    expect(js("db.orders.estimatedDocumentCount()")).toMatchObject({
      operation: { op: "count", count: "estimated", collection: "{collection}" },
      cli: "mongosh --eval 'db.{collection}.estimatedDocumentCount()'",
    });
    expect(reasonOf(js("db.orders.countDocuments({}, {limit: 5})"))).toMatch(/options/);
    expect(reasonOf(js("db.orders.estimatedDocumentCount({maxTimeMS: 1})"))).toMatch(/without options/);
    expect(reasonOf(js("db.orders.find({}, {a: 1}).count()"))).toMatch(/options/);
    expect(js("db.orders.find().limit(5).count()").type).toBe("manual");
  });

  it("db.x.stats() and db.stats(), whole or one field", () => {
    expect(js("db.orders.stats()")).toMatchObject({
      operation: { op: "stats", collection: "{collection}" },
      cli: "mongosh --eval 'db.{collection}.stats()'",
    });
    expect(js("db.orders.stats().count")).toMatchObject({ operation: { op: "stats", field: "count" } });
    expect(js("db.stats()")).toEqual({
      type: "operation",
      operation: { kind: "mongo", op: "stats" },
      params: [],
      cli: "mongosh --eval 'db.stats()'",
    });
    expect(js("db.stats().dataSize")).toMatchObject({ operation: { op: "stats", field: "dataSize" } });
    expect(reasonOf(js("db.orders.stats(1024)"))).toMatch(/without a scale/);
    expect(reasonOf(js("db.stats({scale: 1024})"))).toMatch(/without a scale/);
  });

  it("each of them is shown as a table, so a runbook may declare a threshold on it", () => {
    expect(SHOWN_CHECKS).toContain("mongo-reply");
    expect(MONGO_CHECKS).toContain("mongo-reply");
    for (const line of [
      "db.orders.find()",
      "db.orders.aggregate([])",
      "db.orders.countDocuments({})",
      "db.orders.estimatedDocumentCount()",
      "db.orders.stats()",
      "db.stats()",
    ]) {
      expect(checksThatFit(line, "javascript", "diagnosis"), line).toEqual(["mongo-reply"]);
    }
  });
});

describe("shown, not judged, and judged by a declared threshold", () => {
  const docs = [
    { _id: 1, total: 10 },
    { _id: 2, total: 30 },
  ];

  it("documents: one column per field, the count as the value, the cap said when reached", () => {
    const verdict = shownDocuments("orders.find()", docs, 50);
    expect(verdict).toMatchObject({ status: "shown", headline: "orders.find(): 2 documents", headlineValue: 2 });
    expect(verdict.tables?.[0]).toMatchObject({
      columns: ["_id", "total"],
      rows: [
        [1, 10],
        [2, 30],
      ],
    });
    expect(verdict.detail).not.toMatch(/at most/);
    expect(shownDocuments("orders.find()", docs, 2).detail).toMatch(/asked for at most 2 documents/);
    expect(judgeDeclared(verdict, { value: "reply", warning: { op: ">", limit: 1 } }, "f.md").status).toBe("warning");
    expect(judgeDeclared(verdict, { value: "rows", critical: { op: ">", limit: 5 } }, "f.md").status).toBe("ok");
    expect(judgeDeclared(verdict, { value: "total", critical: { op: ">=", limit: 30 } }, "f.md").status).toBe(
      "critical",
    );
    expect(
      judgeDeclared(shownDocuments("orders.find()", [], 50), { value: "reply", warning: { op: ">", limit: 0 } }, "f.md")
        .status,
    ).toBe("ok");
  });

  it("stats: one row of fields, or the named field as the value", () => {
    const stats = { ns: "app.orders", count: 300, size: 12000, wiredTiger: { a: 1 } };
    const whole = shownStats("orders.stats()", stats, undefined);
    expect(whole.tables?.[0]?.columns).toEqual(["ns", "count", "size"]);
    expect(whole.detail).toMatch(/Nested sections \(wiredTiger\) are in the raw output/);
    expect(judgeDeclared(whole, { value: "size", warning: { op: ">", limit: 10000 } }, "f.md").status).toBe("warning");
    expect(shownStats("orders.stats()", stats, "count")).toMatchObject({ headlineValue: 300 });
    expect(shownStats("orders.stats()", stats, "wiredTiger").tables?.[0]).toMatchObject({
      columns: ["a"],
      rows: [[1]],
    });
  });
});
