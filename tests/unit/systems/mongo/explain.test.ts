import { describe, expect, it } from "vitest";
import { analyzeExplain, walkPlan } from "../../../../lib/systems/mongo/check-explain";
import { fixtureJson } from "../fixtures";

const fig = (v: { figures: { label: string; value: unknown }[] }, label: string) =>
  v.figures.find((f) => f.label === label)?.value;
const explain = (name: string) => fixtureJson(`mongo/${name}.json`) as Record<string, unknown>;

describe("analyzeExplain on MongoDB 7 plans", () => {
  it("COLLSCAN examining 20 000 docs for 3 is critical (query targeting 1000:1)", () => {
    const v = analyzeExplain(explain("explain-collscan"));
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("COLLSCAN: 20 000 docs examined for 3 returned");
    expect(v.headlineValue).toBeCloseTo(20000 / 3, 9);
    expect(fig(v, "returned")).toBe(3);
    expect(fig(v, "docs examined")).toBe(20000);
    expect(fig(v, "keys examined")).toBe(0);
    expect(fig(v, "execution time")).toBe(18);
    expect(fig(v, "index used")).toBeNull();
    expect(fig(v, "namespace")).toBe("agents.conversations");
    expect(v.detail).toContain("No index available for this query");
    expect(v.findings).toEqual(["mongo-collscan"]);
    expect(v.tables?.[0]?.rows).toEqual([["COLLSCAN", null, 3, 20000, null, 15]]);
  });

  it("IXSCAN + FETCH examining what it returns is ok", () => {
    const v = analyzeExplain(explain("explain-ixscan-fetch"));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("index userId_1_status_1: 3 docs examined for 3 returned");
    expect(v.headlineValue).toBe(1);
    expect(fig(v, "plan")).toBe("IXSCAN → FETCH");
    expect(fig(v, "covered")).toBe("no");
    expect(v.tables?.[0]?.rows).toEqual([
      ["FETCH", null, 3, 3, null, 0],
      ["  IXSCAN", "userId_1_status_1", 3, null, 3, 0],
    ]);
  });

  it("recognises a covered query (no FETCH, no document examined)", () => {
    const v = analyzeExplain(explain("explain-covered"));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("covered by email_1: 1 keys examined for 1 returned");
    expect(fig(v, "covered")).toBe("yes");
    expect(v.detail).toContain("Covered query");
  });

  it("flags an in-memory SORT and 270 docs examined per returned", () => {
    const v = analyzeExplain(explain("explain-in-memory-sort"));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("index status_1: 5400 docs examined for 20 returned, in-memory SORT");
    expect(v.headlineValue).toBe(270);
    expect(fig(v, "in-memory sort")).toBe("yes");
    expect(fig(v, "plan")).toBe("IXSCAN → FETCH → SORT");
    expect(v.findings).toEqual(["mongo-collscan"]);
  });

  it("reads SBE plans from winningPlan.queryPlan", () => {
    const v = analyzeExplain(explain("explain-sbe-group"));
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("COLLSCAN: 150 000 docs examined for 12 returned");
    expect(fig(v, "plan")).toBe("COLLSCAN → GROUP");
    expect(v.tables?.[0]?.title).toBe("Plan stages (query plan)");
  });

  it("reads aggregate explains through stages[0].$cursor", () => {
    const find = explain("explain-ixscan-fetch");
    const aggregate = {
      explainVersion: "1",
      stages: [
        { $cursor: { queryPlanner: find.queryPlanner, executionStats: find.executionStats } },
        { $group: { _id: "$status", n: { $sum: 1 } }, nReturned: 1 },
      ],
      ok: 1,
    };
    expect(analyzeExplain(aggregate).headline).toBe("index userId_1_status_1: 3 docs examined for 3 returned");
  });

  it("walks sharded plans", () => {
    const sharded = {
      queryPlanner: {
        winningPlan: {
          stage: "SHARD_MERGE",
          shards: [
            { shardName: "rs0", winningPlan: { stage: "SHARDING_FILTER", inputStage: { stage: "COLLSCAN" } } },
            { shardName: "rs1", winningPlan: { stage: "FETCH", inputStage: { stage: "IXSCAN", indexName: "a_1" } } },
          ],
        },
      },
      executionStats: {
        executionSuccess: true,
        nReturned: 2,
        executionTimeMillis: 9,
        totalKeysExamined: 1,
        totalDocsExamined: 900,
      },
    };
    const stages = walkPlan(sharded.queryPlanner.winningPlan).map((s) => `${s.parent ?? "-"}>${s.stage}`);
    expect(stages).toEqual([
      "->SHARD_MERGE",
      "SHARD_MERGE>SHARDING_FILTER",
      "SHARDING_FILTER>COLLSCAN",
      "SHARD_MERGE>FETCH",
      "FETCH>IXSCAN",
    ]);
    const v = analyzeExplain(sharded);
    expect(v.headline).toBe("COLLSCAN: 900 docs examined for 2 returned");
    expect(v.status).toBe("warning");
    expect(fig(v, "index used")).toBe("a_1");
  });
});

