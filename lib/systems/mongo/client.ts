// Read-only MongoDB diagnostics on one pooled MongoClient per URL, with explicit deadlines and input checks.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { BSON, type CommandStartedEvent, type Document, MongoClient, type MongoError, MongoServerError } from "mongodb";
import { getConfig } from "../../config";
import { type NamedTarget, namedTargetUrl } from "../../config/named-target";
import { clientCache } from "../../server/cached-client";
import { redactUrl } from "../../server/redact";
import { COMMAND_TIMEOUT_MS, CONNECT_TIMEOUT_MS, messageOf, notConfigured, TargetError } from "../core/target-error";
import { DOCUMENTS_CAP } from "./operation";
import { pipelineRefusal } from "./pipeline";

/** At most this many operations come back from currentOp (a busy server can have thousands). */
export const CURRENT_OP_LIMIT = 200;
export const PROFILE_LIMIT = 20;
const FILTER_MAX_CHARS = 16 * 1024;
const FILTER_MAX_DEPTH = 32;

/**
 * A document as relaxed Extended JSON: plain JSON values, numbers for int/long/double, and
 * {"$date": ISO}, {"$oid": hex}, {"$timestamp": ...} for the rest, so it can cross a server
 * action boundary (BSON classes cannot) and reads the way Compass and mongoexport show it.
 */
export type PlainDocument = { [key: string]: unknown };

export function toPlain(doc: Document): PlainDocument {
  return BSON.EJSON.serialize(doc, { relaxed: true }) as PlainDocument;
}

