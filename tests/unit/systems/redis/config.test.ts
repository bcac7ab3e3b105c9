import { describe, expect, it } from "vitest";
import { MASK } from "../../../../lib/server/redact";
import { analyzeRedisConfig } from "../../../../lib/systems/redis/check-config";
import { type ConfigEntry, readConfigGetReply } from "../../../../lib/systems/redis/read";
import { readOk } from "../fixtures";

/** Typed fixtures: the one CONFIG GET reader run over a RESP2 reply, as the client does. */
const entries = (...reply: string[]): ConfigEntry[] => readOk(readConfigGetReply(reply));

describe("readConfigGetReply", () => {
  it("reads RESP2 flat arrays and RESP3 maps", () => {
    expect(readConfigGetReply(["maxmemory", "0", "maxmemory-policy", "noeviction"])).toEqual({
      ok: true,
      value: [
        { name: "maxmemory", value: "0" },
        { name: "maxmemory-policy", value: "noeviction" },
      ],
    });
    expect(readConfigGetReply({ maxmemory: "2147483648" })).toEqual({
      ok: true,
      value: [{ name: "maxmemory", value: "2147483648" }],
    });
  });

  it("masks passwords and secrets as it reads, with lib/redact's MASK, but keeps user names and paths", () => {
    const read = entries(
      "requirepass",
      "hunter2",
      "masterauth",
      "s3cret",
      "masteruser",
      "replica",
      "tls-key-file-pass",
      "x",
      "tls-client-key-file-pass",
      "y",
      "tls-key-file",
      "/tls/redis.key",
      "my-api-token",
      "t",
      "client-secret",
      "c",
      "maxmemory",
      "0",
    );
    expect(read.map((e) => e.value)).toEqual([MASK, MASK, "replica", MASK, MASK, "/tls/redis.key", MASK, MASK, "0"]);
    expect(readOk(readConfigGetReply({ MASTERAUTH: "s3cret" }))).toEqual([{ name: "MASTERAUTH", value: MASK }]);
  });

  it("masks an empty password too: whether one is set does not leave the server side either", () => {
    expect(entries("requirepass", "")).toEqual([{ name: "requirepass", value: MASK }]);
  });

  it("names what is wrong with a malformed reply, without quoting a value", () => {
    const detail = (reply: unknown) => {
      const read = readConfigGetReply(reply);
      return read.ok ? "read" : `${read.verdict.status}: ${read.verdict.headline}: ${read.verdict.detail}`;
    };
    expect(detail(["maxmemory"])).toBe(
      "error: unexpected CONFIG GET reply: expected name/value pairs, got an odd number of items (1)",
    );
    expect(detail([1, "x"])).toBe("error: unexpected CONFIG GET reply: item 0 should be a parameter name, got 1");
    expect(detail(["requirepass", { p: "hunter2" }])).not.toContain("hunter2");
    expect(detail("OK")).toBe('error: unexpected CONFIG GET reply: expected an array of name/value pairs, got "OK"');
  });
});

describe("analyzeRedisConfig", () => {
  it("warns when maxmemory is 0 (no limit)", () => {
    const v = analyzeRedisConfig(entries("maxmemory", "0"));
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("maxmemory 0 (no limit)");
    expect(v.headlineValue).toBe(0);
    expect(v.figures).toEqual([{ label: "maxmemory", value: 0, unit: "B" }]);
    expect(v.findings).toEqual(["redis-memory"]);
  });

  it("is ok with a limit and formats it", () => {
    const v = analyzeRedisConfig(entries("maxmemory", "2147483648"));
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("maxmemory 2 GB");
    expect(v.headlineUnit).toBe("B");
  });

  it("lists several parameters; requirepass and masterauth values never reach the verdict", () => {
    const v = analyzeRedisConfig(
      entries(
        "requirepass",
        "hunter2",
        "masterauth",
        "s3cret",
        "maxmemory-policy",
        "noeviction",
        "maxmemory",
        "1073741824",
      ),
    );
    expect(v.headline).toBe("4 parameters");
    expect(JSON.stringify(v)).not.toContain("hunter2");
    expect(JSON.stringify(v)).not.toContain("s3cret");
    expect(v.tables?.[0]?.rows).toEqual([
      ["requirepass", MASK],
      ["masterauth", MASK],
      ["maxmemory-policy", "noeviction"],
      ["maxmemory", "1 GB"],
    ]);
    expect(v.figures[0]).toEqual({ label: "requirepass", value: MASK, unit: undefined });
    expect(v.detail).toContain("noeviction");
    expect(v.detail).toContain("masked");
  });

  it("is ok with no matching parameter", () => {
    expect(analyzeRedisConfig([]).headline).toBe("no matching parameter");
  });
});