describe("analyzeExplain edge cases", () => {
  it("treats a small COLLSCAN as ok but says why", () => {
    const small = explain("explain-collscan");
    const es = small.executionStats as Record<string, unknown>;
    const v = analyzeExplain({ ...small, executionStats: { ...es, totalDocsExamined: 50, nReturned: 0 } });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("COLLSCAN: 50 docs examined for 0 returned");
    expect(v.headlineValue).toBe(50);
    expect(v.detail).toContain("cheap at 50 documents");
  });

  it("warns on a large COLLSCAN even when it returns most documents", () => {
    const big = explain("explain-collscan");
    const es = big.executionStats as Record<string, unknown>;
    const v = analyzeExplain({ ...big, executionStats: { ...es, totalDocsExamined: 5000, nReturned: 4000 } });
    expect(v.status).toBe("warning");
  });

  it("warns when a SORT spilled to disk", () => {
    const v = analyzeExplain({
      queryPlanner: { winningPlan: { stage: "SORT", inputStage: { stage: "IXSCAN", indexName: "a_1" } } },
      executionStats: {
        executionSuccess: true,
        nReturned: 100,
        totalDocsExamined: 100,
        totalKeysExamined: 100,
        executionTimeMillis: 900,
        executionStages: {
          stage: "SORT",
          usedDisk: true,
          inputStage: { stage: "FETCH", inputStage: { stage: "IXSCAN", indexName: "a_1" } },
        },
      },
    });
    expect(v.status).toBe("warning");
    expect(v.detail).toContain("spilled to disk");
  });

  it("reports an EOF plan (collection missing)", () => {
    const v = analyzeExplain({
      queryPlanner: { namespace: "agents.nope", winningPlan: { stage: "EOF" } },
      executionStats: {
        executionSuccess: true,
        nReturned: 0,
        executionTimeMillis: 0,
        totalKeysExamined: 0,
        totalDocsExamined: 0,
        executionStages: { stage: "EOF", nReturned: 0 },
      },
    });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("EOF: 0 docs examined for 0 returned");
    expect(v.detail).toContain("does not exist");
  });

  it("judges a plan without executionStats by its stages only", () => {
    const v = analyzeExplain({ queryPlanner: explain("explain-collscan").queryPlanner });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("COLLSCAN (no execution statistics)");
    expect(v.headlineValue).toBeNull();
  });

  it("is unsupported on FerretDB's SQL plan, naming the plan and pushdown flags", () => {
    const v = analyzeExplain(explain("explain-ferretdb"));
    expect(v.status).toBe("unsupported");
    expect(v.headline).toBe("explain has no executionStats on this server");
    expect(v.detail).toBe(
      "FerretDB v1.24.2 answers explain with its backend's plan (Seq Scan on conversations_5b1c9a3e, filter pushdown: yes, sort pushdown: no, limit pushdown: no) and no executionStats, so documents examined and index use cannot be judged.",
    );
    expect(fig(v, "total cost")).toBe(1184.5);
    const named = analyzeExplain(explain("explain-ferretdb"), { product: "FerretDB", version: "1.24.2" });
    expect(named.detail?.startsWith("FerretDB 1.24.2 answers")).toBe(true);
  });

  it("reads the SQLite backend's EXPLAIN QUERY PLAN rows (captured from FerretDB 1.24.2)", () => {
    const v = analyzeExplain(explain("explain-ferretdb-sqlite"), { product: "FerretDB", version: "v1.24.2" });
    expect(v.status).toBe("unsupported");
    expect(v.detail).toContain("SCAN on events_12d8e384");
    expect(v.detail).toContain("filter pushdown: no");
  });

  it("is an error when the query failed or the output is not an explain", () => {
    const failed = analyzeExplain({
      queryPlanner: { winningPlan: { stage: "COLLSCAN" } },
      executionStats: {
        executionSuccess: false,
        errorMessage: "Executor error during find command :: caused by :: Sort exceeded memory limit",
      },
    });
    expect(failed.status).toBe("error");
    expect(failed.detail).toContain("Sort exceeded memory limit");
    expect(analyzeExplain([]).status).toBe("error");
    const odd = analyzeExplain({ ok: 1, cursor: {} });
    expect(odd.status).toBe("error");
    expect(odd.detail).toBe(
      "explain output has neither queryPlanner.winningPlan nor executionStats; it has: ok, cursor.",
    );
  });
});
