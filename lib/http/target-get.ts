// GETs a configured HTTP endpoint with a deadline, no redirects, no forwarded credentials and a body cap.
import { AsyncLocalStorage } from "node:async_hooks";
import "server-only";
import { isLoopbackAddress } from "../auth/peer-address";
import { getConfig } from "../config";
import { namedTargetUrl } from "../config/named-target";
import { redactUrl } from "../server/redact";
import {
  COMMAND_TIMEOUT_MS,
  errnoOf,
  messageOf,
  notConfigured,
  TargetError,
  type TargetSystem,
} from "../systems/core/target-error";
import { isPrometheusReadPath } from "./target-names";

/** Named things the config resolves; a client can never name a host. */
export type HttpTarget =
  | { kind: "api" }
  | { kind: "metrics" }
  | { kind: "health" }
  | { kind: "prometheus" }
  /** `name`: an EXTERNAL_SERVICES name, or the host a guide names (matched against the configured URLs' hosts). */
  | { kind: "external"; name: string; port?: string };

export const HTTP_BODY_CAP = 4 * 1024 * 1024;

export interface HttpGetOptions {
  /** Accept header; defaults to anything. */
  accept?: string;
  /** Body cap in bytes, at most HTTP_BODY_CAP. */
  maxBytes?: number;
  /** Deadline for the whole exchange (headers and body), at most COMMAND_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Which system to blame in errors (prometheus.ts reuses this). */
  system?: TargetSystem;
}

export interface HttpResult {
  /** The URL requested, credentials masked. */
  url: string;
  status: number;
  statusText: string;
  /** Only the headers a diagnosis needs; `location` is how a 3xx is shown (never followed). */
  headers: { contentType: string | null; contentLength: string | null; location: string | null };
  /** Decoded as UTF-8 (a byte that is not UTF-8 shows as U+FFFD); at most `maxBytes` bytes of it. */
  body: string;
  /** The bytes `body` was decoded from, for readers that must reject what is not UTF-8 (the /metrics parser). */
  bodyBytes: Uint8Array;
  bytes: number;
  truncated: boolean;
  /** "truncated at 4 MB" when the cap was hit, else null. */
  note: string | null;
  /** From sending the request to the end of the (possibly capped) body. */
  durationMs: number;
  /** From sending the request to the response headers: curl's time_starttransfer. */
  timeToFirstByteMs: number;
}

function megabytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`;
}

/** Node's fetch wraps the socket error in `cause`; walk down to the errno. */
function rootErrno(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const code = errnoOf(cur);
    if (code) return code;
    cur = typeof cur === "object" && cur !== null && "cause" in cur ? cur.cause : undefined;
  }
  return undefined;
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
}

export function toHttpError(e: unknown, where: string, timeoutMs: number, system: TargetSystem): TargetError {
  if (e instanceof TargetError) return e;
  if (isTimeout(e)) return new TargetError("timeout", system, `${where} timed out after ${timeoutMs / 1000} s`);
  const errno = rootErrno(e);
  if (errno === "ECONNREFUSED") return new TargetError("refused", system, `connection refused by ${where}`, errno);
  if (errno === "ENOTFOUND" || errno === "EAI_AGAIN") {
    return new TargetError("refused", system, `cannot resolve the host of ${where}`, errno);
  }
  if (errno === "EHOSTUNREACH" || errno === "ENETUNREACH") {
    return new TargetError("refused", system, `${where} is unreachable`, errno);
  }
  if (errno === "UND_ERR_CONNECT_TIMEOUT" || errno === "UND_ERR_HEADERS_TIMEOUT" || errno === "UND_ERR_BODY_TIMEOUT") {
    return new TargetError("timeout", system, `${where} timed out after ${timeoutMs / 1000} s`, errno);
  }
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
  return new TargetError("other", system, `${where}: ${messageOf(e)}${cause}`, errno);
}

/**
 * GET `targetUrl`. A 3xx is returned as-is (never followed: a redirect to 169.254.169.254 must not
 * be fetched), no cookies or operator Authorization are sent, and the body stops at `maxBytes`.
 * Credentials in the configured URL itself are sent as Basic auth, as curl would.
 */
export async function httpGet(targetUrl: URL, opts: HttpGetOptions = {}): Promise<HttpResult> {
  const system = opts.system ?? "http";
  const timeoutMs = Math.min(opts.timeoutMs ?? COMMAND_TIMEOUT_MS, COMMAND_TIMEOUT_MS);
  const maxBytes = Math.min(opts.maxBytes ?? HTTP_BODY_CAP, HTTP_BODY_CAP);
  const where = redactUrl(targetUrl.href);
  if (targetUrl.protocol !== "http:" && targetUrl.protocol !== "https:") {
    throw new TargetError("invalid", system, `only http and https URLs can be fetched, not ${targetUrl.protocol}`);
  }
  const url = new URL(targetUrl.href);
  const headers: Record<string, string> = {
    accept: opts.accept ?? "*/*",
    "user-agent": "runbook-dashboard",
    // Compression saves bytes on a network and costs CPU at both ends; on loopback only the CPU is left
    // (a triage on the demo stack spent ~6 % of its time in zlib inflating Prometheus's replies).
    "accept-encoding": isLoopbackAddress(url.hostname.replace(/^\[|\]$/g, "")) ? "identity" : "gzip, deflate",
  };
  if (url.username !== "" || url.password !== "") {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    // fetch refuses URLs with credentials; they travel in the header instead.
    url.username = "";
    url.password = "";
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      method: "GET",
      headers,
      redirect: "manual",
      credentials: "omit",
      cache: "no-store",
      signal,
    });
  } catch (e) {
    throw toHttpError(e, where, timeoutMs, system);
  }
  const timeToFirstByteMs = performance.now() - started;

  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  const reader = response.body?.getReader();
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - bytes;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        bytes += room;
        truncated = true;
        // Stop the transfer now: an endless body must not keep the socket busy.
        await reader.cancel().catch(() => undefined);
        break;
      }
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch (e) {
    await reader?.cancel().catch(() => undefined);
    throw toHttpError(e, where, timeoutMs, system);
  }
  const durationMs = performance.now() - started;
  const bodyBytes = Buffer.concat(chunks, bytes);
  const body = new TextDecoder("utf-8", { fatal: false }).decode(bodyBytes);
  const location = response.headers.get("location");
  return {
    url: where,
    status: response.status,
    statusText: response.statusText,
    headers: {
      contentType: response.headers.get("content-type"),
      contentLength: response.headers.get("content-length"),
      location: location === null ? null : redactUrl(location),
    },
    body,
    bodyBytes,
    bytes,
    truncated,
    note: truncated ? `truncated at ${megabytes(maxBytes)}` : null,
    durationMs,
    timeToFirstByteMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Named targets: the client names "metrics" or "external-service", never a host.

/**
 * Paths under a target: plain characters and an optional simple query. Percent-escapes are not
 * allowed in the path at all, and "//", "." and ".." segments are refused: the normalisation
 * tricks that walk out of an allowed prefix. (One flat character class: no backtracking blow-up.)
 */
const SAFE_PATH = /^\/[A-Za-z0-9_~!$'()*+,;=:@./-]*(?:\?[A-Za-z0-9_.~=&%+-]*)?$/;

export function validateTargetPath(path: string): string {
  const bad =
    path.length > 512 ||
    !SAFE_PATH.test(path) ||
    /%(?:2f|5c|2e)/i.test(path) ||
    path.includes("//") ||
    path
      .split("?")[0]
      ?.split("/")
      .some((seg) => seg === "." || seg === "..");
  if (bad) throw new TargetError("invalid", "http", `path "${path.slice(0, 80)}" is not a plain path under the target`);
  return path;
}

/**
 * Base URL of a named target from config; TargetError "not-configured" naming the variable when unset.
 * `path` is what the step GETs under it: it decides whether a named host may be one of PROMETHEUS_TARGETS.
 */
export function resolveHttpTarget(target: HttpTarget, path = "/"): string {
  const config = getConfig();
  switch (target.kind) {
    case "api":
      if (config.apiUrl === undefined) throw notConfigured("http", "api");
      return config.apiUrl;
    case "metrics":
      if (config.metricsUrl === undefined) throw notConfigured("http", "metrics");
      return config.metricsUrl;
    case "health":
      if (config.healthUrl === undefined) throw notConfigured("http", "health");
      return config.healthUrl;
    case "prometheus":
      if (config.prometheusUrl === undefined) throw notConfigured("prometheus", "prometheus");
      return config.prometheusUrl;
    case "external":
      return resolveNamedHost(target, path).base;
  }
}

/** The configured URL a named HTTP target runs against (lib/config/named-target.ts). */
export function externalServiceUrl(
  services: Readonly<Record<string, string>>,
  target: { name: string; port?: string },
): string | undefined {
  return namedTargetUrl(services, target);
}

/** Where a host a guide names runs: the configured URL, and whether it is one of PROMETHEUS_TARGETS. */
export interface NamedHostRoute {
  base: string;
  prometheus: boolean;
}

/**
 * A host a guide names (`curl http://prom-eu:9090/api/v1/targets`), resolved against the configuration only:
 * an entry of that name (EXTERNAL_SERVICES, then PROMETHEUS_TARGETS), else an entry whose URL has that host and
 * port (same order). EXTERNAL_SERVICES wins a tie so a step that ran against an external service keeps running
 * there, judged the same way, when a Prometheus is added; both lists are operator URLs, so either way the
 * guide's host is only a key. A Prometheus entry serves
 * only its read API under /api/v1/ (the admin API is refused, as for PROMETHEUS_URL). Unmatched, the error
 * names the entry to add: EXTERNAL_SERVICES, or both lists when the path is Prometheus's API.
 */
