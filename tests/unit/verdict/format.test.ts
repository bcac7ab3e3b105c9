import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCount,
  formatMillis,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSeconds,
  plural,
  truncate,
} from "../../../lib/verdict/format";

describe("formatNumber", () => {
  it("drops trailing zeros and negative zero", () => {
    expect(formatNumber(6.2)).toBe("6.2");
    expect(formatNumber(42)).toBe("42");
    expect(formatNumber(1.25, 2)).toBe("1.25");
    expect(formatNumber(-0.01, 1)).toBe("0");
  });
  it("names values that are not numbers", () => {
    expect(formatNumber(Number.NaN)).toBe("n/a");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("∞");
  });
});

describe("formatCount", () => {
  it("groups thousands from five digits on", () => {
    expect(formatCount(20000)).toBe("20 000");
    expect(formatCount(1234567)).toBe("1 234 567");
    expect(formatCount(1000)).toBe("1000");
    expect(formatCount(-45000)).toBe("-45 000");
    expect(formatCount(3)).toBe("3");
  });
});

describe("formatPercent", () => {
  it("shows one decimal, two below 1 %", () => {
    expect(formatPercent(42)).toBe("42 %");
    expect(formatPercent(6.25)).toBe("6.3 %");
    expect(formatPercent(0.04)).toBe("0.04 %");
    expect(formatPercent(0)).toBe("0 %");
    expect(formatPercent(100)).toBe("100 %");
  });
  it("never rounds onto 0 % or 100 %", () => {
    expect(formatPercent(99.97)).toBe("> 99.9 %");
    expect(formatPercent(0.001)).toBe("< 0.01 %");
  });
  it("formats ratios", () => {
    expect(formatRatio(0.062)).toBe("6.2 %");
  });
});

describe("formatSeconds / formatMillis", () => {
  it("picks the unit a person would say", () => {
    expect(formatSeconds(0)).toBe("0 s");
    expect(formatSeconds(0.0005)).toBe("500 µs");
    expect(formatSeconds(0.0025)).toBe("2.5 ms");
    expect(formatSeconds(0.35)).toBe("350 ms");
    expect(formatSeconds(1.2)).toBe("1.2 s");
    expect(formatSeconds(125)).toBe("2 min 5 s");
    expect(formatSeconds(3600)).toBe("1 h");
    expect(formatSeconds(1209600)).toBe("14 d");
    expect(formatMillis(1200)).toBe("1.2 s");
    expect(formatMillis(45)).toBe("45 ms");
  });
  it("does not show 1000 ms or 60 s", () => {
    expect(formatSeconds(0.9996)).toBe("1 s");
    expect(formatSeconds(59.97)).toBe("1 min");
  });
});

describe("formatBytes", () => {
  it("uses binary multiples like Redis", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatBytes(2147483648)).toBe("2 GB");
  });
});

describe("truncate / plural", () => {
  it("cuts with an ellipsis and counts nouns", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
    expect(plural(1, "key")).toBe("1 key");
    expect(plural(20000, "key")).toBe("20 000 keys");
  });
});
