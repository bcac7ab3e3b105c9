// Link previews for signed-out fetchers: generic by default, an incident's title only when opted in.
import { describe, expect, it } from "vitest";
import { previewTarget, signedOutPreview } from "@/lib/auth/link-preview";

describe("signedOutPreview", () => {
  const incident = { kind: "incident" as const, title: "Checkout 5xx at 19.4 %", severity: "sev2" };

  it("says nothing of an incident by default", () => {
    const p = signedOutPreview(incident, false);
    expect(p.title).toBe("Incident — sign in to view");
    expect(JSON.stringify(p)).not.toMatch(/Checkout|19\.4|sev2/i);
  });

  it("gives the title and severity, never a summary, when opted in", () => {
    const p = signedOutPreview(incident, true);
    expect(p.title).toBe("[SEV2] Checkout 5xx at 19.4 %");
    expect(p.description).not.toMatch(/19\.4/);
  });

  it("an unknown incident looks like any other (no existence oracle)", () => {
    expect(signedOutPreview({ kind: "incident" }, true)).toEqual(signedOutPreview({ kind: "incident" }, false));
  });

  it("names runbooks (library content) and other pages generically", () => {
    expect(signedOutPreview({ kind: "runbook", title: "High error rates" }, false).title).toBe("High error rates");
    expect(signedOutPreview({ kind: "page" }, false).title).toBe("Runbooks — sign in");
  });
});

describe("previewTarget", () => {
  it("reads the page a return path points at", () => {
    expect(previewTarget("/incidents/inc_8FkQ2")).toEqual({ kind: "incident", id: "inc_8FkQ2" });
    expect(previewTarget("/runbooks/high-error-rates?incident=inc_1")).toEqual({
      kind: "runbook",
      slug: "high-error-rates",
    });
    expect(previewTarget("/?symptoms=a")).toEqual({ kind: "page" });
  });
});
