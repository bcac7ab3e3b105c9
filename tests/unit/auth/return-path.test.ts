// After sign-in, only a path on this site is followed: no open redirect through ?next=.
import { describe, expect, it } from "vitest";
import { pageReturnPath, safeReturnPath, withFragment } from "@/lib/auth/return-path";

describe("safeReturnPath", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeReturnPath("/incidents/inc_8FkQ2")).toBe("/incidents/inc_8FkQ2");
    expect(safeReturnPath("/runbooks/redis-memory?symptoms=slow#step-2")).toBe(
      "/runbooks/redis-memory?symptoms=slow#step-2",
    );
  });

  it("turns other origins into /", () => {
    for (const bad of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "/%0d%0aSet-Cookie:x",
      "/\tevil",
      "",
    ]) {
      const safe = safeReturnPath(bad);
      expect(new URL(safe, "http://dashboard.test").origin, bad).toBe("http://dashboard.test");
    }
    expect(safeReturnPath("//evil.example/x")).toBe("/");
    expect(safeReturnPath("https://evil.example/")).toBe("/");
  });

  it("refuses control characters outright", () => {
    expect(safeReturnPath("/a\r\nb")).toBe("/");
  });

  it("does not send someone back to the sign-in page or an API endpoint", () => {
    expect(safeReturnPath("/sign-in?next=/sign-in")).toBe("/");
    expect(safeReturnPath("/api/auth/sign-out")).toBe("/");
  });

  it("treats a missing value as /", () => {
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
  });

  it("normalizes dot segments so the result stays on this site", () => {
    expect(safeReturnPath("/a/../../incidents")).toBe("/incidents");
  });
});

describe("pageReturnPath (links survive sign-in)", () => {
  it("keeps the query of the link that was opened", () => {
    expect(pageReturnPath("/", "/?symptoms=timeout-errors,increased-latency")).toBe(
      "/?symptoms=timeout-errors,increased-latency",
    );
    expect(pageReturnPath("/runbooks/high-error-rates", "/runbooks/high-error-rates?incident=inc_8FkQ2")).toBe(
      "/runbooks/high-error-rates?incident=inc_8FkQ2",
    );
  });

  it("falls back to the page when the header is missing, foreign or names another page", () => {
    expect(pageReturnPath("/incidents", null)).toBe("/incidents");
    expect(pageReturnPath("/incidents", "//evil.example/x")).toBe("/incidents");
    expect(pageReturnPath("/incidents", "/audit?x=1")).toBe("/incidents");
    expect(pageReturnPath("/", "https://evil.example/?symptoms=a")).toBe("/");
  });
});

describe("withFragment", () => {
  it("re-attaches the fragment the browser kept across the redirect", () => {
    expect(withFragment("/runbooks/x?incident=inc_1", "#step-3")).toBe("/runbooks/x?incident=inc_1#step-3");
    expect(withFragment("/a", "")).toBe("/a");
    expect(withFragment("/a#b", "#c")).toBe("/a#b");
  });

  it("stays same-site", () => {
    expect(withFragment("/sign-in", "#x")).toBe("/");
  });
});
