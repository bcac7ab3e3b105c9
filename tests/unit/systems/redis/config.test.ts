import { describe, expect, it } from "vitest";
import {
  analyzeRedisConfig,
  isSecretConfigName,
  parseConfigGetReply,
  REDACTED,
  redactConfig,
} from "../../../../lib/systems/redis/check-config";

describe("redactConfig", () => {
  it("masks passwords and secrets but keeps user names and paths", () => {
    const entries = redactConfig([
      { name: "requirepass", value: "hunter2" },
      { name: "masterauth", value: "s3cret" },
      { name: "masteruser", value: "replica" },
      { name: "tls-key-file-pass", value: "x" },
      { name: "tls-client-key-file-pass", value: "y" },
      { name: "tls-key-file", value: "/tls/redis.key" },
      { name: "my-api-token", value: "t" },
      { name: "client-secret", value: "c" },
      { name: "maxmemory", value: "0" },
    ]);
    expect(entries.map((e) => e.value)).toEqual([
      REDACTED,
      REDACTED,
      "replica",
      REDACTED,
      REDACTED,
      "/tls/redis.key",
      REDACTED,
      REDACTED,
      "0",
    ]);
    expect(REDACTED).toBe("••••••");
  });

  it("leaves an empty password empty (no password set)", () => {
    expect(redactConfig([{ name: "requirepass", value: "" }])[0]?.value).toBe("");
  });

  it("knows the secret names", () => {
    expect(isSecretConfigName("MASTERAUTH")).toBe(true);
    expect(isSecretConfigName("masteruser")).toBe(false);
  });
});

describe("parseConfigGetReply", () => {
  it("reads RESP2 flat arrays and RESP3 maps", () => {
    expect(parseConfigGetReply(["maxmemory", "0", "maxmemory-policy", "noeviction"])).toEqual([
      { name: "maxmemory", value: "0" },
      { name: "maxmemory-policy", value: "noeviction" },
    ]);
    expect(parseConfigGetReply({ maxmemory: "2147483648" })).toEqual([{ name: "maxmemory", value: "2147483648" }]);
  });

  it("names what is wrong with a malformed reply", () => {
    expect(parseConfigGetReply(["maxmemory"])).toBe("expected name/value pairs, got an odd number of items (1)");
    expect(parseConfigGetReply([1, "x"])).toBe("item 0 should be a parameter name, got 1");
    expect(parseConfigGetReply("OK")).toBe('expected an array of name/value pairs, got "OK"');
  });
});

describe("analyzeRedisConfig", () => {
  it("warns when maxmemory is 0 (no limit)", () => {
    const v = analyzeRedisConfig(["maxmemory", "0"]);
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("maxmemory 0 (no limit)");
    expect(v.headlineValue).toBe(0);
    expect(v.figures).toEqual([{ label: "maxmemory", value: 0, unit: "B" }]);
    expect(v.findings).toEqual(["redis-memory"]);
  });

  it("is ok with a limit and formats it", () => {
    const v = analyzeRedisConfig(["maxmemory", "2147483648"]);
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("maxmemory 2 GB");
    expect(v.headlineUnit).toBe("B");
  });

  it("lists several parameters with secrets masked", () => {
    const v = analyzeRedisConfig([
      "requirepass",
      "hunter2",
      "maxmemory-policy",
      "noeviction",
      "maxmemory",
      "1073741824",
    ]);
    expect(v.headline).toBe("3 parameters");
    expect(JSON.stringify(v)).not.toContain("hunter2");
    expect(v.tables?.[0]?.rows).toEqual([
      ["requirepass", REDACTED],
      ["maxmemory-policy", "noeviction"],
      ["maxmemory", "1 GB"],
    ]);
    expect(v.detail).toContain("noeviction");
    expect(v.detail).toContain("masked");
  });

  it("is ok with no matching parameter and an error on a malformed reply", () => {
    expect(analyzeRedisConfig([]).headline).toBe("no matching parameter");
    const bad = analyzeRedisConfig(["maxmemory"]);
    expect(bad.status).toBe("error");
    expect(bad.detail).toContain("odd number");
  });
});
