// A dashboard-like writer for the backup test: opens incidents in DATA_DIR as fast as it can and prints
// "COMMITTED <id>" the moment each createIncident has returned (committed with synchronous=FULL).
// Usage: tsx --conditions=react-server writer-child.ts <dataDir>; runs until killed.
import { SqliteIncidentStore } from "../../../lib/incidents/sqlite-store";

const actor = { id: "writer", name: "writer process", role: "admin" };

async function main(): Promise<void> {
  const store = new SqliteIncidentStore(process.argv[2] ?? "");
  for (let i = 0; ; i++) {
    const incident = await store.createIncident(
      { title: `written during the backup #${i}`, severity: "sev3", symptoms: ["Memory warnings"], runbooks: [] },
      actor,
    );
    process.stdout.write(`COMMITTED ${incident.id}\n`);
    if (i % 10 === 0) await store.addNote(incident.id, "x".repeat(2000), actor);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
