// redactUrl / redactText / isSecretKey: credentials never survive, ordinary text does.
import { describe, expect, it } from "vitest";
import { isSecretKey, redactText, redactUrl } from "@/lib/server/redact";

describe("redactUrl", () => {
  it.each([
    ["redis://:s3cret@host", "redis://:***@host"],
    ["redis://:s3cret@host:6379/0", "redis://:***@host:6379/0"],
    ["rediss://default:s3cret@cache.example:6380", "rediss://default:***@cache.example:6380"],
    ["mongodb://u:p@h", "mongodb://u:***@h"],
    ["mongodb://u:p@h1:27017,h2:27017/db?replicaSet=rs0", "mongodb://u:***@h1:27017,h2:27017/db?replicaSet=rs0"],
    ["mongodb+srv://admin:pa%40ss@cluster0.x.net/", "mongodb+srv://admin:***@cluster0.x.net/"],
    ["http://user:pw@api/metrics", "http://user:***@api/metrics"],
    // An unencoded "@" in the password: everything up to the last "@" of the authority is masked.
    ["redis://:p@ss@host", "redis://:***@host"],
  ])("%s → %s", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it("leaves URLs without a password alone", () => {
    expect(redactUrl("http://127.0.0.1:9090/api/v1/targets?state=active")).toBe(
      "http://127.0.0.1:9090/api/v1/targets?state=active",
    );
    expect(redactUrl("redis://user@host")).toBe("redis://user@host");
  });

  it("masks secret query parameters", () => {
    expect(redactUrl("mongodb://h/?tlsCertificateKeyFilePassword=abc&replicaSet=rs")).toBe(
      "mongodb://h/?tlsCertificateKeyFilePassword=***&replicaSet=rs",
    );
    expect(redactUrl("https://h/x?api_key=k&q=1")).toBe("https://h/x?api_key=***&q=1");
  });
});

describe("redactText", () => {
  it("masks every known secret, raw and percent-encoded, and URL userinfo", () => {
    const text =
      "connect to redis://:hunter2@r:6379 failed; WRONGPASS hunter2; mongodb://app:p%40ss@m/ said p@ss; http://x:y@z";
    const out = redactText(text, ["hunter2", "p@ss"]);
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("p@ss");
    expect(out).not.toContain("p%40ss");
    expect(out).not.toContain("x:y@");
    expect(out).toContain("redis://:***@r:6379");
    expect(out).toContain("http://x:***@z");
  });

  it("masks a longer secret whole when a shorter one is inside it", () => {
    expect(redactText("token=abcdef", ["abc", "abcdef"])).toBe("token=***");
  });

  it("treats regex metacharacters in secrets literally and ignores empty ones", () => {
    expect(redactText("pw is a.b*c and abbc", ["a.b*c", ""])).toBe("pw is *** and abbc");
  });
});

describe("isSecretKey", () => {
  it.each([
    "password",
    "DB_PASSWORD",
    "requirepass",
    "masterauth",
    "client_secret",
    "GITHUB_TOKEN",
    "api_key",
    "apiKey",
    "API-KEY",
    "private_key",
    "credentials",
    "AUTH_HEADER",
  ])("%s is secret", (name) => {
    expect(isSecretKey(name)).toBe(true);
  });

  it.each(["host", "port", "maxmemory", "APP_ENV", "timeout", "username"])("%s is not", (name) => {
    expect(isSecretKey(name)).toBe(false);
  });
});

describe("redaction on hostile input", () => {
  // No timing assertion: a quadratic regex on these inputs would take minutes and hit the test timeout.
  it("stays linear on a megabyte without separators", () => {
    const blob = "A".repeat(1024 * 1024);
    expect(redactText(blob, ["zzz"])).toBe(blob);
    const semis = "a;".repeat(512 * 1024);
    expect(redactText(semis, [])).toBe(semis);
    const almost = `${"x".repeat(200_000)}://`;
    expect(redactUrl(almost)).toBe(almost);
  });

  it("masks a URL however long the token glued in front of it", () => {
    expect(redactText(`${"x".repeat(100)}redis://:pw@h`, [])).toBe(`${"x".repeat(100)}redis://:***@h`);
    expect(redactText("(redis://:pw@h)", [])).toBe("(redis://:***@h)");
    expect(redactText("a://b://c:d@e/", [])).toBe("a://b://c:***@e/");
    expect(redactText('url="mongodb://u:pw@h/"', [])).toBe('url="mongodb://u:***@h/"');
  });
});
