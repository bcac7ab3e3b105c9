// Honest statuses: figures in human units, and a log tail judged on what it shows within the window.
import { describe, expect, it } from "vitest";
import {
  analyzeConfigFile,
  analyzeGitLog,
  analyzeLogTail,
  LOG_ERRORS_WARNING,
  lineTime,
} from "@/lib/systems/local/checks";
import { formatFigureValue } from "@/lib/verdict/format";

describe("formatFigureValue", () => {
  it("shows bytes, seconds, percentages and counts the way a person reads them", () => {
    expect(formatFigureValue(268435456, "B")).toBe("256 MB");
    expect(formatFigureValue(0.2965000000000003, "s")).toBe("297 ms");
    expect(formatFigureValue(19.4321, "%")).toBe("19.4 %");
    expect(formatFigureValue(1234567)).toBe("1 234 567");
    expect(formatFigureValue(0.30000000000000004)).toBe("0.3");
    expect(formatFigureValue(12.5, "jobs")).toBe("12.5 jobs");
    expect(formatFigureValue("5xx of http_requests_total")).toBe("5xx of http_requests_total");
    expect(formatFigureValue(null, "s")).toBe("—");
  });
});

describe("analyzeLogTail", () => {
  const now = Date.parse("2026-12-04T03:30:00Z");
  const at = (secondsAgo: number, text: string) => `${new Date(now - secondsAgo * 1000).toISOString()} ${text}`;

  it("reads the time at the start of a line in the common layouts", () => {
    expect(lineTime("2026-12-04T03:25:59.123Z ERROR x")).toBe(Date.parse("2026-12-04T03:25:59.123Z"));
    expect(lineTime("[2026-12-04 03:25:59] error")).toBe(Date.parse("2026-12-04T03:25:59Z"));
    expect(lineTime("2026-12-04T03:25:59+01:00 x")).toBe(Date.parse("2026-12-04T02:25:59Z"));
    expect(lineTime("no time here")).toBeNull();
  });

  it("is a warning when many lines mention errors within the window, counted by their own time", () => {
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => at(600 + i, "ERROR old failure")),
      ...Array.from({ length: LOG_ERRORS_WARNING }, (_, i) => at(10 + i, "ERROR query failed")),
      ...Array.from({ length: 160 }, (_, i) => at(5, `INFO request ${i}`)),
    ];
    const v = analyzeLogTail({
      guidePath: "/var/log/error.log",
      lines,
      modifiedAt: new Date(now).toISOString(),
      nowMs: now,
      windowSeconds: 300,
    });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe(`${LOG_ERRORS_WARNING} lines mentioning errors in the last 5 min`);
    expect(v.findings).toEqual(["log-errors"]);
    expect(v.threshold?.source).toContain("this dashboard's choice");
  });

  it("never shows green when every line shown is an error, even without times", () => {
    const lines = Array.from({ length: 5 }, () => "Exception in thread main");
    const v = analyzeLogTail({
      guidePath: "app.log",
      lines,
      modifiedAt: new Date(now).toISOString(),
      nowMs: now,
      windowSeconds: 300,
    });
    expect(v.status).toBe("warning");
    expect(v.headline).toBe("5 lines mentioning errors among the 5 lines shown");
  });

  it("shows a few errors without judging, and is ok with none in the window", () => {
    const few = analyzeLogTail({
      guidePath: "app.log",
      lines: [at(5, "ERROR one"), ...Array.from({ length: 20 }, () => at(5, "INFO fine"))],
      modifiedAt: new Date(now).toISOString(),
      nowMs: now,
      windowSeconds: 300,
    });
    expect(few.status).toBe("shown");
    expect(few.findings).toBeUndefined();
    const none = analyzeLogTail({
      guidePath: "app.log",
      lines: [at(900, "ERROR long ago"), at(5, "INFO fine"), at(4, "INFO fine")],
      modifiedAt: new Date(now).toISOString(),
      nowMs: now,
      windowSeconds: 300,
    });
    expect(none.status).toBe("ok");
    expect(none.headline).toBe("0 lines mentioning errors in the last 5 min");
  });
});

describe("views no threshold fits", () => {
  it("are shown, not judged", () => {
    expect(analyzeGitLog({ since: "24 hours ago", commits: [] }).status).toBe("shown");
    expect(analyzeConfigFile({ name: "config.yaml", format: "YAML", maskedKeys: [], fileSizeBytes: 10 }).status).toBe(
      "shown",
    );
  });
});
