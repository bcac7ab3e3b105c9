// The arguments of a Mongo shell call read by ejson-shell-parser: shell constructors become BSON values,
// anything that would need JavaScript to run (functions, method calls, variables, server-side JS) is refused.
import { BSON } from "mongodb";
import { describe, expect, it } from "vitest";
import { isPlainDocument } from "@/lib/systems/core/server-javascript";
import { parseShellArguments, toExtendedJson } from "@/lib/systems/mongo/shell-values";

function values(text: string): unknown[] {
  const parsed = parseShellArguments(text);
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`);
  return parsed.values;
}

function reasonOf(text: string): string {
  const parsed = parseShellArguments(text);
  return parsed.ok ? "accepted" : parsed.reason;
}

describe("parseShellArguments", () => {
  it("reads ISODate() and new Date() as Dates", () => {
    const [filter] = values('{status: "pending", created_at: {$lt: ISODate("2024-01-01")}}');
    expect(isPlainDocument(filter)).toBe(true);
    const created = (filter as { created_at: { $lt: unknown } }).created_at.$lt;
    expect(created).toBeInstanceOf(Date);
    expect((created as Date).toISOString()).toBe("2024-01-01T00:00:00.000Z");
    const [later] = values('{at: new Date("2024-02-03T04:05:06Z")}');
    expect((later as { at: Date }).at.toISOString()).toBe("2024-02-03T04:05:06.000Z");
  });

  it("reads ObjectId, NumberLong, NumberInt, NumberDecimal and Timestamp as their BSON types", () => {
    const [doc] = values(
      '{_id: ObjectId("5f1d7a0b2c3e4f5a6b7c8d9e"), n: NumberLong("9007199254740993"), i: NumberInt("7"), ' +
        'd: NumberDecimal("12.50"), t: Timestamp(1700000000, 3)}',
    ) as [Record<string, unknown>];
    expect(doc._id).toBeInstanceOf(BSON.ObjectId);
    expect(String(doc._id)).toBe("5f1d7a0b2c3e4f5a6b7c8d9e");
    expect(doc.n).toBeInstanceOf(BSON.Long);
    expect(String(doc.n)).toBe("9007199254740993"); // beyond a double's exact range: kept whole
    expect(doc.i).toBe(7);
    expect(doc.d).toBeInstanceOf(BSON.Decimal128);
    expect(String(doc.d)).toBe("12.50");
    expect(doc.t).toBeInstanceOf(BSON.Timestamp);
    expect((doc.t as InstanceType<typeof BSON.Timestamp>).t).toBe(1700000000);
  });

  it("keeps regex literals and $regex operators", () => {
    const [doc] = values('{name: /^ad+a/i, email: {$regex: "@example\\\\.com$", $options: "i"}}') as [
      Record<string, unknown>,
    ];
    expect(doc.name).toBeInstanceOf(RegExp);
    expect((doc.name as RegExp).source).toBe("^ad+a");
    expect((doc.name as RegExp).flags).toBe("i");
    expect(doc.email).toEqual({ $regex: "@example\\.com$", $options: "i" });
    // Through Extended JSON the run parses both back into BSON regular expressions.
    const back = BSON.EJSON.parse(toExtendedJson(doc), { relaxed: true }) as Record<string, unknown>;
    expect(back.name).toBeInstanceOf(BSON.BSONRegExp);
    expect(back.email).toBeInstanceOf(BSON.BSONRegExp);
  });

  it("reads several arguments, strings and nothing", () => {
    expect(values("")).toEqual([]);
    expect(values('"executionStats"')).toEqual(["executionStats"]);
    expect(values("{a: 1}, {b: 0}")).toEqual([{ a: 1 }, { b: 0 }]);
    expect(values("[{$match: {a: 1}}, {$limit: 5}]")).toEqual([[{ $match: { a: 1 } }, { $limit: 5 }]]);
  });

  it("writes Dates, ObjectIds and Longs as Extended JSON the run parses back", () => {
    const [doc] = values(
      '{at: {$lt: ISODate("2024-01-01")}, _id: ObjectId("5f1d7a0b2c3e4f5a6b7c8d9e"), n: NumberLong(5)}',
    );
    const json = toExtendedJson(doc);
    expect(json).toBe(
      '{"at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}},"_id":{"$oid":"5f1d7a0b2c3e4f5a6b7c8d9e"},"n":5}',
    );
    const back = BSON.EJSON.parse(json, { relaxed: true }) as { at: { $lt: unknown }; _id: unknown };
    expect(back.at.$lt).toBeInstanceOf(Date);
    expect(back._id).toBeInstanceOf(BSON.ObjectId);
  });

  it("refuses functions, method calls, variables and comments — nothing is evaluated", () => {
    expect(reasonOf("{a: function () { return db.dropDatabase() }}")).toMatch(/function/);
    expect(reasonOf("{a: () => 1}")).toMatch(/function/);
    expect(reasonOf("{a: (function () { return 1 })()}")).toMatch(/function/);
    for (const text of [
      "{a: Math.max(1, 2)}",
      "{a: Date.now()}",
      "{a: process.exit(1)}",
      "{a: require('fs')}",
      "{a: this}",
      "{a: someVariable}",
      "{a: 1} // a comment",
      "{[key]: 1}",
      "{a: `template`}",
    ]) {
      expect(parseShellArguments(text).ok, text).toBe(false);
    }
  });

  it("refuses server-side JavaScript anywhere in the value", () => {
    expect(reasonOf('{$where: "this.a > 1"}')).toBe("$where runs JavaScript on the server");
    expect(reasonOf("{a: {$expr: {$function: {body: 'x', args: [], lang: 'js'}}}}")).toBe(
      "$function runs JavaScript on the server",
    );
    expect(reasonOf("[{$group: {_id: 1, x: {$accumulator: {}}}}]")).toBe("$accumulator runs JavaScript on the server");
    expect(reasonOf('{a: Code("sleep(1000)")}')).toBe("Code() runs JavaScript on the server");
  });

  it("says why a value or the syntax is wrong", () => {
    expect(reasonOf('{_id: ObjectId("5f1d")}')).toMatch(/^has a value the shell would refuse/);
    expect(reasonOf("{a: 1")).toMatch(/^is not MongoDB shell syntax/);
  });
});
