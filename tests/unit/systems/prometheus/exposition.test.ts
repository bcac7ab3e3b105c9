import { describe, expect, it } from "vitest";
import {
  ExpositionParseError,
  parseExpositionFloat,
  parsePrometheusText,
} from "../../../../lib/systems/prometheus/exposition";
import { fixtureText } from "../fixtures";

function parseError(text: string | Uint8Array): ExpositionParseError {
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

  it("keeps labels named like Object.prototype members as plain own labels", () => {
    const [family] = parsePrometheusText('m{constructor="x",toString="y",hasOwnProperty="z"} 1\n');
    const labels = family?.samples[0]?.labels ?? {};
    expect(Object.keys(labels)).toEqual(["constructor", "toString", "hasOwnProperty"]);
    expect(labels.constructor).toBe("x");
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it("accepts blanks between a metric name and its '{'", () => {
    const families = parsePrometheusText('# TYPE m gauge\nm {a="x"} 1\nm \t {a="y"} 2\nm\t{ } 3\n');
    expect(families).toHaveLength(1);
    expect(families[0]?.samples.map((s) => [s.labels, s.value])).toEqual([
      [{ a: "x" }, 1],
      [{ a: "y" }, 2],
      [{}, 3],
    ]);
  });

  it("reads timestamps with a + or - sign", () => {
    const [family] = parsePrometheusText("m 1 +1732815600000\nm 2 -1732815600000\nm 3 +0\nm 4 -9223372036854775808\n");
    expect(family?.samples.map((s) => s.timestampMs)).toEqual([1732815600000, -1732815600000, 0, -(2 ** 63)]);
  });

  it("accepts a _sum that is negative and a negative value named _count outside a histogram or summary", () => {
    const families = parsePrometheusText(
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum -3.5\nh_count 2\n# TYPE jobs_count gauge\njobs_count -1\n',
    );
    expect(families.map((f) => f.samples.map((s) => s.value))).toEqual([[2, -3.5, 2], [-1]]);
  });

  it("reads the same families from bytes as from the string", () => {
    const text = fixtureText("prometheus/metrics-app.txt");
    expect(parsePrometheusText(Buffer.from(text, "utf8"))).toEqual(parsePrometheusText(text));
    const utf8 = '# HELP m Größe in µs\nm{city="Zürich",jp="東京",e="🙂"} 1\n';
    const [family] = parsePrometheusText(new TextEncoder().encode(utf8));
    expect(family?.help).toBe("Größe in µs");
    expect(family?.samples[0]?.labels).toEqual({ city: "Zürich", jp: "東京", e: "🙂" });
  });

  it("skips a UTF-8 byte order mark before the first line, and keeps a U+FEFF inside a label value", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('up 1\nm{a="\uFEFFx"} 2\n')]);
    const families = parsePrometheusText(bytes);
    expect(families.map((f) => f.name)).toEqual(["up", "m"]);
    expect(families[1]?.samples[0]?.labels.a).toBe("\uFEFFx");
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
    ['foo{a="\\é"} 1', 'line 1: invalid escape sequence "\\é" in the value of label "a"'],
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

  it.each([
    ['m{__name__="x"} 1', "__name__"],
    ['m{__proto__="x"} 1', "__proto__"],
    ['m{a="1",__meta_x="2"} 1', "__meta_x"],
  ])("rejects the reserved label name in %j", (text, name) => {
    const e = parseError(`# TYPE m gauge\n${text}\n`);
    expect(e.lineNumber).toBe(2);
    expect(e.reason).toBe(`label name "${name}" is reserved: names starting with "__" are for Prometheus' own use`);
  });

  it("accepts label names with a single leading underscore or __ inside", () => {
    const [family] = parsePrometheusText('m{_a="1",a__b="2"} 1\n');
    expect(family?.samples[0]?.labels).toEqual({ _a: "1", a__b: "2" });
  });

  it.each([
    [
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} -2',
      "line 3: a histogram bucket count cannot be negative, got -2",
    ],
    [
      '# TYPE h histogram\nh_bucket{le="+Inf"} -Inf',
      "line 2: a histogram bucket count cannot be negative, got -Infinity",
    ],
    [
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count -1',
      "line 4: a histogram _count cannot be negative, got -1",
    ],
    [
      '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 3\ns_count -0.5',
      "line 4: a summary _count cannot be negative, got -0.5",
    ],
  ])("rejects a negative count in %j", (text, start) => {
    expect(parseError(text).message.startsWith(start)).toBe(true);
  });

  it.each([
    ["m 1 +", '"+"'],
    ["m 1 -", '"-"'],
    ["m 1 ++5", '"++5"'],
    ["m 1 9223372036854775808", '"9223372036854775808"'],
    ["m 1 -9223372036854775809", '"-9223372036854775809"'],
    ["m 1 1e3", '"1e3"'],
  ])("rejects the timestamp in %j", (text, shown) => {
    expect(parseError(text).message).toContain(`expected an integer millisecond timestamp, got ${shown}`);
  });

  it("rejects a body that is not valid UTF-8, naming the line of the first bad byte", () => {
    const bytes = Buffer.concat([
      Buffer.from('# HELP m ok\nm{a="x"} 1\nm{a="'),
      Buffer.from([0xff]),
      Buffer.from('"} 2\nm{a="z"} 3\n'),
    ]);
    const e = parseError(bytes);
    expect(e.lineNumber).toBe(3);
    expect(e.reason).toBe("not valid UTF-8: byte 0xff at byte 6 of the line");
    expect(e.message.startsWith("line 3: not valid UTF-8")).toBe(true);
    expect(e.lineText).toBe('m{a="\uFFFD"} 2');
  });

  it.each([
    ["a comment", [0x23, 0x20, 0xc3, 0x28, 0x0a], 1], // a lead byte without its continuation
    ["an overlong '/'", [0x75, 0x70, 0x20, 0x31, 0x0a, 0x23, 0xc0, 0xaf, 0x0a], 2],
    ["an encoded surrogate", [0x23, 0x0a, 0x23, 0x0a, 0x23, 0xed, 0xa0, 0x80, 0x0a], 3],
    ["a sequence cut at the end", [0x75, 0x70, 0x20, 0x31, 0x0a, 0x23, 0xe6, 0x97], 2],
  ])("rejects invalid UTF-8 in %s", (_what, bytes, line) => {
    const e = parseError(new Uint8Array(bytes));
    expect(e.lineNumber).toBe(line);
    expect(e.reason).toMatch(/^not valid UTF-8: byte 0x[0-9a-f]{2} at byte \d+ of the line$/);
  });

  it("reports a syntax error before a later invalid byte, and an invalid byte before a later syntax error", () => {
    const early = Buffer.concat([Buffer.from("m x\n# "), Buffer.from([0xff]), Buffer.from("\n")]);
    expect(parseError(early).message.startsWith('line 1: expected a number as the value, got "x"')).toBe(true);
    const late = Buffer.concat([Buffer.from("# "), Buffer.from([0xff]), Buffer.from("\nm x\n")]);
    expect(parseError(late).message.startsWith("line 1: not valid UTF-8")).toBe(true);
  });

  it("rejects a string holding a lone surrogate, naming its line", () => {
    const e = parseError('up 1\nm{a="\uD800"} 1\n');
    expect(e.lineNumber).toBe(2);
    expect(e.reason).toBe("not valid UTF-8: a lone surrogate U+D800 at character 6 of the line");
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

  it("refuses what expfmt refuses: hex floats, underscores, a signed NaN, a float64 overflow", () => {
    for (const token of [
      "0x1p3",
      "1_000",
      "+NaN",
      "-nan",
      "1e400",
      "-1e309",
      "e5",
      "1e",
      "1e+",
      ".",
      "+",
      "--1",
      "1..2",
    ]) {
      expect(parseExpositionFloat(token), token).toBeNull();
    }
    expect(parseExpositionFloat("Infinity")).toBe(Number.POSITIVE_INFINITY);
    expect(parseExpositionFloat("-INFINITY")).toBe(Number.NEGATIVE_INFINITY);
    expect(parseExpositionFloat("nAn")).toBeNaN();
    expect(parseExpositionFloat("1e-400")).toBe(0);
    expect(Object.is(parseExpositionFloat("-0"), -0)).toBe(true);
  });

  it("rounds decimals exactly as Number() does", () => {
    // Deterministic (mulberry32): mantissas of 1 to 20 digits, a point anywhere, exponents up to ±30.
    let a = 7;
    const random = () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = 0; i < 20_000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * 10)).join("");
      const point = Math.floor(random() * (digits.length + 1));
      let token = `${random() < 0.3 ? "-" : ""}${digits.slice(0, point)}.${digits.slice(point)}`;
      if (token.endsWith(".") && random() < 0.5) token = token.slice(0, -1);
      if (random() < 0.4) token += `e${Math.floor(random() * 61) - 30}`;
      if (token === "." || token === "-.") continue;
      expect(Object.is(parseExpositionFloat(token), Number(token)), token).toBe(true);
    }
  });
});
