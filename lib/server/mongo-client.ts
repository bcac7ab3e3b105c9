// One MongoClient per URL for the dashboard's own data (incidents, audit trail, sign-in sessions), shared by
// every store that uses that database and closed when the last of them lets go.
// No "server-only" here: scripts (the users CLI) reach it through lib/auth/better-auth.ts.
import { type Db, MongoClient } from "mongodb";
import { clientCache } from "./cached-client";

/** Acknowledged only once a majority has it in the journal (on a standalone server: on disk). */
export const STORE_WRITE_CONCERN = { w: "majority" as const, j: true };

// Deadlines on every wait, set explicitly: the driver's defaults (30 s server selection, no socket or
// wait-queue timeout) would hang a page, a sign-in or an audited remediation.
const CLIENT_OPTIONS = {
  serverSelectionTimeoutMS: 5000,
  connectTimeoutMS: 5000,
  socketTimeoutMS: 15_000,
  waitQueueTimeoutMS: 5000,
  maxPoolSize: 10,
  appName: "runbook-dashboard-store",
  writeConcern: STORE_WRITE_CONCERN,
} as const;

interface Shared {
  client: MongoClient;
  connected: Promise<MongoClient>;
  users: number;
}

const shared = clientCache<Shared>("store-mongo-clients", (entry) => entry.client.close());

export interface MongoLease {
  client: MongoClient;
  db: Db;
  /** Gives the client back; the last holder closes it. Safe to call more than once. */
  release(): Promise<void>;
}

/** Connects (or joins the open client for `url`) and hands out `database`; a failed connect is not cached. */
export async function openStoreDatabase(url: string, database: string): Promise<MongoLease> {
  const entry = shared.get(url, () => {
    const client = new MongoClient(url, CLIENT_OPTIONS);
    return { client, connected: client.connect(), users: 0 };
  });
  entry.users += 1;
  try {
    await entry.connected;
  } catch (error) {
    entry.users -= 1;
    await shared.drop(url, entry);
    throw error;
  }
  let released = false;
  return {
    client: entry.client,
    db: entry.client.db(database),
    async release() {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users <= 0) await shared.drop(url, entry);
    },
  };
}
