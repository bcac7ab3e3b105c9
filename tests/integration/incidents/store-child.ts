// A second process on the same incident storage, driven by the durability and two-instance tests.
// Usage: tsx --conditions=react-server store-child.ts create | append <id> | read <id>
// Env: STORE_KIND=sqlite STORE_DIR=… or STORE_KIND=mongo STORE_URL=… STORE_DB=…
import { MongoIncidentStore } from "../../../lib/incidents/mongo-store";
import { SqliteIncidentStore } from "../../../lib/incidents/sqlite-store";
import type { IncidentStore } from "../../../lib/incidents/store";

const actor = { id: "child", name: "child process", role: "admin" };

async function openStore(): Promise<IncidentStore> {
  const kind = process.env.STORE_KIND;
  if (kind === "sqlite") return new SqliteIncidentStore(process.env.STORE_DIR ?? "");
  if (kind === "mongo") return MongoIncidentStore.open(process.env.STORE_URL ?? "", process.env.STORE_DB ?? "");
  throw new Error("set STORE_KIND to sqlite or mongo");
}

async function main(): Promise<void> {
  const [mode, id] = process.argv.slice(2);
  const store = await openStore();
  if (mode === "create") {
    const incident = await store.createIncident(
      { title: "Saved right before kill -9", severity: "sev2", symptoms: ["Memory warnings"], runbooks: [] },
      actor,
    );
    const note = await store.addNote(incident.id, "written by the child, then **SIGKILL**", actor);
    // Only now, after both writes returned, does the incident count as confirmed saved.
    process.stdout.write(`SAVED ${incident.id} ${note.id}\n`);
    // Stay alive (never closing the store) until the parent kills this process.
    setInterval(() => undefined, 60_000);
    return;
  }
  if (!id) throw new Error("an incident id is required");
  if (mode === "append") {
    const note = await store.addNote(id, "note from instance B", actor);
    process.stdout.write(`APPENDED ${note.id}\n`);
  } else if (mode === "read") {
    const incident = await store.getIncident(id);
    const timeline = await store.timeline(id);
    process.stdout.write(`TIMELINE ${JSON.stringify({ incident, timeline })}\n`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
