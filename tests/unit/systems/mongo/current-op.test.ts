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

  it("flags index builds and falls back to microsecs_running", () => {
    const v = analyzeCurrentOp([
      {
        active: true,
        microsecs_running: 95_000_000,
        op: "command",
        ns: "agents.messages",
        opid: 7,
        command: { createIndexes: "messages", indexes: [{ key: { conversationId: 1 }, name: "conversationId_1" }] },
        msg: "Index Build: scanning collection Index Build: scanning collection 1823412/4512034 40%",
      },
    ]);
    expect(v.status).toBe("critical");
    expect(v.tables?.[0]?.rows[0]?.[3]).toBe(95);
    expect(v.tables?.[0]?.rows[0]?.[8]).toBe("index build");
    expect(v.detail).toContain("An index build is running");
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
