import { describe, expect, it } from "vitest";
import { type ShellToken, shellQuote, splitPipeline, TokenizeError, tokenize } from "../../../lib/commands/tokenize";

const words = (line: string): string[] =>
  tokenize(line).map((token) => (token.type === "word" ? token.value : `<${token.op}>`));

describe("tokenize", () => {
  it("splits on blanks and removes quotes", () => {
    expect(words(`redis-cli  get "rate_limit:{user_id}"`)).toEqual(["redis-cli", "get", "rate_limit:{user_id}"]);
    expect(words(`git log --since="24 hours ago"`)).toEqual(["git", "log", "--since=24 hours ago"]);
    expect(words(`a'b c'"d e"f`)).toEqual(["ab cd ef"]);
    expect(words(`'' ""`)).toEqual(["", ""]);
  });

  it('keeps backslashes in double quotes unless they escape $ ` " or \\', () => {
    expect(words(`curl -w "\\n%{time_total}s\\n" x`)).toEqual(["curl", "-w", "\\n%{time_total}s\\n", "x"]);
    expect(words(`"a\\"b" "c\\\\d" "\\$HOME"`)).toEqual(['a"b', "c\\d", "$HOME"]);
  });

  it("takes single quotes literally and unquoted backslash escapes the next character", () => {
    expect(words(`'a\\b $X "c"'`)).toEqual(['a\\b $X "c"']);
    expect(words(`a\\ b \\|`)).toEqual(["a b", "|"]);
  });

  it("recognises pipes and other operators, longest first", () => {
    expect(words("a | grep x")).toEqual(["a", "<|>", "grep", "x"]);
    expect(words("a||b&&c;d>e 2>&1 <f")).toEqual([
      "a",
      "<||>",
      "b",
      "<&&>",
      "c",
      "<;>",
      "d",
      "<>>",
      "e",
      "2",
      "<>&>",
      "1",
      "<<>",
      "f",
    ]);
    expect(words("(a)")).toEqual(["<(>", "a", "<)>"]);
  });

  it("treats an unquoted newline as a command separator", () => {
    expect(words("a\nb 'c\nd'")).toEqual(["a", "<;>", "b", "c\nd"]);
  });

  it("starts a comment only at the beginning of a word", () => {
    expect(words("htop # look at CPU")).toEqual(["htop"]);
    expect(words("echo a#b '#c'")).toEqual(["echo", "a#b", "#c"]);
  });

  it("flags words a shell would expand, without expanding them", () => {
    const flags = (line: string): boolean[] =>
      tokenize(line).flatMap((token: ShellToken) => (token.type === "word" ? [token.expands] : []));
    expect(flags(`$X "\${Y}" "$(id)" \`id\` '$Z' a$ "\\$W" plain`)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it("leaves unquoted $( ... ) as operators, so a pipeline check refuses it", () => {
    expect(splitPipeline(tokenize("curl $(cat url)"))).toBeNull();
  });

  it("throws on unterminated quotes and a trailing backslash", () => {
    expect(() => tokenize(`curl "http://x`)).toThrow(TokenizeError);
    expect(() => tokenize("echo 'x")).toThrow(TokenizeError);
    expect(() => tokenize("echo x\\")).toThrow(TokenizeError);
  });
});

describe("splitPipeline", () => {
  it("splits on single pipes", () => {
    const stages = splitPipeline(tokenize("curl x | grep error"));
    expect(stages?.map((stage) => stage.map((word) => word.value))).toEqual([
      ["curl", "x"],
      ["grep", "error"],
    ]);
  });

  it("refuses other operators and empty stages", () => {
    for (const line of ["a && b", "a; b", "a > f", "a | | b", "| a", "a |", "a || b", "a & b", "a |& b"]) {
      expect(splitPipeline(tokenize(line)), line).toBeNull();
    }
  });
});

describe("shellQuote", () => {
  it("leaves safe words bare and single-quotes the rest", () => {
    expect(shellQuote("maxmemory-policy")).toBe("maxmemory-policy");
    expect(shellQuote("rate_limit:{user_id}")).toBe("'rate_limit:{user_id}'");
    expect(shellQuote("")).toBe("''");
  });

  it("round-trips through tokenize for awkward strings", () => {
    for (const value of ["it's", "a b", '$HOME "x"', "`id`", "\\n%{time_total}s\\n", "a|b;c", "#x", "'''"]) {
      expect(tokenize(shellQuote(value))).toEqual([{ type: "word", value, expands: false }]);
    }
  });
});
