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

describe("analyzeExplain on real-server shapes through mongos and with spills", () => {
  it("reads a 7.0 find through mongos from each shard's SBE queryPlan, not the slot-based stage names", () => {
    const v = analyzeExplain(explain("explain-find-mongos-sbe-7.0"));
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("COLLSCAN: 240 000 docs examined for 4 returned");
    expect(v.findings).toEqual(["mongo-collscan"]);
    expect(fig(v, "plan")).toBe("rsA: COLLSCAN → SHARDING_FILTER; rsB: COLLSCAN → SHARDING_FILTER");
    expect(fig(v, "shards")).toBe(2);
    expect(fig(v, "merge")).toBe("SHARD_MERGE");
    expect(fig(v, "namespace")).toBe("agents.tickets");
    expect(fig(v, "spilled to disk")).toBe("no");
    expect(v.detail).toContain("Read through mongos: 2 shards (SHARD_MERGE).");
    expect(v.tables?.[0]?.title).toBe("Plan stages per shard (query plan)");
    expect(v.tables?.[0]?.columns[0]).toBe("shard");
    expect(v.tables?.[0]?.rows.map((r) => [r[0], r[1]])).toEqual([
      ["rsA", "SHARDING_FILTER"],
      ["rsA", "  COLLSCAN"],
      ["rsB", "SHARDING_FILTER"],
      ["rsB", "  COLLSCAN"],
    ]);
  });

  it("reads a classic per-shard plan from the shard's executionStages when there is no queryPlan", () => {
    const sbe = explain("explain-find-mongos-sbe-7.0");
    const classicShard = (name: string, docs: number) => ({
      shardName: name,
      executionSuccess: true,
      executionStages: {
        stage: "SHARDING_FILTER",
        nReturned: 2,
        inputStage: { stage: "FETCH", docsExamined: docs, inputStage: { stage: "IXSCAN", indexName: "status_1" } },
      },
    });
    const qp = sbe.queryPlanner as { winningPlan: { shards: Record<string, unknown>[] } };
    const classic = {
      ...sbe,
      queryPlanner: {
        ...qp,
        winningPlan: {
          stage: "SHARD_MERGE",
          shards: qp.winningPlan.shards.map((s) => ({ ...s, winningPlan: { stage: "SHARDING_FILTER" } })),
        },
      },
      executionStats: {
        nReturned: 4,
        executionTimeMillis: 3,
        totalKeysExamined: 4,
        totalDocsExamined: 4,
        executionStages: { stage: "SHARD_MERGE", shards: [classicShard("rsA", 2), classicShard("rsB", 2)] },
      },
    };
    const v = analyzeExplain(classic);
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("index status_1: 4 docs examined for 4 returned");
    expect(fig(v, "plan")).toBe("rsA: IXSCAN → FETCH → SHARDING_FILTER; rsB: IXSCAN → FETCH → SHARDING_FILTER");
  });

  it("reads a 7.0 aggregate through mongos (shards map, splitPipeline) and finds the SBE $group spill", () => {
    const v = analyzeExplain(explain("explain-aggregate-mongos-sbe-group-spill-7.0"));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("COLLSCAN: 2 900 000 docs examined for 810 000 returned, spilled to disk");
    expect(fig(v, "execution time")).toBe(4210);
    expect(fig(v, "merge")).toBe("merged on mongos");
    expect(fig(v, "spilled to disk")).toBe("group (rsA, 3 spills, 46 MB)");
    expect(fig(v, "plan")).toBe("rsA: COLLSCAN → SHARDING_FILTER → GROUP; rsB: COLLSCAN → SHARDING_FILTER → GROUP");
    expect(v.detail).toBe(
      "No index available for this query: the whole collection is scanned. " +
        "group (rsA, 3 spills, 46 MB) spilled to disk: the stage outgrew its memory limit and wrote temporary files. " +
        "Read through mongos: 2 shards (merged on mongos).",
    );
    expect(v.findings).toEqual(["mongo-collscan", "mongo-slow-ops"]);
    expect(v.tables?.[1]).toEqual({
      title: "Stages that spilled to disk",
      columns: ["shard", "stage", "spills", "bytes spilled"],
      rows: [["rsA", "group", 3, 48234495]],
    });
  });

  it("reads a 7.x aggregate through mongos on an unsharded collection, whose cursor stage is $geoNearCursor", () => {
    const v = analyzeExplain(explain("explain-aggregate-mongos-unsharded-geonear-7.0"));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("index location_2dsphere: 48 docs examined for 20 returned");
    expect(fig(v, "shards")).toBe(1);
    expect(fig(v, "merge")).toBeUndefined();
    expect(fig(v, "namespace")).toBe("agents.places");
    expect(v.detail).toBe("The query is well targeted. Read through mongos: 1 shard.");
  });

  it("reads a mongod aggregate whose cursor stage is $geoNearCursor", () => {
    const viaMongos = explain("explain-aggregate-mongos-unsharded-geonear-7.0");
    const { host: _, ...mongod } = (viaMongos.shards as Record<string, Record<string, unknown>>).rsA ?? {};
    const v = analyzeExplain({ explainVersion: "1", ...mongod, ok: 1 });
    expect(v.headline).toBe("index location_2dsphere: 48 docs examined for 20 returned");
    expect(fig(v, "shards")).toBeUndefined();
  });

  it("finds spills of a standalone SBE group and of a classic pipeline $group", () => {
    const sbe = explain("explain-sbe-group");
    const spilled = JSON.parse(
      JSON.stringify(sbe).replace('"usedDisk":false,"spills":0', '"usedDisk":true,"spills":2'),
    );
    const v = analyzeExplain(spilled);
    expect(fig(v, "spilled to disk")).toBe("group (2 spills)");
    expect(v.detail).toContain("group (2 spills) spilled to disk");

    const find = explain("explain-ixscan-fetch");
    const classic = analyzeExplain({
      explainVersion: "1",
      stages: [
        { $cursor: { queryPlanner: find.queryPlanner, executionStats: find.executionStats } },
        {
          $group: { _id: "$status", n: { $sum: { $const: 1 } } },
          maxAccumulatorMemoryUsageBytes: { n: 80 },
          totalOutputDataSizeBytes: 237,
          usedDisk: true,
          spills: 5,
          spilledDataStorageSize: 1048576,
          nReturned: 1,
        },
      ],
      ok: 1,
    });
    expect(classic.status).toBe("warning");
    expect(fig(classic, "spilled to disk")).toBe("$group (5 spills, 1 MB)");
    expect(classic.findings).toEqual(["mongo-slow-ops"]);
  });

  it("reads an SBE sort spill from executionStages as a SORT that spilled", () => {
    const v = analyzeExplain({
      explainVersion: "2",
      queryPlanner: {
        namespace: "agents.messages",
        winningPlan: { queryPlan: { stage: "SORT", inputStage: { stage: "IXSCAN", indexName: "agentId_1" } } },
      },
      executionStats: {
        executionSuccess: true,
        nReturned: 500,
        totalDocsExamined: 500,
        totalKeysExamined: 500,
        executionTimeMillis: 1400,
        executionStages: {
          stage: "sort",
          usedDisk: true,
          spills: 4,
          inputStage: { stage: "nlj", innerStage: { stage: "seek" }, outerStage: { stage: "ixseek" } },
        },
      },
    });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("index agentId_1: 500 docs examined for 500 returned, in-memory SORT, spilled to disk");
    expect(v.detail).toContain("The SORT spilled to disk: no index provides the sort order.");
    expect(v.findings).toEqual(["mongo-collscan"]);
  });

  it("is an error when one shard's execution failed", () => {
    const failing = explain("explain-find-mongos-sbe-7.0");
    const text = JSON.stringify(failing).replace(
      '"shardName":"rsB","executionSuccess":true',
      '"shardName":"rsB","executionSuccess":false,"errorMessage":"Executor error: operation exceeded time limit"',
    );
    const v = analyzeExplain(JSON.parse(text));
    expect(v.status).toBe("error");
    expect(v.detail).toContain("operation exceeded time limit");
  });
});
