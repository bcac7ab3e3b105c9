import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeServer, isFerretDb } from "../../../lib/systems/mongo/server-identity";
import { asIsoDate, asNumber } from "../../../lib/systems/mongo/values";
import type { MetricSample } from "../../../lib/systems/prometheus/exposition";
import {
  countsOverWindow,
  deltaSamples,
  describeWindow,
  formatLabels,
  seriesKey,
} from "../../../lib/systems/prometheus/metric-scrape";
import { findingsFor, levelAbove, levelBelow, mergeVerdicts, worstOf } from "../../../lib/verdict/builders";
import { checkInput, describeIssues } from "../../../lib/verdict/check-input";
import type { Verdict } from "../../../lib/verdict/verdict";
import { scrapeText, T0 } from "../systems/fixtures";

const s = (labels: Record<string, string>, value: number): MetricSample => ({ name: "x_total", labels, value });

describe("metric-scrape", () => {
  it("identifies series regardless of label order", () => {
    expect(seriesKey("x", { a: "1", b: "2" })).toBe(seriesKey("x", { b: "2", a: "1" }));
    expect(seriesKey("x", { a: "1", le: "1" }, ["le"])).toBe(seriesKey("x", { a: "1", le: "2" }, ["le"]));
  });

  it("sums increases like Prometheus: new series from zero, a reset counts its whole value, vanished adds nothing", () => {
    expect(deltaSamples([s({ a: "1" }, 10), s({ a: "2" }, 4)], [s({ a: "1" }, 7)])).toEqual({ delta: 7, reset: false });
    expect(deltaSamples([s({ a: "1" }, 3)], [s({ a: "1" }, 7)])).toEqual({ delta: 3, reset: true });
    expect(deltaSamples([s({ a: "1" }, 10)], [s({ a: "1" }, 7), s({ a: "2" }, 1)])).toEqual({ delta: 3, reset: false });
    expect(deltaSamples([s({}, Number.NaN)], [])).toEqual({ delta: 0, reset: false });
  });

  it("windows counts only with an older previous scrape", () => {
    const pick = (families: { samples: MetricSample[] }[]) => [families.flatMap((f) => f.samples)];
    const a = scrapeText("x_total 5\n", T0);
    const b = scrapeText("x_total 8\n", T0 + 20_000);
    expect(countsOverWindow(b, a, pick)).toEqual({
      values: [3],
      window: { kind: "window", seconds: 20 },
      reset: false,
      ignoredPrevious: false,
    });
    expect(countsOverWindow(a, b, pick).ignoredPrevious).toBe(true);
    expect(countsOverWindow(b, { ...scrapeText("x_total 9\n"), at: T0 }, pick).reset).toBe(true);
    expect(describeWindow({ kind: "window", seconds: 20 })).toBe("over the last 20 s");
    expect(describeWindow({ kind: "lifetime" })).toBe("since process start");
  });

  it("formats labels for a table cell", () => {
    expect(formatLabels({ le: "1", method: "GET" }, ["le"])).toBe('method="GET"');
    expect(formatLabels({})).toBe("(all series)");
  });
});

describe("verdict-builders", () => {
  it("levels values against thresholds", () => {
    expect([1, 1.01, 5, 5.01].map((v) => levelAbove(v, 1, 5))).toEqual(["ok", "warning", "warning", "critical"]);
    expect([80, 79.9, 50, 49.9].map((v) => levelBelow(v, 80, 50))).toEqual(["ok", "warning", "warning", "critical"]);
    expect(worstOf([])).toBe("ok");
    expect(worstOf(["ok", "error", "warning"])).toBe("warning");
  });

  it("attaches findings only to red verdicts", () => {
    expect(findingsFor("ok", ["latency"])).toBeUndefined();
    expect(findingsFor("critical", ["latency", "latency"])).toEqual(["latency"]);
    expect(findingsFor("warning", [])).toBeUndefined();
  });

  it("merges verdicts with the worst leading", () => {
    const ok: Verdict = {
      status: "ok",
      headline: "fine",
      headlineValue: 1,
      figures: [{ label: "a", value: 1 }],
      detail: "A.",
    };
    const bad: Verdict = {
      status: "critical",
      headline: "bad",
      headlineValue: 2,
      figures: [
        { label: "a", value: 9 },
        { label: "b", value: 2 },
      ],
      detail: "B.",
      findings: ["latency"],
    };
    const merged = mergeVerdicts([ok, bad]);
    expect(merged.headline).toBe("bad");
    expect(merged.status).toBe("critical");
    expect(merged.figures).toEqual([
      { label: "a", value: 9 },
      { label: "b", value: 2 },
    ]);
    expect(merged.detail).toBe("B. A.");
    expect(merged.findings).toEqual(["latency"]);
    expect(mergeVerdicts([]).headline).toBe("nothing to judge");
  });
});

describe("check-input", () => {
  it("names every malformed field with its path", () => {
    const schema = z.object({ a: z.number(), list: z.array(z.object({ b: z.string() })) });
    const checked = checkInput(schema, { a: "1", list: [{ b: 2 }] }, "thing");
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.verdict.status).toBe("error");
    expect(checked.verdict.headline).toBe("unexpected thing output");
    expect(checked.verdict.detail).toBe(
      "thing.a: Invalid input: expected number, received string; thing.list[0].b: Invalid input: expected string, received number",
    );
  });

  it("caps the list of issues", () => {
    const result = z.array(z.number()).safeParse(["a", "b", "c", "d", "e", "f", "g"]);
    if (result.success) throw new Error("expected failure");
    expect(describeIssues(result.error, "r").endsWith("; and 2 more")).toBe(true);
  });
});

describe("mongo-values", () => {
  it("reads numbers in every BSON wrapping", () => {
    expect(asNumber(3)).toBe(3);
    expect(asNumber(12n)).toBe(12);
    expect(asNumber({ $numberLong: "9007199254740993" })).toBe(9007199254740992);
    expect(asNumber({ $numberDouble: "1.5" })).toBe(1.5);
    expect(asNumber({ _bsontype: "Long", toString: () => "42" })).toBe(42);
    expect(asNumber("3")).toBeNull();
    expect(asNumber(Number.NaN)).toBeNull();
    expect(asNumber(null)).toBeNull();
  });

  it("reads dates", () => {
    expect(asIsoDate(new Date("2024-11-28T17:40:00Z"))).toBe("2024-11-28T17:40:00.000Z");
    expect(asIsoDate({ $date: "2024-11-28T17:40:00Z" })).toBe("2024-11-28T17:40:00.000Z");
    expect(asIsoDate({ $date: { $numberLong: "0" } })).toBe("1970-01-01T00:00:00.000Z");
    expect(asIsoDate("not a date")).toBeNull();
  });

  it("names the server", () => {
    expect(describeServer(undefined)).toBe("this server");
    expect(describeServer({ product: "MongoDB", version: "7.0.14" })).toBe("MongoDB 7.0.14");
    expect(isFerretDb({ product: "FerretDB", version: "2.1.0" })).toBe(true);
    expect(isFerretDb(undefined)).toBe(false);
  });
});
