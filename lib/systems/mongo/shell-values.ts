// The arguments of a Mongo shell call — `{created_at: {$lt: ISODate("2024-01-01")}}`, ObjectId(), NumberLong(),
// /regex/ — read by MongoDB's own shell-syntax parser (ejson-shell-parser), which checks the syntax tree against
// the shell's value constructors and builds BSON values from it. Nothing is evaluated as JavaScript.
import { parse as parseJavaScript } from "acorn";
import parseShellSyntax, { ParseMode } from "ejson-shell-parser";
import { BSON } from "mongodb";
import { findServerJavaScript, isPlainDocument } from "../core/server-javascript";

export type ShellArguments = { ok: true; values: unknown[] } | { ok: false; reason: string };

// Strict: no method calls (Math.max(), Date.now()), no comments, no variables; the shell's constructors only.
const STRICT = { mode: ParseMode.Strict, allowMethods: false, allowComments: false } as const;

function isNode(value: unknown): value is { type: string } {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/**
 * Whether the syntax tree holds a function. ejson-shell-parser accepts `{a: function () {…}}` as an object value and
 * returns its source text (the shell's way of passing Code), so it is looked for here, in the tree of the same parser
 * (acorn) the library uses.
 */
function hasFunction(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasFunction);
  if (!isNode(node)) return false;
  if (node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") return true;
  return Object.entries(node).some(([key, child]) => key !== "loc" && typeof child === "object" && hasFunction(child));
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message !== "" ? error.message : String(error);
}

/**
 * Parses the text between a shell call's parentheses (`{a: 1}, {b: 1}` or nothing) into its values.
 * Refuses functions, method calls, variables, comments and anything that runs JavaScript on the server.
 */
export function parseShellArguments(text: string): ShellArguments {
  const source = `[${text}]`;
  try {
    // The library wraps its input the same way; a syntax error is reported here with acorn's message.
    const tree = parseJavaScript(`(\n${source}\n)`, { ecmaVersion: 6 });
    if (hasFunction(tree)) return { ok: false, reason: "passes a function — code, not a value" };
  } catch (error) {
    return { ok: false, reason: `is not MongoDB shell syntax (${messageOf(error)})` };
  }
  let values: unknown;
  try {
    values = parseShellSyntax(source, STRICT);
  } catch (error) {
    // The syntax was accepted; a constructor refused its argument (ObjectId("5f1d"), NumberDecimal("x")…).
    return { ok: false, reason: `has a value the shell would refuse: ${messageOf(error)}` };
  }
  // The library answers "" when the tree holds anything but literals and the shell's constructors.
  if (!Array.isArray(values)) {
    return { ok: false, reason: "holds more than shell values (method calls, variables or comments)" };
  }
  const javascript = findServerJavaScript(values);
  if (javascript !== null) return { ok: false, reason: `${javascript} runs JavaScript on the server` };
  return { ok: true, values };
}

/** Longs a double cannot hold exactly, as canonical {"$numberLong": "…"} (relaxed EJSON would round them). */
function exactLongs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(exactLongs);
  if (value instanceof BSON.Long || (value as { _bsontype?: unknown } | null)?._bsontype === "Long") {
    const long = value as InstanceType<typeof BSON.Long>;
    const safe = long.lessThanOrEqual(Number.MAX_SAFE_INTEGER) && long.greaterThanOrEqual(Number.MIN_SAFE_INTEGER);
    return safe ? value : { $numberLong: long.toString() };
  }
  if (!isPlainDocument(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, exactLongs(item)]));
}

/**
 * Relaxed Extended JSON: a Date reads {"$date": "2024-01-01T00:00:00Z"}, an ObjectId {"$oid": …}, a regex
 * {"$regularExpression": …}; the run parses it back with EJSON (lib/systems/mongo/client.ts parseFilter).
 */
export function toExtendedJson(value: unknown): string {
  return BSON.EJSON.stringify(exactLongs(value), { relaxed: true });
}