export function resolveNamedHost(target: { name: string; port?: string }, path: string): NamedHostRoute {
  const config = getConfig();
  const services = config.externalServices;
  const prometheusTargets = config.prometheusTargets;
  // An exact entry name in either list beats a host match in the other.
  const prometheusByName = !Object.hasOwn(services, target.name) && Object.hasOwn(prometheusTargets, target.name);
  const service = prometheusByName ? undefined : namedTargetUrl(services, target);
  if (service !== undefined) return { base: service, prometheus: false };
  const prometheus = namedTargetUrl(prometheusTargets, target);
  if (prometheus !== undefined) {
    if (!isPrometheusReadPath(path)) {
      throw new TargetError(
        "forbidden",
        "prometheus",
        `"${target.name}" is a Prometheus (PROMETHEUS_TARGETS): only its read API under /api/v1/ is queried live`,
      );
    }
    return { base: prometheus, prometheus: true };
  }
  throw notConfigured("http", isPrometheusReadPath(path) ? "prometheus-or-external" : "external", target.name);
}

/** Base URL of a Prometheus named in PROMETHEUS_TARGETS (by name, else host and port); never PROMETHEUS_URL. */
export function prometheusTargetUrl(target: { name: string; port?: string }): string {
  const base = namedTargetUrl(getConfig().prometheusTargets, target);
  if (base === undefined) throw notConfigured("prometheus", "prometheus-target", target.name);
  return base;
}

/** Joins a base URL and a checked path: base "http://h/api" + "/metrics" → "http://h/api/metrics"; "/" → base. */
export function joinTargetUrl(base: string, path: string): URL {
  validateTargetPath(path);
  const root = new URL(base);
  if (path === "/") return root;
  const [pathname = "", query] = path.split("?", 2);
  const url = new URL(root.href);
  url.pathname = `${root.pathname.replace(/\/+$/, "")}${pathname}`;
  url.search = query === undefined ? root.search : `?${query}`;
  url.hash = "";
  return url;
}

/** GET a named target's path — what an `http` Operation runs. */
export async function httpGetTarget(target: HttpTarget, path: string, opts: HttpGetOptions = {}): Promise<HttpResult> {
  let base: string;
  let prometheus = target.kind === "prometheus";
  if (target.kind === "external") {
    const route = resolveNamedHost(target, path);
    base = route.base;
    prometheus = route.prometheus;
  } else {
    base = resolveHttpTarget(target, path);
  }
  return httpGetBase(base, path, { ...opts, system: prometheus ? "prometheus" : opts.system });
}

/** GET `path` under a base URL taken from config (never from a client); identical GETs of one triage share a request. */
export async function httpGetBase(base: string, path: string, opts: HttpGetOptions = {}): Promise<HttpResult> {
  const url = joinTargetUrl(base, path);
  const get = () => httpGet(url, opts);
  const shared = sharedReads.getStore();
  if (!shared) return get();
  let pending = shared.get(url.href);
  if (!pending) {
    pending = get();
    shared.set(url.href, pending);
  }
  return pending;
}

/** Inside sharedReads.run(new Map(), ...) (one triage), identical GETs of a target share one request. */
export const sharedReads = new AsyncLocalStorage<Map<string, Promise<HttpResult>>>();
