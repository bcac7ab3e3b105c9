import { describe, expect, it } from "vitest";
import {
  ExpositionParseError,
  parseExpositionFloat,
  parsePrometheusText,
} from "../../../../lib/systems/prometheus/exposition";
import { fixtureText } from "../fixtures";

function parseError(text: string): ExpositionParseError {
  try {
    parsePrometheusText(text);
  } catch (e) {
    if (e instanceof ExpositionParseError) return e;
    throw e;
  }
  throw new Error("expected an ExpositionParseError");
}

describe("parsePrometheusText on a prom-client scrape", () => {
  const families = parsePrometheusText(fixtureText("prometheus/metrics-app.txt"));
  const byName = (name: string) => families.find((f) => f.name === name);

  it("groups samples into families with HELP and TYPE", () => {
    expect(families.map((f) => f.name)).toEqual([
      "process_cpu_user_seconds_total",
      "process_cpu_system_seconds_total",
      "process_start_time_seconds",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_active_requests_total",
      "nodejs_heap_space_size_used_bytes",
      "nodejs_version_info",
      "nodejs_gc_duration_seconds",
      "app_build_info",
      "http_requests_total",
      "http_request_duration_seconds",
      "agent_requests_total",
      "agent_errors_total",
      "cache_hits_total",
      "cache_misses_total",
    ]);
    const counter = byName("http_requests_total");
    expect(counter?.type).toBe("counter");
    expect(counter?.help).toBe("Total number of HTTP requests");
    expect(counter?.samples).toHaveLength(5);
    expect(counter?.samples[2]).toEqual({
      name: "http_requests_total",
      labels: { method: "POST", route: "/api/agents/:id/query", status_code: "500" },
      value: 180,
    });
  });

  it("puts a histogram's _bucket, _sum and _count samples under the base name", () => {
    const histogram = byName("http_request_duration_seconds");
    expect(histogram?.type).toBe("histogram");
    // 5 series × (12 buckets + sum + count)
    expect(histogram?.samples).toHaveLength(70);
    const inf = histogram?.samples.find(
      (s) =>
        s.name === "http_request_duration_seconds_bucket" && s.labels.le === "+Inf" && s.labels.status_code === "503",
    );
    expect(inf?.value).toBe(45);
    expect(histogram?.samples.filter((s) => s.name === "http_request_duration_seconds_sum")).toHaveLength(5);
  });

  it("unescapes label values and HELP text", () => {
    const info = byName("app_build_info");
    expect(info?.samples[0]?.labels.description).toBe('the "agent" API\\v1');
    expect(info?.help).toBe("Build of the agent API; the \\ and \n in this help are escaped.");
  });
});

