// One contract, two stores: the same suite runs against SQLite (temp dir) and MongoDB (FerretDB, unique database).
import Database from "better-sqlite3";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ID_PATTERN, type IncidentStatus, NOTE_MAX, RAW_CAP, type TimelineEntry } from "@/lib/incidents/model";
import { appliedMongoVersions, COLLECTIONS } from "@/lib/incidents/mongo-migrations";
import type { MongoIncidentStore } from "@/lib/incidents/mongo-store";
import { SQLITE_MIGRATIONS } from "@/lib/incidents/sqlite-migrations";
import { SQLITE_FILE, type SqliteIncidentStore } from "@/lib/incidents/sqlite-store";
import { type IncidentStore, IncidentStoreError } from "@/lib/incidents/store";
import { newId } from "@/lib/server/ids";
import { appliedSqliteVersions } from "@/lib/server/sqlite-migrate";
import {
  ACTOR,
  assertMongoUp,
  HASH,
  MONGODB_URL,
  makeAlert,
  makeRun,
  mongoHarness,
  OTHER,
  type StoreHarness,
  sqliteHarness,
} from "./support";

async function refusal(p: Promise<unknown>): Promise<IncidentStoreError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(IncidentStoreError);
    return error as IncidentStoreError;
  }
  throw new Error("expected the store to refuse, it accepted");
}

const MALFORMED_IDS = [
  "",
  "abc",
  "a".repeat(21),
  "a".repeat(23),
  "' OR 1=1 --aaaaaaaaaaaa",
  "../../../../etc/passwd",
  "aaaaaaaaaaaaaaaaaaaaa/",
  "$where:function(){}aaa",
];

