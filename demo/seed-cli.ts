// Entry point that seeds the demo database once: `tsx demo/seed-cli.ts` (idempotent; used by demo-stack.sh up).
import { MongoClient } from "mongodb";
import { demoConfigFromProcess } from "./config";
import { seedDemoData } from "./seed";

async function main(): Promise<void> {
  const config = demoConfigFromProcess();
  const client = new MongoClient(config.mongoUrl, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    socketTimeoutMS: 60_000,
  });
  try {
    const r = await seedDemoData(client.db(config.mongoDatabase), config.eventsCount);
    const what = r.insertedEvents ? `inserted ${r.events} events` : `events already had ${r.events} documents`;
    const dropped = r.droppedIndexes.length > 0 ? `; dropped ${r.droppedIndexes.join(", ")}` : "";
    process.stdout.write(`seeded ${config.mongoDatabase}: ${r.agents} agents, ${what}${dropped} (${r.ms} ms)\n`);
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