describe("parsePrometheusText format rules", () => {
  it("reads +Inf, -Inf, NaN, exponents and timestamps", () => {
    const [family] = parsePrometheusText(
      [
        "# TYPE m gauge",
        'm{k="a"} +Inf',
        'm{k="b"} -Inf 1732815600000',
        'm{k="c"} NaN',
        'm{k="d"} 1.5e-3',
        'm{k="e"} -2 -5',
        "",
      ].join("\n"),
    );
    const values = family?.samples.map((s) => s.value);
    expect(values?.[0]).toBe(Number.POSITIVE_INFINITY);
    expect(values?.[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(values?.[2])).toBe(true);
    expect(values?.[3]).toBe(0.0015);
    expect(family?.samples[1]?.timestampMs).toBe(1732815600000);
    expect(family?.samples[4]?.timestampMs).toBe(-5);
  });

  it("accepts blanks, empty label sets, trailing commas, CRLF and comments", () => {
    const families = parsePrometheusText('# a comment\r\n  up  1\r\nfoo{} 2\r\nbar{ a = "x" , b="y", } 3\r\n#EOF\r\n');
    expect(families.map((f) => [f.name, f.type, f.samples[0]?.value])).toEqual([
      ["up", "untyped", 1],
      ["foo", "untyped", 2],
      ["bar", "untyped", 3],
    ]);
    expect(families[2]?.samples[0]?.labels).toEqual({ a: "x", b: "y" });
  });

  it("keeps a label named __proto__ as a plain label", () => {
    const [family] = parsePrometheusText('m{__proto__="x"} 1\n');
    const labels = family?.samples[0]?.labels ?? {};
    expect(Object.keys(labels)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it("keeps summary quantiles, _sum and _count together", () => {
    const [family] = parsePrometheusText(
      [
        "# TYPE rpc_duration_seconds summary",
        'rpc_duration_seconds{quantile="0.5"} 0.012',
        'rpc_duration_seconds{quantile="0.99"} 0.31',
        "rpc_duration_seconds_sum 17.5",
        "rpc_duration_seconds_count 1200",
      ].join("\n"),
    );
    expect(family?.type).toBe("summary");
    expect(family?.samples.map((s) => s.name)).toEqual([
      "rpc_duration_seconds",
      "rpc_duration_seconds",
      "rpc_duration_seconds_sum",
      "rpc_duration_seconds_count",
    ]);
  });

  it("treats a _count without a histogram/summary family as its own family", () => {
    const families = parsePrometheusText("jobs_count 3\n");
    expect(families[0]?.name).toBe("jobs_count");
  });

  it("returns nothing for an empty exposition", () => {
    expect(parsePrometheusText("")).toEqual([]);
    expect(parsePrometheusText("\n\n# only a comment\n")).toEqual([]);
  });
});

describe("ExpositionParseError", () => {
  it("names the line number and quotes the line", () => {
    const e = parseError('# HELP foo x\nfoo{a="b"} 1\n\nfoo{a="b"}\n');
    expect(e.message).toBe('line 4: expected a value after the metric name: "foo{a=\\"b\\"}"');
    expect(e.lineNumber).toBe(4);
    expect(e.lineText).toBe('foo{a="b"}');
    expect(e.name).toBe("ExpositionParseError");
  });

  it.each([
    ["foo abc", 'line 1: expected a number as the value, got "abc"'],
    ["foo 1 2.5", 'line 1: expected an integer millisecond timestamp, got "2.5"'],
    ["foo 1 2 3", "line 1: unexpected text after the timestamp"],
    ['foo{a="b} 1', 'line 1: unterminated value for label "a"'],
    ['foo{a="\\t"} 1', 'line 1: invalid escape sequence "\\t" in the value of label "a"'],
    ['foo{a="1",a="2"} 1', 'line 1: label "a" appears twice'],
    ['foo{a "1"} 1', "line 1: expected '=' after label name \"a\""],
    ["foo{a=1} 1", 'line 1: expected a quoted value for label "a"'],
    ['foo{a="1" b="2"} 1', "line 1: expected ',' or '}' after the value of label \"a\""],
    ['foo{1a="x"} 1', "line 1: expected a label name"],
    ["foo-bar 1", "line 1: invalid character in metric name"],
    ["9foo 1", "line 1: expected a metric name"],
    ["# TYPE foo gauges", 'line 1: unknown metric type "gauges"'],
    ["# TYPE", "line 1: expected a metric name after TYPE"],
    ["# TYPE foo gauge\n# TYPE foo counter", 'line 2: second TYPE line for metric "foo"'],
    ["# HELP foo a\n# HELP foo b", 'line 2: second HELP line for metric "foo"'],
    ["foo 1\n# TYPE foo gauge", 'line 2: TYPE line for metric "foo" after its samples'],
    ["# TYPE h histogram\nh_bucket 1", 'line 2: histogram bucket without an "le" label'],
    ['# TYPE h histogram\nh_bucket{le="big"} 1', 'line 2: expected a number as the "le" label, got "big"'],
    ["# TYPE h histogram\nh 1", 'line 2: histogram sample "h" must end in _bucket, _count or _sum'],
    ["# TYPE s summary\ns 1", 'line 2: summary sample without a "quantile" label'],
  ])("rejects %j", (text, start) => {
    expect(parseError(text).message.startsWith(start)).toBe(true);
  });

  it("shortens very long lines in the message", () => {
    const e = parseError(`foo{a="${"x".repeat(500)}"}`);
    expect(e.message.length).toBeLessThan(300);
    expect(e.lineText.length).toBeGreaterThan(500);
  });
});

describe("parseExpositionFloat", () => {
  it("follows Go's ParseFloat for the forms exporters use", () => {
    expect(parseExpositionFloat("+Inf")).toBe(Number.POSITIVE_INFINITY);
    expect(parseExpositionFloat("Inf")).toBe(Number.POSITIVE_INFINITY);
    expect(parseExpositionFloat("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parseExpositionFloat("1e3")).toBe(1000);
    expect(parseExpositionFloat(".5")).toBe(0.5);
    expect(parseExpositionFloat("5.")).toBe(5);
    expect(parseExpositionFloat("")).toBeNull();
    expect(parseExpositionFloat("1,5")).toBeNull();
    expect(parseExpositionFloat("0x10")).toBeNull();
  });
});
