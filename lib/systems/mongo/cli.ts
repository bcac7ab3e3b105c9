// The mongosh line equivalent to a MongoDB operation, for operators to copy (never executed by us).
import { shellQuote } from "../../commands/tokenize";
import { DOCUMENTS_CAP, type MongoOperation } from "./operation";

/** `db.orders` when the name (or `{collection}` template) reads as a property, else db.getCollection("..."). */
export function mongoCollectionRef(collection: string): string {
  if (/^(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/.test(collection)) return `db.${collection}`;
  return `db.getCollection(${JSON.stringify(collection)})`;
}

// Extended JSON type wrappers ({"$date": …}, {"$oid": …}): a filter carrying one is Extended JSON, which mongosh
// must deserialize to get the Date/ObjectId the guide's ISODate()/ObjectId() meant.
const EJSON_TYPE_KEY =
  /"\$(?:date|oid|numberLong|numberInt|numberDouble|numberDecimal|regularExpression|timestamp|binary|uuid|minKey|maxKey|symbol)"\s*:/;

function filterArgument(filter: string): string {
  return EJSON_TYPE_KEY.test(filter) ? `EJSON.deserialize(${filter})` : filter;
}

/** The mongosh script for a Mongo read op. */
export function mongoScript(operation: MongoOperation): string {
  const field = operation.field === undefined ? "" : `.${operation.field}`;
  const collection = mongoCollectionRef(operation.collection ?? "{collection}");
  switch (operation.op) {
    case "serverStatus":
      return `db.serverStatus()${field}`;
    case "connections":
      return `db.serverStatus().connections${field}`;
    case "currentOp":
      return `db.currentOp()${field}`;
    case "explain":
      return `${collection}.find(${filterArgument(operation.filter ?? "")}).explain("executionStats")`;
    case "getIndexes":
      return `${collection}.getIndexes()`;
    case "find": {
      const projection = operation.projection === undefined ? "" : `, ${filterArgument(operation.projection)}`;
      const sort = operation.sort === undefined ? "" : `.sort(${filterArgument(operation.sort)})`;
      const skip = operation.skip === undefined ? "" : `.skip(${operation.skip})`;
      const limit = `.limit(${operation.limit ?? DOCUMENTS_CAP})`;
      return `${collection}.find(${filterArgument(operation.filter ?? "")}${projection})${sort}${skip}${limit}`;
    }
    case "aggregate": {
      // The $limit the run appends is part of what runs, so it is part of what an operator copies.
      const stages = (operation.pipeline ?? "[]").replace(/^\[\s*\]$/, "[").replace(/\]$/, ",");
      return `${collection}.aggregate(${filterArgument(`${stages}{"$limit":${DOCUMENTS_CAP}}]`)})`;
    }
    case "count":
      return operation.count === "estimated"
        ? `${collection}.estimatedDocumentCount()`
        : `${collection}.countDocuments(${filterArgument(operation.filter ?? "")})`;
    case "stats":
      return operation.collection === undefined ? `db.stats()${field}` : `${collection}.stats()${field}`;
    case "profiler": {
      const filter = operation.slowms === undefined ? "" : `{ millis: { $gte: ${operation.slowms} } }`;
      return `printjson(db.getProfilingStatus()); db.system.profile.find(${filter}).sort({ millis: -1 }).limit(10)`;
    }
  }
}

export function mongoshCli(script: string, target?: MongoOperation["target"]): string {
  const address = target ? `mongodb://${target.name}${target.port ? `:${target.port}` : ""} ` : "";
  return `mongosh ${address}--eval ${shellQuote(script)}`;
}

export function mongoCli(operation: MongoOperation): string {
  return mongoshCli(mongoScript(operation), operation.target);
}
