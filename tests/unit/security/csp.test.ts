// The page CSP: scripts only with this request's nonce, eval only under next dev, no framing.
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values.join(" ")] as const;
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only from our origin with the request's nonce in production", () => {
    const csp = directives(contentSecurityPolicy("abc123==", { dev: false, https: false }));
    expect(csp.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
    expect([...csp.values()].join(" ")).not.toContain("unsafe-eval");
  });

  it("adds unsafe-eval only for next dev, and upgrade-insecure-requests only over https", () => {
    const dev = directives(contentSecurityPolicy("abc", { dev: true, https: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.has("upgrade-insecure-requests")).toBe(true);
  });

  it("refuses a nonce that could break out of the header", () => {
    expect(() => contentSecurityPolicy("x'; script-src *", { dev: false, https: false })).toThrow(/base64/);
  });
});

describe("newNonce", () => {
  it("is base64 of 128 random bits and differs every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    for (const n of nonces) {
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, "base64")).toHaveLength(16);
    }
  });
});