function isDocument(value: unknown): value is Document {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface MongoEntry {
  client: MongoClient;
  /** One connect() shared by concurrent first calls: parallel auto-connects race and report "Topology is closed". */
  connected: Promise<MongoClient> | undefined;
  build: Promise<MongoServerInfo> | undefined;
}

// One pool per purpose and URL, kept across dev hot reloads (lib/server/cached-client.ts).
const clients = clientCache<MongoEntry>("mongo-diagnostics-clients", (entry) => entry.client.close());

/** Diagnostics and remediations get separate pools (and appName in currentOp), even on one URL. */
type ConnectionPurpose = "runbook-dashboard" | "runbook-dashboard-remediation";

/** Who hears every command the pooled clients send (tests: proving maxTimeMS and limits go to the server). */
const commandListeners = new Set<(event: CommandStartedEvent) => void>();

/** Calls `listener` with each command a dashboard client starts, until the returned function is called. */
export function observeMongoCommands(listener: (event: CommandStartedEvent) => void): () => void {
  commandListeners.add(listener);
  return () => commandListeners.delete(listener);
}

function createClient(url: string, appName: ConnectionPurpose): MongoClient {
  const client = new MongoClient(url, {
    // Every library default here is "wait forever" or 30 s; an on-call page must answer in seconds.
    serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    socketTimeoutMS: COMMAND_TIMEOUT_MS,
    waitQueueTimeoutMS: CONNECT_TIMEOUT_MS,
    maxPoolSize: 10,
    minPoolSize: 0,
    appName,
    // A retried read would silently double the deadline; a failed diagnostic is reported, not retried.
    retryReads: false,
    retryWrites: false,
    // Deliberately no `timeoutMS`: in driver 6.11-6.21 / 7.0-7.7 it can desync the pool.
    // Command events are emitted only to listeners; without one (production) they cost a check per command.
    monitorCommands: true,
  });
  client.on("commandStarted", (event) => {
    for (const listener of commandListeners) listener(event);
  });
  return client;
}

/** The server a step's operation names (`mongosh mongodb://orders-db`), for every call made while it runs. */
const targetScope = new AsyncLocalStorage<NamedTarget>();

/** Runs `fn` against the MONGODB_TARGETS entry `named` names (MONGODB_URL when it names none). */
export function withMongoTarget<T>(named: NamedTarget | undefined, fn: () => Promise<T>): Promise<T> {
  return named === undefined ? fn() : targetScope.run(named, fn);
}

/** MONGODB_URL, or the MONGODB_TARGETS entry of the server the running step names. */
function diagnosticsUrlOf(config: ReturnType<typeof getConfig>): string | undefined {
  const named = targetScope.getStore();
  if (named === undefined) return config.mongodbUrl;
  const url = namedTargetUrl(config.mongodbTargets, named);
  if (url === undefined) throw notConfigured("mongo", "mongo-target", named.name);
  return url;
}

function target(purpose: ConnectionPurpose): { key: string; url: string; dbName: string; entry: MongoEntry } {
  const config = getConfig();
  const diagnosticsUrl = diagnosticsUrlOf(config);
  // MONGODB_REMEDIATION_URL, else MONGODB_URL: the separate, more privileged credentials for changes.
  const url = purpose === "runbook-dashboard" ? diagnosticsUrl : (config.remediation.mongodbUrl ?? diagnosticsUrl);
  if (url === undefined) throw notConfigured("mongo", "mongo");
  const key = `${purpose} ${url}`;
  const entry = clients.get(key, () => ({
    client: createClient(url, purpose),
    connected: undefined,
    build: undefined,
  }));
  return { key, url, dbName: config.mongodbDatabase, entry };
}

// Codes a server uses to say "I do not have that": CommandNotFound, CommandNotSupported,
// NotImplemented, unrecognized pipeline stage ($currentOp on servers without it).
const UNSUPPORTED_CODES = new Set([59, 115, 238, 40324]);

function serverCode(e: MongoError): number | undefined {
  return typeof e.code === "number" ? e.code : undefined;
}

/** Maps a driver or server error to a TargetError, keeping the server's own words. */
export function toMongoError(e: unknown, where: string): TargetError {
  if (e instanceof TargetError) return e;
  const msg = messageOf(e);
  const name = e instanceof Error ? e.name : "";
  if (e instanceof MongoServerError) {
    const code = serverCode(e);
    if ((code !== undefined && UNSUPPORTED_CODES.has(code)) || /no such command|not implemented/i.test(msg)) {
      return new TargetError("unsupported", "mongo", msg, code);
    }
    if (code === 13 || code === 18 || code === 11) return new TargetError("auth", "mongo", msg, code);
    if (code === 50) {
      return new TargetError(
        "timeout",
        "mongo",
        `the server stopped the operation after ${COMMAND_TIMEOUT_MS / 1000} s (maxTimeMS): ${msg}`,
        code,
      );
    }
    if (code === 26) return new TargetError("not-found", "mongo", msg, code);
    return new TargetError("other", "mongo", msg, code);
  }
  if (name === "MongoServerSelectionError") {
    if (/ECONNREFUSED/.test(msg))
      return new TargetError("refused", "mongo", `connection refused by ${where}`, "ECONNREFUSED");
    if (/ENOTFOUND|EAI_AGAIN/.test(msg))
      return new TargetError("refused", "mongo", `cannot resolve the host of ${where}`, "ENOTFOUND");
    if (/auth/i.test(msg)) return new TargetError("auth", "mongo", msg);
    return new TargetError(
      "timeout",
      "mongo",
      `no server at ${where} answered within ${CONNECT_TIMEOUT_MS / 1000} s: ${msg}`,
    );
  }
  if (name === "MongoNetworkTimeoutError") {
    return new TargetError("timeout", "mongo", `${where} did not reply within ${COMMAND_TIMEOUT_MS / 1000} s`);
  }
  if (name === "MongoWaitQueueTimeoutError") {
    return new TargetError(
      "timeout",
      "mongo",
      `all pooled connections to ${where} stayed busy for ${CONNECT_TIMEOUT_MS / 1000} s`,
    );
  }
  if (name === "MongoNetworkError" && /ECONNREFUSED/.test(msg)) {
    return new TargetError("refused", "mongo", `connection refused by ${where}`, "ECONNREFUSED");
  }
  if (name === "MongoParseError" || name === "MongoInvalidArgumentError") {
    return new TargetError("invalid", "mongo", `MONGODB_URL: ${msg}`);
  }
  return new TargetError("other", "mongo", msg);
}

/** Forgets a client that could not reach the server, so the next call starts a clean topology. */
function drop(key: string, entry: MongoEntry): void {
  if (clients.peek(key) === entry) void clients.drop(key, entry);
  else void entry.client.close().catch(() => undefined);
}

async function run<T>(
  fn: (ctx: { client: MongoClient; dbName: string; entry: MongoEntry }) => Promise<T>,
  purpose: ConnectionPurpose = "runbook-dashboard",
): Promise<T> {
  const { key, url, dbName, entry } = target(purpose);
  const where = redactUrl(url);
  let client: MongoClient;
  try {
    entry.connected ??= entry.client.connect();
    client = await entry.connected;
  } catch (e) {
    // A failed connect (refused, silent, bad credentials) is not cached: the next call tries afresh.
    drop(key, entry);
    throw toMongoError(e, where);
  }
  try {
    return await fn({ client, dbName, entry });
  } catch (e) {
    const err = toMongoError(e, where);
    if (err.kind === "refused" || (e instanceof Error && e.name === "MongoServerSelectionError")) drop(key, entry);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Input checks, before any call.

const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,119}$/;

/** Throws TargetError "invalid" unless `name` is a plain collection name (no `system.*`). */
export function validateCollectionName(name: string): string {
  if (!COLLECTION_NAME.test(name) || name.startsWith("system.") || name.includes("..") || name.endsWith(".")) {
    throw new TargetError(
      "invalid",
      "mongo",
      `collection name "${name.slice(0, 130)}" is not allowed: use letters, digits, _ . - (max 120, not system.*)`,
    );
  }
  return name;
}

// Operators that run server-side JavaScript ($where, $function, $accumulator) or build it ($code).
const FORBIDDEN_OPERATORS = new Set(["$where", "$function", "$accumulator", "$code"]);

function checkFilterNode(node: unknown, depth: number): void {
  if (depth > FILTER_MAX_DEPTH)
    throw new TargetError("invalid", "mongo", `filter is nested deeper than ${FILTER_MAX_DEPTH} levels`);
  if (Array.isArray(node)) {
    for (const item of node) checkFilterNode(item, depth + 1);
    return;
  }
  if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (FORBIDDEN_OPERATORS.has(key)) {
        throw new TargetError(
          "invalid",
          "mongo",
          `filter operator ${key} runs JavaScript on the server and is not allowed`,
        );
      }
      checkFilterNode(value, depth + 1);
    }
  }
}

