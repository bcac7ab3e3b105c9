// Groups from an identity provider (OIDC claim or oauth2-proxy header) → the role someone gets.
import { describe, expect, it } from "vitest";
import { groupList, roleFromGroups } from "@/lib/auth/role-mapping";

const mapping = { adminGroups: ["sre-leads", "platform-admins"], operatorGroups: ["sre", "oncall"] };

describe("roleFromGroups", () => {
  it("gives admin when any admin group is present, even alongside operator groups", () => {
    expect(roleFromGroups(["sre", "platform-admins"], mapping)).toBe("admin");
  });

  it("gives operator for an operator group", () => {
    expect(roleFromGroups(["oncall"], mapping)).toBe("operator");
  });

  it("gives viewer when no group matches, and for a missing or malformed claim", () => {
    expect(roleFromGroups(["marketing"], mapping)).toBe("viewer");
    expect(roleFromGroups(undefined, mapping)).toBe("viewer");
    expect(roleFromGroups({ admin: true }, mapping)).toBe("viewer");
    expect(roleFromGroups([42, null], mapping)).toBe("viewer");
  });

  it("reads oauth2-proxy's comma-separated header, trimming spaces", () => {
    expect(roleFromGroups("marketing, sre-leads", mapping)).toBe("admin");
    expect(roleFromGroups(" sre ", mapping)).toBe("operator");
  });

  it("matches names exactly: no prefix, substring or case folding", () => {
    expect(roleFromGroups(["sre-leads-alumni", "SRE-LEADS", "platform"], mapping)).toBe("viewer");
  });

  it("gives everyone viewer when no groups are configured", () => {
    expect(roleFromGroups(["sre-leads"], { adminGroups: [], operatorGroups: [] })).toBe("viewer");
  });
});

describe("groupList", () => {
  it("drops empty entries and non-strings", () => {
    expect(groupList("a,,b, ")).toEqual(["a", "b"]);
    expect(groupList(["a", 1, "", "b"])).toEqual(["a", "b"]);
  });
});
