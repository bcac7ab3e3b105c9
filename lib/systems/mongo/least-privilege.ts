// The MongoDB users and roles the dashboard needs, in one place: docs/security.md shows the commands built
// here, and tests/unit/security/mongo-roles.test.ts checks them against what lib/targets/mongo.ts sends.
// Free of server-only imports so tests can read it.

/** What each command the dashboard sends needs, and which connection sends it. */
export interface MongoCommandNeed {
  /** As it appears in lib/targets/mongo.ts. */
  command: string;
  connection: "diagnostics" | "remediation";
  /** The privilege action MongoDB checks, and on what. */
  action: string;
  resource: "cluster" | "database" | "system.profile" | "none";
}

export const MONGO_COMMAND_NEEDS: readonly MongoCommandNeed[] = [
  { command: "buildInfo", connection: "diagnostics", action: "(none: any authenticated user)", resource: "none" },
  { command: "serverStatus", connection: "diagnostics", action: "serverStatus", resource: "cluster" },
  { command: "currentOp", connection: "diagnostics", action: "inprog", resource: "cluster" },
  { command: "$currentOp", connection: "diagnostics", action: "inprog", resource: "cluster" },
  { command: "find", connection: "diagnostics", action: "find", resource: "database" },
  { command: "explain", connection: "diagnostics", action: "find", resource: "database" },
  { command: "listIndexes", connection: "diagnostics", action: "listIndexes", resource: "database" },
  // countDocuments is an aggregation; estimatedDocumentCount the count command. Both need only find.
  { command: "aggregate", connection: "diagnostics", action: "find", resource: "database" },
  { command: "count", connection: "diagnostics", action: "find", resource: "database" },
  { command: "collStats", connection: "diagnostics", action: "collStats", resource: "database" },
  { command: "dbStats", connection: "diagnostics", action: "dbStats", resource: "database" },
  // Reading the profiler settings needs only find on system.profile; changing them needs enableProfiler.
  { command: "profile: -1", connection: "diagnostics", action: "find", resource: "system.profile" },
  { command: "system.profile find", connection: "diagnostics", action: "find", resource: "system.profile" },
  { command: "listIndexes", connection: "remediation", action: "listIndexes", resource: "database" },
  { command: "createIndex", connection: "remediation", action: "createIndex", resource: "database" },
  { command: "profile: 0 | 1", connection: "remediation", action: "enableProfiler", resource: "database" },
];

/**
 * What the built-in roles granted to the diagnostics user give for the actions above (MongoDB manual,
 * "Built-In Roles": clusterMonitor on admin; read on the app database). Only the actions we rely on are listed.
 */
export const DIAGNOSTICS_BUILTIN_GRANTS: Readonly<Record<string, readonly string[]>> = {
  "clusterMonitor@admin": ["serverStatus", "inprog", "find on system.profile", "listIndexes", "collStats", "dbStats"],
  "read@app": ["find", "listIndexes", "listCollections", "collStats", "dbStats"],
};

/** Actions the diagnostics user must NOT have (case 16): the database itself refuses these. */
export const DIAGNOSTICS_MUST_NOT: readonly string[] = [
  "createIndex",
  "enableProfiler",
  "killop",
  "insert",
  "update",
  "remove",
];

/** The custom remediation role: the guide's two changes plus the before/after read, on the app database only. */
export const REMEDIATION_ROLE_ACTIONS: readonly string[] = ["createIndex", "enableProfiler", "listIndexes"];

export const MONGO_DIAGNOSTICS_USER = "rb_diag";
export const MONGO_REMEDIATION_USER = "rb_remediate";
export const MONGO_REMEDIATION_ROLE = "rbRemediate";

/** mongosh commands an operator runs once, as docs/security.md shows them (database `app` by default). */
export function mongoSetupCommands(database = "app"): string[] {
  const q = JSON.stringify;
  return [
    `db.getSiblingDB("admin").createUser({ user: ${q(MONGO_DIAGNOSTICS_USER)}, pwd: passwordPrompt(), roles: [ { role: "clusterMonitor", db: "admin" }, { role: "read", db: ${q(database)} } ] })`,
    `db.getSiblingDB(${q(database)}).createRole({ role: ${q(MONGO_REMEDIATION_ROLE)}, privileges: [ { resource: { db: ${q(database)}, collection: "" }, actions: ${q(REMEDIATION_ROLE_ACTIONS).replace(/,/g, ", ").replace("[", "[ ").replace("]", " ]")} } ], roles: [] })`,
    `db.getSiblingDB(${q(database)}).createUser({ user: ${q(MONGO_REMEDIATION_USER)}, pwd: passwordPrompt(), roles: [ { role: ${q(MONGO_REMEDIATION_ROLE)}, db: ${q(database)} } ] })`,
  ];
}
