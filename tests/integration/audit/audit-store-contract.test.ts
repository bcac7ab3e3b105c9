// One audit contract, two stores: SQLite (temp dir) and MongoDB (FerretDB, a unique database dropped after).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditStoreError } from "@/lib/audit/errors";
import { AUDIT_COLLECTION, MongoAuditStore } from "@/lib/audit/mongo-store";
import { AUDIT_SQLITE_FILE, SqliteAuditStore } from "@/lib/audit/sqlite-store";
import type { AuditStore } from "@/lib/audit/store";
import type { AuditRecordInput } from "@/lib/audit/types";
import { ID_PATTERN } from "@/lib/server/id-format";
import { assertMongoUp, MONGODB_URL, RUN_ID } from "../incidents/support";

const SENTINEL = "Audit-S3ntinel-pw-9731";
const INCIDENT_A = "IncidentAAAAAAAAAAAAAA";
const INCIDENT_B = "IncidentBBBBBBBBBBBBBB";

function input(overrides: Partial<AuditRecordInput> = {}): AuditRecordInput {
  return {
    actorId: "u-ada",
    actorName: "Ada Admin",
    role: "admin",
    operation: "applyRemediationAction",
    target: "redis 127.0.0.1:6379",
    command: "CONFIG SET maxmemory-policy allkeys-lru",
    before: "noeviction",
    after: "allkeys-lru",
    result: "ok",
    requestId: "6d1f2a7e-0000-4000-8000-000000000001",
    ...overrides,
  };
}

interface Harness {
  name: "sqlite" | "mongo";
  fresh: () => Promise<AuditStore>;
  reopen: () => Promise<AuditStore>;
  /** Every stored record exactly as the database holds it, for checking what reached the disk. */
  rawDump: () => Promise<string>;
  cleanup: () => Promise<void>;
}

