// Reading the audit filter from a URL: good values kept, bad ones named, never a crash.
import { describe, expect, it } from "vitest";
import { AuditStoreError } from "@/lib/audit/errors";
import { AUDIT_PAGE_DEFAULT, auditFilterFromQuery, auditQueryString, checkAuditFilter } from "@/lib/audit/filter";

const INCIDENT = "AbCdEfGhIjKlMnOpQrStUv";

describe("auditFilterFromQuery", () => {
  it("reads every filter from the query", () => {
    const { filter, problems } = auditFilterFromQuery(
      new URLSearchParams(
        `actor=ada&result=denied&operation=applyRemediationAction&incident=${INCIDENT}&before=${INCIDENT}&limit=20`,
      ),
    );
    expect(problems).toEqual([]);
    expect(filter).toEqual({
      actor: "ada",
      result: "denied",
      operation: "applyRemediationAction",
      incidentId: INCIDENT,
      before: INCIDENT,
      limit: 20,
    });
  });

  it("names each bad parameter and leaves it out", () => {
    const { filter, problems } = auditFilterFromQuery({
      result: "maybe",
      incident: "../../x",
      limit: "9999",
      before: "1 OR 1=1",
      actor: "ada",
    });
    expect(filter).toEqual({ actor: "ada", limit: AUDIT_PAGE_DEFAULT });
    expect(problems).toEqual([
      "result must be one of ok, failed, denied, refused",
      "incident must be an incident id (22 characters of A-Z, a-z, 0-9, - and _)",
      "before must be an audit record id (22 characters of A-Z, a-z, 0-9, - and _)",
      "limit must be at most 500",
    ]);
    expect(auditFilterFromQuery({ limit: "ten" }).problems).toEqual(["limit must be a whole number"]);
  });

  it("treats empty parameters (an empty form field) as unset", () => {
    expect(auditFilterFromQuery({ actor: "", result: " " })).toEqual({
      filter: { limit: AUDIT_PAGE_DEFAULT },
      problems: [],
    });
  });
});

describe("checkAuditFilter", () => {
  it("refuses unknown fields and wrong types with an error naming them", () => {
    expect(() => checkAuditFilter({ limit: 0 })).toThrow(/limit must be at least 1/);
    expect(() => checkAuditFilter({ actor: { $ne: null } } as never)).toThrow(AuditStoreError);
    expect(() => checkAuditFilter({ where: "1" } as never)).toThrow(AuditStoreError);
  });
});

describe("auditQueryString", () => {
  it("round-trips a filter and swaps the paging cursor", () => {
    const qs = auditQueryString(
      { actor: "ada lovelace", result: "ok", limit: AUDIT_PAGE_DEFAULT },
      { before: INCIDENT },
    );
    expect(qs).toBe(`actor=ada+lovelace&result=ok&before=${INCIDENT}`);
    expect(auditFilterFromQuery(new URLSearchParams(qs)).filter).toEqual({
      actor: "ada lovelace",
      result: "ok",
      before: INCIDENT,
      limit: AUDIT_PAGE_DEFAULT,
    });
  });
});
