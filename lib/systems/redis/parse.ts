// Turns `redis-cli [options] COMMAND args [| grep word]` (or `redis-cli --memkeys`) into a read-only Redis operation
// or a CONFIG SET remediation.
import type { GrepFilter } from "../../commands/grep-stage";
import type { ParamSpec } from "../core/params";
import type { ParsedCommand as ParsedOf } from "../core/parsed";
import { redisCli } from "./cli";
import { decideRead } from "./command-space";
import { EVICTION_POLICIES } from "./eviction-policies";
import type { RedisOperation, RedisReadCommand } from "./operation";

type ParsedCommand = ParsedOf<RedisOperation>;

import { type ShellWord, shellQuote } from "../../commands/tokenize";
import { placeholderNames, redisKeyParam } from "../core/params";
import { manual, operationStep, remediationStep } from "../core/parsed";

// Connection options are read only for the server they name (a key into REDIS_TARGETS): which Redis we talk
// to comes from config, never from the guide's text.
const IGNORED_OPTIONS_WITH_VALUE = new Set([
  "-h",
  "-p",
  "-a",
  "-u",
  "-s",
  "--user",
  "--pass",
  "--cacert",
  "--cacertdir",
  "--cert",
  "--key",
  "--sni",
  "--tls-ciphers",
  "--tls-ciphersuites",
]);
const IGNORED_FLAGS = new Set([
  "--tls",
  "--raw",
  "--no-raw",
  "--no-auth-warning",
  "--askpass",
  "--insecure",
  "-c",
  "-2",
  "-3",
]);

const MAXMEMORY_POLICIES = new Set<string>(EVICTION_POLICIES);

/** The only CONFIG SET parameters a remediation may carry, with the values each accepts. */
const REMEDIATION_CONFIG: Readonly<Record<string, (value: string) => boolean>> = {
  "maxmemory-policy": (value) => MAXMEMORY_POLICIES.has(value.toLowerCase()),
  maxmemory: (value) => /^\d{1,15}(?:[kmg]b?|b)?$/i.test(value),
};

/** Config parameters whose value is a credential; CONFIG GET must not read them (even through a glob). */
const SECRET_CONFIG = ["requirepass", "masterauth", "masteruser", "tls-key-file-pass", "tls-client-key-file-pass"];