/**
 * Parses and checks a find filter: a JSON object (Extended JSON such as {"$oid": ...} allowed),
 * without $where / $function / $accumulator anywhere, so a $expr cannot smuggle JavaScript in either.
 */
export function parseFilter(filter: string | Record<string, unknown>, what = "filter"): Document {
  const text = typeof filter === "string" ? filter.trim() || "{}" : JSON.stringify(filter);
  if (text.length > FILTER_MAX_CHARS) throw new TargetError("invalid", "mongo", `${what} is longer than 16 KB`);
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch {
    throw new TargetError("invalid", "mongo", `${what} must be a JSON object such as {"status": "active"}`);
  }
  if (plain === null || typeof plain !== "object" || Array.isArray(plain)) {
    throw new TargetError("invalid", "mongo", `${what} must be a JSON object such as {"status": "active"}`);
  }
  checkFilterNode(plain, 0);
  return fromExtendedJson(text, what);
}

function fromExtendedJson(text: string, what: string): Document {
  try {
    // useBigInt64: a {"$numberLong": …} beyond a double's exact range (NumberLong("9007199254740993")) stays exact.
    return BSON.EJSON.parse(text, { relaxed: true, useBigInt64: true }) as Document;
  } catch (e) {
    throw new TargetError("invalid", "mongo", `${what}: ${messageOf(e)}`);
  }
}

/** Parses and checks an aggregation pipeline: an array of stages, reads only, no server-side JavaScript anywhere. */
export function parsePipeline(pipeline: string): Document[] {
  const text = pipeline.trim() || "[]";
  if (text.length > FILTER_MAX_CHARS) throw new TargetError("invalid", "mongo", "pipeline is longer than 16 KB");
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch {
    throw new TargetError("invalid", "mongo", 'pipeline must be a JSON array such as [{"$match": {}}]');
  }
  const refused = pipelineRefusal(plain);
  if (refused !== null) throw new TargetError("invalid", "mongo", `pipeline refused: ${refused}`);
  checkFilterNode(plain, 0);
  return fromExtendedJson(text, "pipeline") as unknown as Document[];
}

// ---------------------------------------------------------------------------------------------

export interface MongoServerInfo {
  version: string;
  /** FerretDB answers buildInfo with ferretdbVersion/ferretdbFeatures and implements a subset. */
  isFerretDb: boolean;
  ferretDbVersion: string | null;
}