function sqliteHarness(): Harness {
  const dirs: string[] = [];
  const open: AuditStore[] = [];
  let dir = "";
  const make = async () => {
    const store = new SqliteAuditStore(dir);
    open.push(store);
    return store;
  };
  return {
    name: "sqlite",
    fresh: async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-sqlite-"));
      dirs.push(dir);
      return make();
    },
    reopen: make,
    rawDump: async () => {
      const db = new Database(path.join(dir, AUDIT_SQLITE_FILE), { readonly: true });
      try {
        return JSON.stringify(db.prepare("SELECT * FROM audit_log").all());
      } finally {
        db.close();
      }
    },
    cleanup: async () => {
      for (const s of open) await s.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

function mongoHarness(): Harness {
  const databases: string[] = [];
  const open: AuditStore[] = [];
  let current = "";
  let n = 0;
  const make = async () => {
    const store = await MongoAuditStore.open(MONGODB_URL, current);
    open.push(store);
    return store;
  };
  return {
    name: "mongo",
    fresh: async () => {
      current = `audit_${RUN_ID}_${n++}`;
      databases.push(current);
      return make();
    },
    reopen: make,
    rawDump: async () => {
      const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
      try {
        return JSON.stringify(await client.db(current).collection(AUDIT_COLLECTION).find({}).toArray());
      } finally {
        await client.close();
      }
    },
    cleanup: async () => {
      for (const s of open) await s.close();
      const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
      try {
        for (const db of databases) await client.db(db).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

async function refusal(p: Promise<unknown>): Promise<AuditStoreError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(AuditStoreError);
    return error as AuditStoreError;
  }
  throw new Error("expected the store to refuse, it accepted");
}

function contract(makeHarness: () => Harness) {
  const harness = makeHarness();
  let store: AuditStore;

  beforeAll(async () => {
    if (harness.name === "mongo") await assertMongoUp();
    store = await harness.fresh();
    // A spread of records for the filters: two incidents, three actors, every result.
    await store.append(input({ incidentId: INCIDENT_A }));
    await store.append(
      input({
        actorId: "u-vera",
        actorName: "Vera Viewer",
        role: "viewer",
        result: "denied",
        reason: "your role (viewer) may not apply remediations",
        before: undefined,
        after: undefined,
        incidentId: INCIDENT_A,
      }),
    );
    await store.append(input({ operation: "POST /api/run", result: "refused", command: undefined, reason: "busy" }));
    await store.append(input({ result: "failed", after: undefined, reason: "timed out", incidentId: INCIDENT_B }));
    await store.append(input({ actorId: "anonymous", actorName: "not signed in", role: "none", result: "denied" }));
  });
  afterAll(() => harness.cleanup());

  it("stamps an unguessable id and a UTC ISO time, and lists newest first", async () => {
    const { records, nextBefore } = await store.page();
    expect(records).toHaveLength(5);
    expect(nextBefore).toBeNull();
    for (const r of records) {
      expect(r.id).toMatch(ID_PATTERN);
      expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(new Set(records.map((r) => r.id)).size).toBe(5);
    const times = records.map((r) => r.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(records[0]?.actorId).toBe("anonymous");
    expect(records.at(-1)).toMatchObject({
      actorName: "Ada Admin",
      role: "admin",
      command: "CONFIG SET maxmemory-policy allkeys-lru",
      before: "noeviction",
      after: "allkeys-lru",
      result: "ok",
      requestId: "6d1f2a7e-0000-4000-8000-000000000001",
      incidentId: INCIDENT_A,
    });
    // Absent fields stay absent rather than coming back as null.
    expect(records[0]).not.toHaveProperty("incidentId");
  });

  it("filters by actor (id or name), result, operation and incident, alone and combined", async () => {
    const ops = async (filter: Parameters<AuditStore["page"]>[0]) =>
      (await store.page(filter)).records.map((r) => `${r.actorId}/${r.result}`);
    expect(await ops({ actor: "u-vera" })).toEqual(["u-vera/denied"]);
    expect(await ops({ actor: "Vera Viewer" })).toEqual(["u-vera/denied"]);
    expect(await ops({ result: "denied" })).toEqual(["anonymous/denied", "u-vera/denied"]);
    expect(await ops({ operation: "POST /api/run" })).toEqual(["u-ada/refused"]);
    expect(await ops({ incidentId: INCIDENT_A })).toEqual(["u-vera/denied", "u-ada/ok"]);
    expect(await ops({ incidentId: INCIDENT_B })).toEqual(["u-ada/failed"]);
    expect(await ops({ actor: "u-ada", result: "ok", incidentId: INCIDENT_A })).toEqual(["u-ada/ok"]);
    expect(await ops({ actor: "nobody" })).toEqual([]);
  });

  it("pages back with a stable cursor, even while new records arrive", async () => {
    const all = (await store.page({ limit: 100 })).records.map((r) => r.id);
    const first = await store.page({ limit: 2 });
    expect(first.records.map((r) => r.id)).toEqual(all.slice(0, 2));
    expect(first.nextBefore).toBe(all[1]);
    // A record appended now is newer than the page being read: it must not shift the older pages.
    await store.append(input({ actorId: "u-late", result: "ok" }));
    const second = await store.page({ limit: 2, before: first.nextBefore ?? "" });
    expect(second.records.map((r) => r.id)).toEqual(all.slice(2, 4));
    const third = await store.page({ limit: 2, before: second.nextBefore ?? "" });
    expect(third.records.map((r) => r.id)).toEqual(all.slice(4));
    expect(third.nextBefore).toBeNull();
    // Paging within a filter keeps the filter.
    const denied = await store.page({ result: "denied", limit: 1 });
    const older = await store.page({ result: "denied", limit: 1, before: denied.nextBefore ?? "" });
    expect(older.records.map((r) => r.actorId)).toEqual(["u-vera"]);
  });

  it("refuses a malformed filter or an unknown cursor with an error naming it", async () => {
    expect((await refusal(store.page({ before: "' OR 1=1 --" }))).message).toMatch(/before must be an audit record id/);
    expect((await refusal(store.page({ before: "ZZZZZZZZZZZZZZZZZZZZZZ" }))).message).toMatch(
      /no audit record ZZZZZZZZZZZZZZZZZZZZZZ/,
    );
    expect((await refusal(store.page({ limit: 100_000 }))).message).toMatch(/limit must be at most 500/);
    expect((await refusal(store.page({ actor: { $ne: "x" } } as never))).message).toMatch(/actor must be text/);
    expect((await refusal(store.page({ incidentId: "../x" }))).message).toMatch(/incident must be an incident id/);
  });

  it("masks a secret in the command, target and reason before it reaches the database", async () => {
    const record = await store.append(
      input({
        target: `redis redis://rb_admin:${SENTINEL}@127.0.0.1:6379`,
        command: `CONFIG SET maxmemory-policy allkeys-lru ${SENTINEL}`,
        reason: `the server said: invalid password=${SENTINEL}`,
        requestId: "req-secret",
      }),
      [SENTINEL],
    );
    expect(record.target).toBe("redis redis://rb_admin:***@127.0.0.1:6379");
    expect(record.command).toBe("CONFIG SET maxmemory-policy allkeys-lru ***");
    expect(record.reason).toBe("the server said: invalid password=***");
    const listed = (await store.page({ limit: 500 })).records.find((r) => r.requestId === "req-secret");
    expect(listed).toEqual(record);
    expect(await harness.rawDump()).not.toContain(SENTINEL);
  });

  it("stores newlines and ANSI escapes encoded, so a record cannot forge a line or colour a terminal", async () => {
    const record = await store.append(
      input({
        actorName: "Eve\u001b[32m",
        result: "denied",
        reason: "nope\n2026-11-28T10:00:00.000Z Ada Admin applyRemediationAction ok\r\u001b[0m",
        requestId: "req-ansi",
      }),
    );
    expect(record.reason).toBe("nope\\n2026-11-28T10:00:00.000Z Ada Admin applyRemediationAction ok\\r\\x1b[0m");
    expect(record.actorName).toBe("Eve\\x1b[32m");
    const raw = await harness.rawDump();
    expect(raw).not.toContain("\\u001b");
    const listed = (await store.page({ actor: "Eve\\x1b[32m" })).records;
    expect(listed.map((r) => r.requestId)).toEqual(["req-ansi"]);
  });

  it("keeps records across a restart and offers no way to change or remove one", async () => {
    const before = (await store.page({ limit: 500 })).records;
    const again = await harness.reopen();
    expect((await again.page({ limit: 500 })).records).toEqual(before);
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(again)).sort();
    expect(methods).toEqual(["append", "close", "constructor", "page"]);
  });

  it("gives concurrent appends distinct ids and loses none", async () => {
    const made = await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.append(input({ requestId: `burst-${i}`, actorId: "u-burst" }))),
    );
    expect(new Set(made.map((r) => r.id)).size).toBe(25);
    const listed = (await store.page({ actor: "u-burst", limit: 100 })).records;
    expect(listed.map((r) => r.requestId).sort()).toEqual(made.map((r) => r.requestId).sort());
  });
}

describe("audit store: SQLite", () => {
  contract(sqliteHarness);

  describe("the database refuses to change history", () => {
    let dir: string;
    let store: SqliteAuditStore;
    let db: Database.Database;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-triggers-"));
      store = new SqliteAuditStore(dir);
      await store.append(input({ requestId: "keep-me" }));
      // A second connection straight to the file: what someone with shell access would try.
      db = new Database(path.join(dir, AUDIT_SQLITE_FILE));
    });
    afterAll(async () => {
      db.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const row = () => db.prepare("SELECT * FROM audit_log WHERE request_id = 'keep-me'").get();

    it("aborts an UPDATE and leaves the row as it was", () => {
      const original = row();
      expect(() => db.prepare("UPDATE audit_log SET result = 'ok', reason = 'edited'").run()).toThrow(
        /append-only: UPDATE refused/,
      );
      expect(row()).toEqual(original);
    });

    it("aborts a DELETE and leaves the row in place", () => {
      expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only: DELETE refused/);
      expect(row()).toBeDefined();
    });

    it("aborts INSERT OR REPLACE over an existing record, which would bypass the DELETE trigger", () => {
      const original = row() as { id: string; seq: number };
      expect(() =>
        db
          .prepare(
            `INSERT OR REPLACE INTO audit_log (id, at, actor_id, actor_name, role, operation, result, request_id)
             VALUES (?, '2000-01-01T00:00:00.000Z', 'x', 'x', 'admin', 'x', 'ok', 'forged')`,
          )
          .run(original.id),
      ).toThrow(/append-only: REPLACE refused/);
      expect(() =>
        db
          .prepare(
            `INSERT OR REPLACE INTO audit_log (seq, id, at, actor_id, actor_name, role, operation, result, request_id)
             VALUES (?, 'ForgedForgedForgedForg', '2000-01-01T00:00:00.000Z', 'x', 'x', 'admin', 'x', 'ok', 'forged')`,
          )
          .run(original.seq),
      ).toThrow(/append-only: REPLACE refused/);
      expect(row()).toEqual(original);
    });

    it("aborts an upsert that would update the existing record", () => {
      const original = row() as { id: string };
      expect(() =>
        db
          .prepare(
            `INSERT INTO audit_log (id, at, actor_id, actor_name, role, operation, result, request_id)
             VALUES (?, '2000-01-01T00:00:00.000Z', 'x', 'x', 'admin', 'x', 'ok', 'forged')
             ON CONFLICT (id) DO UPDATE SET reason = 'edited'`,
          )
          .run(original.id),
      ).toThrow(/append-only/);
      expect(row()).toEqual(original);
    });
  });
});

describe("audit store: MongoDB", () => {
  contract(mongoHarness);
});
