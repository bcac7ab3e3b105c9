// Parses the guide's local commands (tail, git log, env, cat, top/free/ss) into reads of the dashboard's own host.
import type { ShellInput, ShellParser } from "../core/adapter";
import { manual, operationStep, type ParsedCommand as ParsedOf } from "../core/parsed";
import { localCli } from "./cli";
import type { LocalOperation } from "./operation";

type ParsedCommand = ParsedOf<LocalOperation>;

function localStep(operation: LocalOperation): ParsedCommand {
  return operationStep(operation, localCli(operation));
}

const SINCE_RELATIVE = /^\d{1,4} (?:minutes?|hours?|days?|weeks?) ago$/;
const SINCE_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SAFE_PATH = /^[A-Za-z0-9_./-]{1,256}$/;
const CONFIG_EXTENSIONS = /\.(?:ya?ml|json|toml|ini|conf|cfg|properties)$/;
const ENV_PREFIX = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
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
  return localStep({ kind: "log-tail", file, follow });
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
  return localStep({ kind: "git-log", since: normalized });
}

function parseEnv(args: string[], grep: ShellInput["grep"], line: string): ParsedCommand {
  if (args.length > 0) return manual("env with arguments runs a program; copy it", line);
  if (grep === undefined) return manual("env alone prints every variable, secrets included", line);
  const prefix = grep.pattern.replace(/^\^/, "");
  if (grep.ignoreCase || !ENV_PREFIX.test(prefix)) {
    return manual("only `env | grep PREFIX_` with a variable-name prefix runs live", line);
  }
  return localStep({ kind: "env", prefix });
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
  return localStep({ kind: "config-file", file });
}

function notRunLive(command: string, line: string): ParsedCommand {
  return manual(`"${command}" is not a diagnostic command this dashboard runs live`, line);
}

function parseSystem(command: string, args: string[], line: string): ParsedCommand {
  switch (command) {
    case "htop":
    case "uptime":
      return args.length === 0 ? localStep({ kind: "system", what: "resources" }) : notRunLive(command, line);
    case "top": {
      const batch = args.join(" ");
      return args.length === 0 || /^(?:-b -n ?\d{1,2}|-bn ?\d{1,2})$/.test(batch)
        ? localStep({ kind: "system", what: "resources" })
        : notRunLive(command, line);
    }
    case "free":
      return args.length <= 1 && args.every((arg) => /^-[bkmgh]$/.test(arg))
        ? localStep({ kind: "system", what: "resources" })
        : notRunLive(command, line);
    case "netstat":
    case "ss":
      return args.every((arg) => /^-[tulpnae]+$/.test(arg))
        ? localStep({ kind: "system", what: "network" })
        : manual(`${command} ${args.join(" ")}: only listing listening sockets runs live`, line);
    default:
      return notRunLive(command, line);
  }
}

/**
 * Wraps a parser of plain words: local commands never take a grep stage (env excepted) and never see shell
 * expansion, since nothing here is evaluated by a shell.
 */
function plain(
  name: string,
  parse: (args: string[], input: ShellInput) => ParsedCommand,
  grepAllowed = false,
): ShellParser<LocalOperation> {
  return (input) => {
    if (input.grep !== undefined && !grepAllowed) return manual(`piping ${name} into grep is not run live`, input.line);
    if (input.args.some((word) => word.expands)) {
      return manual("uses shell expansion ($…), which is never evaluated", input.line);
    }
    return parse(
      input.args.map((word) => word.value),
      input,
    );
  };
}

const system = (name: string) => plain(name, (args, input) => parseSystem(name, args, input.line));

export const LOCAL_PROGRAMS: Readonly<Record<string, ShellParser<LocalOperation>>> = {
  tail: plain("tail", (args, input) => parseTail(args, input.line)),
  git: plain("git", (args, input) => parseGitLog(args, input.line)),
  env: plain("env", (args, input) => parseEnv(args, input.grep, input.line), true),
  printenv: plain("printenv", (args, input) => parseEnv(args, input.grep, input.line), true),
  cat: plain("cat", (args, input) => parseCat(args, input.line)),
  htop: system("htop"),
  uptime: system("uptime"),
  top: system("top"),
  free: system("free"),
  netstat: system("netstat"),
  ss: system("ss"),
};
