// Turns `curl [-sSf] [-w fmt] URL [| grep word]` into an HTTP operation on a configured target, never on a literal host.
import type { GrepFilter } from "../../commands/grep-stage";
import type { HttpTarget } from "../../http/target-get";
import type { ParsedCommand as ParsedOf } from "../core/parsed";
import { prometheusCli } from "../prometheus/cli";
import type { PrometheusOperation } from "../prometheus/operation";
import { httpCli } from "./cli";
import type { HttpOperation } from "./operation";

type ParsedCommand = ParsedOf<HttpOperation | PrometheusOperation>;

import type { ShellWord } from "../../commands/tokenize";
import { manual, operationStep } from "../core/parsed";

export const NOT_A_TARGET = "curl to a host that is not a configured target";

type HostKind = "api" | "prometheus" | "external-service";

/** The guide's placeholder hosts. Anything else — IPs, localhost, real names — is refused (SSRF). */
const PLACEHOLDER_HOSTS: Readonly<Record<string, HostKind>> = {
  "your-api-url": "api",
  prometheus: "prometheus",
  "prometheus:9090": "prometheus",
  "external-service": "external-service",
};

/** `$API_URL/...` in a copied canonical command stands for the same configured targets. */
const ENV_HOSTS: Readonly<Record<string, HostKind | "metrics" | "health">> = {
  API_URL: "api",
  PROMETHEUS_URL: "prometheus",
  EXTERNAL_SERVICE_URL: "external-service",
  METRICS_URL: "metrics",
  HEALTH_URL: "health",
};

/** -w variables we can report; others (%{stderr}, %output{...}, %{json}) mean the line wants more than a timing. */
const WRITE_OUT_VARIABLES = new Set([
  "time_total",
  "time_namelookup",
  "time_connect",
  "time_appconnect",
  "time_pretransfer",
  "time_starttransfer",
  "time_redirect",
  "http_code",
  "response_code",
  "size_download",
  "speed_download",
]);

const PATH_CHARS = /^\/[A-Za-z0-9._~/:@,+=-]*$/;
const QUERY_CHARS = /^\?(?:[A-Za-z0-9._~=&+,:/-]|%[0-9A-Fa-f]{2})*$/;
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/;
const ENV_URL = /^\$(?:\{([A-Z_][A-Z0-9_]*)\}|([A-Z_][A-Z0-9_]*))([/?].*)?$/;

interface CurlFlags {
  timing: boolean;
  urls: ShellWord[];
}

function parseWriteOut(format: string): { timing: boolean } | { reason: string } {
  let timing = false;
  for (const match of format.matchAll(/%(\w*)\{([^}]*)\}/g)) {
    const [, prefix, name] = match;
    if (prefix !== "" || name === undefined || !WRITE_OUT_VARIABLES.has(name)) {
      return { reason: `curl -w variable ${match[0]} is not supported live` };
    }
    if (name.startsWith("time_")) timing = true;
  }
  return { timing };
}

function parseFlags(words: readonly ShellWord[]): CurlFlags | { reason: string } {
  const flags: CurlFlags = { timing: false, urls: [] };
  const writeOut = (format: string | undefined): { reason: string } | null => {
    if (format === undefined) return { reason: "curl -w without a format" };
    const parsed = parseWriteOut(format);
    if ("reason" in parsed) return parsed;
    flags.timing = flags.timing || parsed.timing;
    return null;
  };

  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (word === undefined) break;
    const value = word.value;
    if (!value.startsWith("-") || value === "-") {
      flags.urls.push(word);
      continue;
    }
    if (["--silent", "--show-error", "--fail"].includes(value) || /^-[sSf]+$/.test(value)) continue;
    if (value === "--write-out" || /^-[sSf]*w$/.test(value)) {
      i += 1;
      const error = writeOut(words[i]?.value);
      if (error !== null) return error;
      continue;
    }
    const attached = /^-[sSf]*w(.+)$/.exec(value);
    if (attached !== null) {
      const error = writeOut(attached[1]);
      if (error !== null) return error;
      continue;
    }
    return { reason: `curl option ${value} is not run live (only -s, -S, -f and -w)` };
  }
  return flags;
}

/** A plain path (and optional query) under a target: no "..", "//", backslashes or percent-encoded path bytes. */
function checkPath(path: string, query: string): string | null {
  const fullPath = path === "" ? "/" : path;
  if (!PATH_CHARS.test(fullPath) || fullPath.includes("//")) return null;
  if (fullPath.split("/").some((segment) => segment === "." || segment === "..")) return null;
  if (query !== "" && !QUERY_CHARS.test(query)) return null;
  return fullPath;
}