async function serverInfo(client: MongoClient, entry: MongoEntry): Promise<MongoServerInfo> {
  entry.build ??= client
    .db("admin")
    .command({ buildInfo: 1, maxTimeMS: COMMAND_TIMEOUT_MS })
    .then((doc): MongoServerInfo => {
      const version = typeof doc.version === "string" ? doc.version : "unknown";
      const ferretKey = Object.keys(doc).find((k) => k.toLowerCase().startsWith("ferretdb"));
      const ferretVersion = typeof doc.ferretdbVersion === "string" ? doc.ferretdbVersion : null;
      return {
        version,
        isFerretDb: ferretKey !== undefined || /ferretdb/i.test(version),
        ferretDbVersion: ferretVersion,
      };
    });
  try {
    return await entry.build;
  } catch (e) {
    entry.build = undefined; // retry next time rather than caching a failure
    throw e;
  }
}

/** serverStatus sections the guide's checks read; those a server omits are listed in `absentSections`. */
export const SERVER_STATUS_SECTIONS = ["connections", "opcounters", "mem", "network", "globalLock", "asserts"] as const;

export interface MongoServerStatusResult {
  status: PlainDocument;
  server: MongoServerInfo;
  /** Expected sections missing from this server's reply (FerretDB has no `connections`). */
  absentSections: string[];
}

/** db.serverStatus() plus the server's build (version, FerretDB or not). */
export async function mongoServerStatus(): Promise<MongoServerStatusResult> {
  return run(async ({ client, entry }) => {
    const admin = client.db("admin");
    const [status, server] = await Promise.all([
      admin.command({ serverStatus: 1, maxTimeMS: COMMAND_TIMEOUT_MS }),
      serverInfo(client, entry),
    ]);
    const absentSections = SERVER_STATUS_SECTIONS.filter((s) => !(s in status));
    return { status: toPlain(status), server, absentSections };
  });
}

export interface MongoCurrentOpResult {
  /** Active operations, at most CURRENT_OP_LIMIT. */
  ops: PlainDocument[];
  method: "$currentOp" | "currentOp-command";
  /** Why the fallback was used, or a caveat about this server's answer; null when there is none. */
  note: string | null;
  server: MongoServerInfo;
}

/** Active operations via the $currentOp aggregation stage, falling back to the currentOp command. */
export async function mongoCurrentOp(): Promise<MongoCurrentOpResult> {
  return run(async ({ client, entry }) => {
    const admin = client.db("admin");
    const server = await serverInfo(client, entry);
    const stubNote = server.isFerretDb
      ? "FerretDB's currentOp is a stub that always returns an empty list; no operations listed does not mean none are running"
      : null;
    try {
      const ops = await admin
        .aggregate(
          [
            { $currentOp: { allUsers: true, idleConnections: false } },
            { $match: { active: true } },
            { $limit: CURRENT_OP_LIMIT },
          ],
          { maxTimeMS: COMMAND_TIMEOUT_MS },
        )
        .toArray();
      return { ops: ops.map(toPlain), method: "$currentOp", note: stubNote, server };
    } catch (e) {
      // Only a server that does not understand the stage gets the fallback; auth and timeouts are real answers.
      if (!(e instanceof MongoServerError) || [11, 13, 18, 50].includes(serverCode(e) ?? 0)) throw e;
      const reason = e.message;
      const reply = await admin.command({ currentOp: 1, active: true, maxTimeMS: COMMAND_TIMEOUT_MS });
      const inprog: unknown = reply.inprog;
      const ops = Array.isArray(inprog) ? (inprog as Document[]).slice(0, CURRENT_OP_LIMIT) : [];
      const fallback = `the server rejected the $currentOp aggregation ("${reason}"); used the currentOp command instead`;
      return {
        ops: ops.map(toPlain),
        method: "currentOp-command",
        note: stubNote ? `${fallback}. ${stubNote}` : fallback,
        server,
      };
    }
  });
}

export interface MongoExplainResult {
  collection: string;
  filter: PlainDocument;
  /** The explain("executionStats") document as the server returned it (FerretDB's differs: SQL plan). */
  explain: PlainDocument;
  server: MongoServerInfo;
}

/** db.<collection>.find(filter).explain("executionStats"). */
export async function mongoExplainFind(
  collection: string,
  filter: string | Record<string, unknown> = {},
): Promise<MongoExplainResult> {
  const name = validateCollectionName(collection);
  const parsed = parseFilter(filter);
  return run(async ({ client, dbName, entry }) => {
    const [explain, server] = await Promise.all([
      client.db(dbName).collection(name).find(parsed, { maxTimeMS: COMMAND_TIMEOUT_MS }).explain("executionStats"),
      serverInfo(client, entry),
    ]);
    return { collection: name, filter: toPlain(parsed), explain: toPlain(explain), server };
  });
}

