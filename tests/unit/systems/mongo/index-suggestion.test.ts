import { BSON } from "mongodb";
import { describe, expect, it } from "vitest";
import { formatIndexKey, suggestIndex } from "../../../../lib/systems/mongo/check-explain";

const keyOf = (filter: Record<string, unknown>, sort?: Record<string, unknown>) =>
  JSON.stringify(suggestIndex(filter, sort)?.key ?? null);

describe("suggestIndex (ESR)", () => {
  it("orders equality, then sort, then range", () => {
    expect(
      keyOf({ status: "open", createdAt: { $gte: new Date("2024-11-01") }, total: { $gt: 100 } }, { updatedAt: -1 }),
    ).toBe('{"status":1,"updatedAt":-1,"createdAt":1,"total":1}');
    expect(suggestIndex({ userId: "u_42", status: "open" }, { updatedAt: -1 })?.fields).toEqual([
      { field: "userId", direction: 1, role: "equality" },
      { field: "status", direction: 1, role: "equality" },
      { field: "updatedAt", direction: -1, role: "sort" },
    ]);
  });

  it("treats $in as equality alone and as a range with a sort", () => {
    expect(keyOf({ tags: { $in: ["a", "b"] }, userId: "x" })).toBe('{"tags":1,"userId":1}');
    expect(keyOf({ tags: { $in: ["a", "b"] }, userId: "x" }, { createdAt: 1 })).toBe(
      '{"userId":1,"createdAt":1,"tags":1}',
    );
  });

  it("treats $ne, $nin and regexes as ranges, $exists and $type last", () => {
    expect(keyOf({ flag: { $exists: true }, name: /^ad/, state: { $ne: "done" }, kind: { $eq: "a" } })).toBe(
      '{"kind":1,"name":1,"state":1,"flag":1}',
    );
  });

  it("treats a $regex read through Extended JSON (a BSONRegExp) as a range, like the remediation form parses it", () => {
    // The driver's EJSON.parse turns {"$regex": …} (with or without $options) and {"$regularExpression": …}
    // into a BSONRegExp instance, not a plain object with a $regex key.
    for (const regex of [
      '{"$regex": "^Ad"}',
      '{"$regex": "^ad", "$options": "i"}',
      '{"$regularExpression": {"pattern": "^Ad", "options": ""}}',
    ]) {
      const filter = BSON.EJSON.parse(`{"country": "FR", "name": ${regex}}`, { relaxed: true }) as Record<
        string,
        unknown
      >;
      expect(filter.name).toBeInstanceOf(BSON.BSONRegExp);
      expect(keyOf(filter, { age: 1 })).toBe('{"country":1,"age":1,"name":1}');
    }
    // The same query written with operators, as a shell user would, gives the same index.
    expect(keyOf({ country: "FR", name: { $regex: "^Ad", $options: "i" } }, { age: 1 })).toBe(
      '{"country":1,"age":1,"name":1}',
    );
  });

  it("flattens $and and keeps a field's most selective use", () => {
    expect(keyOf({ $and: [{ a: { $gt: 1 } }, { a: 5 }, { b: { $lt: 3 } }] })).toBe('{"a":1,"b":1}');
  });

  it("skips what one compound index cannot serve", () => {
    const s = suggestIndex({ $or: [{ a: 1 }, { b: 2 }], c: 3, $expr: { $gt: ["$x", "$y"] } });
    expect(s?.key).toEqual({ c: 1 });
    expect(s?.skipped).toEqual(["$or", "$expr"]);
  });

  it("drops sort fields already fixed by equality, and accepts asc/desc", () => {
    expect(keyOf({ status: "open" }, { status: 1, createdAt: "desc" })).toBe('{"status":1,"createdAt":-1}');
  });

  it("treats dates, class instances and sub-documents as equality", () => {
    class ObjectIdLike {
      constructor(readonly hex: string) {}
    }
    expect(
      suggestIndex({ owner: new ObjectIdLike("6748"), at: new Date(0), address: { city: "Paris" } })?.fields.map(
        (f) => f.role,
      ),
    ).toEqual(["equality", "equality", "equality"]);
  });

  it("returns null when nothing can be indexed", () => {
    expect(suggestIndex({})).toBeNull();
    expect(suggestIndex({ $where: "this.a > 1" })).toBeNull();
    expect(keyOf({}, { createdAt: -1 })).toBe('{"createdAt":-1}');
  });

  it("caps a compound index at 32 fields", () => {
    const filter = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, i]));
    expect(suggestIndex(filter)?.fields).toHaveLength(32);
  });
});

describe("formatIndexKey", () => {
  it("prints the shell notation", () => {
    expect(formatIndexKey({ status: 1, createdAt: -1 })).toBe('{ "status": 1, "createdAt": -1 }');
    expect(formatIndexKey({ body: "text" })).toBe('{ "body": "text" }');
  });
});
