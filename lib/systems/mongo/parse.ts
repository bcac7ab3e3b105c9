// Turns one Mongo shell expression (db.serverStatus(), db.c.find().explain(), ...) into a read-only op or a remediation.
// Call arguments are read as shell syntax (ISODate(), ObjectId(), NumberLong(), /regex/) by ./shell-values, never eval.
import type { ParamSpec } from "../core/params";
import type { ParsedCommand as ParsedOf } from "../core/parsed";
import { mongoCli, mongoshCli } from "./cli";
import { DOCUMENTS_CAP, type MongoOperation, type MongoReadOp } from "./operation";
import { pipelineRefusal } from "./pipeline";

type ParsedCommand = ParsedOf<MongoOperation>;

import {
  COLLECTION_PATTERN,
  COLLECTION_TEMPLATE,
  collectionParam,
  FILTER_TEMPLATE,
  filterParam,
  normalizeFilter,
} from "../core/params";
import { manual, remediationStep, operationStep as stepOf } from "../core/parsed";
import { isPlainDocument } from "../core/server-javascript";
import { parseShellArguments, toExtendedJson } from "./shell-values";

export type { CommandContext } from "../core/adapter";

import type { CommandContext } from "../core/adapter";

/** One `.name` of the chain, with the argument text when it is called: `.find({a: 1})` → {name:"find", args:"{a: 1}"}. */
interface Segment {
  name: string;
  args: string | null;
}

const NOT_READ_ONLY = "changes data or server state — not read-only";
const UNSUPPORTED = "is read-only but not one of the diagnostics this dashboard runs live";

const WRITE_METHODS = new Set([
  "insert",
  "insertOne",
  "insertMany",
  "update",
  "updateOne",
  "updateMany",
  "replaceOne",
  "remove",
  "deleteOne",
  "deleteMany",
  "drop",
  "dropDatabase",
  "dropIndex",
  "dropIndexes",
  "createIndexes",
  "ensureIndex",
  "reIndex",
  "hideIndex",
  "unhideIndex",
  "findAndModify",
  "findOneAndUpdate",
  "findOneAndReplace",
  "findOneAndDelete",
  "bulkWrite",
  "save",
  "renameCollection",
  "compact",
  "killOp",
  "shutdownServer",
  "createCollection",
  "createView",
  "createUser",
  "updateUser",
  "dropUser",
  "dropAllUsers",
  "grantRolesToUser",
  "revokeRolesFromUser",
  "createRole",
  "dropRole",
  "eval",
  "fsyncLock",
  "fsyncUnlock",
  "repairDatabase",
  "setLogLevel",
  "cloneDatabase",
  "copyDatabase",
  "dropAllRoles",
]);

