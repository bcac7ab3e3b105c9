// What an audit record keeps of its input: secrets masked, control characters encoded, fields capped.
import { describe, expect, it } from "vitest";
import { AuditStoreError } from "@/lib/audit/errors";
import { AUDIT_FIELD_MAX, maskCommandArguments, sanitizeAuditInput } from "@/lib/audit/sanitize";
import type { AuditRecordInput } from "@/lib/audit/types";
import { capText, encodeControlCharacters } from "@/lib/server/text";

const BASE: AuditRecordInput = {
  actorId: "u-1",
  actorName: "Ada Admin",
  role: "admin",
  operation: "applyRemediationAction",
  result: "ok",
  requestId: "0b6f9c1e-3a55-4e0b-9d0a-6f6f4f1c2a10",
};

const SENTINEL = "S3ntinel-Pa55word-zz";

describe("encodeControlCharacters", () => {
  it("turns newlines, tabs and ANSI escapes into visible text on one line", () => {
    const out = encodeControlCharacters("ok\nFAKE 2026-01-01 admin did x\r\t\u001b[31mred\u001b[0m");
    expect(out).toBe("ok\\nFAKE 2026-01-01 admin did x\\r\\t\\x1b[31mred\\x1b[0m");
    for (const raw of ["\n", "\r", "\t", "\u001b"]) expect(out).not.toContain(raw);
  });

  it("encodes C1 controls, DEL, Unicode line separators, bidi overrides and lone surrogates", () => {
    expect(encodeControlCharacters("a\u0085b\u007fc\u2028d\u202ee\u2066f\ud800g")).toBe(
      "a\\x85b\\x7fc\\u2028d\\u202ee\\u2066f\\ud800g",
    );
  });

  it("leaves ordinary text, accents, arrows and emoji alone", () => {
    const text = "CONFIG SET maxmemory-policy allkeys-lru · noeviction → allkeys-lru · Zoë 🚒";
    expect(encodeControlCharacters(text)).toBe(text);
  });
});

describe("capText", () => {
  it("keeps short text and cuts long text to the limit with a visible marker", () => {
    expect(capText("short", 10)).toBe("short");
    const cut = capText("x".repeat(5000), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/…\[cut \d+\+ chars\]$/);
  });

  it("never leaves half of a surrogate pair at the cut", () => {
    for (let max = 30; max < 40; max++) {
      const cut = capText("🚒".repeat(50), max);
      expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });
});

describe("maskCommandArguments", () => {
  it("masks the value after a secret-naming word and says so", () => {
    expect(maskCommandArguments("CONFIG SET requirepass hunter2")).toEqual({
      text: "CONFIG SET requirepass ***",
      namedSecret: true,
    });
    expect(maskCommandArguments("redis-cli -h db -a hunter2 INFO").text).toBe("redis-cli -h db -a *** INFO");
    expect(maskCommandArguments("AUTH rb_admin hunter2").text).toBe("AUTH *** ***");
  });

  it("leaves ordinary remediation commands untouched", () => {
    expect(maskCommandArguments("CONFIG SET maxmemory-policy allkeys-lru")).toEqual({
      text: "CONFIG SET maxmemory-policy allkeys-lru",
      namedSecret: false,
    });
  });
});

describe("sanitizeAuditInput", () => {
  it("masks a configured secret, URL passwords and secret pairs in every text field", () => {
    const out = sanitizeAuditInput(
      {
        ...BASE,
        target: `redis redis://rb_admin:${SENTINEL}@127.0.0.1:6379`,
        command: `CONFIG SET maxmemory-policy allkeys-lru # ${SENTINEL}`,
        before: "noeviction",
        after: "allkeys-lru",
        reason: `connect failed: password=${SENTINEL} token: abc123 Authorization: Bearer eyJhbGciOi.x.y`,
      },
      [SENTINEL],
    );
    expect(JSON.stringify(out)).not.toContain(SENTINEL);
    expect(out.target).toBe("redis redis://rb_admin:***@127.0.0.1:6379");
    expect(out.command).toBe("CONFIG SET maxmemory-policy allkeys-lru # ***");
    expect(out.reason).not.toContain("abc123");
    expect(out.reason).not.toContain("eyJhbGciOi");
    expect(out.before).toBe("noeviction");
    expect(out.after).toBe("allkeys-lru");
  });

  it("keeps prose about authorization readable while masking auth tokens", () => {
    const out = sanitizeAuditInput(
      { ...BASE, result: "failed", reason: "not authorized: createIndexes on app.orders; x-auth: abc123" },
      [],
    );
    expect(out.reason).toBe("not authorized: createIndexes on app.orders; x-auth: ***");
  });

  it("masks the before and after values of a command that sets a secret", () => {
    const out = sanitizeAuditInput(
      { ...BASE, result: "refused", command: "CONFIG SET requirepass newpass", before: "oldpass", after: "newpass" },
      [],
    );
    expect(out.command).toBe("CONFIG SET requirepass ***");
    expect(out.before).toBe("***");
    expect(out.after).toBe("***");
  });

  it("encodes a forged second line and ANSI colour in a note-like reason and in the actor name", () => {
    const out = sanitizeAuditInput(
      {
        ...BASE,
        actorName: "Mallory\u001b[2K\rAda Admin",
        result: "denied",
        reason: "ok\n2026-11-28T10:00:00Z admin applyRemediationAction ok",
      },
      [],
    );
    expect(out.actorName).toBe("Mallory\\x1b[2K\\rAda Admin");
    expect(out.reason).toBe("ok\\n2026-11-28T10:00:00Z admin applyRemediationAction ok");
  });

  it("caps every field after masking, so a long secret is never stored in part", () => {
    const long = "k".repeat(10_000);
    const out = sanitizeAuditInput({ ...BASE, command: `x ${long}`, reason: `${long}${SENTINEL}` }, [SENTINEL]);
    expect(out.command?.length).toBeLessThanOrEqual(AUDIT_FIELD_MAX.command);
    expect(out.reason?.length).toBeLessThanOrEqual(AUDIT_FIELD_MAX.reason);
    expect(out.reason).not.toContain("S3ntinel");
  });

  it("reduces a megabyte of hostile text to the capped field (the test's timeout catches a runaway scan)", () => {
    const out = sanitizeAuditInput({ ...BASE, reason: `${"a".repeat(1_000_000)}=x`, command: "=".repeat(100_000) }, [
      SENTINEL,
    ]);
    expect(out.reason?.length).toBe(AUDIT_FIELD_MAX.reason);
    expect(out.command?.length).toBe(AUDIT_FIELD_MAX.command);
  });

  it("keeps a well-formed incident id and drops a malformed one, saying so in the reason", () => {
    const id = "AbCdEfGhIjKlMnOpQrStUv";
    expect(sanitizeAuditInput({ ...BASE, incidentId: id }, []).incidentId).toBe(id);
    const bad = sanitizeAuditInput({ ...BASE, reason: "denied", incidentId: "../../etc/passwd" }, []);
    expect(bad.incidentId).toBeUndefined();
    expect(bad.reason).toBe("denied (a malformed incident id came with this record and was dropped)");
  });

  it("refuses a record without who, what or request id, naming the field", () => {
    expect(() => sanitizeAuditInput({ ...BASE, actorId: " " }, [])).toThrow(/actorId must be a non-empty string/);
    expect(() => sanitizeAuditInput({ ...BASE, requestId: "" }, [])).toThrow(AuditStoreError);
    expect(() => sanitizeAuditInput({ ...BASE, result: "maybe" as never }, [])).toThrow(
      /result must be one of ok, failed, denied, refused/,
    );
  });
});
