// Turns one guide command line into a typed Operation, a Remediation (shown, never run) or a copyable manual step.
import { type GrepFilter, isGrepFilter, parseGrepStage } from "./grep-stage";
import type { ParsedCommand } from "./operation";
import { parseCurl } from "./parse-curl";
import { type CommandContext, parseMongoExpression } from "./parse-mongo";
import { parseRedisCli, parseRedisCommand } from "./parse-redis";
import { manual, operationStep } from "./parsed";
import { isCommandLine } from "./split-steps";
import { type ShellWord, splitPipeline, TokenizeError, tokenize } from "./tokenize";

export type { CommandContext } from "./parse-mongo";
export { type CodeBlockStep, isCommandLine, splitSteps } from "./split-steps";

export interface ParseOptions {
  /**
   * Where the line sits in the runbook. In a diagnosis, db.setProfilingLevel(...) becomes its read-only
   * counterpart (read the profiler); in a solution it is the remediation it says. Default "diagnosis".
   */
  context?: CommandContext;
}

type LangKind = "shell" | "mongo" | "redis" | "code";

const SHELL_LANGS = new Set(["", "bash", "sh", "shell", "zsh"]);
// Fences that name a database shell hold shell commands; js/javascript fences hold application code.
const MONGO_LANGS = new Set(["mongo", "mongosh", "mongodb"]);
const REDIS_LANGS = new Set(["redis", "redis-cli"]);

function langKind(lang: string): LangKind {
  const normalized = lang.trim().toLowerCase();
  if (SHELL_LANGS.has(normalized)) return "shell";
  if (MONGO_LANGS.has(normalized)) return "mongo";
  if (REDIS_LANGS.has(normalized)) return "redis";
  return "code";
}

const MAX_LINE_LENGTH = 4000;
const SINCE_RELATIVE = /^\d{1,4} (?:minutes?|hours?|days?|weeks?) ago$/;
const SINCE_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SAFE_PATH = /^[A-Za-z0-9_./-]{1,256}$/;
const CONFIG_EXTENSIONS = /\.(?:ya?ml|json|toml|ini|conf|cfg|properties)$/;
const ENV_PREFIX = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MONGO_SHELLS = new Set(["mongosh", "mongo"]);
// mongosh connection options are dropped: the MongoDB target comes from config, never from the guide's text.
const MONGOSH_OPTIONS_WITH_VALUE = new Set([
  "--host",
  "--port",
  "-u",
  "--username",
  "-p",
  "--password",
  "--authenticationDatabase",
  "--authenticationMechanism",
  "--tlsCAFile",
  "--tlsCertificateKeyFile",
]);
const MONGOSH_FLAGS = new Set(["--quiet", "--norc", "--tls", "--json", "--json=relaxed", "--json=canonical"]);

export function isValidSince(since: string): boolean {
  if (SINCE_RELATIVE.test(since)) return true;
  const iso = SINCE_ISO.exec(since);
  if (iso === null) return false;
  const [, , month = "0", day = "0", hour = "0", minute = "0", second = "0"] = iso;
  return (
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= 31 &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    !Number.isNaN(Date.parse(since.replace(" ", "T")))
  );
}

/** A plain relative or absolute file path: no "..", "//", globs, "~" or shell characters. */
function isPlainPath(path: string): boolean {
  return SAFE_PATH.test(path) && !path.includes("//") && !path.split("/").includes("..");
}

function values(words: readonly ShellWord[]): string[] {
  return words.map((word) => word.value);
}

function parseTail(args: string[], line: string): ParsedCommand {
  let follow = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "-f" || arg === "-F" || arg === "--follow") {
      follow = true;
    } else if (arg === "-n" || arg === "--lines") {
      i += 1;
      if (!/^\d{1,5}$/.test(args[i] ?? "")) return manual("tail -n takes a line count", line);
    } else if (/^-n\d{1,5}$/.test(arg) || /^--lines=\d{1,5}$/.test(arg) || /^-\d{1,5}$/.test(arg)) {
      // The count only sizes the window; the log target caps what it reads anyway.
    } else if (arg.startsWith("-")) {
      return manual(`tail option ${arg} is not run live`, line);
    } else {
      files.push(arg);
    }
  }
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) return manual("tail of exactly one file runs live", line);
  if (!isPlainPath(file)) return manual("the log path must be a plain path (no .., globs or ~)", line);
  if (!file.endsWith(".log") && !file.startsWith("/var/log/")) {
    return manual("only log files (*.log or under /var/log/) are tailed live", line);
  }
  return operationStep({ kind: "log-tail", file, follow });
}