/** Cursor methods that only change how the shell prints what it read. */
const CURSOR_DISPLAY = new Set(["pretty", "toArray"]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
// The guide's own placeholder: `db.collection.find()` means "some collection", not one named "collection".
const PLACEHOLDER_COLLECTION = "collection";

/** Index of the ")" closing the "(" at `open`, skipping strings and nested brackets; -1 when unbalanced. */
function closingParen(text: string, open: number): number {
  const stack: string[] = [];
  const pairs: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };
  for (let i = open; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (ch === '"' || ch === "'" || ch === "`") {
      i += 1;
      while (i < text.length && text.charAt(i) !== ch) i += text.charAt(i) === "\\" ? 2 : 1;
      if (i >= text.length) return -1;
      continue;
    }
    const close = pairs[ch];
    if (close !== undefined) {
      stack.push(close);
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Splits `db.a.b(...).c` into segments; null when the text is anything but such a chain. */
function scanChain(expression: string): Segment[] | null {
  if (!expression.startsWith("db.")) return null;
  const segments: Segment[] = [];
  let i = 2;
  while (i < expression.length) {
    const ch = expression.charAt(i);
    if (ch === ".") {
      const name = IDENTIFIER.exec(expression.slice(i + 1))?.[0];
      if (name === undefined) return null;
      segments.push({ name, args: null });
      i += 1 + name.length;
    } else if (ch === "(") {
      const last = segments[segments.length - 1];
      const end = closingParen(expression, i);
      if (last === undefined || last.args !== null || end === -1) return null;
      last.args = expression.slice(i + 1, end);
      i = end + 1;
    } else {
      return null;
    }
  }
  return segments;
}

/** The call's argument values, read as Mongo shell syntax (ISODate(), ObjectId(), /regex/…); null when refused. */
function parseArgs(text: string | null): unknown[] | null {
  if (text === null) return null;
  const parsed = parseShellArguments(text);
  return parsed.ok ? parsed.values : null;
}

/** Why the arguments of a call were refused, for the manual step's reason. */
function argsRefusal(text: string | null): string {
  if (text === null) return "is not a call";
  const parsed = parseShellArguments(text);
  return parsed.ok ? "are accepted" : parsed.reason;
}

function segmentText(segment: Segment): string {
  return segment.args === null ? segment.name : `${segment.name}()`;
}

function operationStep(operation: MongoOperation, params: ParamSpec[] = []) {
  return stepOf(operation, mongoCli(operation), params);
}

function readOp(op: MongoReadOp, extra: Omit<MongoOperation, "kind" | "op"> = {}) {
  return { kind: "mongo" as const, op, ...extra };
}

/** `db.serverStatus().connections.current`-style property paths after a call. */
function fieldPath(rest: readonly Segment[]): string | null | undefined {
  if (rest.length === 0) return undefined;
  if (rest.some((segment) => segment.args !== null)) return null;
  const path = rest.map((segment) => segment.name).join(".");
  return FIELD_PATH.test(path) ? path : null;
}

class MongoLine {
  constructor(
    private readonly expression: string,
    private readonly line: string,
    private readonly context: CommandContext,
  ) {}

  parse(): ParsedCommand {
    const segments = scanChain(this.expression);
    if (segments === null || segments.length === 0) {
      return this.manual("not a plain db.<collection>.<method>(...) call this dashboard can read");
    }
    const [first, ...rest] = segments;
    if (first === undefined) return this.manual("empty expression");
    if (first.args !== null) {
      if (first.name !== "getCollection") return this.databaseMethod(first, rest);
      const args = parseArgs(first.args);
      const [name, ...extra] = args ?? [];
      if (typeof name !== "string" || extra.length > 0) return this.manual("getCollection takes one name");
      return this.collectionMethod(name, rest);
    }
    const call = segments.findIndex((segment) => segment.args !== null);
    if (call === -1) return this.manual("a property, not a method call");
    const collection = segments
      .slice(0, call)
      .map((segment) => segment.name)
      .join(".");
    return this.collectionMethod(collection, segments.slice(call));
  }

  private manual(reason: string): ParsedCommand {
    return manual(reason, this.line);
  }

  private databaseMethod(call: Segment, rest: Segment[]): ParsedCommand {
    const args = parseArgs(call.args);
    if (args === null) return this.manual(`the arguments of db.${call.name}() ${argsRefusal(call.args)}`);
    const field = fieldPath(rest);
    if (field === null) return this.manual(`only property paths may follow db.${call.name}()`);

    switch (call.name) {
      case "serverStatus":
        if (args.length > 0) return this.manual("db.serverStatus() options are not supported live");
        if (field === "connections") return operationStep(readOp("connections"));
        return operationStep(readOp("serverStatus", field === undefined ? {} : { field }));
      case "currentOp":
        if (args.length > 0) return this.manual("db.currentOp() with a filter is not supported live; copy it");
        return operationStep(readOp("currentOp", field === undefined ? {} : { field }));
      case "getProfilingLevel":
      case "getProfilingStatus":
        if (args.length > 0 || field !== undefined) return this.manual(`db.${call.name}() takes no arguments`);
        return operationStep(readOp("profiler"));
      case "setProfilingLevel":
        if (field !== undefined) return this.manual("only db.setProfilingLevel(level, options) is understood");
        return this.setProfilingLevel(args);
      case "stats":
        if (args.length > 0) return this.manual("db.stats() runs live without a scale or options");
        return operationStep(readOp("stats", field === undefined ? {} : { field }));
      case "runCommand":
      case "adminCommand":
        return this.runCommand(call.name, args, field);
      default:
        if (WRITE_METHODS.has(call.name)) return this.manual(`db.${call.name}() ${NOT_READ_ONLY}`);
        return this.manual(`db.${call.name}() ${UNSUPPORTED}`);
    }
  }

  private runCommand(name: string, args: unknown[], field: string | undefined): ParsedCommand {
    const [command, ...extra] = args;
    if (isPlainDocument(command) && extra.length === 0) {
      const keys = Object.keys(command);
      const value = command[keys[0] ?? ""];
      if (keys.length === 1 && (value === 1 || value === true)) {
        if (keys[0] === "serverStatus") {
          if (field === "connections") return operationStep(readOp("connections"));
          return operationStep(readOp("serverStatus", field === undefined ? {} : { field }));
        }
        if (keys[0] === "currentOp") return operationStep(readOp("currentOp", field === undefined ? {} : { field }));
      }
    }
    return this.manual(`db.${name}() runs an arbitrary server command — not read-only as far as we can tell`);
  }

  private setProfilingLevel(args: unknown[]): ParsedCommand {
    const [level, second, ...extra] = args;
    if (typeof level !== "number" || ![0, 1, 2].includes(level) || extra.length > 0) {
      return this.manual("db.setProfilingLevel takes a level 0, 1 or 2 and optional options");
    }
    let slowms: number | undefined;
    if (typeof second === "number") {
      slowms = second;
    } else if (isPlainDocument(second)) {
      const value = second.slowms;
      if (value !== undefined && typeof value !== "number") return this.manual("slowms must be a number");
      slowms = value;
    } else if (second !== undefined) {
      return this.manual("the second argument of db.setProfilingLevel must be slowms or an options object");
    }
    if (slowms !== undefined && (!Number.isInteger(slowms) || slowms < 0 || slowms > 3_600_000)) {
      return this.manual("slowms must be a whole number of milliseconds");
    }

    if (this.context === "solution") {
      const options = second === undefined ? [] : [toExtendedJson(second)];
      return remediationStep(
        { system: "mongo", action: "setProfilingLevel", args: [String(level), ...options] },
        mongoshCli(this.expression),
      );
    }
    // In a diagnosis the guide turns the profiler on to look at slow queries; we only read what it already records.
    const operation = readOp("profiler", slowms === undefined ? {} : { slowms });
    return { ...operationStep(operation), readOnlyCounterpartOf: this.line };
  }

  private collectionMethod(collection: string, chain: Segment[]): ParsedCommand {
    const [method, ...after] = chain;
    if (method === undefined || method.args === null) return this.manual("a property, not a method call");
    if (collection === "system.profile") return this.profileQuery(method, after);
    if (collection.startsWith("system.")) return this.manual(`${collection} is a system collection; copy it`);

    const isPlaceholder = collection === PLACEHOLDER_COLLECTION;
    if (!isPlaceholder && !new RegExp(COLLECTION_PATTERN).test(collection)) {
      return this.manual(`"${collection}" is not a collection name we accept`);
    }
    const collectionSpec = collectionParam(isPlaceholder ? undefined : collection);

    switch (method.name) {
      case "explain": {
        const [find, ...tail] = after;
        if (find?.name !== "find" || tail.length > 0)
          return this.manual("only explain() of a plain find(filter) runs live");
        return this.explain(find, method, collectionSpec);
      }
      case "find": {
        const explain = after.find((segment) => segment.name === "explain");
        if (explain !== undefined) {
          if (after.length > 1) return this.manual("only explain() of a plain find(filter) runs live");
          return this.explain(method, explain, collectionSpec);
        }
        const last = after[after.length - 1];
        if (last?.name === "count" || last?.name === "itcount") {
          if (after.length > 1 || parseArgs(last.args)?.length !== 0) {
            return this.manual(`only find(filter).${last.name}() counts live (no cursor methods or options between)`);
          }
          return this.count(method.args, collectionSpec);
        }
        return this.find(method, after, collectionSpec);
      }
      case "aggregate":
        return this.aggregate(method, after, collectionSpec);
      case "countDocuments":
      case "count":
        if (after.length > 0) return this.manual(`only ${method.name}(filter) on its own runs live`);
        return this.count(method.args, collectionSpec);
      case "estimatedDocumentCount": {
        if (after.length > 0 || parseArgs(method.args)?.length !== 0) {
          return this.manual("estimatedDocumentCount() runs live without options");
        }
        return operationStep(readOp("count", { collection: COLLECTION_TEMPLATE, count: "estimated" }), [
          collectionSpec,
        ]);
      }
      case "stats": {
        const field = fieldPath(after);
        if (parseArgs(method.args)?.length !== 0 || field === null) {
          return this.manual("stats() runs live without a scale or options, optionally followed by a field (.count)");
        }
        const extra = field === undefined ? {} : { field };
        return operationStep(readOp("stats", { collection: COLLECTION_TEMPLATE, ...extra }), [collectionSpec]);
      }
      case "getIndexes": {
        const args = parseArgs(method.args);
        if (args === null || args.length > 0 || after.length > 0) return this.manual("getIndexes() takes no arguments");
        return operationStep(readOp("getIndexes", { collection: COLLECTION_TEMPLATE }), [collectionSpec]);
      }
      case "createIndex":
        return this.createIndex(isPlaceholder ? COLLECTION_TEMPLATE : collection, method, after);
      default:
        if (WRITE_METHODS.has(method.name)) return this.manual(`${method.name}() ${NOT_READ_ONLY}`);
        return this.manual(`${method.name}() ${UNSUPPORTED}`);
    }
  }

  private explain(find: Segment, explain: Segment, collectionSpec: ParamSpec): ParsedCommand {
    const verbosity = parseArgs(explain.args);
    const [mode, ...extraModes] = verbosity ?? [null];
    if (verbosity === null || extraModes.length > 0 || (mode !== undefined && mode !== "executionStats")) {
      return this.manual('only explain() / explain("executionStats") runs live');
    }
    const findArgs = parseArgs(find.args);
    if (findArgs === null) return this.manual(`the find() filter ${argsRefusal(find.args)}`);
    const [filter, ...projection] = findArgs;
    if (projection.length > 0) return this.manual("find() with a projection or options is not run live");
    const defaultFilter = this.filterDefault(filter, "find()");
    if (typeof defaultFilter !== "string") return this.manual(defaultFilter.refused);
    const operation = readOp("explain", { collection: COLLECTION_TEMPLATE, filter: FILTER_TEMPLATE });
    return operationStep(operation, [collectionSpec, filterParam(defaultFilter)]);
  }

  /** A filter argument as the `{filter}` parameter's default; a string is why it is refused. */
  private filterDefault(filter: unknown, call: string): string | { refused: string } {
    if (filter === undefined) return "{}";
    if (!isPlainDocument(filter)) return { refused: `the ${call} filter must be a document such as {status: 1}` };
    // ISODate(), ObjectId()… travel as Extended JSON ({"$date": …}); the run parses them back into BSON values.
    const normalized = normalizeFilter(toExtendedJson(filter));
    return normalized.ok ? normalized.json : { refused: `the ${call} filter ${normalized.message}` };
  }

  /** find(filter, projection) with .sort() / .limit() / .skip() / .projection(): documents, at most DOCUMENTS_CAP. */
  private find(find: Segment, cursor: Segment[], collectionSpec: ParamSpec): ParsedCommand {
    const findArgs = parseArgs(find.args);
    if (findArgs === null) return this.manual(`the find() arguments ${argsRefusal(find.args)}`);
    const [filter, projection, ...options] = findArgs;
    if (options.length > 0) return this.manual("find() takes a filter and a projection; options are not run live");
    const filterText = this.filterDefault(filter, "find()");
    if (typeof filterText !== "string") return this.manual(filterText.refused);
    const shape: { projection?: string; sort?: string; skip?: number; limit: number } = { limit: DOCUMENTS_CAP };
    if (projection !== undefined) {
      if (!isPlainDocument(projection)) return this.manual("the find() projection must be a document such as {a: 1}");
      shape.projection = toExtendedJson(projection);
    }
    for (const segment of cursor) {
      const args = parseArgs(segment.args);
      if (args === null) return this.manual(`.${segmentText(segment)} ${argsRefusal(segment.args)}`);
      const [value, ...extra] = args;
      if (CURSOR_DISPLAY.has(segment.name) && args.length === 0) continue;
      if (extra.length > 0) return this.manual(`.${segment.name}() takes one argument`);
      switch (segment.name) {
        case "sort":
        case "projection":
          if (!isPlainDocument(value)) return this.manual(`.${segment.name}() takes a document such as {a: 1}`);
          shape[segment.name] = toExtendedJson(value);
          break;
        case "limit":
        case "skip": {
          if (typeof value !== "number" || !Number.isSafeInteger(value)) {
            return this.manual(`.${segment.name}() takes a whole number`);
          }
          // limit(0) is no limit and limit(-n) one batch of n in the shell: either way the cap bounds it.
          if (segment.name === "limit")
            shape.limit = value === 0 ? DOCUMENTS_CAP : Math.min(Math.abs(value), DOCUMENTS_CAP);
          else if (value < 0) return this.manual(".skip() takes a whole number of 0 or more");
          else shape.skip = value;
          break;
        }
        default:
          return this.manual(`the cursor method .${segmentText(segment)} is not run live; copy it`);
      }
    }
    const operation = readOp("find", { collection: COLLECTION_TEMPLATE, filter: FILTER_TEMPLATE, ...shape });
    return operationStep(operation, [collectionSpec, filterParam(filterText)]);
  }

  /** countDocuments(filter), count(filter) and find(filter).count(): the documents matching, counted by the server. */
  private count(argsText: string | null, collectionSpec: ParamSpec): ParsedCommand {
    const args = parseArgs(argsText);
    if (args === null) return this.manual(`the count filter ${argsRefusal(argsText)}`);
    const [filter, ...options] = args;
    if (options.length > 0) return this.manual("a count with options (limit, skip, hint) is not run live; copy it");
    const filterText = this.filterDefault(filter, "count");
    if (typeof filterText !== "string") return this.manual(filterText.refused);
    const operation = readOp("count", { collection: COLLECTION_TEMPLATE, filter: FILTER_TEMPLATE, count: "documents" });
    return operationStep(operation, [collectionSpec, filterParam(filterText)]);
  }

  /** aggregate([...]): reads only, ended by a { $limit: DOCUMENTS_CAP } the run appends. */
  private aggregate(method: Segment, cursor: Segment[], collectionSpec: ParamSpec): ParsedCommand {
    const args = parseArgs(method.args);
    if (args === null) return this.manual(`the aggregate() pipeline ${argsRefusal(method.args)}`);
    const [pipeline, ...options] = args;
    if (options.length > 0) {
      return this.manual("aggregate() options are not run live (the dashboard sets its own: maxTimeMS, no disk use)");
    }
    const refused = pipelineRefusal(pipeline ?? []);
    if (refused !== null) return this.manual(`aggregate(): ${refused}`);
    if (cursor.some((segment) => !CURSOR_DISPLAY.has(segment.name) || parseArgs(segment.args)?.length !== 0)) {
      return this.manual("only aggregate([...]) itself runs live, without cursor methods after it");
    }
    const operation = readOp("aggregate", {
      collection: COLLECTION_TEMPLATE,
      pipeline: toExtendedJson(pipeline ?? []),
    });
    return operationStep(operation, [collectionSpec]);
  }

  private createIndex(collection: string, method: Segment, after: Segment[]): ParsedCommand {
    const args = parseArgs(method.args);
    const [keys, options, ...extra] = args ?? [];
    if (args === null || !isPlainDocument(keys) || Object.keys(keys).length === 0 || after.length > 0) {
      return this.manual("createIndex takes a key document such as { field: 1 }");
    }
    if (extra.length > 0 || (options !== undefined && !isPlainDocument(options))) {
      return this.manual("createIndex takes a key document and optional options");
    }
    const rest = options === undefined ? [] : [toExtendedJson(options)];
    return remediationStep(
      { system: "mongo", action: "createIndex", args: [collection, toExtendedJson(keys), ...rest] },
      mongoshCli(this.expression),
    );
  }

  /** Reading system.profile is what the profiler op does; sort/limit/pretty only shape what is shown. */
  private profileQuery(method: Segment, after: Segment[]): ParsedCommand {
    const shaping = new Set(["sort", "limit", "pretty", "skip"]);
    const ok =
      method.name === "find" &&
      parseArgs(method.args) !== null &&
      after.every((segment) => shaping.has(segment.name) && parseArgs(segment.args) !== null);
    if (!ok) return this.manual(`system.profile.${segmentText(method)} is not supported live; copy it`);
    return operationStep(readOp("profiler"));
  }
}

/** Parses a Mongo shell expression; `line` is what a manual step shows (the guide's text). */
export function parseMongoExpression(expression: string, line: string, context: CommandContext): ParsedCommand {
  const trimmed = expression.trim().replace(/;\s*$/, "").trimEnd();
  return new MongoLine(trimmed, line, context).parse();
}
