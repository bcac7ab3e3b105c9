// The one way a store is chosen and kept: SQLite in DATA_DIR, or MongoDB with INCIDENT_STORE=mongo,
// opened once per process (across dev hot reloads) and reopened when the configuration points elsewhere.
import "server-only";
import { cachedClient } from "./cached-client";

export interface Closable {
  close(): Promise<void>;
}

export interface StoreOpeners<S extends Closable> {
  sqlite: (dataDir: string) => S;
  mongo: (url: string, database: string) => Promise<S>;
}

export interface StoreFactory<S extends Closable> {
  /** The configured store; a failed open is not cached, so the next call tries again. */
  get(): Promise<S>;
  /** Closes the open store (tests, shutdown); the next get() opens it again. */
  close(): Promise<void>;
}

interface Opened<S> {
  key: string;
  store: Promise<S>;
}

/** The configuration fields that place a store (lib/config's AppConfig has them; read structurally, so
 * this folder imports nothing above it). */
export interface StorePlacement {
  incidentStore: "sqlite" | "mongo";
  incidentsMongodbUrl?: string | undefined;
  incidentsMongodbDatabase: string;
  dataDir: string;
}

function placementChoice(c: StorePlacement): {
  key: string;
  open: <S extends Closable>(openers: StoreOpeners<S>) => Promise<S>;
} {
  if (c.incidentStore === "mongo") {
    // parseConfig refuses INCIDENT_STORE=mongo without INCIDENTS_MONGODB_URL.
    const url = c.incidentsMongodbUrl ?? "";
    const database = c.incidentsMongodbDatabase;
    return { key: `mongo|${url}|${database}`, open: (o) => o.mongo(url, database) };
  }
  const dir = c.dataDir;
  return { key: `sqlite|${dir}`, open: async (o) => o.sqlite(dir) };
}

/**
 * A memoized store named `name` ("incidents", "audit"), opened by whichever opener the placement picks;
 * `placement` is read on every call (normally getConfig), so a changed configuration reopens the store.
 */
export function storeFactory<S extends Closable>(
  name: string,
  placement: () => StorePlacement,
  openers: StoreOpeners<S>,
): StoreFactory<S> {
  // One mutable slot per store, on globalThis so a hot reload reuses the open database.
  const slot = cachedClient(`store:${name}`, () => ({ current: undefined as Opened<S> | undefined }));
  return {
    get() {
      const choice = placementChoice(placement());
      const current = slot.current;
      if (current && current.key === choice.key) return current.store;
      if (current) void current.store.then((s) => s.close()).catch(() => undefined);
      // Async, so a synchronous throw (an unwritable DATA_DIR) is a rejected promise like any other failure.
      const store = choice.open(openers);
      const opened: Opened<S> = { key: choice.key, store };
      slot.current = opened;
      store.catch(() => {
        if (slot.current === opened) slot.current = undefined;
      });
      return store;
    },
    async close() {
      const current = slot.current;
      slot.current = undefined;
      if (current) await current.store.then((s) => s.close()).catch(() => undefined);
    },
  };
}
