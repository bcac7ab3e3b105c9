import { describe, expect, it } from "vitest";
import { analyzeRateLimit } from "../../../../lib/systems/redis/check-rate-limit";

const key = "rate_limit:u_42";

describe("analyzeRateLimit", () => {
  it("is ok when the key does not exist", () => {
    const v = analyzeRateLimit({ key, value: null, pttlMs: -2 });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("no rate-limit key: user not limited");
    expect(v.headlineValue).toBeNull();
  });

  it("treats a key that expired between GET and PTTL as absent", () => {
    expect(analyzeRateLimit({ key, value: "3", pttlMs: -2 }).headline).toBe("no rate-limit key: user not limited");
  });

  it("is critical when the key has no expiry (INCR-then-EXPIRE bug)", () => {
    const v = analyzeRateLimit({ key, value: "57", pttlMs: -1, limit: 100 });
    expect(v.status).toBe("critical");
    expect(v.headline).toBe("no expiry: user blocked until the key is deleted");
    expect(v.headlineValue).toBe(57);
    expect(v.findings).toEqual(["rate-limit"]);
    expect(v.detail).toContain("INCR-then-EXPIRE");
  });

  it("shows the count and TTL under the limit", () => {
    const v = analyzeRateLimit({ key, value: "42", pttlMs: 12_400, limit: 100 });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("42 of 100 requests in the current window, resets in 12.4 s");
    expect(v.figures).toEqual([
      { label: "key", value: key },
      { label: "count", value: 42 },
      { label: "limit", value: 100 },
      { label: "TTL", value: 12.4, unit: "s" },
    ]);
  });

  it("warns when the count has reached the limit", () => {
    const v = analyzeRateLimit({ key, value: "100", pttlMs: 800, limit: 100 });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("user currently limited: 100 of 100 requests, resets in 800 ms");
    expect(v.findings).toEqual(["rate-limit"]);
  });

  it("shows the count unjudged without a limit, including zero", () => {
    const v = analyzeRateLimit({ key, value: "0", pttlMs: 60_000 });
    expect(v.status).toBe("ok");
    expect(v.headline).toBe("0 requests in the current window, resets in 1 min");
    expect(v.detail).toContain("No limit configured");
  });

  it("is an error on a value that is not a counter or an impossible PTTL", () => {
    const json = analyzeRateLimit({ key, value: '{"tokens":3}', pttlMs: 1000 });
    expect(json.status).toBe("error");
    expect(json.detail).toContain("not an integer count");
    expect(analyzeRateLimit({ key, value: "1", pttlMs: -3 }).status).toBe("error");
    expect(analyzeRateLimit({ key, value: "1", pttlMs: 1.5 }).status).toBe("error");
  });
});