/** db.<collection>.getIndexes(); a missing collection is TargetError "not-found". */
export async function mongoGetIndexes(collection: string): Promise<PlainDocument[]> {
  const name = validateCollectionName(collection);
  return run(async ({ client, dbName }) => {
    const indexes = await client.db(dbName).collection(name).indexes({ maxTimeMS: COMMAND_TIMEOUT_MS });
    return indexes.map((ix) => toPlain({ ...ix }));
  });
}

export interface MongoDocumentsResult {
  documents: PlainDocument[];
  /** The most the server was asked for (find's limit, or the pipeline's final $limit). */
  limit: number;
}

export interface MongoFindOptions {
  projection?: string;
  sort?: string;
  skip?: number;
  /** Documents to read; DOCUMENTS_CAP when absent, and never more than it. */
  limit?: number;
}

function capOf(limit: number | undefined): number {
  if (limit === undefined || !Number.isSafeInteger(limit) || limit <= 0) return DOCUMENTS_CAP;
  return Math.min(limit, DOCUMENTS_CAP);
}

/** db.<collection>.find(filter, projection).sort().skip().limit(): at most DOCUMENTS_CAP documents, in one batch. */
export async function mongoFind(
  collection: string,
  filter: string | Record<string, unknown> = {},
  options: MongoFindOptions = {},
): Promise<MongoDocumentsResult> {
  const name = validateCollectionName(collection);
  const query = parseFilter(filter);
  const projection = options.projection === undefined ? undefined : parseFilter(options.projection, "projection");
  const sort = options.sort === undefined ? undefined : parseFilter(options.sort, "sort");
  const skip = options.skip ?? 0;
  if (!Number.isSafeInteger(skip) || skip < 0) throw new TargetError("invalid", "mongo", "skip must be 0 or more");
  const limit = capOf(options.limit);
  return run(async ({ client, dbName }) => {
    const documents = await client
      .db(dbName)
      .collection(name)
      .find(query, {
        ...(projection === undefined ? {} : { projection }),
        ...(sort === undefined ? {} : { sort }),
        ...(skip > 0 ? { skip } : {}),
        // The server stops at the limit and answers in one batch: no getMore, no cursor left open.
        limit,
        batchSize: limit,
        maxTimeMS: COMMAND_TIMEOUT_MS,
      })
      .toArray();
    return { documents: documents.map(toPlain), limit };
  });
}

/** db.<collection>.aggregate(pipeline) with { $limit: DOCUMENTS_CAP } appended, no disk use, maxTimeMS. */
export async function mongoAggregate(collection: string, pipeline: string): Promise<MongoDocumentsResult> {
  const name = validateCollectionName(collection);
  const stages = [...parsePipeline(pipeline), { $limit: DOCUMENTS_CAP }];
  return run(async ({ client, dbName }) => {
    const documents = await client
      .db(dbName)
      .collection(name)
      .aggregate(stages, { allowDiskUse: false, maxTimeMS: COMMAND_TIMEOUT_MS, batchSize: DOCUMENTS_CAP })
      .toArray();
    return { documents: documents.map(toPlain), limit: DOCUMENTS_CAP };
  });
}

/** countDocuments(filter) (an aggregation the server counts), or estimatedDocumentCount() (the count command). */
export async function mongoCount(
  collection: string,
  kind: "documents" | "estimated",
  filter: string | Record<string, unknown> = {},
): Promise<number> {
  const name = validateCollectionName(collection);
  const query = parseFilter(filter);
  return run(async ({ client, dbName }) => {
    const target = client.db(dbName).collection(name);
    return kind === "estimated"
      ? target.estimatedDocumentCount({ maxTimeMS: COMMAND_TIMEOUT_MS })
      : target.countDocuments(query, { maxTimeMS: COMMAND_TIMEOUT_MS });
  });
}

/** db.<collection>.stats() (collStats) or db.stats() (dbStats) as the server returns it. */
export async function mongoStats(collection?: string): Promise<PlainDocument> {
  const name = collection === undefined ? undefined : validateCollectionName(collection);
  return run(async ({ client, dbName }) => {
    const db = client.db(dbName);
    const reply =
      name === undefined
        ? await db.command({ dbStats: 1, maxTimeMS: COMMAND_TIMEOUT_MS })
        : await db.command({ collStats: name, maxTimeMS: COMMAND_TIMEOUT_MS });
    return toPlain(reply);
  });
}