function contract(makeHarness: () => StoreHarness) {
  const harness = makeHarness();
  let store: IncidentStore;

  beforeAll(async () => {
    if (harness.name === "mongo") await assertMongoUp();
    store = await harness.fresh();
  });
  afterAll(() => harness.cleanup());

  const open = (title = "Cache hit ratio dropped", extra: Record<string, unknown> = {}) =>
    store.createIncident(
      { title, severity: "sev2", symptoms: ["Slow response times"], runbooks: ["low-cache-hit-rate"], ...extra },
      ACTOR,
    );

  it("creates an incident with an unguessable 22-character id and reads it back", async () => {
    const incident = await open();
    expect(incident.id).toMatch(ID_PATTERN);
    expect(incident.status).toBe("investigating");
    expect(incident.createdBy).toEqual(ACTOR);
    expect(await store.getIncident(incident.id)).toEqual(incident);
    const ids = new Set(await Promise.all(Array.from({ length: 30 }, () => open().then((i) => i.id))));
    expect(ids.size).toBe(30);
  });

  it("refuses malformed ids with a clear error before any query, and answers null for unknown ones", async () => {
    for (const bad of MALFORMED_IDS) {
      const e = await refusal(store.getIncident(bad));
      expect(e.code).toBe("invalid");
      expect(e.message).toMatch(/malformed incident id/);
      expect((await refusal(store.timeline(bad))).code).toBe("invalid");
      expect((await refusal(store.addNote(bad, "x", ACTOR))).code).toBe("invalid");
      expect((await refusal(store.appendRun(bad, makeRun(), ACTOR))).code).toBe("invalid");
      expect((await refusal(store.changeStatus(bad, "mitigated", ACTOR))).code).toBe("invalid");
    }
    // An operator object smuggled in place of a string never reaches the database as a query.
    const injected = { $ne: null } as unknown as string;
    expect((await refusal(store.getIncident(injected))).code).toBe("invalid");
    const unknown = newId();
    expect(await store.getIncident(unknown)).toBeNull();
    expect(await store.timeline(unknown)).toEqual([]);
    expect((await refusal(store.addNote(unknown, "hello", ACTOR))).code).toBe("not-found");
    expect((await refusal(store.appendRun(unknown, makeRun(), ACTOR))).code).toBe("not-found");
    expect((await refusal(store.changeStatus(unknown, "mitigated", ACTOR))).code).toBe("not-found");
  });

  it("refuses bad incident input and writes nothing", async () => {
    const before = (await store.listIncidents({ limit: 1 })).total;
    const bad: Record<string, unknown>[] = [
      { title: "", severity: "sev2" },
      { title: "x".repeat(201), severity: "sev2" },
      { title: "ok", severity: "sev5" },
      { title: "line\nbreak", severity: "sev1" },
      { title: "escape \u001b[31m", severity: "sev1" },
      { title: "ok", severity: "sev3", symptoms: Array.from({ length: 21 }, (_, i) => `s${i}`) },
      { title: "ok", severity: "sev3", runbooks: ["Not A Slug"] },
      { title: "ok", severity: "sev3", extra: true },
    ];
    for (const input of bad) {
      const e = await refusal(store.createIncident(input as never, ACTOR));
      expect(e.code).toBe("invalid");
      expect(e.message.length).toBeGreaterThan(5);
    }
    expect((await store.listIncidents({ limit: 1 })).total).toBe(before);
  });

  it("records a run with everything needed to show it later, frozen at the runbook's hash", async () => {
    const incident = await open();
    const run = makeRun({ params: { user_id: "u-42" } });
    const entry = await store.appendRun(incident.id, run, OTHER);
    expect(entry).toMatchObject({ ...run, type: "run", incidentId: incident.id, actor: OTHER });
    expect(entry.id).toMatch(ID_PATTERN);
    const timeline = await store.timeline(incident.id);
    expect(timeline).toEqual([entry]);
    expect(await store.getEntry(incident.id, entry.id)).toEqual(entry);
    expect(await store.getEntry(incident.id, newId())).toBeNull();
    const reread = timeline[0];
    expect(reread?.type === "run" && reread.runbookHash).toBe(HASH);
    expect(reread?.type === "run" && reread.verdict.figures).toEqual(run.verdict.figures);
    // Recording a run from another runbook adds that runbook to the incident.
    await store.appendRun(incident.id, makeRun({ runbook: "cache-memory-issues" }), ACTOR);
    expect((await store.getIncident(incident.id))?.runbooks).toEqual(["low-cache-hit-rate", "cache-memory-issues"]);
  });

  it("files a run shown before the incident at the time it ran, within a day and never in the future", async () => {
    const incident = await open();
    const ran = new Date(Date.now() - 5 * 60_000).toISOString();
    const entry = await store.appendRun(incident.id, makeRun(), ACTOR, { at: ran });
    expect(entry.at).toBe(ran);
    expect((await store.timeline(incident.id))[0]?.at).toBe(ran);
    // The incident itself was touched now, not moved back in time.
    expect((await store.getIncident(incident.id))?.updatedAt ?? "").not.toBe(ran);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await refusal(store.appendRun(incident.id, makeRun(), ACTOR, { at: future }))).code).toBe("invalid");
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    expect((await refusal(store.appendRun(incident.id, makeRun(), ACTOR, { at: old }))).code).toBe("invalid");
    expect((await refusal(store.appendRun(incident.id, makeRun(), ACTOR, { at: "yesterday" }))).code).toBe("invalid");
  });

  it("refuses a run whose raw output exceeds the cap or whose verdict is malformed, writing nothing", async () => {
    const incident = await open();
    expect(
      (await refusal(store.appendRun(incident.id, makeRun({ raw: "x".repeat(RAW_CAP + 1000) }), ACTOR))).code,
    ).toBe("invalid");
    const badVerdict = makeRun({ verdict: { status: "great" } as never });
    expect((await refusal(store.appendRun(incident.id, badVerdict, ACTOR))).code).toBe("invalid");
    expect(await store.timeline(incident.id)).toEqual([]);
  });

  it("adds Markdown notes and refuses empty, too long or control-character notes without writing", async () => {
    const incident = await open();
    const note = await store.addNote(incident.id, "  **Redis** evicts keys: see <script>alert(1)</script>  ", ACTOR);
    expect(note.markdown).toBe("**Redis** evicts keys: see <script>alert(1)</script>");
    for (const bad of ["", "   ", "x".repeat(NOTE_MAX + 1), "red \u001b[31mtext"]) {
      const e = await refusal(store.addNote(incident.id, bad, ACTOR));
      expect(e.code).toBe("invalid");
    }
    expect((await refusal(store.addNote(incident.id, "x".repeat(NOTE_MAX + 1), ACTOR))).message).toMatch(
      /longer than 10,000 characters/,
    );
    expect(await store.timeline(incident.id)).toEqual([note]);
  });

  it("moves status investigating → mitigated → resolved, refuses unknown transitions, and can reopen", async () => {
    const incident = await open();
    const step = async (to: IncidentStatus, from?: IncidentStatus) =>
      (await store.changeStatus(incident.id, to, ACTOR, from)).incident;
    expect((await step("mitigated", "investigating")).status).toBe("mitigated");
    // Stale view of the status: refused as a conflict, nothing written.
    expect((await refusal(store.changeStatus(incident.id, "resolved", ACTOR, "investigating"))).code).toBe("conflict");
    const resolved = await step("resolved");
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).toBeDefined();
    for (const [to, code] of [
      ["mitigated", "invalid"],
      ["resolved", "invalid"],
      ["closed", "invalid"],
    ] as const) {
      const e = await refusal(store.changeStatus(incident.id, to as IncidentStatus, ACTOR));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(/resolved|status must be/);
    }
    expect((await refusal(store.appendRun(incident.id, makeRun(), ACTOR))).code).toBe("conflict");
    const reopened = await step("investigating");
    expect(reopened.status).toBe("investigating");
    expect(reopened.resolvedAt).toBeUndefined();
    await store.appendRun(incident.id, makeRun(), ACTOR);
    const timeline = await store.timeline(incident.id);
    expect(timeline.map((e) => (e.type === "status" ? `${e.from}→${e.to}` : e.type))).toEqual([
      "investigating→mitigated",
      "mitigated→resolved",
      "resolved→investigating",
      "run",
    ]);
  });

  it("lists newest first with status, runbook and time filters and pages", async () => {
    const fresh = await harness.fresh();
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await fresh.createIncident(
          {
            title: `incident ${i}`,
            severity: "sev3",
            runbooks: [i % 2 === 0 ? "high-error-rates" : "missing-metrics"],
          },
          ACTOR,
        ),
      );
    }
    const [i0, i1, i2] = made;
    if (!i0 || !i1 || !i2) throw new Error("fixtures");
    await fresh.changeStatus(i1.id, "mitigated", ACTOR);
    await fresh.changeStatus(i2.id, "resolved", ACTOR);
    const all = await fresh.listIncidents({ limit: 3 });
    expect(all.total).toBe(7);
    expect(all.items.map((i) => i.title)).toEqual(["incident 6", "incident 5", "incident 4"]);
    const page3 = await fresh.listIncidents({ limit: 3, page: 3 });
    expect(page3.items.map((i) => i.title)).toEqual(["incident 0"]);
    expect((await fresh.listIncidents({ status: "open" })).total).toBe(6);
    expect((await fresh.listIncidents({ status: "mitigated" })).items.map((i) => i.id)).toEqual([i1.id]);
    expect((await fresh.listIncidents({ status: "resolved" })).items.map((i) => i.id)).toEqual([i2.id]);
    expect((await fresh.listIncidents({ runbook: "high-error-rates" })).total).toBe(4);
    expect((await fresh.listIncidents({ runbook: "missing-metrics", status: "open" })).total).toBe(3);
    const middle = made[3]?.createdAt ?? "";
    expect((await fresh.listIncidents({ from: middle })).total).toBe(4);
    expect((await fresh.listIncidents({ to: middle })).total).toBe(4);
    expect((await fresh.listIncidents({ from: "2000-01-01T00:00:00Z", to: "2000-12-31T00:00:00Z" })).total).toBe(0);
    for (const bad of [
      { status: "open-ish" },
      { runbook: "../x" },
      { from: "yesterday" },
      { limit: 1000 },
      { page: 0 },
    ]) {
      expect((await refusal(fresh.listIncidents(bad as never))).code).toBe("invalid");
    }
    expect(
      (await refusal(fresh.listIncidents({ from: "2030-01-01T00:00:00Z", to: "2020-01-01T00:00:00Z" }))).code,
    ).toBe("invalid");
  });

  it("files alerts once per fingerprint, start and status, and finds the open incident by group key", async () => {
    const groupKey = `{}:{alertname="HighErrorRate", run="${newId()}"}`;
    const incident = await open("HighErrorRate", { groupKey });
    expect((await store.findOpenByGroupKey(groupKey))?.id).toBe(incident.id);
    const firing = makeAlert({ groupKey, fingerprint: "00aa11bb22cc33dd" });
    const first = await store.recordAlert(firing, incident.id, ACTOR);
    expect(first.isNew).toBe(true);
    expect(first.entry).toMatchObject({ type: "alert", incidentId: incident.id, alert: firing });
    const repeat = await store.recordAlert(firing, incident.id, ACTOR);
    expect(repeat).toEqual({ isNew: false, entry: null });
    // A new episode of the same alert (another startsAt) is new; so is its resolution.
    expect((await store.recordAlert({ ...firing, startsAt: "2026-11-28T11:00:00Z" }, incident.id, ACTOR)).isNew).toBe(
      true,
    );
    const resolved = await store.recordAlert({ ...firing, status: "resolved" }, incident.id, ACTOR);
    expect(resolved.isNew).toBe(true);
    expect((await store.recordAlert({ ...firing, status: "resolved" }, incident.id, ACTOR)).isNew).toBe(false);
    const alerts = (await store.timeline(incident.id)).filter((e) => e.type === "alert");
    expect(alerts).toHaveLength(3);
    const receipt = await store.getAlertReceipt(firing.fingerprint, firing.startsAt, "firing");
    expect(receipt).toMatchObject({
      fingerprint: firing.fingerprint,
      incidentId: incident.id,
      runbook: "high-error-rates",
    });
    // An alert no runbook claims is kept for the alerts page, filed under no incident.
    const stray = makeAlert({ alertname: "DiskFull", runbook: null, fingerprint: "ffee000011112222", groupKey });
    expect(await store.recordAlert(stray, null, ACTOR)).toEqual({ isNew: true, entry: null });
    expect((await store.listAlerts()).find((a) => a.alertname === "DiskFull")).toMatchObject({ incidentId: null });
    expect((await refusal(store.recordAlert({ ...stray, fingerprint: "not hex!" }, null, ACTOR))).code).toBe("invalid");
    await store.changeStatus(incident.id, "resolved", ACTOR);
    expect(await store.findOpenByGroupKey(groupKey)).toBeNull();
  });

  it("keeps every one of many concurrent writes, in order per writer", async () => {
    const incident = await open();
    const writes: Promise<TimelineEntry>[] = [];
    for (let i = 0; i < 15; i++) {
      writes.push(store.addNote(incident.id, `note ${i}`, ACTOR));
      writes.push(store.appendRun(incident.id, makeRun({ stepId: `diagnosis-${i + 1}` }), ACTOR));
    }
    const written = await Promise.all(writes);
    const timeline = await store.timeline(incident.id);
    expect(timeline).toHaveLength(30);
    expect(new Set(timeline.map((e) => e.id))).toEqual(new Set(written.map((e) => e.id)));
    const notes = timeline.flatMap((e) => (e.type === "note" ? [e.markdown] : []));
    expect(notes).toEqual(Array.from({ length: 15 }, (_, i) => `note ${i}`));
  });

  it("a second store instance on the same storage sees everything (restart, or another dashboard)", async () => {
    const first = await harness.fresh();
    const incident = await first.createIncident({ title: "seen by the other instance", severity: "sev1" }, ACTOR);
    const note = await first.addNote(incident.id, "from instance A", ACTOR);
    const other = await harness.reopen();
    expect(await other.getIncident(incident.id)).toEqual(await first.getIncident(incident.id));
    expect(await other.timeline(incident.id)).toEqual([note]);
    const reply = await other.addNote(incident.id, "from instance B", OTHER);
    expect((await first.timeline(incident.id)).map((e) => e.id)).toEqual([note.id, reply.id]);
    expect((await first.getIncident(incident.id))?.updatedAt).toBe(reply.at);
  });
}

