// The payments team's guide (a second guide, tests/fixtures/guides/): each fenced block is read by its
// language, its reads become live steps, and its writes — in all three languages — stay manual with the reason.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importGuide } from "@/lib/runbooks/import-guide";
import { parseStepCode } from "@/lib/systems/parse-command";
import { checksThatFit } from "@/lib/systems/step-checks";

const guide = importGuide(
  readFileSync(path.resolve(__dirname, "../../fixtures/guides/payments-guide.md"), "utf8"),
);

/** The command lines of a block, without its comment title (-- or // or #). */
function command(block: { lang: string; code: string }): string {
  return block.code
    .split("\n")
    .filter((line) => !/^\s*(#|--|\/\/)/.test(line))
    .join("\n");
}

describe("the payments team's guide", () => {
  const [backlog, locks] = guide.runbooks;

  it("imports two issues in two categories of its own", () => {
    expect(guide.categories.map((c) => c.id)).toEqual(["payment-processing", "ledger-storage"]);
    expect(guide.runbooks.map((r) => [r.slug, r.section])).toEqual([
      ["payment-queue-backlog", "Payment Processing"],
      ["ledger-lock-contention", "Ledger Storage"],
    ]);
  });

  it("runs its reads live: a Redis list length, a named HTTP target, a SQL read, a db.* line of a javascript block", () => {
    const parsed = [...(backlog?.diagnosis ?? []), ...(locks?.diagnosis ?? [])].map((block) =>
      parseStepCode(command(block), block.lang, "diagnosis"),
    );
    expect(parsed[0]).toMatchObject({ type: "operation", operation: { kind: "redis", command: "READ" } });
    expect(parsed[1]).toMatchObject({
      type: "operation",
      operation: { kind: "http", target: { kind: "external", name: "workers.internal", port: "8080" } },
    });
    expect(parsed[2]).toMatchObject({ type: "operation", operation: { kind: "postgres", query: "statement" } });
    // The javascript block's db.* line: ISODate() read by the shell-syntax parser, run as find(…).explain().
    expect(parsed[3]).toMatchObject({
      type: "operation",
      operation: { kind: "mongo", op: "explain", collection: "{collection}", filter: "{filter}" },
      params: [
        { name: "collection", defaultValue: "orders" },
        { name: "filter", defaultValue: '{"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}' },
      ],
    });
  });

  it("counts the old pending orders live, shown with the count as the value a team can declare a threshold on", () => {
    const block = locks?.diagnosis[2];
    expect(block?.lang).toBe("javascript");
    expect(parseStepCode(block?.code ?? "", block?.lang ?? "", "diagnosis")).toMatchObject({
      type: "operation",
      operation: { kind: "mongo", op: "count", count: "documents", collection: "{collection}", filter: "{filter}" },
      params: [
        { name: "collection", defaultValue: "orders" },
        { name: "filter", defaultValue: '{"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}' },
      ],
    });
    expect(checksThatFit(block?.code ?? "", block?.lang ?? "", "diagnosis")).toEqual(["mongo-reply"]);
  });

  it("runs the javascript block as the guide has it, with its comment line", () => {
    const block = locks?.diagnosis[1];
    expect(block?.lang).toBe("javascript");
    expect(parseStepCode(block?.code ?? "", block?.lang ?? "", "diagnosis")).toMatchObject({
      type: "operation",
      operation: { kind: "mongo", op: "explain" },
    });
  });

  it("keeps every write manual, with the reason, in all three languages", () => {
    const solutions = [...(backlog?.solutions ?? []), ...(locks?.solutions ?? [])].flatMap((s) => s.blocks);
    const reasons = solutions.map((block) => {
      const parsed = parseStepCode(command(block), block.lang, "solution");
      return parsed.type === "manual" ? parsed.reason : parsed.type;
    });
    expect(reasons).toEqual([
      "DEL changes data (Redis flags it write) — not a read-only diagnostic",
      '"kubectl" is not a diagnostic command this dashboard runs live',
      "pg_terminate_backend() terminates another session; it stays a manual step",
      expect.stringMatching(/^deleteMany\(\) changes data or server state/),
    ]);
  });

  it("refuses SQL with two statements, FOR UPDATE, or an UPDATE", () => {
    for (const [sql, reason] of [
      ["SELECT 1; SELECT pg_terminate_backend(42)", /2 statements/],
      ["SELECT * FROM ledger FOR UPDATE", /FOR UPDATE/],
      ["UPDATE ledger SET state = 'settled'", /UPDATE writes rows/],
    ] as const) {
      expect(parseStepCode(sql, "sql", "diagnosis")).toMatchObject({ type: "manual", reason: expect.stringMatching(reason) });
    }
  });
});
