// The remediation allowlist: what is accepted, what is refused and with which words, and the exact command rendered.
import { describe, expect, it } from "vitest";
import { indexFor, parseMemorySize, parseRemediationRequest, type RemediationChange } from "@/lib/remediation/catalog";
import { EVICTION_POLICIES } from "@/lib/remediation/kinds";
import { renderCommand } from "@/lib/remediation/render";

const POLICY_SLOT = { runbook: "low-cache-hit-rate", stepId: "solution-3-1" };
const MAXMEMORY_SLOT = { runbook: "cache-memory-issues", stepId: "solution-1-1" };
const INDEX_SLOT = { runbook: "query-performance-issues", stepId: "solution-1-1" };
const PROFILER_SLOT = { runbook: "query-performance-issues", stepId: "diagnosis-1" };

function change(input: unknown): RemediationChange {
  const parsed = parseRemediationRequest(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.request.change;
}

function refusal(input: unknown): string {
  const parsed = parseRemediationRequest(input);
  if (parsed.ok) throw new Error(`expected a refusal, got ${JSON.stringify(parsed.request.change)}`);
  return parsed.error;
}

const redisConfig = (slot: object, parameter: string, value: string) => ({
  ...slot,
  change: { kind: "redis-config", parameter, value },
});

describe("Redis CONFIG SET allowlist", () => {
  it.each(EVICTION_POLICIES)("accepts maxmemory-policy %s and renders the exact command", (policy) => {
    const c = change(redisConfig(POLICY_SLOT, "maxmemory-policy", policy));
    expect(renderCommand(c)).toBe(`CONFIG SET maxmemory-policy ${policy}`);
  });

  it("refuses a policy that is not one of the eight, naming them", () => {
    expect(refusal(redisConfig(POLICY_SLOT, "maxmemory-policy", "allkeys-lru; FLUSHALL"))).toBe(
      'refused: maxmemory-policy must be one of noeviction, allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl, got "allkeys-lru; FLUSHALL"',
    );
  });

  it.each(["dir", "dbfilename", "requirepass", "masterauth", "save", "appendonly", "bind", "protected-mode"])(
    "refuses CONFIG SET %s without echoing the value",
    (parameter) => {
      const message = refusal(redisConfig(POLICY_SLOT, parameter, "s3cret-value-42"));
      expect(message).toBe(
        `refused: CONFIG SET ${parameter} is refused: only maxmemory-policy and maxmemory can be changed from the dashboard`,
      );
      expect(message).not.toContain("s3cret-value-42");
    },
  );

  it("names no parameter it cannot print safely", () => {
    expect(refusal(redisConfig(POLICY_SLOT, "dir\r\nFLUSHALL", "/tmp"))).toMatch(
      /^refused: CONFIG SET that parameter is refused/,
    );
  });

  it.each([
    ["256mb", "256mb", 256 * 1024 ** 2],
    ["2GB", "2gb", 2 * 1024 ** 3],
    ["1g", "1g", 1e9],
    ["  100000000 ", "100000000", 1e8],
    ["0", "0", 0],
  ])("maxmemory %j is sent as %s (%d bytes)", (input, sent, bytes) => {
    const c = change(redisConfig(MAXMEMORY_SLOT, "maxmemory", input));
    expect(c).toEqual({ kind: "redis-maxmemory", parameter: "maxmemory", value: sent, bytes });
    expect(renderCommand(c)).toBe(`CONFIG SET maxmemory ${sent}`);
  });

  it.each([
    ["2mb", /below the 16 MB floor: .* use 0 for no limit/],
    ["2000gb", /above the 1 TB ceiling/],
    ["2 gb", /must be a size such as 256mb, 2gb or a number of bytes, got "2 gb"/],
    ["-1", /must be a size/],
    ["1.5gb", /must be a size/],
    ["2tb", /must be a size/],
  ])("refuses maxmemory %j", (value, message) => {
    expect(refusal(redisConfig(MAXMEMORY_SLOT, "maxmemory", value))).toMatch(message);
  });

  it("parses Redis's units: k/m/g powers of 1000, kb/mb/gb powers of 1024", () => {
    expect(parseMemorySize("1k")).toEqual({ value: "1k", bytes: 1000 });
    expect(parseMemorySize("1kb")).toEqual({ value: "1kb", bytes: 1024 });
    expect(parseMemorySize("3m")).toEqual({ value: "3m", bytes: 3_000_000 });
  });

  it("keeps each change to the step it is offered at", () => {
    expect(refusal(redisConfig(POLICY_SLOT, "maxmemory", "1gb"))).toBe(
      "refused: low-cache-hit-rate / solution-3-1 offers CONFIG SET maxmemory-policy, not CONFIG SET maxmemory",
    );
    expect(
      refusal(
        redisConfig({ runbook: "low-cache-hit-rate", stepId: "solution-1-1" }, "maxmemory-policy", "allkeys-lru"),
      ),
    ).toBe("refused: no remediation is offered at low-cache-hit-rate / solution-1-1");
  });

  it("refuses unknown kinds and extra fields", () => {
    expect(refusal({ ...POLICY_SLOT, change: { kind: "redis-eval", script: "return 1" } })).toMatch(
      /change.kind must be redis-config, mongo-create-index or mongo-profiling/,
    );
    expect(
      refusal({
        ...POLICY_SLOT,
        change: { kind: "redis-config", parameter: "maxmemory-policy", value: "noeviction", extra: 1 },
      }),
    ).toMatch(/Unrecognized key: "extra"/);
  });
});

describe("MongoDB createIndex: the key is the ESR suggestion for a query", () => {
  const index = (collection: string, filter: string, sort?: string) => ({
    ...INDEX_SLOT,
    change: { kind: "mongo-create-index", collection, filter, ...(sort === undefined ? {} : { sort }) },
  });

  it("orders equality, sort, range and renders mongosh notation", () => {
    const c = change(index("orders", '{total: {$gte: 100}, status: "open"}', '{"createdAt": -1}'));
    expect(c).toMatchObject({
      kind: "mongo-create-index",
      collection: "orders",
      filter: '{"total":{"$gte":100},"status":"open"}',
      key: [
        ["status", 1],
        ["createdAt", -1],
        ["total", 1],
      ],
    });
    expect(renderCommand(c)).toBe('db.orders.createIndex({ "status": 1, "createdAt": -1, "total": 1 })');
  });

  it("places a $regex filter after the sort: Extended JSON makes it a BSONRegExp, which is a range", () => {
    const found = indexFor('{"country": "FR", "name": {"$regex": "^Ad"}}', '{"age": 1}');
    expect("suggestion" in found && found.suggestion.fields.map((f) => [f.field, f.role])).toEqual([
      ["country", "equality"],
      ["age", "sort"],
      ["name", "range"],
    ]);
  });

  it("reads Extended JSON values as equality, not as operators", () => {
    const found = indexFor(
      '{"userId": {"$oid": "65f0c0ffee0000000000beef"}, "at": {"$lt": {"$date": "2024-01-01T00:00:00Z"}}}',
    );
    expect("suggestion" in found && found.suggestion.fields.map((f) => [f.field, f.role])).toEqual([
      ["userId", "equality"],
      ["at", "range"],
    ]);
  });

  it("uses getCollection for names that are not identifiers", () => {
    expect(renderCommand(change(index("audit-log.v2", '{"a": 1}')))).toBe(
      'db.getCollection("audit-log.v2").createIndex({ "a": 1 })',
    );
  });

  it.each([
    [
      "a $where filter",
      index("orders", '{"$where": "this.a > 1"}'),
      /filter: \$where runs JavaScript on the server and is not allowed/,
    ],
    [
      "a sort direction of 2",
      index("orders", '{"a": 1}', '{"b": 2}'),
      /sort: the direction of "b" must be 1 or -1, got "2"/,
    ],
    ["a text sort", index("orders", '{"a": 1}', '{"b": "text"}'), /sort: the direction of "b" must be 1 or -1/],
    [
      "a $-segment field",
      index("orders", '{"a.$b": 1}'),
      /index key: field "a.\$b": a path segment cannot start with \$/,
    ],
    ["an empty segment", index("orders", '{"a..b": 1}'), /field "a..b" has an empty path segment/],
    ["a numeric field", index("orders", '{"2": 1}'), /purely numeric top-level name/],
    ["only $or", index("orders", '{"$or": [{"a": 1}]}'), /nothing in this filter and sort can be indexed/],
    ["a system collection", index("system.users", '{"a": 1}'), /collection "system.users" is not allowed/],
    ["a collection with a space", index("my orders", '{"a": 1}'), /collection "my orders" is not allowed/],
    ["not JSON", index("orders", "status = open"), /filter: not a JSON object/],
  ])("refuses %s", (_, input, message) => {
    expect(refusal(input)).toMatch(message);
  });

  it("takes no free-form options", () => {
    expect(
      refusal({ ...index("orders", '{"a": 1}'), change: { ...index("orders", '{"a": 1}').change, key: { a: 1 } } }),
    ).toMatch(/Unrecognized key: "key"/);
  });
});

describe("MongoDB profiler", () => {
  const profiling = (level: number, slowms?: number) => ({
    ...PROFILER_SLOT,
    change: { kind: "mongo-profiling", level, ...(slowms === undefined ? {} : { slowms }) },
  });

  it("renders level 1 with slowms and level 0", () => {
    expect(renderCommand(change(profiling(1, 100)))).toBe("db.setProfilingLevel(1, { slowms: 100 })");
    expect(renderCommand(change(profiling(0)))).toBe("db.setProfilingLevel(0)");
  });

  it.each([
    [profiling(2), /level 2 is refused: it writes a profile document for every operation/],
    [profiling(-1), /level must be 0 \(off\) or 1 \(slow operations\), got "-1"/],
    [profiling(1), /slowms must be a whole number of milliseconds from 10 to 60,000$/],
    [profiling(1, 5), /from 10 to 60,000, got "5"/],
    [profiling(1, 60_001), /got "60001"/],
    [profiling(1, 99.5), /got "99.5"/],
    [profiling(0, 100), /level 0 \(off\) takes no slowms/],
  ])("refuses %j", (input, message) => {
    expect(refusal(input)).toMatch(message);
  });
});
