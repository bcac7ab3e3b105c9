// Strict parser for the Prometheus text exposition format 0.0.4 (what prom-client and Go clients serve on /metrics).
//
// Hand-written on purpose: an operator needs "line 12: ... " when an exporter emits a broken line, and no
// maintained npm parser reports line numbers (parse-prometheus-text-format, the usual pick, is unmaintained
// since 2017 and skips what it cannot read). The rules follow the format spec and the Go reference parser
// (prometheus/common expfmt): HELP/TYPE at most once per family and TYPE before the family's first sample,
// blanks allowed between a metric name and its "{", label names starting with "__" reserved, label values
// with \\ \" \n escapes, Go float syntax plus NaN/±Inf (no hex floats or "_", which expfmt refuses too),
// an optional signed int64 millisecond timestamp, histogram bucket and _count values (and summary _count
// values) never negative, and a body that is valid UTF-8.
//
// Written for speed too (bench/exposition-parse.ts times a 5 MB exposition against `promtool check metrics`):
// it reads the body's bytes in one pass and never decodes the whole body into a string (decoding 5 MB costs
// more than parsing it). Names and label values are compared byte for byte with the previous line's (a
// histogram's buckets differ only in "le") and otherwise looked up in a table of the strings already made,
// so a scrape decodes each distinct name and value once and allocates little beyond the samples it returns.
// The strings it returns are small and their own: none keeps the scraped body alive.

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

// Byte classes (ASCII only; a byte above 127 is in none of them).
const LABEL_START = 1; // [a-zA-Z_]
const LABEL_CHAR = 2; // [a-zA-Z0-9_]
const METRIC_START = 4; // [a-zA-Z_:]
const METRIC_CHAR = 8; // [a-zA-Z0-9_:]
const CLASS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  CLASS[c] =
    (letter ? LABEL_START | METRIC_START : 0) |
    (letter || digit ? LABEL_CHAR | METRIC_CHAR : 0) |
    (c === 58 ? METRIC_START | METRIC_CHAR : 0);
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const EQUALS = 61;
const UNDERSCORE = 95;
const BACKSLASH = 92;
const LOWER_N = 110;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

