// Seeds the demo database: the agents the API answers for and a large `events` collection with no customer_id index.
import type { Db } from "mongodb";
import { AGENT_IDS, AGENTS, CUSTOMER_COUNT, EVENTS_COLLECTION, SLOW_QUERY_FIELD } from "./catalog";

export interface SeedResult {
  agents: number;
  events: number;
  /** False when the events collection already had the expected size and was left alone. */
  insertedEvents: boolean;
  droppedIndexes: string[];
  ms: number;
}

const EVENT_TYPES = ["query", "login", "billing", "error", "export"] as const;
const BATCH = 1000;
const SEED_VERSION = 1;
const SEED_META_COLLECTION = "demo_seed";
/** Fixed origin so every seed produces the same documents. */
const ORIGIN = Date.UTC(2026, 0, 1);

export interface EventDoc {
  _id: string;
  customer_id: string;
  agent_id: string;
  type: string;
  ts: Date;
  latency_ms: number;
  tokens: number;
  message: string;
}

export function eventDoc(i: number): EventDoc {
  const type = EVENT_TYPES[i % EVENT_TYPES.length] ?? "query";
  return {
    _id: `e-${String(i).padStart(6, "0")}`,
    customer_id: `c-${i % CUSTOMER_COUNT}`,
    agent_id: AGENT_IDS[i % AGENT_IDS.length] ?? "support-bot",
    type,
    ts: new Date(ORIGIN - i * 30_000),
    latency_ms: (i * 37) % 2000,
    tokens: (i * 13) % 4000,
    message: `${type} event ${i}: agent answered a customer question about billing, onboarding or access`,
  };
}

/** Idempotent: upserts the agents, (re)builds `events` only when its size is wrong, drops customer_id indexes. */
export async function seedDemoData(db: Db, eventsCount: number): Promise<SeedResult> {
  const started = Date.now();
  const agents = db.collection<{ _id: string }>("agents");
  for (const agent of AGENTS) await agents.replaceOne({ _id: agent._id }, agent, { upsert: true });

  const events = db.collection<EventDoc>(EVENTS_COLLECTION);
  const meta = db.collection<{ _id: string; count: number; version: number }>(SEED_META_COLLECTION);
  // Counting 20 000 documents is a full scan on FerretDB (seconds under load); a marker written after a
  // complete seed plus the last document by _id answer "already seeded" in milliseconds.
  const marker = await meta.findOne({ _id: EVENTS_COLLECTION });
  const last = await events.findOne({ _id: eventDoc(eventsCount - 1)._id }, { projection: { _id: 1 } });
  const beyond = await events.findOne({ _id: eventDoc(eventsCount)._id }, { projection: { _id: 1 } });
  let insertedEvents = false;
  if (marker?.count !== eventsCount || marker.version !== SEED_VERSION || last === null || beyond !== null) {
    await meta.deleteOne({ _id: EVENTS_COLLECTION });
    await events.drop().catch(() => undefined);
    for (let from = 0; from < eventsCount; from += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, eventsCount - from) }, (_, k) => eventDoc(from + k));
      await events.insertMany(docs, { ordered: false });
    }
    await meta.replaceOne({ _id: EVENTS_COLLECTION }, { count: eventsCount, version: SEED_VERSION }, { upsert: true });
    insertedEvents = true;
  }

  // The slow-query demo needs customer_id unindexed; an index someone added as the guide's fix is removed here.
  const droppedIndexes: string[] = [];
  for (const ix of await events.indexes()) {
    if (ix.name !== undefined && Object.hasOwn(ix.key, SLOW_QUERY_FIELD)) {
      await events.dropIndex(ix.name);
      droppedIndexes.push(ix.name);
    }
  }
  return { agents: AGENTS.length, events: eventsCount, insertedEvents, droppedIndexes, ms: Date.now() - started };
}