function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\-]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${source}$`, "i");
}

/** redis-cli modes that scan the keyspace themselves; --memkeys is run live as the keyspace analysis. */
const OTHER_SCAN_MODES: Readonly<Record<string, string>> = {
  "--bigkeys":
    "redis-cli --bigkeys (elements per key) is not run live; --memkeys, the keyspace analysis, measures memory",
  "--hotkeys": "redis-cli --hotkeys needs an LFU maxmemory-policy and is not run live",
  "--scan": "redis-cli --scan lists every key name and is not run live; --memkeys groups them by prefix",
};

interface Options {
  /** Index of the first word after the options (the Redis command). */
  start: number;
  memkeys: boolean;
}

/** Where options end and the Redis command starts, or a reason to leave the line to a human. */
function skipOptions(words: readonly ShellWord[]): Options | { reason: string } {
  let i = 0;
  let memkeys = false;
  while (i < words.length) {
    const word = words[i]?.value ?? "";
    if (!word.startsWith("-")) return { start: i, memkeys };
    if (IGNORED_OPTIONS_WITH_VALUE.has(word)) {
      if (i + 1 >= words.length) return { reason: `redis-cli ${word} without a value` };
      i += 2;
    } else if (IGNORED_FLAGS.has(word)) {
      i += 1;
    } else if (word === "--memkeys") {
      memkeys = true;
      i += 1;
    } else if (word === "-n") {
      return { reason: "redis-cli -n selects a database by number; the Redis target and database come from config" };
    } else {
      return { reason: OTHER_SCAN_MODES[word] ?? `redis-cli option ${word} is not run live` };
    }
  }
  return { start: i, memkeys };
}

function readCommand(
  command: RedisReadCommand,
  args: string[],
  grep: GrepFilter | undefined,
  params: ParamSpec[] = [],
): ParsedCommand {
  const operation: RedisOperation = {
    kind: "redis",
    command,
    args,
    ...(grep === undefined ? {} : { grep: grep.pattern, ...(grep.ignoreCase ? { grepIgnoreCase: true } : {}) }),
  };
  return operationStep(operation, redisCli(operation), params);
}

function parseGet(args: string[], grep: GrepFilter | undefined, line: string): ParsedCommand {
  const [key, ...extra] = args;
  if (key === undefined || extra.length > 0) return manual("GET takes exactly one key", line);
  // Printable ASCII only: the key is shown, copied and sent as one argument.
  if (key === "" || key.length > 512 || !/^[\x21-\x7e]+$/.test(key)) {
    return manual("the key must be 1–512 printable characters without spaces", line);
  }
  return readCommand("GET", [key], grep, placeholderNames(key).map(redisKeyParam));
}

function parseConfigGet(args: string[], grep: GrepFilter | undefined, line: string): ParsedCommand {
  if (args.length === 0 || args.length > 8) return manual("CONFIG GET takes 1–8 parameter names", line);
  const names: string[] = [];
  for (const arg of args) {
    const name = arg.toLowerCase();
    if (!/^[a-z0-9_.*?-]{1,64}$/.test(name)) return manual(`"${arg}" is not a config parameter name`, line);
    const matcher = globToRegExp(name);
    const secret = SECRET_CONFIG.find((candidate) => matcher.test(candidate));
    if (secret !== undefined) return manual(`CONFIG GET ${arg} would read ${secret}, a credential`, line);
    names.push(name);
  }
  return readCommand("CONFIG GET", names, grep);
}

function parseConfigSet(args: string[], line: string): ParsedCommand {
  const [param, value, ...extra] = args;
  if (param === undefined || value === undefined || extra.length > 0) {
    return manual("CONFIG SET takes one parameter and one value", line);
  }
  const name = param.toLowerCase();
  const allowed = REMEDIATION_CONFIG[name];
  if (allowed === undefined) {
    return manual(`CONFIG SET ${param} is not an allowed remediation (only maxmemory and maxmemory-policy)`, line);
  }
  if (!allowed(value)) return manual(`"${value}" is not a valid value for ${name}`, line);
  const normalized = name === "maxmemory-policy" ? value.toLowerCase() : value;
  return remediationStep(
    { system: "redis", action: "CONFIG SET", args: [name, normalized] },
    `redis-cli CONFIG SET ${shellQuote(name)} ${shellQuote(normalized)}`,
  );
}

function noArgs(command: RedisReadCommand, args: string[], grep: GrepFilter | undefined, line: string) {
  return args.length === 0 ? readCommand(command, [], grep) : manual(`${command} takes no arguments here`, line);
}

/** Parses the words of one Redis command (no `redis-cli` or options), e.g. from a `redis` code block. */
export function parseRedisCommand(
  words: readonly ShellWord[],
  grep: GrepFilter | undefined,
  line: string,
): ParsedCommand {
  if (words.some((word) => word.expands)) {
    return manual("uses shell expansion ($…), which is never evaluated", line);
  }
  const [first, second, ...rest] = words.map((word) => word.value);
  if (first === undefined) return manual("redis-cli without a command opens an interactive shell", line);
  const command = first.toUpperCase();
  const sub = second?.toUpperCase();
  const afterFirst = second === undefined ? [] : [second, ...rest];

  switch (command) {
    case "GET":
      return parseGet(afterFirst, grep, line);
    case "INFO": {
      const sections = afterFirst.map((section) => section.toLowerCase());
      if (sections.length > 4 || sections.some((section) => !/^[a-z_]{1,32}$/.test(section))) {
        return manual("INFO takes up to 4 section names (letters and _)", line);
      }
      return readCommand("INFO", sections, grep);
    }
    case "DBSIZE":
      return noArgs("DBSIZE", afterFirst, grep, line);
    case "CONFIG":
      if (sub === "GET") return parseConfigGet(rest, grep, line);
      if (sub === "SET") return parseConfigSet(rest, line);
      break;
    case "SLOWLOG":
      if (sub === "GET") {
        const [count, ...extra] = rest;
        if (extra.length > 0 || (count !== undefined && !/^\d{1,5}$/.test(count))) {
          return manual("SLOWLOG GET takes an optional entry count", line);
        }
        return readCommand("SLOWLOG GET", count === undefined ? [] : [count], grep);
      }
      break;
    case "LATENCY":
      if (sub === "LATEST") return noArgs("LATENCY LATEST", rest, grep, line);
      break;
    case "MEMORY":
      if (sub === "STATS") return noArgs("MEMORY STATS", rest, grep, line);
      if (sub === "DOCTOR") return noArgs("MEMORY DOCTOR", rest, grep, line);
      break;
  }
  return parseAnyRead(
    words.map((word) => word.value),
    grep,
    line,
  );
}

/** Any other command: run when Redis's own metadata shows it read-only (command-space.ts), else why not. */
function parseAnyRead(words: string[], grep: GrepFilter | undefined, line: string): ParsedCommand {
  const decision = decideRead(words);
  if (!decision.ok) return manual(decision.reason, line);
  // Printable ASCII only: each word is shown, copied and sent as one argument.
  if (words.some((word) => word.length > 512 || !/^[\x21-\x7e]+$/.test(word))) {
    return manual("each word must be 1–512 printable characters without spaces", line);
  }
  const params = decision.keys.flatMap((key) => placeholderNames(key).map(redisKeyParam));
  return readCommand("READ", decision.words, grep, params);
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** The server `-h host -p port` or `-u redis://host:port` names; none for the local default (REDIS_URL). */
function namedTarget(words: readonly ShellWord[], end: number): RedisOperation["target"] {
  let name: string | undefined;
  let port: string | undefined;
  for (let i = 0; i < end; i += 1) {
    const word = words[i]?.value;
    const value = words[i + 1]?.value;
    if (word === "-h" && value) name = value.toLowerCase();
    if (word === "-p" && value && /^\d{1,5}$/.test(value)) port = value;
    if (word === "-u" && value) {
      try {
        const url = new URL(value);
        name = url.hostname.toLowerCase() || name;
        port = url.port || port;
      } catch {
        // Not a URL: nothing named.
      }
    }
  }
  // An address (IP literal) or the local default names no target: the step runs against REDIS_URL, as before.
  if (name === undefined || LOCAL_HOSTS.has(name) || !/^[a-z0-9][a-z0-9._-]{0,252}$/.test(name)) return undefined;
  if (/^[\d.]+$/.test(name) || name.includes(":")) return undefined;
  return port === undefined ? { name } : { name, port };
}

/** Parses the words after `redis-cli`. */
export function parseRedisCli(words: readonly ShellWord[], grep: GrepFilter | undefined, line: string): ParsedCommand {
  const options = skipOptions(words);
  if ("reason" in options) return manual(options.reason, line);
  const target = namedTarget(words, options.start);
  if (options.memkeys) {
    if (options.start < words.length) return manual("redis-cli --memkeys takes no Redis command", line);
    if (grep !== undefined) return manual("the keyspace analysis is not filtered with grep", line);
    // The analysis reads REDIS_URL's Redis; a guide line naming another host stays a copy-only step.
    if (target !== undefined)
      return manual("the keyspace analysis runs against REDIS_URL only, not a named target", line);
    return readCommand("--memkeys", [], undefined);
  }
  const parsed = parseRedisCommand(words.slice(options.start), grep, line);
  if (parsed.type !== "operation" || target === undefined) return parsed;
  const operation: RedisOperation = { ...parsed.operation, target };
  return { ...parsed, operation, cli: redisCli(operation) };
}