function parseGitLog(args: string[], line: string): ParsedCommand {
  const [sub, ...rest] = args;
  if (sub !== "log") return manual(`git ${sub ?? ""} is not a read-only diagnostic this dashboard runs`.trim(), line);
  let since: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? "";
    const inline = /^--(?:since|after)=(.*)$/s.exec(arg);
    if (inline !== null) {
      since = inline[1];
    } else if (arg === "--since" || arg === "--after") {
      i += 1;
      since = rest[i];
    } else if (arg !== "--oneline") {
      return manual(`git log option ${arg} is not run live (only --since)`, line);
    }
  }
  if (since === undefined) return manual("git log without --since would list the whole history", line);
  const trimmed = since.trim();
  // "24 Hours Ago" reads the same to git; ISO dates keep their T and Z.
  const normalized = SINCE_RELATIVE.test(trimmed.toLowerCase()) ? trimmed.toLowerCase() : trimmed;
  if (!isValidSince(normalized)) {
    return manual('--since must read like "24 hours ago" or an ISO date such as 2024-05-01', line);
  }
  return operationStep({ kind: "git-log", since: normalized });
}

function parseEnv(args: string[], grep: GrepFilter | undefined, line: string): ParsedCommand {
  if (args.length > 0) return manual("env with arguments runs a program; copy it", line);
  if (grep === undefined) return manual("env alone prints every variable, secrets included", line);
  const prefix = grep.pattern.replace(/^\^/, "");
  if (grep.ignoreCase || !ENV_PREFIX.test(prefix)) {
    return manual("only `env | grep PREFIX_` with a variable-name prefix runs live", line);
  }
  return operationStep({ kind: "env", prefix });
}

function parseCat(args: string[], line: string): ParsedCommand {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0 || file.startsWith("-")) {
    return manual("cat of exactly one file runs live", line);
  }
  const base = file.split("/").pop() ?? "";
  if (!isPlainPath(file) || base.startsWith(".") || !CONFIG_EXTENSIONS.test(base)) {
    return manual("only config files (.yaml, .json, .toml, .ini, .conf…) are read live; .env and others are not", line);
  }
  return operationStep({ kind: "config-file", file });
}

function parseSystem(command: string, args: string[], line: string): ParsedCommand | null {
  switch (command) {
    case "htop":
    case "uptime":
      return args.length === 0 ? operationStep({ kind: "system", what: "resources" }) : null;
    case "top": {
      const batch = args.join(" ");
      return args.length === 0 || /^(?:-b -n ?\d{1,2}|-bn ?\d{1,2})$/.test(batch)
        ? operationStep({ kind: "system", what: "resources" })
        : null;
    }
    case "free":
      return args.length <= 1 && args.every((arg) => /^-[bkmgh]$/.test(arg))
        ? operationStep({ kind: "system", what: "resources" })
        : null;
    case "netstat":
    case "ss":
      return args.every((arg) => /^-[tulpnae]+$/.test(arg))
        ? operationStep({ kind: "system", what: "network" })
        : manual(`${command} ${args.join(" ")}: only listing listening sockets runs live`, line);
    default:
      return null;
  }
}

function parseMongoShell(words: readonly ShellWord[], line: string, context: CommandContext): ParsedCommand {
  let script: ShellWord | undefined;
  let positional = 0;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (word === undefined) break;
    if (word.value === "--eval") {
      i += 1;
      script = words[i];
    } else if (MONGOSH_OPTIONS_WITH_VALUE.has(word.value)) {
      i += 1;
    } else if (MONGOSH_FLAGS.has(word.value)) {
      // Output formatting only.
    } else if (word.value.startsWith("-")) {
      return manual(`mongosh option ${word.value} is not run live`, line);
    } else if (positional === 0) {
      positional += 1; // connection string or database name: the target comes from config
    } else {
      return manual("mongosh with more than one address or a script file", line);
    }
  }
  if (script === undefined) return manual("mongosh without --eval opens an interactive shell", line);
  if (script.expands) return manual("the --eval script uses shell expansion ($…); quote it with single quotes", line);
  return parseMongoExpression(script.value, line, context);
}

