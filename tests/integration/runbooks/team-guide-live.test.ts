// A second team's guide, imported beside the first, runs live: its Redis list length is judged by the
// threshold the team declared in front matter (red when the list fills), as the least-privilege rb_diag
// user with read access to the keys the runbooks name; its write commands stay manual.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeStep, StepInputError } from "@/lib/diagnostics/execute-step";
import { allSteps, parseStep } from "@/lib/diagnostics/plan";
import { DEFAULT_WINDOW } from "@/lib/evidence/window";
import { importGuide } from "@/lib/runbooks/import-guide";
import { getLibrary } from "@/lib/runbooks/library";
import { planImport, readExistingLibrary } from "@/lib/runbooks/merge-import";
import { closeMongo } from "@/lib/systems/mongo/client";
import { closeRedis } from "@/lib/systems/redis/client";
import { parseCommand } from "@/lib/systems/parse-command";
import { decideRead } from "@/lib/systems/redis/command-space";
import { aclSetUserArgs, diagnosticsUserReading } from "@/lib/systems/redis/least-privilege";
import { runRedis } from "@/lib/systems/redis/run";
import { isolateConfigEnv } from "../diagnostics/support";
import { type PrivateRedis, startPrivateRedis } from "../security/private-redis";
import { MONGODB_URL, RUN_ID, setEnv } from "../systems/helpers";

const ROOT = path.resolve(__dirname, "../../..");
const TEAM = "tests/fixtures/guides/payments-guide.md";
const THRESHOLD = '  diagnosis-1:\n    value: reply\n    warning: "> 1000"\n    critical: "> 10000"\n    unit: jobs\n';
// The ledger's count of old pending orders (a MongoDB countDocuments), judged the same way.
const ORDERS_THRESHOLD = '  diagnosis-3:\n    value: reply\n    warning: "> 2"\n    critical: "> 100"\n    unit: orders\n';
const ORDERS_DB = `rbteam_${RUN_ID}`;

let redis: PrivateRedis;
let env: { restore: () => void };
const cwd = process.cwd();

/** The keys every Redis step of the library names (GET's key, any other read's key arguments). */
function keysNamedByRunbooks(): string[] {
  const keys: string[] = [];
  for (const runbook of getLibrary().runbooks) {
    for (const { step, context } of allSteps(runbook)) {
      const parsed = parseStep(step, context);
      if (parsed.type !== "operation" || parsed.operation.kind !== "redis") continue;
      const { command, args } = parsed.operation;
      if (command === "GET" && args[0]) keys.push(args[0]);
      if (command === "READ") {
        const decision = decideRead(args);
        if (decision.ok) keys.push(...decision.keys);
      }
    }
  }
  return keys;
}

beforeAll(async () => {
  env = isolateConfigEnv();
  // A clean project: the committed runbooks plus the team's guide, imported the way the CLI does.
  const project = mkdtempSync(path.join(tmpdir(), "team-guide-"));
  const dir = path.join(project, "runbooks");
  mkdirSync(dir);
  cpSync(path.join(ROOT, "runbooks"), dir, { recursive: true });
  const existing = readExistingLibrary(dir);
  const plan = planImport(TEAM, importGuide(readFileSync(path.join(ROOT, TEAM), "utf8")), existing, existing.texts);
  expect(plan.conflicts).toEqual([]);
  for (const [name, text] of plan.writes) writeFileSync(path.join(dir, name), text);
  // The team's declared check, as they would write it by hand after the import.
  const file = path.join(dir, "payment-queue-backlog.md");
  writeFileSync(file, readFileSync(file, "utf8").replace("  diagnosis-1: redis-reply\n", THRESHOLD));
  const ledger = path.join(dir, "ledger-lock-contention.md");
  const ledgerText = readFileSync(ledger, "utf8");
  expect(ledgerText).toContain("  diagnosis-3: mongo-reply\n");
  writeFileSync(ledger, ledgerText.replace("  diagnosis-3: mongo-reply\n", ORDERS_THRESHOLD));
  process.chdir(project);

  redis = await startPrivateRedis();
  const user = diagnosticsUserReading(keysNamedByRunbooks());
  const password = randomBytes(18).toString("base64url");
  await redis.admin.call("ACL", ...aclSetUserArgs(user, password));
  await redis.admin.set("session:secret", "do-not-read");
  setEnv({ REDIS_URL: redis.urlFor(user.name, password) });
});

