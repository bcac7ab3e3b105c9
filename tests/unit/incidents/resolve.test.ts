// Resolving asks for a note and, while the latest evidence is red, a confirmation.
import { describe, expect, it } from "vitest";
import { NOTE_REQUIRED, resolveProblem } from "@/lib/incidents/resolve";

describe("resolveProblem", () => {
  it("refuses resolving without a note, with a clear message", () => {
    expect(resolveProblem({ to: "resolved", note: undefined, red: [], resolveAnyway: false })).toBe(NOTE_REQUIRED);
    expect(resolveProblem({ to: "resolved", note: "   ", red: [], resolveAnyway: false })).toBe(NOTE_REQUIRED);
  });

  it("refuses while red unless confirmed", () => {
    const red = ["Check error rates: 19.4 % of requests fail (critical)"];
    expect(resolveProblem({ to: "resolved", note: "rolled back", red, resolveAnyway: false })).toMatch(
      /still red \(Check error rates: 19\.4 %/,
    );
    expect(resolveProblem({ to: "resolved", note: "rolled back", red, resolveAnyway: true })).toBeUndefined();
  });

  it("other moves need neither", () => {
    expect(resolveProblem({ to: "mitigated", note: undefined, red: ["x"], resolveAnyway: false })).toBeUndefined();
  });
});
