// The exact command a change sends, and its values in words (current → new), as the dialog and the audit show them.

import { formatIndexKey } from "../systems/mongo/index-suggestion";
import { formatBytes } from "../verdict/format";
import type { RemediationChange } from "./catalog";

function collectionRef(name: string): string {
  // db.orders reads naturally; names with "-" or "." need the getCollection form to be valid mongosh.
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `db.${name}` : `db.getCollection(${JSON.stringify(name)})`;
}

export function keyText(key: readonly (readonly [string, 1 | -1])[]): string {
  return formatIndexKey(Object.fromEntries(key));
}

/** The command exactly as sent (redis-cli / mongosh notation). Every value in it comes from the allowlist. */
export function renderCommand(change: RemediationChange): string {
  switch (change.kind) {
    case "redis-maxmemory-policy":
    case "redis-maxmemory":
      return `CONFIG SET ${change.parameter} ${change.value}`;
    case "mongo-create-index":
      return `${collectionRef(change.collection)}.createIndex(${keyText(change.key)})`;
    case "mongo-profiling":
      return change.level === 0 ? "db.setProfilingLevel(0)" : `db.setProfilingLevel(1, { slowms: ${change.slowms} })`;
  }
}

/** INFO's maxmemory in words: "0 (no limit)" or "2 GB (2147483648 bytes)". */
export function maxmemoryText(bytes: number): string {
  return bytes === 0 ? "0 (no limit)" : `${formatBytes(bytes)} (${bytes} bytes)`;
}

export interface ProfileSettings {
  level: number;
  slowms: number | null;
}

export function profileText(p: ProfileSettings): string {
  const slow = p.slowms === null ? "" : `, slowms ${p.slowms}`;
  if (p.level === 0) return `level 0 (off)${slow}`;
  if (p.level === 1) return `level 1 (operations slower than ${p.slowms ?? "?"} ms)`;
  return `level ${p.level}${p.level === 2 ? " (every operation)" : ""}${slow}`;
}

export interface IndexInfo {
  name: string;
  key: Record<string, unknown>;
}

/** Whether an index with exactly this key (same fields, same order, same directions) exists. */
export function findIndex(
  indexes: readonly IndexInfo[],
  key: readonly (readonly [string, 1 | -1])[],
): IndexInfo | undefined {
  return indexes.find((ix) => {
    const entries = Object.entries(ix.key);
    return (
      entries.length === key.length && entries.every(([f, d], i) => f === key[i]?.[0] && Number(d) === key[i]?.[1])
    );
  });
}

/** The collection's index state as it bears on one key. */
export function indexStateText(
  indexes: readonly IndexInfo[] | null,
  key: readonly (readonly [string, 1 | -1])[],
): string {
  if (indexes === null) return "the collection does not exist";
  const found = findIndex(indexes, key);
  const count = `${indexes.length} index${indexes.length === 1 ? "" : "es"}: ${indexes.map((i) => i.name).join(", ")}`;
  return found ? `index ${found.name} on ${keyText(key)} (${count})` : `no index on ${keyText(key)} (${count})`;
}
