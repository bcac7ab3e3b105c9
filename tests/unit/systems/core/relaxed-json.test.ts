import { describe, expect, it } from "vitest";
import { parseRelaxedJson, parseRelaxedJsonList, RelaxedJsonError } from "../../../../lib/systems/core/relaxed-json";

describe("parseRelaxedJson", () => {
  it("accepts strict JSON", () => {
    expect(parseRelaxedJson('{"a": [1, -2.5, 3e2, true, false, null, "x"]}')).toEqual({
      a: [1, -2.5, 300, true, false, null, "x"],
    });
  });

  it("accepts unquoted keys, $operators, single quotes and trailing commas", () => {
    expect(parseRelaxedJson("{ slowms: 100 }")).toEqual({ slowms: 100 });
    expect(parseRelaxedJson("{ age: { $gte: 18, }, 'name': 'O\\'Brien', }")).toEqual({
      age: { $gte: 18 },
      name: "O'Brien",
    });
    expect(parseRelaxedJson("[1, 2,]")).toEqual([1, 2]);
  });

  it("decodes escapes and skips comments", () => {
    expect(parseRelaxedJson('"a\\n\\t\\u0041\\/"')).toBe("a\n\tA/");
    expect(parseRelaxedJson("{ /* why */ a: 1 // note\n }")).toEqual({ a: 1 });
  });

  it("keeps __proto__ as an own property instead of changing the prototype", () => {
    const value = parseRelaxedJson('{"__proto__": {"polluted": true}}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value ?? {})).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses code and anything beyond one value", () => {
    for (const text of [
      '{ _id: ObjectId("5f1d") }',
      "{ name: /abc/ }",
      "{ a: function() {} }",
      "{ a: 1 } x",
      "{ a: 1",
      "'open",
      "{ a: Infinity }",
      "{ a b: 1 }",
      "",
      "{ a: 'x\ny' }",
    ]) {
      expect(() => parseRelaxedJson(text), text).toThrow(RelaxedJsonError);
    }
  });

  it("limits nesting depth", () => {
    expect(() => parseRelaxedJson(`${"[".repeat(40)}${"]".repeat(40)}`)).toThrow(/nested too deeply/);
    expect(parseRelaxedJson(`${"[".repeat(10)}${"]".repeat(10)}`)).toBeDefined();
  });
});

describe("parseRelaxedJsonList", () => {
  it("parses call arguments", () => {
    expect(parseRelaxedJsonList("1, { slowms: 100 }")).toEqual([1, { slowms: 100 }]);
    expect(parseRelaxedJsonList('"executionStats"')).toEqual(["executionStats"]);
    expect(parseRelaxedJsonList("  ")).toEqual([]);
  });

  it("refuses stray separators", () => {
    expect(() => parseRelaxedJsonList("1,")).toThrow(RelaxedJsonError);
    expect(() => parseRelaxedJsonList("1 2")).toThrow(RelaxedJsonError);
  });
});
