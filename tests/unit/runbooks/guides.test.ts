import { describe, expect, it } from "vitest";
import { guideGroups, HAND_WRITTEN, issuesIn } from "@/lib/runbooks/guides";
import type { Category, Runbook, RunbookLibrary } from "@/lib/runbooks/model";

const api: Category = { id: "api", title: "API", order: 1, guide: "guides/a.md" };
function runbook(slug: string, guide: string | null, kind: Runbook["kind"] = "issue"): Runbook {
  return {
    slug,
    kind,
    category: kind === "issue" ? api : null,
    guide: guide ? { file: guide, section: "API" } : null,
  } as Runbook;
}

describe("guides of the library", () => {
  const library: RunbookLibrary = {
    categories: [api],
    runbooks: [runbook("a1", "guides/a.md"), runbook("b1", "guides/b.md"), runbook("h", null), runbook("g", "guides/a.md", "general")],
  };

  it("lists each guide with its issue count, hand-written runbooks as their own group", () => {
    expect(guideGroups(library)).toEqual([
      { id: "guides/a.md", count: 1 },
      { id: "guides/b.md", count: 1 },
      { id: HAND_WRITTEN, count: 1 },
    ]);
  });

  it("filters a category's issues by guide", () => {
    expect(issuesIn(library, api, undefined).map((r) => r.slug)).toEqual(["a1", "b1", "h"]);
    expect(issuesIn(library, api, "guides/b.md").map((r) => r.slug)).toEqual(["b1"]);
  });
});
