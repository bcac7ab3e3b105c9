// lib/server/: the formats the callers relied on before the helpers were merged, and the cache semantics.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cachedClient, clientCache } from "@/lib/server/cached-client";
import { hasControlCharacters, oneLine, replaceControlCharacters } from "@/lib/server/text";
import { describeZodError } from "@/lib/server/zod-errors";

describe("describeZodError", () => {
  const schema = z
    .object({ name: z.string(), rows: z.array(z.object({ ms: z.number() })) })
    .strict()
    .refine(() => false, "our own message");
  const error = schema.safeParse({ name: 1, rows: [{ ms: "x" }], extra: true }).error as z.ZodError;

  it("names each field, 'input' for the object itself", () => {
    expect(describeZodError(error)).toMatch(/^name: .+; rows\.0\.ms: .+; input: .+/);
  });

  it("shows an unnamed issue bare, custom messages bare, or messages only, on request", () => {
    const bare = z.object({}).strict().safeParse({ x: 1 }).error as z.ZodError;
    expect(describeZodError(bare, { unnamed: null })).not.toMatch(/^input: /);
    const custom = z
      .string()
      .refine(() => false, "our own message")
      .safeParse("a").error as z.ZodError;
    expect(describeZodError(custom, { bareCustom: true })).toBe("our own message");
    expect(describeZodError(error, { messagesOnly: true })).not.toContain("name:");
  });

  it("roots paths with brackets and counts what is left off", () => {
    const many = z.array(z.number()).safeParse(["a", "b", "c"]).error as z.ZodError;
    expect(describeZodError(many, { root: "r", max: 1 })).toMatch(/^r\[0\]: .+; and 2 more$/);
  });
});

describe("control characters", () => {
  it("refuses C0 and DEL, letting multi-line text keep tab and line breaks", () => {
    expect(hasControlCharacters("plain")).toBe(false);
    expect(hasControlCharacters("a\nb")).toBe(true);
    expect(hasControlCharacters("a\n\tb\r\n", { allowLineBreaks: true })).toBe(false);
    expect(hasControlCharacters("a\u001b[31m", { allowLineBreaks: true })).toBe(true);
    expect(hasControlCharacters("a\u007f")).toBe(true);
  });

  it("replaces them, or flattens text to one capped line", () => {
    expect(replaceControlCharacters("a\u0000b\u007f", "?")).toBe("a?b?");
    expect(oneLine("  High\u001b[31m\n  latency  ", 100)).toBe("High [31m latency");
    expect(oneLine("x".repeat(10), 5)).toBe("xxxx…");
  });
});

describe("cachedClient", () => {
  it("creates once per key and survives a second module instance (same globalThis)", () => {
    let made = 0;
    const a = cachedClient("test-singleton", () => ({ n: ++made }));
    const b = cachedClient("test-singleton", () => ({ n: ++made }));
    expect(a).toBe(b);
    expect(made).toBe(1);
  });

  it("disposes a dropped value only while it is still the cached one, and everything on clear", async () => {
    const closed: string[] = [];
    const cache = clientCache<string>("test-cache", (v) => closed.push(v));
    cache.get("a", () => "A");
    cache.get("b", () => "B");
    await cache.drop("a", "not-A");
    expect(cache.peek("a")).toBe("A");
    await cache.drop("a", "A");
    expect(cache.peek("a")).toBeUndefined();
    await cache.clear();
    expect(closed).toEqual(["A", "B"]);
  });
});
