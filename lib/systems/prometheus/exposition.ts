// Strict parser for the Prometheus text exposition format 0.0.4 (what prom-client and Go clients serve on /metrics).
//
// Hand-written on purpose: an operator needs "line 12: ... " when an exporter emits a broken line, and no
// maintained npm parser reports line numbers (parse-prometheus-text-format, the usual pick, is unmaintained
// since 2017 and skips what it cannot read). The rules follow the format spec and the Go reference parser
// (prometheus/common expfmt): HELP/TYPE at most once per family and TYPE before the family's first sample,
// label values with \\ \" \n escapes, Go float syntax plus NaN/±Inf, optional integer millisecond timestamp.

export const METRIC_TYPES = ["counter", "gauge", "histogram", "summary", "untyped"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export interface MetricSample {
  /** The sample's own name: "http_request_duration_seconds_bucket" for a histogram bucket. */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch when the exposition carries one. */
  timestampMs?: number;
}

export interface MetricFamily {
  /** Family name: the histogram/summary base name, the full name for counters ("..._total"). */
  name: string;
  type: MetricType;
  help?: string;
  samples: MetricSample[];
}

/** A line the format does not allow; the message names the 1-based line number and quotes the line. */
export class ExpositionParseError extends Error {
  readonly lineNumber: number;
  readonly lineText: string;
  readonly reason: string;

  constructor(lineNumber: number, lineText: string, reason: string) {
    const quoted = JSON.stringify(lineText.length > 200 ? `${lineText.slice(0, 199)}…` : lineText);
    super(`line ${lineNumber}: ${reason}: ${quoted}`);
    this.name = "ExpositionParseError";
    this.lineNumber = lineNumber;
    this.lineText = lineText;
    this.reason = reason;
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;

/** Go's ParseFloat as the format uses it: decimal or exponent notation, NaN, Inf, +Inf, -Inf. */
export function parseExpositionFloat(token: string): number | null {
  if (DECIMAL.test(token)) return Number(token);
  if (INFINITY.test(token)) return token.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(token)) return Number.NaN;
  return null;
}

interface FamilyState {
  family: MetricFamily;
  typeDeclared: boolean;
  helpDeclared: boolean;
}

/** A cursor over one line; `fail` throws with the line's number and text. */
class LineCursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly lineNumber: number,
  ) {}

  fail(reason: string): never {
    throw new ExpositionParseError(this.lineNumber, this.text, reason);
  }
  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? "";
  }
  skipBlanks(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos += 1;
  }
  match(re: RegExp): string {
    const m = re.exec(this.text.slice(this.pos));
    const found = m?.[0] ?? "";
    this.pos += found.length;
    return found;
  }
  /** Everything up to the next blank. */
  token(): string {
    return this.match(/^[^ \t]+/);
  }
}

function readLabelValue(cursor: LineCursor, labelName: string): string {
  let value = "";
  for (;;) {
    if (cursor.atEnd()) cursor.fail(`unterminated value for label "${labelName}"`);
    const ch = cursor.peek();
    cursor.pos += 1;
    if (ch === '"') return value;
    if (ch !== "\\") {
      value += ch;
      continue;
    }
    const escaped = cursor.peek();
    cursor.pos += 1;
    if (escaped === "\\") value += "\\";
    else if (escaped === '"') value += '"';
    else if (escaped === "n") value += "\n";
    else cursor.fail(`invalid escape sequence "\\${escaped}" in the value of label "${labelName}"`);
  }
}

function readLabels(cursor: LineCursor): Record<string, string> {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  cursor.pos += 1; // "{"
  for (;;) {
    cursor.skipBlanks();
    if (cursor.peek() === "}") {
      cursor.pos += 1;
      break;
    }
    const name = cursor.match(LABEL_NAME);
    if (!name) cursor.fail(cursor.atEnd() ? "unterminated label set, expected '}'" : "expected a label name");
    if (seen.has(name)) cursor.fail(`label "${name}" appears twice`);
    seen.add(name);
    cursor.skipBlanks();
    if (cursor.peek() !== "=") cursor.fail(`expected '=' after label name "${name}"`);
    cursor.pos += 1;
    cursor.skipBlanks();
    if (cursor.peek() !== '"') cursor.fail(`expected a quoted value for label "${name}"`);
    cursor.pos += 1;
    entries.push([name, readLabelValue(cursor, name)]);
    cursor.skipBlanks();
    if (cursor.peek() === ",") {
      cursor.pos += 1;
      continue;
    }
    if (cursor.peek() === "}") {
      cursor.pos += 1;
      break;
    }
    cursor.fail(`expected ',' or '}' after the value of label "${name}"`);
  }
  // fromEntries defines own properties, so a label called "__proto__" stays a plain label.
  return Object.fromEntries(entries);
}

