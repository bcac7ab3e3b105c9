// Parses the JS-ish object literals of Mongo shell lines (unquoted keys, single quotes, trailing commas) into JSON values.
//
// Hand-written because json5 is not installed and package.json is not ours to change. It is deliberately smaller
// than JSON5: no functions, regex literals, ObjectId()/ISODate() or any other code — such input is an error, and
// the caller turns it into a manual step instead of guessing.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export class RelaxedJsonError extends Error {
  override name = "RelaxedJsonError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

const MAX_DEPTH = 32;
const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    const value = this.parseValue(0);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("unexpected text after the value");
    return value;
  }

  /** A comma-separated list of values filling the whole text (function-call arguments); empty text → []. */
  parseList(): JsonValue[] {
    const values: JsonValue[] = [];
    this.skipSpace();
    if (this.pos >= this.text.length) return values;
    for (;;) {
      values.push(this.parseValue(0));
      this.skipSpace();
      if (this.pos >= this.text.length) return values;
      this.expect(",");
      this.skipSpace();
    }
  }

  private fail(message: string): never {
    throw new RelaxedJsonError(message, this.pos);
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected "${ch}"`);
    this.pos += 1;
  }

  private skipSpace(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
        this.pos += 1;
      } else if (this.text.startsWith("//", this.pos)) {
        const end = this.text.indexOf("\n", this.pos);
        this.pos = end === -1 ? this.text.length : end;
      } else if (this.text.startsWith("/*", this.pos)) {
        const end = this.text.indexOf("*/", this.pos + 2);
        if (end === -1) this.fail("unterminated comment");
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail("nested too deeply");
    this.skipSpace();
    const ch = this.peek();
    if (ch === "{") return this.parseObject(depth);
    if (ch === "[") return this.parseArray(depth);
    if (ch === '"' || ch === "'") return this.parseString();
    const number = NUMBER.exec(this.text.slice(this.pos));
    if (number !== null) {
      this.pos += number[0].length;
      const value = Number(number[0]);
      if (!Number.isFinite(value)) this.fail("number out of range");
      return value;
    }
    const word = this.readIdentifier();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    this.pos -= word.length;
    return this.fail(word === "" ? "expected a value" : `unsupported value "${word}"`);
  }

  private parseObject(depth: number): JsonObject {
    this.expect("{");
    const object: JsonObject = {};
    for (;;) {
      this.skipSpace();
      if (this.peek() === "}") {
        this.pos += 1;
        return object;
      }
      const quote = this.peek();
      const key = quote === '"' || quote === "'" ? this.parseString() : this.readIdentifier();
      if (key === "" && quote !== '"' && quote !== "'") this.fail("expected a key");
      this.skipSpace();
      this.expect(":");
      const value = this.parseValue(depth + 1);
      // defineProperty so a "__proto__" key is an ordinary own property, never a prototype change.
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      if (this.peek() === ",") {
        this.pos += 1;
        continue;
      }
      this.skipSpace();
      this.expect("}");
      return object;
    }
  }

  private parseArray(depth: number): JsonValue[] {
    this.expect("[");
    const array: JsonValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === "]") {
        this.pos += 1;
        return array;
      }
      array.push(this.parseValue(depth + 1));
      this.skipSpace();
      if (this.peek() === ",") {
        this.pos += 1;
        continue;
      }
      this.expect("]");
      return array;
    }
  }

  private parseString(): string {
    const quote = this.peek();
    this.pos += 1;
    let out = "";
    while (this.pos < this.text.length) {
      const ch = this.peek();
      if (ch === quote) {
        this.pos += 1;
        return out;
      }
      if (ch === "\n" || ch === "\r") this.fail("line break inside a string");
      if (ch !== "\\") {
        out += ch;
        this.pos += 1;
        continue;
      }
      const escaped = this.text.charAt(this.pos + 1);
      const simple = SIMPLE_ESCAPES[escaped];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
        continue;
      }
      if (escaped === "u") {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail("bad \\u escape");
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      this.fail("unsupported escape");
    }
    return this.fail("unterminated string");
  }

  private readIdentifier(): string {
    const start = this.pos;
    if (!IDENTIFIER_START.test(this.peek())) return "";
    while (this.pos < this.text.length && IDENTIFIER_PART.test(this.peek())) this.pos += 1;
    return this.text.slice(start, this.pos);
  }
}

/** Parses one relaxed-JSON value filling the whole text. Throws RelaxedJsonError. */
export function parseRelaxedJson(text: string): JsonValue {
  return new Parser(text).parseDocument();
}

/** Parses a function call's argument text ("1, { slowms: 100 }") into its values. Throws RelaxedJsonError. */
export function parseRelaxedJsonList(text: string): JsonValue[] {
  return new Parser(text).parseList();
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
