import { describe, expect, it } from "vitest";
import { bindParams } from "../../../lib/systems/bind-params";
import type { OperationStep as StepOf } from "../../../lib/systems/core/parsed";
import type { Operation, ParsedCommand } from "../../../lib/systems/operation";
import { parseCommand } from "../../../lib/systems/parse-command";

type OperationStep = StepOf<Operation>;

import { guideBlocks } from "./guide-blocks";

function operationOf(line: string): OperationStep {
  const parsed: ParsedCommand = parseCommand(line, "bash");
  if (parsed.type !== "operation") throw new Error(`expected an operation for ${line}, got ${JSON.stringify(parsed)}`);
  return parsed;
}

describe("bindParams", () => {
  it("fills a Redis key template with a valid value", () => {
    const result = bindParams(operationOf('redis-cli get "rate_limit:{user_id}"'), { user_id: "user-42" });
    expect(result).toEqual({
      ok: true,
      operation: { kind: "redis", command: "GET", args: ["rate_limit:user-42"] },
      cli: "redis-cli GET rate_limit:user-42",
    });
  });

  it("refuses values outside the pattern, missing values and overlong values", () => {
    const step = operationOf('redis-cli get "rate_limit:{user_id}"');
    for (const value of ["a b", "x\r\nFLUSHALL", "*", "{user_id}", "", "a".repeat(129)]) {
      expect(bindParams(step, { user_id: value }).ok, JSON.stringify(value)).toBe(false);
    }
    expect(bindParams(step, {})).toEqual({ ok: false, errors: [{ param: "user_id", message: "User ID is required" }] });
  });

  it("fills explain's collection and filter, normalising relaxed JSON", () => {
    const step = operationOf('db.collection.find().explain("executionStats")');
    expect(bindParams(step, { collection: "orders", filter: "{ status: 'active' }" })).toEqual({
      ok: true,
      operation: { kind: "mongo", op: "explain", collection: "orders", filter: '{"status":"active"}' },
      cli: `mongosh --eval 'db.orders.find({"status":"active"}).explain("executionStats")'`,
    });
    // The filter defaults to {}; the collection has no default when the guide says db.collection.
    expect(bindParams(step, { collection: "orders" })).toMatchObject({ ok: true, operation: { filter: "{}" } });
    expect(bindParams(step, { filter: "{}" })).toMatchObject({ ok: false, errors: [{ param: "collection" }] });
  });

  it("refuses bad collections and dangerous or malformed filters", () => {
    const step = operationOf('db.collection.find().explain("executionStats")');
    for (const collection of ["system.users", "$cmd", "a b", "1abc", "a".repeat(121)]) {
      expect(bindParams(step, { collection }).ok, collection).toBe(false);
    }
    for (const filter of [
      '{ $where: "sleep(1000)" }',
      "{ a: { $function: {} } }",
      "{ $or: [{ $where: 'x' }] }",
      "[1]",
      "{ a: ObjectId('x') }",
      `{ a: "${"x".repeat(2000)}" }`,
    ]) {
      expect(bindParams(step, { collection: "orders", filter }).ok, filter.slice(0, 40)).toBe(false);
    }
  });

  it("uses a literal default from the guide and quotes awkward values in the cli", () => {
    const step = operationOf("db.getCollection('order-items').find({ note: \"it's\" }).explain()");
    const result = bindParams(step, {});
    expect(result).toMatchObject({ ok: true, operation: { collection: "order-items", filter: '{"note":"it\'s"}' } });
    if (result.ok) {
      expect(result.cli).toBe(
        `mongosh --eval 'db.getCollection("order-items").find({"note":"it'\\''s"}).explain("executionStats")'`,
      );
      // The filled cli is itself a parseable guide line that gives back the same values.
      expect(parseCommand(result.cli, "bash")).toMatchObject({
        params: [
          { name: "collection", defaultValue: "order-items" },
          { name: "filter", defaultValue: '{"note":"it\'s"}' },
        ],
      });
    }
  });

  it("operations without params bind to themselves", () => {
    const step = operationOf("redis-cli info memory");
    expect(bindParams(step, { user_id: "ignored" })).toEqual({ ok: true, operation: step.operation, cli: step.cli });
  });
});

describe("cli round trip", () => {
  const operations = guideBlocks()
    .filter((block) => block.lang === "bash")
    .flatMap((block) => block.code.split("\n"))
    .map((line) => parseCommand(line, "bash"))
    .filter((parsed): parsed is OperationStep => parsed.type === "operation");

  it.each(operations.map((step) => [step.cli, step] as const))("%s parses back to the same operation", (cli, step) => {
    if (step.operation.kind === "mongo" && (step.operation.op === "profiler" || step.params.length > 0)) {
      // Profiler scripts are two statements and templates are not JavaScript; both are for people, not for us.
      expect(parseCommand(cli, "bash").type).toBe("manual");
      return;
    }
    expect(parseCommand(cli, "bash")).toEqual(step);
  });
});
