// The severity "Start incident" suggests follows the worst verdict on screen.
import { describe, expect, it } from "vitest";
import { suggestSeverity } from "@/lib/incidents/severity";

describe("suggestSeverity", () => {
  it("critical → SEV2, saying why", () => {
    const s = suggestSeverity([
      { status: "ok", step: "Error rate 0.1 %" },
      { status: "critical", step: "Error rate 19.4 %" },
    ]);
    expect(s.severity).toBe("sev2");
    expect(s.reason).toContain("Error rate 19.4 %");
    expect(s.reason).toContain("CRITICAL");
  });

  it("warning → SEV3 with a reason; nothing red → SEV3 without one", () => {
    expect(suggestSeverity([{ status: "warning", step: "a" }]).reason).toMatch(/WARNING/);
    expect(suggestSeverity([{ status: "ok", step: "a" }])).toEqual({ severity: "sev3" });
    expect(suggestSeverity([])).toEqual({ severity: "sev3" });
  });

  it("counts further critical steps", () => {
    const s = suggestSeverity([
      { status: "critical", step: "a" },
      { status: "critical", step: "b" },
    ]);
    expect(s.reason).toContain("and 1 more are");
  });
});
