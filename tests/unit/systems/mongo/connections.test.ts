import { describe, expect, it } from "vitest";
import { analyzeMongoConnections } from "../../../../lib/systems/mongo/check-connections";
import { fixtureJson } from "../fixtures";

const MONGO = { product: "MongoDB", version: "7.0.14" };
const FERRET = { product: "FerretDB", version: "1.24.2" };
const status = fixtureJson("mongo/server-status.json") as Record<string, unknown>;
const withConnections = (connections: unknown) => ({ ...status, connections });
const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("analyzeMongoConnections", () => {
  it("warns above 80 % of current + available", () => {
    const v = analyzeMongoConnections(status, MONGO);
    // 842 / (842 + 158) = 84.2 %
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("connections 84.2 % used (842 of 1000)");
    expect(v.headlineValue).toBeCloseTo(84.2, 12);
    expect(fig(v, "totalCreated")).toBe(129034);
    expect(fig(v, "active")).toBe(37);
    expect(fig(v, "rejected")).toBe(0);
    expect(fig(v, "server")).toBe("MongoDB 7.0.14");
    expect(v.figures.some((f) => f.label === "queued")).toBe(false);
    expect(v.findings).toEqual(["mongo-connections"]);
    expect(v.detail).toContain("Only 158 connections left");
  });

  it("is ok at low usage and critical above 90 %", () => {
    expect(analyzeMongoConnections(withConnections({ current: 12, available: 838848 }), MONGO).status).toBe("ok");
    const crit = analyzeMongoConnections(withConnections({ current: 950, available: 50 }), MONGO);
    expect(crit.status).toBe("critical");
  });

  it("is critical when connections were rejected, and shows queued when the server reports it", () => {
    const v = analyzeMongoConnections(
      withConnections({ current: 100, available: 900, rejected: 3, queuedForEstablishment: 7 }),
      { product: "MongoDB", version: "8.0.3" },
    );
    expect(v.status).toBe("critical");
    expect(v.detail).toContain("3 connections were rejected");
    expect(fig(v, "queued")).toBe(7);
  });

  it("reads BSON Long and EJSON numbers", () => {
    const v = analyzeMongoConnections(
      withConnections({ current: { $numberInt: "10" }, available: 90n, totalCreated: { $numberLong: "5000000000" } }),
      MONGO,
    );
    expect(v.headline).toBe("connections 10 % used (10 of 100)");
    expect(fig(v, "totalCreated")).toBe(5_000_000_000);
  });

  it("is unsupported on FerretDB, quoting what the server returned", () => {
    const v = analyzeMongoConnections(fixtureJson("mongo/server-status-ferretdb.json"), FERRET);
    expect(v.status).toBe("unsupported");
    expect(v.detail).toBe(
      "serverStatus has no `connections` field on this server (FerretDB 1.24.2); it returned: host, version, process, pid, uptime, uptimeMillis, uptimeEstimate, localTime, freeMonitoring, catalogStats, ok.",
    );
  });

  it("is an error naming the malformed field", () => {
    const v = analyzeMongoConnections(withConnections({ current: "many", available: 10 }), MONGO);
    expect(v.status).toBe("error");
    expect(v.headline).toBe("unexpected serverStatus.connections output");
    expect(v.detail).toBe('serverStatus.connections.current: expected a number, got "many"');
    const missing = analyzeMongoConnections(withConnections({ current: 3 }), MONGO);
    expect(missing.detail).toBe("serverStatus.connections.available: expected a number, got nothing");
    expect(analyzeMongoConnections(null, MONGO).status).toBe("error");
  });

  it("does not divide by zero when current and available are both 0", () => {
    const v = analyzeMongoConnections(withConnections({ current: 0, available: 0 }), MONGO);
    expect(v.status).toBe("ok");
    expect(v.headlineValue).toBe(0);
  });
});
