// Durability and sharing across processes: a save confirmed by a child survives its kill -9; two processes see each other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Incident, TimelineEntry } from "@/lib/incidents/model";
import { ACTOR, assertMongoUp, makeRun, mongoHarness, runChild, type StoreHarness, sqliteHarness } from "./support";

function suite(makeHarness: () => StoreHarness) {
  const harness = makeHarness();

  beforeAll(async () => {
    if (harness.name === "mongo") await assertMongoUp();
  });
  afterAll(() => harness.cleanup());

  it("an incident confirmed as saved survives kill -9 of the process right after", async () => {
    for (let round = 0; round < 2; round++) {
      await harness.fresh();
      const child = runChild(["create"], harness.childEnv());
      const line = await child.waitFor(/^SAVED /, 60_000);
      // SIGKILL the moment the save is confirmed: no exit handlers, no close(), no flush.
      child.process.kill("SIGKILL");
      const exit = await child.exited;
      expect(exit.signal).toBe("SIGKILL");
      const [, id = "", noteId = ""] = line.split(" ");
      const store = await harness.reopen();
      const incident = await store.getIncident(id);
      expect(incident?.title).toBe("Saved right before kill -9");
      const timeline = await store.timeline(id);
      expect(timeline.map((e) => e.id)).toEqual([noteId]);
      expect(timeline[0]?.type === "note" && timeline[0].markdown).toBe("written by the child, then **SIGKILL**");
    }
  });

  it("two processes on the same store see each other's incidents and timeline entries", async () => {
    const a = await harness.fresh();
    const incident = await a.createIncident({ title: "Shared between instances", severity: "sev2" }, ACTOR);
    const noteA = await a.addNote(incident.id, "note from instance A", ACTOR);

    const appender = runChild(["append", incident.id], harness.childEnv());
    const appended = await appender.waitFor(/^APPENDED /, 60_000);
    expect((await appender.exited).code).toBe(0);
    const noteB = appended.split(" ")[1];

    const seenByA = await a.timeline(incident.id);
    expect(seenByA.map((e) => e.id)).toEqual([noteA.id, noteB]);
    const run = await a.appendRun(incident.id, makeRun(), ACTOR);

    const reader = runChild(["read", incident.id], harness.childEnv());
    const line = await reader.waitFor(/^TIMELINE /, 60_000);
    expect((await reader.exited).code).toBe(0);
    const seenByB = JSON.parse(line.slice("TIMELINE ".length)) as { incident: Incident; timeline: TimelineEntry[] };
    expect(seenByB.incident.title).toBe("Shared between instances");
    expect(seenByB.timeline.map((e) => e.id)).toEqual([noteA.id, noteB, run.id]);
    expect(seenByB.timeline[2]).toEqual(run);
  });
}

describe("SQLite store across processes", () => {
  suite(sqliteHarness);
});

describe("MongoDB store across processes (FerretDB)", () => {
  suite(mongoHarness);
});