afterAll(async () => {
  process.chdir(cwd);
  await closeRedis();
  await closeMongo();
  await redis?.stop();
  env?.restore();
});

describe("the payments team's guide, imported beside the original", () => {
  it("loads both guides' runbooks, with the declared threshold", () => {
    const library = getLibrary();
    expect(library.runbooks.filter((r) => r.kind === "issue")).toHaveLength(10);
    const backlog = library.runbooks.find((r) => r.slug === "payment-queue-backlog");
    expect(backlog?.guide).toEqual({ file: TEAM, section: "Payment Processing" });
    expect(backlog?.checks["diagnosis-1"]).toBe("redis-reply");
    expect(backlog?.thresholds["diagnosis-1"]?.warning).toEqual({ op: ">", limit: 1000 });
  });

  it("judges the queue length by the team's threshold: ok, then warning, then critical as the list fills", async () => {
    const run = () => executeStep({ runbook: "payment-queue-backlog", stepId: "diagnosis-1", params: {} });
    await redis.admin.del("queue:payments");
    const empty = await run();
    expect(empty.cli).toBe("redis-cli llen queue:payments");
    expect(empty.verdict).toMatchObject({ status: "ok", headline: "0 jobs", headlineValue: 0 });
    expect(empty.verdict.threshold?.source).toBe("declared in payment-queue-backlog.md");

    await redis.admin.rpush("queue:payments", ...Array.from({ length: 1500 }, (_, i) => `job-${i}`));
    expect((await run()).verdict).toMatchObject({ status: "warning", headline: "1500 jobs" });

    for (let batch = 0; batch < 10; batch++) {
      await redis.admin.rpush("queue:payments", ...Array.from({ length: 1000 }, (_, i) => `more-${batch}-${i}`));
    }
    const full = await run();
    expect(full.verdict).toMatchObject({ status: "critical", headline: "11500 jobs", headlineValue: 11500 });
    expect(full.raw).toBe("11500");
  });

  it("runs every Redis step of both guides as rb_diag without a permission error", async () => {
    for (const runbook of getLibrary().runbooks) {
      for (const { step, context } of allSteps(runbook)) {
        const parsed = parseStep(step, context);
        if (parsed.type !== "operation" || parsed.operation.kind !== "redis") continue;
        const params = Object.fromEntries(parsed.params.map((p) => [p.name, p.defaultValue ?? "42"]));
        const result = await executeStep({ runbook: runbook.slug, stepId: step.id, params });
        const where = `${runbook.slug}/${step.id} (${result.cli})`;
        expect(result.verdict.status, `${where}: ${result.verdict.detail ?? ""}`).not.toBe("error");
        expect(result.raw, where).not.toMatch(/NOPERM|no permissions/i);
      }
    }
    const log = (await redis.admin.call("ACL", "LOG")) as unknown[];
    expect(log.map((e) => JSON.stringify(e)).filter((e) => !/client\|setinfo/i.test(e))).toEqual([]);
  });

  it("lets Redis refuse rb_diag every write, blocking read, KEYS and any key the runbooks do not name", async () => {
    const dry = async (...command: string[]) => String(await redis.admin.call("ACL", "DRYRUN", "rb_diag", ...command));
    expect(await dry("LLEN", "queue:payments")).toBe("OK");
    expect(await dry("SCAN", "0", "COUNT", "100")).toBe("OK");
    expect(await dry("CLIENT", "LIST")).toBe("OK");
    for (const command of [
      ["DEL", "queue:payments"],
      ["RPUSH", "queue:payments", "x"],
      ["BLPOP", "queue:payments", "1"],
      ["KEYS", "*"],
      ["LLEN", "session:secret"],
      ["GET", "session:secret"],
    ]) {
      expect(await dry(...command), command.join(" ")).toMatch(/no permissions/i);
    }
  });

  it("counts the ledger's old pending orders on MongoDB, judged by the team's declared threshold", async () => {
    const fixture = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 3000 });
    try {
      await fixture
        .db(ORDERS_DB)
        .collection("orders")
        .insertMany([
          { status: "pending", created_at: new Date("2023-10-01T00:00:00Z") },
          { status: "pending", created_at: new Date("2023-11-01T00:00:00Z") },
          { status: "paid", created_at: new Date("2023-11-02T00:00:00Z") },
          { status: "pending", created_at: new Date("2024-02-01T00:00:00Z") },
        ]);
      setEnv({ MONGODB_URL, MONGODB_DATABASE: ORDERS_DB });
      const run = () => executeStep({ runbook: "ledger-lock-contention", stepId: "diagnosis-3", params: {} });
      const two = await run();
      expect(two.cli).toBe(
        `mongosh --eval 'db.orders.countDocuments(EJSON.deserialize({"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}))'`,
      );
      expect(two.verdict).toMatchObject({ status: "ok", headline: "2 orders", headlineValue: 2 });
      expect(two.verdict.threshold?.source).toBe("declared in ledger-lock-contention.md");
      await fixture
        .db(ORDERS_DB)
        .collection("orders")
        .insertOne({ status: "pending", created_at: new Date("2023-12-31T23:59:59Z") });
      expect((await run()).verdict).toMatchObject({ status: "warning", headline: "3 orders", headlineValue: 3 });
    } finally {
      await fixture.db(ORDERS_DB).dropDatabase();
      await fixture.close();
    }
  });

  it("runs the workers' health against the HTTP target configured under that host's name, and says which to add", async () => {
    const run = () => executeStep({ runbook: "payment-queue-backlog", stepId: "diagnosis-2", params: {} });
    const missing = await run();
    expect(missing.verdict.status).toBe("not-configured");
    expect(`${missing.verdict.headline} ${missing.verdict.detail ?? ""}`).toContain(
      "add workers.internal=http://host:port",
    );
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      setEnv({ EXTERNAL_SERVICES: `workers.internal=http://127.0.0.1:${port}` });
      const healthy = await run();
      expect(healthy.cli).toBe('curl -s "$WORKERS_INTERNAL_URL/health"');
      expect(healthy.verdict.status, healthy.verdict.detail).toBe("ok");
    } finally {
      setEnv({ EXTERNAL_SERVICES: undefined });
      server.close();
    }
  });

  it("runs redis-cli -h cache-2 against the REDIS_TARGETS entry named cache-2, and says which to add", async () => {
    const parsed = parseCommand('redis-cli -h cache-2 -p 6380 llen "queue:payments"', "bash");
    expect(parsed).toMatchObject({ type: "operation", cli: "redis-cli -h cache-2 -p 6380 llen queue:payments" });
    if (parsed.type !== "operation" || parsed.operation.kind !== "redis") return;
    const operation = parsed.operation;
    await expect(runRedis(operation, "redis-reply", { window: DEFAULT_WINDOW })).rejects.toMatchObject({
      kind: "not-configured",
      message: expect.stringContaining("add cache-2=redis://host:port"),
    });
    const url = process.env.REDIS_URL ?? "";
    try {
      // By name; REDIS_URL itself is unset, so nothing but the named entry can answer.
      setEnv({ REDIS_TARGETS: `cache-2=${url}`, REDIS_URL: undefined });
      await redis.admin.del("queue:payments");
      await redis.admin.rpush("queue:payments", "a", "b", "c");
      const read = await runRedis(operation, "redis-reply", { window: DEFAULT_WINDOW });
      expect(read.verdict).toMatchObject({ status: "shown", headlineValue: 3 });
    } finally {
      setEnv({ REDIS_TARGETS: undefined, REDIS_URL: url });
    }
  });

  it("keeps the team's write commands manual, with the reason", async () => {
    const backlog = getLibrary().runbooks.find((r) => r.slug === "payment-queue-backlog");
    const del = backlog?.solutions[0]?.steps[0];
    expect(del?.code).toBe('redis-cli DEL "queue:payments:dead"');
    const parsed = del ? parseStep(del, "solution") : undefined;
    expect(parsed).toMatchObject({ type: "manual", reason: expect.stringMatching(/DEL changes data \(Redis flags it write\)/) });
    await expect(executeStep({ runbook: "payment-queue-backlog", stepId: "solution-1-1", params: {} })).rejects.toThrow(
      StepInputError,
    );
  });
});
