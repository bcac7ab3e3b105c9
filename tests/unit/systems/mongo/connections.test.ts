import { describe, expect, it } from "vitest";
import { analyzeMongoConnections, type ServerStatusReading } from "../../../../lib/systems/mongo/check-connections";
import { fixtureJson } from "../fixtures";

const MONGO = { product: "MongoDB", version: "7.0.14" };
const FERRET = { product: "FerretDB", version: "1.24.2" };
const T0 = Date.parse("2024-11-28T17:40:01.512Z");
const status = fixtureJson("mongo/server-status.json") as Record<string, unknown>;
const withConnections = (connections: unknown) => ({ ...status, connections });
/** A reading taken `seconds` after T0. */
const at = (serverStatus: unknown, seconds = 0): ServerStatusReading => ({ serverStatus, atMs: T0 + seconds * 1000 });
const one = (serverStatus: unknown, server = MONGO) => analyzeMongoConnections(at(serverStatus), server);
const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("analyzeMongoConnections on one reading", () => {
  it("warns above 80 % of current + available", () => {
    const v = one(status);
    // 842 / (842 + 158) = 84.2 %
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("connections 84.2 % used (842 of 1000)");
    expect(v.headlineValue).toBeCloseTo(84.2, 12);
    expect(fig(v, "totalCreated")).toBe(129034);
    expect(fig(v, "active")).toBe(37);
    expect(fig(v, "rejected since start")).toBe(0);
    expect(fig(v, "server")).toBe("MongoDB 7.0.14");
    expect(v.figures.some((f) => f.label === "queued" || f.label === "rejected in window")).toBe(false);
    expect(v.findings).toEqual(["mongo-connections"]);
    expect(v.detail).toContain("Only 158 connections left");
  });

  it("is ok at low usage and critical above 90 %", () => {
    expect(one(withConnections({ current: 12, available: 838848 })).status).toBe("ok");
    expect(one(withConnections({ current: 950, available: 50 })).status).toBe("critical");
  });

  it("shows connections rejected since start but does not judge them without a second reading", () => {
    const v = one(withConnections({ current: 100, available: 900, rejected: 3, queuedForEstablishment: 7 }));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("connections 10 % used (100 of 1000)");
    expect(v.detail).toBe(
      "3 connections rejected since the server started; one reading cannot tell whether that is happening now.",
    );
    expect(fig(v, "rejected since start")).toBe(3);
    expect(fig(v, "queuedForEstablishment")).toBe(7);
  });

  it("reads BSON Long and EJSON numbers", () => {
    const v = one(
      withConnections({ current: { $numberInt: "10" }, available: 90n, totalCreated: { $numberLong: "5000000000" } }),
    );
    expect(v.headline).toBe("connections 10 % used (10 of 100)");
    expect(fig(v, "totalCreated")).toBe(5_000_000_000);
  });

  it("is unsupported on FerretDB, quoting what the server returned", () => {
    const v = one(fixtureJson("mongo/server-status-ferretdb.json"), FERRET);
    expect(v.status).toBe("unsupported");
    expect(v.detail).toBe(
      "serverStatus has no `connections` field on this server (FerretDB 1.24.2); it returned: host, version, process, pid, uptime, uptimeMillis, uptimeEstimate, localTime, freeMonitoring, catalogStats, ok.",
    );
  });

  it("is an error naming the malformed field", () => {
    const v = one(withConnections({ current: "many", available: 10 }));
    expect(v.status).toBe("error");
    expect(v.headline).toBe("unexpected serverStatus.connections output");
    expect(v.detail).toBe('serverStatus.connections.current: expected a number, got "many"');
    const missing = one(withConnections({ current: 3 }));
    expect(missing.detail).toBe("serverStatus.connections.available: expected a number, got nothing");
    expect(one(null).status).toBe("error");
  });

  it("does not divide by zero when current and available are both 0", () => {
    const v = one(withConnections({ current: 0, available: 0 }));
    expect(v.status).toBe("ok");
    expect(v.headlineValue).toBe(0);
  });
});

describe("analyzeMongoConnections over a window of two readings", () => {
  it("is ok on a 7.0 primary whose 1843 refusals are weeks old: 0 rejected over 5 s", () => {
    const v = analyzeMongoConnections(
      at(fixtureJson("mongo/server-status-rs-primary-7.0-t5s.json"), 5.006),
      MONGO,
      at(fixtureJson("mongo/server-status-rs-primary-7.0-t0.json")),
    );
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("connections 21.4 % used (214 of 1000), 0 rejected over 5 s");
    expect(v.detail).toBe("None rejected in the last 5 s (1843 since start, not judged).");
    expect(fig(v, "window between readings")).toBeCloseTo(5.006, 9);
    expect(fig(v, "rejected in window")).toBe(0);
    expect(fig(v, "rejected since start")).toBe(1843);
    expect(fig(v, "created in window")).toBe(8);
    expect(v.findings).toBeUndefined();
  });

  it("is critical on an 8.0.12 server refusing now, counting queued connections as in use", () => {
    const v = analyzeMongoConnections(
      at(fixtureJson("mongo/server-status-8.0-at-limit-t5s.json"), 5),
      { product: "MongoDB", version: "8.0.12" },
      at(fixtureJson("mongo/server-status-8.0-at-limit-t0.json")),
    );
    expect(v.status).toBe("critical");
    // current 1958 + queued 42 of current + queued + available = 2000 (available excludes queued since SERVER-104811).
    expect(v.headline).toBe("connections 100 % used (2000 of 2000), 44 rejected over 5 s");
    expect(v.detail).toBe(
      "44 connections rejected in the last 5 s: the server is refusing connections at its limit. Only 0 connections left before new ones are refused.",
    );
    expect(fig(v, "queued")).toBe(42);
    expect(fig(v, "limit (current + queued + available)")).toBe(2000);
    expect(v.findings).toEqual(["mongo-connections"]);
  });

  it("counts from zero after a restart between the readings", () => {
    const before = { ...status, uptimeMillis: 9_000_000, connections: { current: 10, available: 990, rejected: 500 } };
    const after = { ...status, uptimeMillis: 2_000, connections: { current: 3, available: 997, rejected: 2 } };
    const v = analyzeMongoConnections(at(after, 10), MONGO, at(before));
    expect(v.status).toBe("critical");
    expect(fig(v, "rejected in window")).toBe(2);
    expect(v.detail).toContain("The server restarted between the two readings 10 s apart.");
  });

  it("says so when the server does not count rejections, and ignores an unreadable earlier reply", () => {
    const noCounter = withConnections({ current: 10, available: 990 });
    const v = analyzeMongoConnections(at(noCounter, 5), MONGO, at(noCounter));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("connections 1 % used (10 of 1000)");
    expect(v.detail).toBe("This server does not report `rejected`, so refusals cannot be counted.");
    const broken = analyzeMongoConnections(
      at(withConnections({ current: 10, available: 990, rejected: 4 }), 5),
      MONGO,
      at(null),
    );
    expect(broken.status).toBe("ok");
    expect(fig(broken, "rejected in window")).toBeUndefined();
  });
});