// ignoreBOM keeps a U+FEFF that starts a decoded span (a label value may begin with one); the parser itself
// skips a byte order mark at the start of the body.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/** Exact powers of ten: a mantissa below 2^53 times or divided by one of these is correctly rounded. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** ASCII case-insensitive: do the bytes b[from, to) spell `word` (given in lower case)? */
function spells(b: Uint8Array, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (((b[from + i] as number) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Go's ParseFloat as expfmt uses it, on b[from, to): decimal or exponent notation, NaN, Inf/Infinity with an
 * optional sign (any case); null for anything else, and for a decimal too large for a float64 (Go's ErrRange).
 */
function scanFloat(b: Uint8Array, from: number, to: number): number | null {
  let i = from;
  let negative = false;
  let c = i < to ? (b[i] as number) : -1;
  if (c === PLUS || c === MINUS) {
    negative = c === MINUS;
    i += 1;
    c = i < to ? (b[i] as number) : -1;
  }
  if ((c >= ZERO && c <= NINE) || c === DOT) {
    let mantissa = 0;
    let significant = 0; // digits gathered into mantissa, leading zeros not counted
    let inexact = false; // a 16th significant digit: the slow path decides
    let fraction = 0; // digits gathered after the point
    let digits = false;
    while (i < to) {
      c = b[i] as number;
      if (c < ZERO || c > NINE) break;
      digits = true;
      if (significant < 15) {
        mantissa = mantissa * 10 + (c - ZERO);
        if (mantissa !== 0) significant += 1;
      } else inexact = true;
      i += 1;
    }
    if (i < to && b[i] === DOT) {
      i += 1;
      while (i < to) {
        c = b[i] as number;
        if (c < ZERO || c > NINE) break;
        digits = true;
        if (significant < 15) {
          mantissa = mantissa * 10 + (c - ZERO);
          if (mantissa !== 0) significant += 1;
          fraction += 1;
        } else inexact = true;
        i += 1;
      }
    }
    if (!digits) return null;
    let exponent = 0;
    if (i < to && ((b[i] as number) | 0x20) === 101 /* e */) {
      i += 1;
      let expNegative = false;
      c = i < to ? (b[i] as number) : -1;
      if (c === PLUS || c === MINUS) {
        expNegative = c === MINUS;
        i += 1;
      }
      const expStart = i;
      while (i < to) {
        c = b[i] as number;
        if (c < ZERO || c > NINE) break;
        if (exponent < 100000) exponent = exponent * 10 + (c - ZERO);
        i += 1;
      }
      if (i === expStart) return null;
      if (expNegative) exponent = -exponent;
    }
    if (i !== to) return null;
    if (!inexact) {
      const signed = negative ? -mantissa : mantissa;
      const scale = exponent - fraction;
      if (scale === 0) return signed;
      if (scale < 0 && scale >= -22) return signed / (POW10[-scale] as number);
      if (scale > 0 && scale <= 22) return signed * (POW10[scale] as number);
    }
    const value = Number(ascii(b, from, to));
    return Number.isFinite(value) ? value : null;
  }
  if (spells(b, i, to, "inf") || spells(b, i, to, "infinity")) {
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (i === from && spells(b, i, to, "nan")) return Number.NaN;
  return null;
}

let floatScratch = new Uint8Array(64);

/** Go's ParseFloat as the format uses it: decimal or exponent notation, NaN, Inf, +Inf, -Inf. */
export function parseExpositionFloat(token: string): number | null {
  const n = token.length;
  if (n === 0) return null;
  if (n > floatScratch.length) floatScratch = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    floatScratch[i] = c < 128 ? c : 255;
  }
  return scanFloat(floatScratch, 0, n);
}

const INT64_MAX = "9223372036854775807";
const INT64_MIN_ABS = "9223372036854775808";

/** Go's ParseInt(s, 10, 64) on b[from, to): an optional sign and decimal digits within int64; null otherwise. */
function scanTimestamp(b: Uint8Array, from: number, to: number): number | null {
  let i = from;
  const sign = b[i];
  if (sign === PLUS || sign === MINUS) i += 1;
  if (i === to) return null;
  for (let j = i; j < to; j++) {
    const c = b[j] as number;
    if (c < ZERO || c > NINE) return null;
  }
  while (i < to - 1 && b[i] === ZERO) i += 1;
  let value: number;
  if (to - i <= 15) {
    value = 0;
    for (let j = i; j < to; j++) value = value * 10 + ((b[j] as number) - ZERO);
  } else {
    const digits = ascii(b, i, to);
    if (digits.length > 19) return null;
    if (digits.length === 19 && digits > (sign === MINUS ? INT64_MIN_ABS : INT64_MAX)) return null;
    value = Number(digits);
  }
  return sign === MINUS ? -value : value;
}

/** HELP docstrings escape only backslash and newline; anything else stays as written. */
function unescapeHelp(text: string): string {
  return text.includes("\\") ? text.replace(/\\(\\|n)/g, (_, ch: string) => (ch === "n" ? "\n" : "\\")) : text;
}

/** A label value's \\ \" \n escapes (already checked by the scan). */
function unescapeLabelValue(raw: string): string {
  return raw.replace(/\\(["\\n])/g, (_, ch: string) => (ch === "n" ? "\n" : ch));
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  // ASCII runs are skipped four bytes at a time over the 4-byte-aligned part of the buffer.
  const aligned = (4 - (b.byteOffset & 3)) & 3;
  const wordCount = n > aligned ? (n - aligned) >>> 2 : 0;
  const words = new Uint32Array(b.buffer, b.byteOffset + aligned, wordCount);
  let i = 0;
  while (i < n) {
    if (i >= aligned && ((i - aligned) & 3) === 0) {
      let w = (i - aligned) >>> 2;
      while (w < wordCount && ((words[w] as number) & 0x80808080) === 0) w += 1;
      i = aligned + w * 4;
      if (i >= n) break;
    }
    const lead = b[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0; // no overlong forms
      if (lead === 0xed) upper = 0x9f; // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const cont = i + k < n ? (b[i + k] as number) : -1;
      if (cont < (k === 1 ? lower : 0x80) || cont > (k === 1 ? upper : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** A string can only fail UTF-8 by holding a lone surrogate (from a careless decode); name its line. */
function checkWellFormed(text: string): void {
  const isWellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (isWellFormed === undefined || isWellFormed.call(text)) return;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line += 1;
      lineStart = i + 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      let lineEnd = text.indexOf("\n", i);
      if (lineEnd < 0) lineEnd = text.length;
      throw new ExpositionParseError(
        line,
        text.slice(lineStart, lineEnd).replace(/\r$/, ""),
        `not valid UTF-8: a lone surrogate U+${c.toString(16).toUpperCase()} at character ${i - lineStart + 1} of the line`,
      );
    }
  }
}

interface FamilyState {
  family: MetricFamily;
  typeDeclared: boolean;
  helpDeclared: boolean;
}

// What a sample line is within its family.
const PLAIN = 0; // counter, gauge, untyped, or a _bucket/_count/_sum that belongs to no histogram/summary
const BASE = 1; // a histogram's or summary's own name (summary quantiles)
const BUCKET = 2;
const COUNT = 3;
const SUM = 4;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** One parse: a cursor over the body's bytes, the families so far, and what the previous sample line held. */
class Parser {
  private readonly b: Uint8Array;
  private pos = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private lineNumber = 0;
  /** Offset of the first byte that is not UTF-8, or -1: the line holding it is an error when reached. */
  private readonly badUtf8: number;

  private readonly states = new Map<string, FamilyState>();
  private readonly order: MetricFamily[] = [];

  // The previous sample line: its name (bytes at lastStart, lastLength) and family, and its labels slot by
  // slot: each slot's name and value as strings and where their bytes were (length -1: do not compare).
  private lastName = "";
  private lastStart = 0;
  private lastLength = -1;
  private lastState: FamilyState | null = null;
  private lastKind = PLAIN;
  private readonly slotNames: string[] = [];
  private readonly slotNameStart: number[] = [];
  private readonly slotNameLength: number[] = [];
  private readonly slotValues: string[] = [];
  private readonly slotValueStart: number[] = [];
  private readonly slotValueLength: number[] = [];

  // Strings made so far, by the bytes they were decoded from (open addressing, FNV-1a hashes).
  private internMask = 1023;
  private internStrings: (string | undefined)[] = new Array(1024);
  private internStart = new Int32Array(1024);
  private internLength = new Int32Array(1024);
  private internHash = new Int32Array(1024);
  private internCount = 0;

  constructor(bytes: Uint8Array) {
    this.b = bytes;
    this.badUtf8 = firstInvalidUtf8(bytes);
    // A UTF-8 byte order mark is not part of the first line.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
  }

  run(): MetricFamily[] {
    const b = this.b;
    const length = b.length;
    while (this.pos < length || this.lineNumber === 0) {
      this.lineNumber += 1;
      this.lineStart = this.pos;
      let end = b.indexOf(LF, this.pos);
      const next = end < 0 ? length : end + 1;
      if (end < 0) end = length;
      // Tolerate CRLF from proxies that rewrite line endings; the \r is not part of the line.
      if (end > this.pos && b[end - 1] === CR) end -= 1;
      this.lineEnd = end;
      if (this.badUtf8 >= this.pos && this.badUtf8 < next) this.failUtf8();
      this.line();
      this.pos = next;
    }
    return this.order;
  }

  private lineText(): string {
    return decoder.decode(this.b.subarray(this.lineStart, this.lineEnd));
  }

  private fail(reason: string): never {
    throw new ExpositionParseError(this.lineNumber, this.lineText(), reason);
  }

  private failUtf8(): never {
    const byte = (this.b[this.badUtf8] as number).toString(16).padStart(2, "0");
    this.fail(`not valid UTF-8: byte 0x${byte} at byte ${this.badUtf8 - this.lineStart + 1} of the line`);
  }

  private text(from: number, to: number): string {
    return decoder.decode(this.b.subarray(from, to));
  }

  private skipBlanks(): void {
    const b = this.b;
    let pos = this.pos;
    while (pos < this.lineEnd && (b[pos] === SPACE || b[pos] === TAB)) pos += 1;
    this.pos = pos;
  }

  /** The byte at the cursor, or -1 at the end of the line. */
  private peek(): number {
    return this.pos < this.lineEnd ? (this.b[this.pos] as number) : -1;
  }

  private sameBytes(a: number, c: number, length: number): boolean {
    const b = this.b;
    for (let i = 0; i < length; i++) if (b[a + i] !== b[c + i]) return false;
    return true;
  }

  /** The string the bytes [from, to) decode to, made once per distinct byte sequence. */
  private intern(from: number, to: number, hash: number): string {
    const length = to - from;
    const mask = this.internMask;
    const strings = this.internStrings;
    let i = hash & mask;
    for (;;) {
      const found = strings[i];
      if (found === undefined) break;
      if (
        this.internHash[i] === hash &&
        this.internLength[i] === length &&
        this.sameBytes(this.internStart[i] as number, from, length)
      ) {
        return found;
      }
      i = (i + 1) & mask;
    }
    const made = this.text(from, to);
    strings[i] = made;
    this.internStart[i] = from;
    this.internLength[i] = length;
    this.internHash[i] = hash;
    this.internCount += 1;
    if (this.internCount * 2 > mask) this.growIntern();
    return made;
  }

  private growIntern(): void {
    const oldStrings = this.internStrings;
    const oldStart = this.internStart;
    const oldLength = this.internLength;
    const oldHash = this.internHash;
    const size = oldStrings.length * 2;
    const mask = size - 1;
    this.internMask = mask;
    this.internStrings = new Array(size);
    this.internStart = new Int32Array(size);
    this.internLength = new Int32Array(size);
    this.internHash = new Int32Array(size);
    for (let j = 0; j < oldStrings.length; j++) {
      const s = oldStrings[j];
      if (s === undefined) continue;
      const hash = oldHash[j] as number;
      let i = hash & mask;
      while (this.internStrings[i] !== undefined) i = (i + 1) & mask;
      this.internStrings[i] = s;
      this.internStart[i] = oldStart[j] as number;
      this.internLength[i] = oldLength[j] as number;
      this.internHash[i] = hash;
    }
  }

  /** Reads a name of bytes in `rest` (the first also in `start`) at the cursor; returns it interned, or "" if none. */
  private readName(start: number, rest: number): string {
    const b = this.b;
    const from = this.pos;
    let pos = from;
    if (pos >= this.lineEnd || ((CLASS[b[pos] as number] as number) & start) === 0) return "";
    let hash = FNV_OFFSET;
    while (pos < this.lineEnd) {
      const c = b[pos] as number;
      if (((CLASS[c] as number) & rest) === 0) break;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      pos += 1;
    }
    this.pos = pos;
    return this.intern(from, pos, hash);
  }

  /** Does the name that was at [start, start + length) (length -1: none) recur at the cursor, whole? */
  private nameRecurs(start: number, length: number, rest: number): boolean {
    const end = this.pos + length;
    if (length < 0 || end > this.lineEnd || !this.sameBytes(start, this.pos, length)) return false;
    return end === this.lineEnd || ((CLASS[this.b[end] as number] as number) & rest) === 0;
  }

  /** Everything up to the next blank or the end of the line: returns where it began; the cursor is after it. */
  private scanToken(): number {
    const b = this.b;
    const from = this.pos;
    let pos = from;
    while (pos < this.lineEnd && b[pos] !== SPACE && b[pos] !== TAB) pos += 1;
    this.pos = pos;
    return from;
  }

  private familyNamed(name: string): FamilyState {
    let state = this.states.get(name);
    if (!state) {
      state = { family: { name, type: "untyped", samples: [] }, typeDeclared: false, helpDeclared: false };
      this.states.set(name, state);
      this.order.push(state.family);
    }
    return state;
  }

  private line(): void {
    this.skipBlanks();
    if (this.pos >= this.lineEnd) return;
    if (this.b[this.pos] === HASH) this.comment();
    else this.sample();
  }

  private comment(): void {
    const b = this.b;
    this.pos += 1;
    this.skipBlanks();
    const kwStart = this.scanToken();
    let keyword: "HELP" | "TYPE" | null = null;
    if (this.pos - kwStart === 4) {
      const k = ascii(b, kwStart, this.pos);
      if (k === "HELP" || k === "TYPE") keyword = k;
    }
    if (keyword === null) return; // an ordinary comment
    // A HELP or TYPE line can change which family a repeated sample name belongs to.
    this.lastLength = -1;
    this.lastState = null;
    this.skipBlanks();
    const name = this.readName(METRIC_START, METRIC_CHAR);
    if (name === "") this.fail(`expected a metric name after ${keyword}`);
    const c = this.peek();
    if (c !== -1 && c !== SPACE && c !== TAB) this.fail(`invalid character in metric name after ${keyword}`);
    const state = this.familyNamed(name);
    this.skipBlanks();
    const rest = this.text(this.pos, this.lineEnd);
    if (keyword === "HELP") {
      if (state.helpDeclared) this.fail(`second HELP line for metric "${name}"`);
      state.family.help = unescapeHelp(rest);
      state.helpDeclared = true;
      return;
    }
    if (state.typeDeclared) this.fail(`second TYPE line for metric "${name}"`);
    if (state.family.samples.length > 0) this.fail(`TYPE line for metric "${name}" after its samples`);
    const typeText = rest.trim().toLowerCase();
    const type = METRIC_TYPES.find((t) => t === typeText);
    if (!type) this.fail(`unknown metric type "${typeText}"`);
    state.family.type = type;
    state.typeDeclared = true;
  }

  /** The family a sample belongs to: a histogram's _bucket/_count/_sum or a summary's _count/_sum go to the base. */
  private resolveFamily(name: string): void {
    let kind = PLAIN;
    let state: FamilyState | undefined;
    let suffix = 0;
    if (name.endsWith("_bucket")) {
      suffix = 7;
      kind = BUCKET;
    } else if (name.endsWith("_count")) {
      suffix = 6;
      kind = COUNT;
    } else if (name.endsWith("_sum")) {
      suffix = 4;
      kind = SUM;
    }
    if (suffix > 0) {
      const base = this.states.get(name.slice(0, -suffix));
      const type = base?.family.type;
      if (type === "histogram" || (type === "summary" && kind !== BUCKET)) state = base;
    }
    if (!state) {
      state = this.familyNamed(name);
      const type = state.family.type;
      kind = type === "histogram" || type === "summary" ? BASE : PLAIN;
    }
    this.lastState = state;
    this.lastKind = kind;
  }

  private sample(): void {
    const b = this.b;
    let name = this.lastName;
    if (this.nameRecurs(this.lastStart, this.lastLength, METRIC_CHAR)) {
      this.pos += this.lastLength;
    } else {
      const start = this.pos;
      name = this.readName(METRIC_START, METRIC_CHAR);
      if (name === "") this.fail("expected a metric name");
      this.lastName = name;
      this.lastStart = start;
      this.lastLength = this.pos - start;
      this.resolveFamily(name);
    }
    const c = this.peek();
    if (c !== -1 && c !== OPEN_BRACE && c !== SPACE && c !== TAB) this.fail("invalid character in metric name");
    this.skipBlanks();
    const labels: Record<string, string> = {};
    if (this.peek() === OPEN_BRACE) this.readLabels(labels);
    this.skipBlanks();
    if (this.pos >= this.lineEnd) this.fail("expected a value after the metric name");
    const valueStart = this.scanToken();
    const value = scanFloat(b, valueStart, this.pos);
    if (value === null) this.fail(`expected a number as the value, got "${this.text(valueStart, this.pos)}"`);
    this.skipBlanks();
    const sample: MetricSample = { name, labels, value };
    if (this.pos < this.lineEnd) {
      const tsStart = this.scanToken();
      const timestampMs = scanTimestamp(b, tsStart, this.pos);
      if (timestampMs === null) {
        this.fail(`expected an integer millisecond timestamp, got "${this.text(tsStart, this.pos)}"`);
      }
      sample.timestampMs = timestampMs;
      this.skipBlanks();
      if (this.pos < this.lineEnd) this.fail("unexpected text after the timestamp");
    }

    const family = (this.lastState as FamilyState).family;
    switch (this.lastKind) {
      case BUCKET: {
        const le = labels.le;
        if (le === undefined) this.fail('histogram bucket without an "le" label');
        if (parseExpositionFloat(le) === null) this.fail(`expected a number as the "le" label, got "${le}"`);
        if (value < 0) this.fail(`a histogram bucket count cannot be negative, got ${value}`);
        break;
      }
      case COUNT:
        if (value < 0) this.fail(`a ${family.type} _count cannot be negative, got ${value}`);
        break;
      case BASE:
        if (family.type === "histogram") this.fail(`histogram sample "${name}" must end in _bucket, _count or _sum`);
        else {
          const quantile = labels.quantile;
          if (quantile === undefined) this.fail('summary sample without a "quantile" label');
          if (parseExpositionFloat(quantile) === null) {
            this.fail(`expected a number as the "quantile" label, got "${quantile}"`);
          }
        }
        break;
    }
    family.samples.push(sample);
  }

  /** Reads `{name="value", ...}` from the "{" at the cursor into `labels`. */
  private readLabels(labels: Record<string, string>): void {
    const b = this.b;
    const slotNames = this.slotNames;
    const slotValues = this.slotValues;
    this.pos += 1; // "{"
    for (let slot = 0; ; slot++) {
      this.skipBlanks();
      if (this.peek() === CLOSE_BRACE) {
        this.pos += 1;
        return;
      }
      if (slot === slotNames.length) {
        slotNames.push("");
        this.slotNameStart.push(0);
        this.slotNameLength.push(-1);
        slotValues.push("");
        this.slotValueStart.push(0);
        this.slotValueLength.push(-1);
      }

      // The name: this slot's name on the previous line, else read (and checked) afresh.
      let name: string;
      const cachedLength = this.slotNameLength[slot] as number;
      if (this.nameRecurs(this.slotNameStart[slot] as number, cachedLength, LABEL_CHAR)) {
        name = slotNames[slot] as string;
        this.pos += cachedLength;
      } else {
        const start = this.pos;
        name = this.readName(LABEL_START, LABEL_CHAR);
        if (name === "") {
          this.fail(this.pos >= this.lineEnd ? "unterminated label set, expected '}'" : "expected a label name");
        }
        if (name.charCodeAt(0) === UNDERSCORE && name.charCodeAt(1) === UNDERSCORE) {
          this.fail(`label name "${name}" is reserved: names starting with "__" are for Prometheus' own use`);
        }
        slotNames[slot] = name;
        this.slotNameStart[slot] = start;
        this.slotNameLength[slot] = this.pos - start;
      }
      for (let i = 0; i < slot; i++) if (slotNames[i] === name) this.fail(`label "${name}" appears twice`);
      this.skipBlanks();
      if (this.peek() !== EQUALS) this.fail(`expected '=' after label name "${name}"`);
      this.pos += 1;
      this.skipBlanks();
      if (this.peek() !== QUOTE) this.fail(`expected a quoted value for label "${name}"`);
      this.pos += 1;

      // The value: this slot's value on the previous line if the same bytes and a quote follow, else scanned.
      const from = this.pos;
      const cachedValueLength = this.slotValueLength[slot] as number;
      const cachedEnd = from + cachedValueLength;
      let value: string;
      if (
        cachedValueLength >= 0 &&
        cachedEnd < this.lineEnd &&
        b[cachedEnd] === QUOTE &&
        this.sameBytes(this.slotValueStart[slot] as number, from, cachedValueLength)
      ) {
        value = slotValues[slot] as string;
        this.pos = cachedEnd + 1;
      } else {
        let pos = from;
        let hash = FNV_OFFSET;
        let escaped = false;
        for (;;) {
          if (pos >= this.lineEnd) this.fail(`unterminated value for label "${name}"`);
          const c = b[pos] as number;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            const e = pos + 1 < this.lineEnd ? (b[pos + 1] as number) : -1;
            if (e !== BACKSLASH && e !== QUOTE && e !== LOWER_N) {
              const shown =
                e === -1 ? "" : this.text(pos + 1, pos + 1 + (e < 0xc0 ? 1 : e < 0xe0 ? 2 : e < 0xf0 ? 3 : 4));
              this.fail(`invalid escape sequence "\\${shown}" in the value of label "${name}"`);
            }
            escaped = true;
            pos += 2;
            continue;
          }
          hash = Math.imul(hash ^ c, FNV_PRIME);
          pos += 1;
        }
        if (escaped) {
          value = unescapeLabelValue(this.text(from, pos));
          this.slotValueLength[slot] = -1;
        } else {
          value = this.intern(from, pos, hash);
          this.slotValueStart[slot] = from;
          this.slotValueLength[slot] = pos - from;
        }
        slotValues[slot] = value;
        this.pos = pos + 1;
      }
      labels[name] = value;

      this.skipBlanks();
      const c = this.peek();
      if (c === COMMA) {
        this.pos += 1;
        continue;
      }
      if (c === CLOSE_BRACE) {
        this.pos += 1;
        return;
      }
      this.fail(`expected ',' or '}' after the value of label "${name}"`);
    }
  }
}

/**
 * Parses a whole exposition; throws ExpositionParseError at the first line the format does not allow.
 * Pass the body's bytes when you have them (an HTTP body): they must be UTF-8, and a byte that is not is an
 * error naming its line, where a decoded string would already hold U+FFFD in its place.
 */
export function parsePrometheusText(body: string | Uint8Array): MetricFamily[] {
  if (typeof body === "string") {
    checkWellFormed(body);
    return new Parser(encoder.encode(body)).run();
  }
  return new Parser(body).run();
}
