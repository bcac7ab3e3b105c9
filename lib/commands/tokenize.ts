// Splits one guide command line into shell words and operators by POSIX quoting rules, without evaluating anything.
//
// Hand-written because no shell-word tokenizer (shell-quote, shlex, ...) is installed and package.json is not ours
// to change. It never expands: `$VAR`, `$(...)` and backticks stay literal text and the word is flagged `expands`
// so the parser can refuse (or recognise) it; nothing here is ever handed to a shell.

export type ShellOperator =
  | "|"
  | "||"
  | "&"
  | "&&"
  | ";"
  | ";;"
  | "<"
  | ">"
  | ">>"
  | "<<"
  | "<&"
  | ">&"
  | "<>"
  | ">|"
  | "|&"
  | "("
  | ")";

export type ShellToken =
  | {
      type: "word";
      /** The word after quote removal. */
      value: string;
      /** True when a shell would have expanded part of it ($NAME, ${...}, $(...), backticks). */
      expands: boolean;
    }
  | { type: "op"; op: ShellOperator };

export class TokenizeError extends Error {
  override name = "TokenizeError";
}

// Longest first, so "||" wins over "|".
const OPERATORS: readonly ShellOperator[] = [
  ";;",
  "||",
  "&&",
  ">>",
  "<<",
  "<&",
  ">&",
  "<>",
  ">|",
  "|&",
  "|",
  "&",
  ";",
  "<",
  ">",
  "(",
  ")",
];

const OPERATOR_START = new Set(["|", "&", ";", "<", ">", "(", ")"]);
// Characters that make a following "$" an expansion rather than a literal dollar sign.
const EXPANSION_AFTER_DOLLAR = /[A-Za-z0-9_{(@*#?$!-]/;
// In double quotes a backslash only escapes these (POSIX 2.2.3); elsewhere it stays literal.
const DOUBLE_QUOTE_ESCAPABLE = new Set(["$", "`", '"', "\\", "\n"]);

/** Tokenizes one line. Throws TokenizeError on an unterminated quote or a trailing backslash. */
export function tokenize(line: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  let i = 0;
  let value = "";
  let inWord = false;
  let expands = false;

  const finishWord = (): void => {
    if (inWord) tokens.push({ type: "word", value, expands });
    value = "";
    inWord = false;
    expands = false;
  };

  while (i < line.length) {
    const ch = line.charAt(i);

    // An unquoted newline ends a command just like ";" does.
    if (ch === "\n") {
      finishWord();
      tokens.push({ type: "op", op: ";" });
      i += 1;
      continue;
    }

    if (ch === " " || ch === "\t" || ch === "\r") {
      finishWord();
      i += 1;
      continue;
    }

    // An unquoted "#" only starts a comment at the beginning of a word.
    if (ch === "#" && !inWord) break;

    if (OPERATOR_START.has(ch)) {
      finishWord();
      const op = OPERATORS.find((candidate) => line.startsWith(candidate, i));
      // OPERATOR_START only holds first characters of OPERATORS, so a match always exists.
      if (op === undefined) throw new TokenizeError(`unexpected character ${ch}`);
      tokens.push({ type: "op", op });
      i += op.length;
      continue;
    }

    inWord = true;

    if (ch === "\\") {
      if (i + 1 >= line.length) throw new TokenizeError("line ends with a backslash");
      value += line.charAt(i + 1);
      i += 2;
      continue;
    }

    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new TokenizeError("unterminated single quote");
      value += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }

    if (ch === '"') {
      i += 1;
      let closed = false;
      while (i < line.length) {
        const c = line.charAt(i);
        if (c === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (c === "\\" && i + 1 < line.length && DOUBLE_QUOTE_ESCAPABLE.has(line.charAt(i + 1))) {
          value += line.charAt(i + 1);
          i += 2;
          continue;
        }
        if (c === "`" || (c === "$" && EXPANSION_AFTER_DOLLAR.test(line.charAt(i + 1)))) expands = true;
        value += c;
        i += 1;
      }
      if (!closed) throw new TokenizeError("unterminated double quote");
      continue;
    }

    if (ch === "`" || (ch === "$" && EXPANSION_AFTER_DOLLAR.test(line.charAt(i + 1)))) expands = true;
    value += ch;
    i += 1;
  }

  finishWord();
  return tokens;
}

export type ShellWord = Extract<ShellToken, { type: "word" }>;

/** Splits tokens into pipeline stages; null when any operator other than a single "|" between commands appears. */
export function splitPipeline(tokens: readonly ShellToken[]): ShellWord[][] | null {
  const stages: ShellWord[][] = [[]];
  for (const token of tokens) {
    const current = stages[stages.length - 1];
    if (current === undefined) return null;
    if (token.type === "op") {
      if (token.op !== "|" || current.length === 0) return null;
      stages.push([]);
      continue;
    }
    current.push(token);
  }
  const last = stages[stages.length - 1];
  if (last === undefined || last.length === 0) return null;
  return stages;
}

const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** Quotes a word for copy-paste into a POSIX shell; bare when it is already safe. */
export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

// Characters that mean nothing special inside double quotes, so "$VAR<text>" stays one literal word.
export const DOUBLE_QUOTE_SAFE = /^[A-Za-z0-9._~/:@,+=&%?-]*$/;

/** ` | grep [-i] word` as a copyable pipeline suffix, or "" without a grep. */
export function grepSuffix(grep: string | undefined, ignoreCase: boolean | undefined): string {
  if (grep === undefined) return "";
  return ` | grep ${ignoreCase === true ? "-i " : ""}${shellQuote(grep)}`;
}
