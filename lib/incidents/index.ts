// The incident store the app uses, chosen by config (INCIDENT_STORE) and opened once per process.
import "server-only";
import { getConfig } from "../config";
import { recordStoreError } from "../metrics";
import { storeFactory } from "../server/store-factory";
import { MongoIncidentStore } from "./mongo-store";
import { SqliteIncidentStore } from "./sqlite-store";
import type { IncidentStore } from "./store";

const incidentStore = storeFactory<IncidentStore>("incidents", getConfig, {
  sqlite: (dataDir) => new SqliteIncidentStore(dataDir),
  mongo: (url, database) => MongoIncidentStore.open(url, database),
});

/** The configured store; a failed open is not cached, so the next request tries again. */
export function getIncidentStore(): Promise<IncidentStore> {
  const store = incidentStore.get();
  store.catch(() => recordStoreError("incidents"));
  return store;
}

/** Closes the open store (tests, shutdown); the next getIncidentStore() opens it again. */
export function closeIncidentStore(): Promise<void> {
  return incidentStore.close();
}

export type { IncidentStore } from "./store";
export { IncidentStoreError } from "./store";
