import { describe, expect, it } from "vitest";
import { analyzeProfiler, isCommandNotFound } from "../../../../lib/systems/mongo/check-profiler";
import { fixtureJson } from "../fixtures";

const entries = fixtureJson("mongo/system-profile.json") as unknown[];
const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;

describe("analyzeProfiler", () => {
  it("groups slow operations by namespace, operation and plan, slowest first", () => {
    const v = analyzeProfiler({ status: { was: 1, slowms: 100, sampleRate: 1, ok: 1 }, entries });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("3 slow query shapes, slowest 850 ms on agents.messages (IXSCAN { conversationId: 1 })");
    expect(v.headlineValue).toBe(850);
    expect(v.tables?.[0]?.rows).toEqual([
      [
        "agents.messages",
        "command",
        "IXSCAN { conversationId: 1 }",
        1,
        850,
        850,
        1200,
        1200,
        50,
        24,
        "2024-11-28T17:38:55.311Z",
      ],
      ["agents.conversations", "query", "COLLSCAN", 2, 420, 400, 40000, 0, 4, 10000, "2024-11-28T17:35:44.870Z"],
      ["agents.users", "update", "IXSCAN { _id: 1 }", 1, 150, 150, 1, 1, 0, 1, "2024-11-28T17:33:10.004Z"],
    ]);
    expect(fig(v, "profile entries read")).toBe(5);
    expect(fig(v, "slow operations")).toBe(4);
    expect(fig(v, "COLLSCAN shapes")).toBe(1);
    expect(v.findings).toEqual(["mongo-profiler", "mongo-collscan"]);
  });

  it("is ok when level 1 records nothing slow", () => {
    const v = analyzeProfiler({ status: { was: 1, slowms: 100 }, entries: [] });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no operation slower than 100 ms recorded");
    expect(v.headlineValue).toBeNull();
  });

  it("is ok with slow operations that use an index", () => {
    const indexed = entries.filter((e) => (e as { planSummary?: string }).planSummary !== "COLLSCAN");
    expect(analyzeProfiler({ status: { level: 2, slowms: 100 }, entries: indexed }).status).toBe("ok");
  });

  it("warns when profiling is off", () => {
    const off = analyzeProfiler({ status: { was: 0, slowms: 100 }, entries: [] });
    expect(off.status).toBe("warning");
    expect(off.headline).toBe("profiler off (level 0)");
    expect(off.findings).toEqual(["mongo-profiler"]);
    const offWithOld = analyzeProfiler({ status: { was: 0, slowms: 100 }, entries });
    expect(offWithOld.headline.startsWith("profiler off (level 0); 3 slow query shapes")).toBe(true);
  });

  it("honours a profile filter (4.4.2+): counts what the filter recorded, not what exceeds slowms, and shows it", () => {
    const status = fixtureJson("mongo/profile-status-filter-7.0.json");
    const recorded = fixtureJson("mongo/system-profile-filter-7.0.json") as unknown[];
    const v = analyzeProfiler({ status, entries: recorded });
    // Every entry is under slowms (100 ms): applying slowms would have dropped the two COLLSCANs.
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("3 profiled query shapes, slowest 80 ms on agents.tickets (COLLSCAN)");
    expect(fig(v, "filter")).toBe('{"op":{"$in":["query","command"]},"millis":{"$gte":50}}');
    expect(fig(v, "operations counted")).toBe(4);
    expect(fig(v, "COLLSCAN shapes")).toBe(1);
    expect(v.detail).toBe(
      "1 profiled query shape scans a whole collection. " +
        'A profile filter is set ({"op":{"$in":["query","command"]},"millis":{"$gte":50}}): the server records the ' +
        "operations it matches and does not use slowms (100 ms).",
    );
    expect(v.tables?.[0]?.title).toBe("Operations recorded by the profile filter, by namespace, operation and plan");
    expect(v.tables?.[0]?.rows[0]?.slice(0, 5)).toEqual(["agents.tickets", "query", "COLLSCAN", 2, 80]);
    expect(v.findings).toEqual(["mongo-profiler", "mongo-collscan"]);
  });

  it("says nothing was recorded by the filter when system.profile is empty", () => {
    const v = analyzeProfiler({ status: fixtureJson("mongo/profile-status-filter-7.0.json"), entries: [] });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no operation recorded by the profile filter");
    expect(v.detail?.startsWith("Nothing recorded. A profile filter is set")).toBe(true);
  });

  it("is unsupported when the server lacks the profile command", () => {
    const v = analyzeProfiler(
      { error: { code: 59, codeName: "CommandNotFound", message: "no such command: 'profile'" } },
      { product: "FerretDB", version: "1.24.2" },
    );
    expect(v.status).toBe("unsupported");
    expect(v.detail).toBe(
      `FerretDB 1.24.2 does not support the profile command: "no such command: 'profile'" (code 59).`,
    );
    expect(isCommandNotFound({ message: "profile: not implemented yet" })).toBe(true);
  });

  it("is an error on other command failures and malformed documents", () => {
    const denied = analyzeProfiler({
      error: {
        code: 13,
        codeName: "Unauthorized",
        message: "not authorized on agents to execute command { profile: -1 }",
      },
    });
    expect(denied.status).toBe("error");
    expect(denied.detail).toContain("not authorized");
    expect(analyzeProfiler({ status: { was: 1 }, entries: [] }).detail).toBe(
      "profile.slowms: expected a number, got nothing",
    );
    expect(analyzeProfiler({ status: { slowms: 100 }, entries: [] }).status).toBe("error");
    expect(analyzeProfiler({ status: { was: 1, slowms: 100 }, entries: [{ millis: "slow" }] }).detail).toBe(
      "entry [0].millis is not a number",
    );
    expect(analyzeProfiler({ status: { was: 1, slowms: 100 }, entries: ["x"] }).detail).toBe(
      "entry [0] is not a document",
    );
  });
});
