// The incident store the app uses, chosen by config (INCIDENT_STORE) and opened once per process.
import "server-only";
import { getConfig } from "../config";
import { recordStoreError } from "../metrics";
import { MongoIncidentStore } from "./mongo-store";
import { SqliteIncidentStore } from "./sqlite-store";
import type { IncidentStore } from "./store";

interface Opened {
  key: string;
  store: Promise<IncidentStore>;
}

// On globalThis so a dev-server hot reload reuses the open database instead of opening another each edit.
const holder = globalThis as typeof globalThis & { __runbookIncidentStore?: Opened };

function storeKey(): string {
  const c = getConfig();
  return c.incidentStore === "mongo"
    ? `mongo|${c.incidentsMongodbUrl}|${c.incidentsMongodbDatabase}`
    : `sqlite|${c.dataDir}`;
}

async function open(): Promise<IncidentStore> {
  const c = getConfig();
  if (c.incidentStore === "mongo") {
    // parseConfig refuses INCIDENT_STORE=mongo without INCIDENTS_MONGODB_URL.
    const url = c.incidentsMongodbUrl ?? "";
    return MongoIncidentStore.open(url, c.incidentsMongodbDatabase);
  }
  return new SqliteIncidentStore(c.dataDir);
}

/** The configured store; a failed open is not cached, so the next request tries again. */
export function getIncidentStore(): Promise<IncidentStore> {
  const key = storeKey();
  const current = holder.__runbookIncidentStore;
  if (current && current.key === key) return current.store;
  if (current) void current.store.then((s) => s.close()).catch(() => undefined);
  const store = open();
  const opened: Opened = { key, store };
  holder.__runbookIncidentStore = opened;
  store.catch(() => {
    recordStoreError("incidents");
    if (holder.__runbookIncidentStore === opened) holder.__runbookIncidentStore = undefined;
  });
  return store;
}

/** Closes the open store (tests, shutdown); the next getIncidentStore() opens it again. */
export async function closeIncidentStore(): Promise<void> {
  const current = holder.__runbookIncidentStore;
  holder.__runbookIncidentStore = undefined;
  if (current) await current.store.then((s) => s.close()).catch(() => undefined);
}

export type { IncidentStore } from "./store";
export { IncidentStoreError } from "./store";