function resolve(
  host: HostKind | "metrics" | "health",
  path: string,
  query: string,
  grep: GrepFilter | undefined,
  timing: boolean,
  line: string,
  named: { name: string; port?: string } = { name: "external-service" },
): ParsedCommand {
  const checked = checkPath(path, query);
  if (checked === null) {
    return manual("the URL path is not a plain path under the target (.., //, %-encoding or odd characters)", line);
  }
  const http = (target: HttpTarget, targetPath: string): ParsedCommand => {
    const operation: HttpOperation = {
      kind: "http",
      target,
      path: targetPath,
      timing,
      ...(grep === undefined ? {} : { grep: grep.pattern, ...(grep.ignoreCase ? { grepIgnoreCase: true } : {}) }),
    };
    return operationStep(operation, httpCli(operation));
  };

  switch (host) {
    case "metrics":
    case "health":
      return http({ kind: host }, `${checked}${query}`);
    case "api":
      // The guide's API exposes /metrics and /health; each is a target of its own in config.
      if (checked === "/metrics") return http({ kind: "metrics" }, `/${query}`);
      if (checked === "/health") return http({ kind: "health" }, `/${query}`);
      return http({ kind: "api" }, `${checked}${query}`);
    case "prometheus":
      if (!checked.startsWith("/api/v1/") || checked.startsWith("/api/v1/admin/")) {
        return manual("only Prometheus's read API under /api/v1/ is queried live", line);
      }
      if (checked === "/api/v1/targets" && query === "" && grep === undefined && !timing) {
        return operationStep(TARGETS, prometheusCli(TARGETS));
      }
      return http({ kind: "prometheus" }, `${checked}${query}`);
    case "external-service":
      return http({ kind: "external", ...named }, `${checked}${query}`);
  }
}

const TARGETS: PrometheusOperation = { kind: "prometheus-targets" };

/** Parses the words after `curl`. */
export function parseCurl(words: readonly ShellWord[], grep: GrepFilter | undefined, line: string): ParsedCommand {
  const flags = parseFlags(words);
  if ("reason" in flags) return manual(flags.reason, line);
  const [url, ...extra] = flags.urls;
  if (url === undefined) return manual("curl without a URL", line);
  if (extra.length > 0) return manual("curl with more than one URL", line);

  if (url.expands) {
    const env = ENV_URL.exec(url.value);
    const host = env === null ? undefined : ENV_HOSTS[env[1] ?? env[2] ?? ""];
    if (env === null || host === undefined) return manual(NOT_A_TARGET, line);
    const rest = env[3] ?? "";
    const queryAt = rest.indexOf("?");
    const path = queryAt === -1 ? rest : rest.slice(0, queryAt);
    const query = queryAt === -1 ? "" : rest.slice(queryAt);
    return resolve(host, path, query, grep, flags.timing, line);
  }

  const parts = URL_PARTS.exec(url.value);
  if (parts === null) return manual(NOT_A_TARGET, line);
  const [, scheme = "", authority = "", path = "", query = "", fragment] = parts;
  if (!["http", "https"].includes(scheme.toLowerCase())) return manual(NOT_A_TARGET, line);
  if (fragment !== undefined && PLACEHOLDER_HOSTS[authority.toLowerCase()] !== undefined) {
    return manual("a URL fragment is not sent to a server; drop it", line);
  }
  const host = PLACEHOLDER_HOSTS[authority.toLowerCase()];
  if (host !== undefined) return resolve(host, path, query, grep, flags.timing, line);
  const named = namedHost(authority);
  if (named === null) return manual(NOT_A_TARGET, line);
  if (fragment !== undefined) return manual("a URL fragment is not sent to a server; drop it", line);
  return resolve("external-service", path, query, grep, flags.timing, line, named);
}

const HOST_NAME = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(\d{1,5}))?$/i;

/**
 * A host the guide names (`workers.internal:8080`), which runs against the configured HTTP target of that name
 * or host (EXTERNAL_SERVICES) — never against the name itself. IP literals, numeric hosts and localhost stay
 * manual: they name no target, and a configured one is what a step must use.
 */
function namedHost(authority: string): { name: string; port?: string } | null {
  const match = HOST_NAME.exec(authority);
  const name = match?.[1]?.toLowerCase();
  if (!match || name === undefined) return null;
  const last = name.split(".").at(-1) ?? "";
  if (!/[a-z]/.test(last) || /^0x/.test(name) || name === "localhost" || name.endsWith(".localhost")) return null;
  // The guide's placeholders with a port or subdomain are not that placeholder: refuse rather than guess.
  if (
    Object.keys(PLACEHOLDER_HOSTS).some((placeholder) => name.startsWith(`${placeholder}.`) || name === placeholder)
  ) {
    return null;
  }
  return match[2] === undefined ? { name } : { name, port: match[2] };
}
