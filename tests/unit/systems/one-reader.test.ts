// "No reply is parsed twice": each Redis and Prometheus reply is read into typed data once, by the reader the
// client calls (redis/info.ts, redis/read.ts, prometheus/targets.ts, prometheus/exposition.ts); the checks take
// that typed data. A source scan keeps a second parser from creeping back into a check or a run module.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const SYSTEMS = ["redis", "prometheus"].map((s) => path.join(ROOT, "lib/systems", s));

function files(pattern: RegExp): string[] {
  return SYSTEMS.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => pattern.test(name))
      .map((name) => path.join(dir, name)),
  );
}

/** Comments stripped, so a comment that mentions parsing is not a call. */
function code(file: string): string {
  return fs
    .readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1");
}

/**
 * What a second reading looks like: zod or the verdict module's checkInput() (validation of a raw reply),
 * JSON.parse / safeParse / .parse(, and calls of a parse*() or read*() function. parseExpositionFloat is
 * allowed: check-latency turns the `le`/`quantile` label of an already-read sample into a number.
 */
const SECOND_READING = [
  /from\s+["']zod["']/,
  /\bcheckInput\s*\(/,
  /\bJSON\.parse\s*\(/,
  /\bsafeParse\s*\(/,
  /\.parse\s*\(/,
  /\b(?!parseExpositionFloat\b)parse[A-Z]\w*\s*\(/,
  /\bread[A-Z]\w*\s*\(/,
];

function offences(file: string): string[] {
  const text = code(file);
  return SECOND_READING.filter((re) => re.test(text)).map((re) => `${path.relative(ROOT, file)}: ${re.source}`);
}

describe("one reader per reply (redis, prometheus)", () => {
  it("finds the check and run modules it scans", () => {
    expect(files(/^check-.*\.ts$/).length).toBeGreaterThanOrEqual(15);
    expect(files(/^run\.ts$/)).toHaveLength(2);
  });

  it("has no check module that validates or parses a reply again", () => {
    expect(files(/^check-.*\.ts$/).flatMap(offences)).toEqual([]);
  });

  it("has no run module that reads a reply: the client hands over typed data", () => {
    expect(files(/^run\.ts$/).flatMap(offences)).toEqual([]);
  });

  it("declares one RedisInfo type and one INFO parser", () => {
    const redis = fs
      .readdirSync(path.join(ROOT, "lib/systems/redis"))
      .map((n) => path.join(ROOT, "lib/systems/redis", n));
    const declaring = redis.filter((f) => /\b(?:interface\s+RedisInfo\b|type\s+RedisInfo\s*=)/.test(code(f)));
    expect(declaring.map((f) => path.basename(f))).toEqual(["info.ts"]);
    const infoParsers = redis.filter((f) => /\bfunction\s+\w*(?:parse|read)\w*Info\w*\s*\(/i.test(code(f)));
    expect(infoParsers.map((f) => path.basename(f))).toEqual(["info.ts"]);
  });

  it("masks CONFIG GET secrets in one place, with lib/redact's MASK", () => {
    const redis = fs
      .readdirSync(path.join(ROOT, "lib/systems/redis"))
      .map((n) => path.join(ROOT, "lib/systems/redis", n));
    const masking = redis.filter((f) => /\bisSecretKey\b/.test(code(f)));
    expect(masking.map((f) => path.basename(f))).toEqual(["read.ts"]);
    expect(redis.filter((f) => /••••••|REDACTED/.test(code(f)))).toEqual([]);
  });
});
