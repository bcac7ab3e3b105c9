import { describe, expect, it } from "vitest";
import { analyzeCurrentOp } from "../../../../lib/systems/mongo/check-current-op";
import { fixtureJson } from "../fixtures";

const ops = fixtureJson("mongo/current-op.json") as Record<string, unknown>[];
const slowOp = (secs: number, extra: Record<string, unknown> = {}) => ({
  active: true,
  secs_running: secs,
  op: "query",
  ns: "agents.x",
  opid: secs,
  planSummary: "IXSCAN { a: 1 }",
  waitingForLock: false,
  ...extra,
});

describe("analyzeCurrentOp", () => {
  it("lists active operations running more than 3 s and warns on COLLSCAN and lock waits", () => {
    const v = analyzeCurrentOp(ops);
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("2 operations running > 3 s (longest 12 s)");
    expect(v.headlineValue).toBe(2);
    expect(v.tables?.[0]?.columns).toEqual([
      "opid",
      "ns",
      "op",
      "secs_running",
      "waitingForLock",
      "planSummary",
      "client",
      "appName",
      "note",
    ]);
    expect(v.tables?.[0]?.rows).toEqual([
      [51230057, "agents.conversations", "query", 12, "no", "COLLSCAN", "10.0.4.17:53122", "agent-api", null],
      [51231190, "agents.users", "update", 5, "yes", "IXSCAN { _id: 1 }", "10.0.4.18:41876", "billing-worker", null],
    ]);
    expect(v.detail).toBe("1 waiting for a lock. 1 scanning a whole collection (COLLSCAN).");
    expect(v.findings).toEqual(["mongo-slow-ops", "mongo-collscan"]);
    expect(v.figures).toContainEqual({ label: "operations reported", value: 5 });
  });

  it("accepts the legacy { inprog: [...] } reply", () => {
    expect(analyzeCurrentOp({ inprog: ops, ok: 1 }).headline).toBe("2 operations running > 3 s (longest 12 s)");
  });

  it("is ok when nothing runs long, or when long operations are plain", () => {
    const empty = analyzeCurrentOp([]);
    expect(empty.status).toBe("ok");
    expect(empty.headline).toBe("no operations running longer than 3 s");
    expect(empty.tables).toBeUndefined();
    const plain = analyzeCurrentOp([slowOp(8)]);
    expect(plain.status).toBe("ok");
    expect(plain.headline).toBe("1 operation running > 3 s (longest 8 s)");
  });

  it("is critical past 60 s or with more than 10 slow operations", () => {
    expect(analyzeCurrentOp([slowOp(75)]).status).toBe("critical");
    expect(analyzeCurrentOp(Array.from({ length: 11 }, (_, i) => slowOp(4 + i))).status).toBe("critical");
    expect(analyzeCurrentOp(Array.from({ length: 10 }, (_, i) => slowOp(4 + i))).status).toBe("ok");
  });

  it("names the command of long command operations", () => {
    const v = analyzeCurrentOp([slowOp(9, { op: "command", command: { aggregate: "messages", pipeline: [] } })]);
    expect(v.tables?.[0]?.rows[0]?.[8]).toBe("aggregate");
  });

  it("falls back to microsecs_running", () => {
    const { secs_running: _, ...op } = slowOp(0, { microsecs_running: 95_000_000 });
    expect(analyzeCurrentOp([op]).tables?.[0]?.rows[0]?.[3]).toBe(95);
  });

  it("does not read a quiet 7.0 replica-set primary's oplog readers and change stream as slow COLLSCANs", () => {
    const v = analyzeCurrentOp(fixtureJson("mongo/current-op-rs-primary-7.0.json"));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no operations running longer than 3 s");
    expect(v.findings).toBeUndefined();
    expect(v.figures).toContainEqual({ label: "COLLSCAN", value: 0 });
    expect(v.figures).toContainEqual({ label: "tailable cursors waiting for data", value: 3 });
    expect(v.detail).toBe(
      "Nothing is running long. 3 tailable cursors waiting for data (change streams, oplog readers) are not counted: " +
        "a getMore on a tailable awaitData cursor runs until data arrives, and scans by design.",
    );
    const table = v.tables?.find((t) => t.title.startsWith("Tailable cursors"));
    expect(table?.columns).toEqual(["opid", "kind", "ns", "secs_running", "client", "appName"]);
    expect(table?.rows).toEqual([
      [88101, "change stream", "agents.conversations", 7, "10.0.4.31:55210", "notifier"],
      [87990, "oplog reader", "local.oplog.rs", 4, "10.0.5.12:39874", null],
      [87994, "oplog reader", "local.oplog.rs", 4, "10.0.5.13:41102", null],
    ]);
  });

  it("still judges real slow work next to the oplog readers, and reads the mongos shape (shard, client_s)", () => {
    const primary = fixtureJson("mongo/current-op-rs-primary-7.0.json") as Record<string, unknown>[];
    const viaMongos = [...primary, ops[1] as Record<string, unknown>].map(({ client, opid, ...op }) => ({
      ...op,
      shard: "rs0",
      opid: `rs0:${opid}`,
      client_s: client,
    }));
    const v = analyzeCurrentOp(viaMongos);
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("1 operation running > 3 s (longest 12 s)");
    expect(v.detail?.startsWith("1 scanning a whole collection (COLLSCAN).")).toBe(true);
    expect(v.tables?.[0]?.rows).toEqual([
      ["rs0:51230057", "agents.conversations", "query", 12, "no", "COLLSCAN", "10.0.4.17:53122", "agent-api", null],
    ]);
    expect(v.tables?.[1]?.rows.map((r) => r[0])).toEqual(["rs0:88101", "rs0:87990", "rs0:87994"]);
  });

  it("knows a tailable cursor without the oplog or a change stream, and an oplog getMore before it has cursor details", () => {
    const capped = slowOp(6, {
      op: "getmore",
      ns: "agents.events",
      planSummary: "COLLSCAN",
      cursor: { tailable: true, awaitData: true },
    });
    const early = slowOp(5, { op: "getmore", ns: "local.oplog.rs", planSummary: "COLLSCAN" });
    const v = analyzeCurrentOp([capped, early]);
    expect(v.status).toBe("ok");
    expect(v.tables?.[0]?.rows.map((r) => r[1])).toEqual(["tailable cursor", "oplog reader"]);
    // A plain getMore is still work: an exhausting find cursor that scans is reported.
    const plain = slowOp(6, { op: "getmore", planSummary: "COLLSCAN", cursor: { tailable: false, awaitData: false } });
    expect(analyzeCurrentOp([plain]).status).toBe("warning");
  });

  it("reports a 7.0 index build once (client createIndexes + builder thread) as progress, not as critical", () => {
    const v = analyzeCurrentOp(fixtureJson("mongo/current-op-index-build-rs-7.0.json"));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no operations running longer than 3 s; 1 index build in progress (40.4 %)");
    expect(v.figures).toContainEqual({ label: "index builds", value: 1 });
    expect(v.figures).toContainEqual({ label: "active > 3 s", value: 0 });
    expect(v.detail).toContain("1 index build in progress (40.4 %); a build takes as long as the collection is large");
    expect(v.tables).toHaveLength(1);
    expect(v.tables?.[0]?.title).toBe("Index builds in progress (not judged)");
    expect(v.tables?.[0]?.rows).toEqual([
      [
        "agents.messages",
        "conversationId_1_createdAt_-1",
        "scanning collection",
        1823412,
        4512034,
        40.4,
        95,
        "90412, 90415",
      ],
    ]);
  });

  it("counts a build reported only by its progress message (4.2 and earlier, one op) and keeps judging other work", () => {
    const legacy = slowOp(400, {
      op: "command",
      ns: "agents.messages",
      command: { createIndexes: "messages", indexes: [{ key: { a: 1 }, name: "a_1" }] },
      msg: "Index Build: draining writes received during build",
      planSummary: undefined,
    });
    const v = analyzeCurrentOp([legacy, slowOp(75)]);
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("1 operation running > 3 s (longest 1 min 15 s); 1 index build in progress");
    expect(v.tables?.[1]?.rows[0]?.[2]).toBe("draining writes received during build");
  });

  it("is unsupported when FerretDB's stub answers with nothing", () => {
    const v = analyzeCurrentOp({ inprog: [], ok: 1 }, { product: "FerretDB", version: "1.24.2" });
    expect(v.status).toBe("unsupported");
    expect(v.detail).toContain("FerretDB 1.24.2 answers currentOp with an empty list");
  });

  it("is an error on malformed output", () => {
    expect(analyzeCurrentOp("nope").status).toBe("error");
    const v = analyzeCurrentOp([{ active: true }, 42]);
    expect(v.status).toBe("error");
    expect(v.detail).toBe("operation [1] is not a document: 42");
  });
});