/** HELP docstrings escape only backslash and newline; anything else stays as written. */
function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, ch: string) => (ch === "n" ? "\n" : "\\"));
}

/** Parses a whole exposition; throws ExpositionParseError at the first line the format does not allow. */
export function parsePrometheusText(text: string): MetricFamily[] {
  const states = new Map<string, FamilyState>();
  const order: MetricFamily[] = [];

  const familyNamed = (name: string): FamilyState => {
    let state = states.get(name);
    if (!state) {
      state = { family: { name, type: "untyped", samples: [] }, typeDeclared: false, helpDeclared: false };
      states.set(name, state);
      order.push(state.family);
    }
    return state;
  };

  /** The family a sample belongs to: a histogram's _bucket/_count/_sum or a summary's _count/_sum go to the base. */
  const familyForSample = (sampleName: string): FamilyState => {
    const suffix = /_(bucket|count|sum)$/.exec(sampleName);
    if (suffix) {
      const base = states.get(sampleName.slice(0, -suffix[0].length));
      if (base?.family.type === "histogram") return base;
      if (base?.family.type === "summary" && suffix[1] !== "bucket") return base;
    }
    return familyNamed(sampleName);
  };

  const lines = text.split("\n");
  lines.forEach((rawLine, index) => {
    // Tolerate CRLF from proxies that rewrite line endings; the \r is not part of the line.
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const cursor: LineCursor = new LineCursor(line, index + 1);
    cursor.skipBlanks();
    if (cursor.atEnd()) return;

    if (cursor.peek() === "#") {
      cursor.pos += 1;
      cursor.skipBlanks();
      const keyword = cursor.token();
      if (keyword !== "HELP" && keyword !== "TYPE") return; // an ordinary comment
      cursor.skipBlanks();
      const name = cursor.match(METRIC_NAME);
      if (!name) cursor.fail(`expected a metric name after ${keyword}`);
      if (!cursor.atEnd() && cursor.peek() !== " " && cursor.peek() !== "\t") {
        cursor.fail(`invalid character in metric name after ${keyword}`);
      }
      const state = familyNamed(name);
      if (keyword === "HELP") {
        if (state.helpDeclared) cursor.fail(`second HELP line for metric "${name}"`);
        cursor.skipBlanks();
        state.family.help = unescapeHelp(line.slice(cursor.pos));
        state.helpDeclared = true;
        return;
      }
      if (state.typeDeclared) cursor.fail(`second TYPE line for metric "${name}"`);
      if (state.family.samples.length > 0) cursor.fail(`TYPE line for metric "${name}" after its samples`);
      cursor.skipBlanks();
      const typeText = line.slice(cursor.pos).trim().toLowerCase();
      const type = METRIC_TYPES.find((t) => t === typeText);
      if (!type) cursor.fail(`unknown metric type "${typeText}"`);
      state.family.type = type;
      state.typeDeclared = true;
      return;
    }

    const name = cursor.match(METRIC_NAME);
    if (!name) cursor.fail("expected a metric name");
    let labels: Record<string, string> = {};
    if (cursor.peek() === "{") labels = readLabels(cursor);
    else if (!cursor.atEnd() && cursor.peek() !== " " && cursor.peek() !== "\t") {
      cursor.fail("invalid character in metric name");
    }
    cursor.skipBlanks();
    if (cursor.atEnd()) cursor.fail("expected a value after the metric name");
    const valueToken = cursor.token();
    const value = parseExpositionFloat(valueToken);
    if (value === null) cursor.fail(`expected a number as the value, got "${valueToken}"`);
    cursor.skipBlanks();
    const sample: MetricSample = { name, labels, value };
    if (!cursor.atEnd()) {
      const tsToken = cursor.token();
      if (!/^-?\d+$/.test(tsToken)) cursor.fail(`expected an integer millisecond timestamp, got "${tsToken}"`);
      sample.timestampMs = Number(tsToken);
      cursor.skipBlanks();
      if (!cursor.atEnd()) cursor.fail("unexpected text after the timestamp");
    }

    const state = familyForSample(name);
    const family = state.family;
    if (family.type === "histogram") {
      if (name === `${family.name}_bucket`) {
        const le = labels.le;
        if (le === undefined) cursor.fail('histogram bucket without an "le" label');
        if (parseExpositionFloat(le) === null) cursor.fail(`expected a number as the "le" label, got "${le}"`);
      } else if (name === family.name) {
        cursor.fail(`histogram sample "${name}" must end in _bucket, _count or _sum`);
      }
    }
    if (family.type === "summary" && name === family.name) {
      const quantile = labels.quantile;
      if (quantile === undefined) cursor.fail('summary sample without a "quantile" label');
      if (parseExpositionFloat(quantile) === null) {
        cursor.fail(`expected a number as the "quantile" label, got "${quantile}"`);
      }
    }
    family.samples.push(sample);
  });

  return order;
}
