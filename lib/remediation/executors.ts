// How each allowlisted change reads its current state and makes the change, on the remediation connections.
import "server-only";
import { TargetError } from "../systems/core/target-error";
import {
  mongoRemediationAddress,
  mongoRemediationCreateIndex,
  mongoRemediationListIndexes,
  mongoRemediationProfile,
} from "../systems/mongo/client";
import {
  redisRemediationAddress,
  redisRemediationConfigSet,
  redisRemediationInfoMemory,
} from "../systems/redis/client";
import type { RemediationChange } from "./catalog";
import { readProfileReply } from "./profile-reply";
import {
  findIndex,
  type IndexInfo,
  indexStateText,
  keyText,
  maxmemoryText,
  profileText,
  renderCommand,
} from "./render";

export interface CurrentState {
  /** The value in words, as the dialog's "current" and the audit's before/after show it. */
  text: string;
  warnings: string[];
  /** Set when the change must not go ahead (a createIndex that would create a misspelt collection). */
  blocker?: string;
}

export interface ChangeExecutor {
  /** host:port and what on it, never credentials: "redis 127.0.0.1:6379". */
  target: string;
  command: string;
  /** The new value in words. */
  next: string;
  read(): Promise<CurrentState>;
  apply(): Promise<void>;
  /** The re-check step's parameters (the explain of the indexed query). */
  recheckParams: Record<string, string>;
}

function num(v: string | undefined): number | null {
  const n = Number(v);
  return v === undefined || v === "" || !Number.isFinite(n) ? null : n;
}

function redisExecutor(
  change: Extract<RemediationChange, { kind: "redis-maxmemory-policy" | "redis-maxmemory" }>,
): ChangeExecutor {
  const next = change.kind === "redis-maxmemory" ? maxmemoryText(change.bytes) : change.value;
  return {
    target: `redis ${redisRemediationAddress()}`,
    command: renderCommand(change),
    next,
    recheckParams: {},
    async read() {
      // INFO memory rather than CONFIG GET: the remediation user then needs no CONFIG GET, which would
      // also let it read requirepass.
      const { fields } = await redisRemediationInfoMemory();
      const policy = fields.maxmemory_policy;
      const maxmemory = num(fields.maxmemory);
      const used = num(fields.used_memory);
      if (policy === undefined || maxmemory === null) {
        throw new TargetError("other", "redis", "INFO memory has no maxmemory / maxmemory_policy fields");
      }
      const warnings: string[] = [];
      if (change.kind === "redis-maxmemory-policy") {
        if (policy === change.value) warnings.push(`maxmemory-policy is already ${policy}: applying changes nothing.`);
        if (maxmemory === 0)
          warnings.push("maxmemory is 0 (no limit): no eviction policy takes effect until a limit is set.");
        return { text: policy, warnings };
      }
      if (maxmemory === change.bytes) warnings.push("maxmemory already has this value: applying changes nothing.");
      if (change.bytes !== 0 && used !== null && change.bytes < used) {
        warnings.push(
          policy === "noeviction"
            ? `Below the memory in use (${maxmemoryText(used)}) with policy noeviction: writes fail with OOM at once.`
            : `Below the memory in use (${maxmemoryText(used)}): Redis starts evicting keys at once (policy ${policy}).`,
        );
      }
      return { text: maxmemoryText(maxmemory), warnings };
    },
    apply: () => redisRemediationConfigSet(change.parameter, change.value),
  };
}

function indexInfo(docs: readonly Record<string, unknown>[]): IndexInfo[] {
  return docs.map((d) => ({
    name: typeof d.name === "string" ? d.name : "?",
    key: typeof d.key === "object" && d.key !== null ? (d.key as Record<string, unknown>) : {},
  }));
}

function createIndexExecutor(change: Extract<RemediationChange, { kind: "mongo-create-index" }>): ChangeExecutor {
  const { hosts, database } = mongoRemediationAddress();
  const ns = `${database}.${change.collection}`;
  return {
    target: `mongo ${hosts} ${ns}`,
    command: renderCommand(change),
    next: `index on ${keyText(change.key)}`,
    recheckParams: { collection: change.collection, filter: change.filter },
    async read() {
      const docs = await mongoRemediationListIndexes(change.collection);
      if (docs === null) {
        return {
          text: "the collection does not exist",
          warnings: [],
          blocker: `collection ${ns} does not exist: createIndex would create it empty (check the name)`,
        };
      }
      const indexes = indexInfo(docs);
      const warnings: string[] = [];
      const existing = findIndex(indexes, change.key);
      if (existing) warnings.push(`Index ${existing.name} already has this key: applying changes nothing.`);
      if (change.skipped.length > 0) {
        warnings.push(`Left out of the key: ${change.skipped.join(", ")} (one compound index cannot serve them).`);
      }
      warnings.push("The index is built on the server now; on a large collection that takes time and I/O.");
      return { text: indexStateText(indexes, change.key), warnings };
    },
    async apply() {
      await mongoRemediationCreateIndex(change.collection, change.key);
    },
  };
}

function profilingExecutor(change: Extract<RemediationChange, { kind: "mongo-profiling" }>): ChangeExecutor {
  const { hosts, database } = mongoRemediationAddress();
  const slowms = change.level === 1 ? change.slowms : null;
  return {
    target: `mongo ${hosts} database ${database}`,
    command: renderCommand(change),
    next: profileText({ level: change.level, slowms }),
    recheckParams: {},
    async read() {
      const reply = readProfileReply(await mongoRemediationProfile(-1));
      if ("error" in reply) throw new TargetError("other", "mongo", reply.error);
      const warnings: string[] = [];
      if (reply.level === change.level && (slowms === null || reply.slowms === slowms)) {
        warnings.push("The profiler already has these settings: applying changes nothing.");
      }
      if (slowms !== null) {
        warnings.push("slowms is server-wide: it is also the slow-operation log threshold of every database.");
      }
      return { text: profileText(reply), warnings };
    },
    async apply() {
      // The reply holds the settings before the change; the state is read again afterwards anyway.
      if (change.level === 0) await mongoRemediationProfile(0);
      else await mongoRemediationProfile(1, change.slowms);
    },
  };
}

/** The executor for a validated change. Builds no connection; reading the config may name the variable to set. */
export function executorFor(change: RemediationChange): ChangeExecutor {
  switch (change.kind) {
    case "redis-maxmemory-policy":
    case "redis-maxmemory":
      return redisExecutor(change);
    case "mongo-create-index":
      return createIndexExecutor(change);
    case "mongo-profiling":
      return profilingExecutor(change);
  }
}