export interface MongoProfilerResult {
  /** 0 off, 1 slow operations, 2 all. */
  level: number;
  slowms: number | null;
  sampleRate: number | null;
  /** The profile filter (4.4.2+); when set it decides what is recorded instead of slowms. */
  filter: PlainDocument | null;
  /** system.profile, slowest first, at most PROFILE_LIMIT. */
  entries: PlainDocument[];
}

/** The read-only counterpart of setProfilingLevel: current level/slowms and the slowest profiled ops. */
export async function mongoProfiler(): Promise<MongoProfilerResult> {
  return run(async ({ client, dbName }) => {
    const db = client.db(dbName);
    // profile: -1 reads the settings without changing them.
    const settings = await db.command({ profile: -1, maxTimeMS: COMMAND_TIMEOUT_MS });
    // system.profile is the one internal collection we read, with a fixed query.
    const entries = await db
      .collection("system.profile")
      .find({}, { maxTimeMS: COMMAND_TIMEOUT_MS })
      .sort({ millis: -1 })
      .limit(PROFILE_LIMIT)
      .toArray();
    return {
      level: typeof settings.was === "number" ? settings.was : 0,
      slowms: typeof settings.slowms === "number" ? settings.slowms : null,
      sampleRate: typeof settings.sampleRate === "number" ? settings.sampleRate : null,
      filter: isDocument(settings.filter) ? toPlain(settings.filter) : null,
      entries: entries.map(toPlain),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Remediations, on the remediation pool. lib/remediation validates against its allowlist first;
// these take only already-typed values and run in the configured database.

const REMEDIATION: ConnectionPurpose = "runbook-dashboard-remediation";

/** Where remediations go: host list without credentials, and the configured database. */
export function mongoRemediationAddress(): { hosts: string; database: string } {
  const { url, dbName } = target(REMEDIATION);
  const hosts = /^mongodb(?:\+srv)?:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(url)?.[1] ?? "?";
  return { hosts, database: dbName };
}

/** listIndexes on the remediation connection; null when the collection does not exist. */
export async function mongoRemediationListIndexes(collection: string): Promise<PlainDocument[] | null> {
  const name = validateCollectionName(collection);
  return run(async ({ client, dbName }) => {
    try {
      const indexes = await client.db(dbName).collection(name).indexes({ maxTimeMS: COMMAND_TIMEOUT_MS });
      return indexes.map((ix) => toPlain({ ...ix }));
    } catch (e) {
      if (e instanceof MongoServerError && serverCode(e) === 26) return null; // NamespaceNotFound
      throw e;
    }
  }, REMEDIATION);
}

/** createIndex with a key given as ordered pairs (an object would reorder numeric-looking field names); no options. */
export async function mongoRemediationCreateIndex(
  collection: string,
  key: readonly (readonly [string, 1 | -1])[],
): Promise<string> {
  const name = validateCollectionName(collection);
  if (
    key.length === 0 ||
    key.some(([field, dir]) => field === "" || field.startsWith("$") || (dir !== 1 && dir !== -1))
  ) {
    throw new TargetError("invalid", "mongo", "index key must be field names with directions 1 or -1");
  }
  return run(
    ({ client, dbName }) => client.db(dbName).collection(name).createIndex(new Map<string, 1 | -1>(key)),
    REMEDIATION,
  );
}

/** The profile command in the configured database: -1 reads the settings, 0 / 1 set them. The raw reply is returned. */
export async function mongoRemediationProfile(level: -1 | 0 | 1, slowms?: number): Promise<PlainDocument> {
  if (![-1, 0, 1].includes(level) || (slowms !== undefined && (!Number.isInteger(slowms) || slowms < 0))) {
    throw new TargetError("invalid", "mongo", "profiling level must be 0 or 1, slowms a whole number of milliseconds");
  }
  return run(async ({ client, dbName }) => {
    const command = slowms === undefined ? { profile: level } : { profile: level, slowms };
    return toPlain(await client.db(dbName).command({ ...command, maxTimeMS: COMMAND_TIMEOUT_MS }));
  }, REMEDIATION);
}

/** Closes every pooled client (tests, benchmarks, graceful shutdown). */
export async function closeMongo(): Promise<void> {
  await clients.clear();
}