describe("SQLite incident store", () => {
  contract(sqliteHarness);

  it("uses WAL with synchronous=FULL and records its migrations, applying each once", async () => {
    const h = sqliteHarness();
    try {
      const store = (await h.fresh()) as SqliteIncidentStore;
      const db = new Database(store.file, { readonly: true });
      try {
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
        expect(appliedSqliteVersions(db)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
      } finally {
        db.close();
      }
      // Opening again applies nothing new and keeps the data.
      const incident = await store.createIncident({ title: "kept", severity: "sev4" }, ACTOR);
      const again = await h.reopen();
      expect((await again.getIncident(incident.id))?.title).toBe("kept");
      expect(store.file.endsWith(SQLITE_FILE)).toBe(true);
    } finally {
      await h.cleanup();
    }
  });

  it("refuses a database whose schema is newer than the code", async () => {
    const h = sqliteHarness();
    try {
      const store = (await h.fresh()) as SqliteIncidentStore;
      const db = new Database(store.file);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')").run();
      db.close();
      await expect(h.reopen()).rejects.toThrow(/schema version 99, newer than this dashboard/);
    } finally {
      await h.cleanup();
    }
  });
});

describe("MongoDB incident store (FerretDB)", () => {
  contract(mongoHarness);

  it("records its migrations and finishes an entry a crashed writer left pending", async () => {
    const h = mongoHarness();
    try {
      const store = (await h.fresh()) as MongoIncidentStore;
      expect(await appliedMongoVersions(store.db)).toEqual([1, 2]);
      const incident = await store.createIncident({ title: "crash between commit and copy", severity: "sev3" }, ACTOR);
      // Simulate a writer killed after its atomic commit and before copying the entry to timeline_entries.
      const parked = {
        type: "note",
        id: newId(),
        incidentId: incident.id,
        at: new Date().toISOString(),
        actor: ACTOR,
        markdown: "committed, not yet copied",
      };
      const client = new MongoClient(MONGODB_URL);
      try {
        await client
          .db(store.db.databaseName)
          .collection<{ _id: string }>(COLLECTIONS.incidents)
          .updateOne({ _id: incident.id }, { $set: { [`pending.${parked.id}`]: JSON.stringify(parked) } });
      } finally {
        await client.close();
      }
      expect((await store.timeline(incident.id)).map((e) => e.id)).toEqual([parked.id]);
      // The read copied it over; it is now in timeline_entries and no longer pending.
      await expect
        .poll(async () => store.db.collection(COLLECTIONS.timeline).countDocuments({ _id: parked.id as never }))
        .toBe(1);
      expect((await store.timeline(incident.id)).map((e) => e.id)).toEqual([parked.id]);
    } finally {
      await h.cleanup();
    }
  });
});