function parseShellLine(text: string, context: CommandContext): ParsedCommand {
  let tokens: ReturnType<typeof tokenize>;
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof TokenizeError) return manual(`cannot be split into words: ${error.message}`, text);
    throw error;
  }
  if (tokens.length === 0) return manual("a comment or blank line, not a command", text);
  const stages = splitPipeline(tokens);
  if (stages === null) {
    return manual("uses shell operators (;, &&, ||, >, <, &, parentheses) that are never run", text);
  }
  const [first, second, ...more] = stages;
  if (first === undefined) return manual("not a command", text);
  if (more.length > 0) return manual("a pipeline longer than `command | grep word` is not run live", text);

  let grep: GrepFilter | undefined;
  if (second !== undefined) {
    const parsed = parseGrepStage(second);
    if (!isGrepFilter(parsed)) return manual(parsed.reason, text);
    grep = parsed;
  }

  // sudo changes nothing for us: nothing runs locally with anyone's privileges.
  const words = first[0]?.value === "sudo" && !(first[1]?.value.startsWith("-") ?? true) ? first.slice(1) : first;
  const [command, ...args] = words;
  if (command === undefined) return manual("not a command", text);
  const name = command.value;
  const grepAllowed = ["redis-cli", "curl", "env", "printenv"].includes(name);
  if (grep !== undefined && !grepAllowed) return manual(`piping ${name} into grep is not run live`, text);

  if (name === "curl") return parseCurl(args, grep, text);
  if (name === "redis-cli") return parseRedisCli(args, grep, text);
  if (MONGO_SHELLS.has(name)) return parseMongoShell(args, text, context);
  if (words.some((word) => word.expands)) return manual("uses shell expansion ($…), which is never evaluated", text);

  const argv = values(args);
  switch (name) {
    case "tail":
      return parseTail(argv, text);
    case "git":
      return parseGitLog(argv, text);
    case "env":
    case "printenv":
      return parseEnv(argv, grep, text);
    case "cat":
      return parseCat(argv, text);
    default: {
      const system = parseSystem(name, argv, text);
      return system ?? manual(`"${name}" is not a diagnostic command this dashboard runs live`, text);
    }
  }
}

/**
 * Parses one command line of a guide code block (its `# comment` already split off by splitSteps).
 * Nothing is executed and nothing ever reaches a shell; what is not understood becomes a manual step.
 */
export function parseCommand(line: string, lang: string, options: ParseOptions = {}): ParsedCommand {
  const text = line.trim();
  const context = options.context ?? "diagnosis";
  if (!isCommandLine(text)) return manual("a comment or blank line, not a command", text);
  if (text.length > MAX_LINE_LENGTH) return manual(`longer than ${MAX_LINE_LENGTH} characters; copy it`, text);
  if (/[\r\n]/.test(text)) return manual("more than one line: one command per line runs live", text);

  switch (langKind(lang)) {
    case "code":
      return manual(`code, not a command (${lang.trim() || "unknown"} block)`, text);
    case "mongo":
      if (!text.startsWith("db.")) return manual("only db.* expressions of a Mongo shell block run live", text);
      return parseMongoExpression(text, text, context);
    case "redis": {
      try {
        const stages = splitPipeline(tokenize(text));
        const only = stages?.[0];
        if (stages === null || stages.length !== 1 || only === undefined) {
          return manual("a Redis block line must be one Redis command", text);
        }
        return parseRedisCommand(only, undefined, text);
      } catch (error) {
        if (error instanceof TokenizeError) return manual(`cannot be split into words: ${error.message}`, text);
        throw error;
      }
    }
    case "shell":
      // Mongo shell lines sit in the guide's bash blocks; shell quoting rules would mangle their JS.
      if (text.startsWith("db.")) return parseMongoExpression(text, text, context);
      return parseShellLine(text, context);
  }
}
