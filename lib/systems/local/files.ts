// Allowlisted log tails, masked config files and prefixed environment variables (the guide's tail/cat/env).
import "server-only";
import { open } from "node:fs/promises";
import path from "node:path";
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, visit } from "yaml";
import { configSecrets, getConfig, readPrefixedEnv } from "../../config";
import { isSecretKey, MASK, redactText } from "../../server/redact";
import { errnoOf, messageOf, notConfigured, TargetError } from "../core/target-error";

export const LOG_WINDOW_BYTES = 1024 * 1024;
export const CONFIG_FILE_CAP = 1024 * 1024;
export const MAX_TAIL_LINES = 1000;
const LINE_CAP = 8 * 1024;
const ENV_VALUE_CAP = 1000;
const ENV_MAX_VARS = 500;

function secrets(): string[] {
  try {
    return configSecrets();
  } catch {
    return [];
  }
}

function fileError(e: unknown, shownPath: string): TargetError {
  if (e instanceof TargetError) return e;
  const errno = errnoOf(e);
  if (errno === "ENOENT") return new TargetError("not-found", "files", `${shownPath} does not exist`, errno);
  if (errno === "EACCES" || errno === "EPERM") {
    return new TargetError("auth", "files", `the dashboard may not read ${shownPath} (${errno})`, errno);
  }
  if (errno === "EISDIR") return new TargetError("invalid", "files", `${shownPath} is a directory`, errno);
  return new TargetError("other", "files", `${shownPath}: ${messageOf(e)}`, errno);
}

/** Reads `length` bytes at `position` of a regular file; refuses anything else (FIFOs would block). */
async function readSlice(
  realPath: string,
  which: "tail" | "head",
  cap: number,
): Promise<{ text: string; size: number; modifiedAt: string; startsAt: number; truncated: boolean }> {
  const handle = await open(realPath, "r").catch((e: unknown) => {
    throw fileError(e, realPath);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new TargetError("invalid", "files", `${realPath} is not a regular file`);
    const length = Math.min(stat.size, cap);
    const position = which === "tail" ? stat.size - length : 0;
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
      if (bytesRead === 0) break; // the file shrank (rotation) while we read
      read += bytesRead;
    }
    return {
      text: buffer.subarray(0, read).toString("utf8"),
      size: stat.size,
      modifiedAt: stat.mtime.toISOString(),
      startsAt: position,
      truncated: stat.size > cap,
    };
  } catch (e) {
    throw fileError(e, realPath);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------

export interface LogTail {
  guidePath: string;
  /** The last lines, oldest first, credentials masked. */
  lines: string[];
  fileSizeBytes: number;
  modifiedAt: string;
  /** Older lines exist that are not shown (more than `lines`, or beyond the last 1 MB). */
  truncated: boolean;
}

/** The last `lines` lines of an allowlisted log (LOG_FILES maps the guide's path to the real one). */
export async function tailLog(guidePath: string, lines = 200): Promise<LogTail> {
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_TAIL_LINES) {
    throw new TargetError("invalid", "files", `lines must be an integer from 1 to ${MAX_TAIL_LINES}`);
  }
  const { logFiles } = getConfig();
  if (logFiles.length === 0) throw notConfigured("files", "log-files", guidePath);
  const entry = logFiles.find((f) => f.guidePath === guidePath);
  if (!entry) {
    throw new TargetError("forbidden", "files", `${guidePath} is not in LOG_FILES; only allowlisted logs can be read`);
  }
  const slice = await readSlice(entry.realPath, "tail", LOG_WINDOW_BYTES);
  const all = slice.text.split(/\r?\n/);
  // A window that starts mid-file starts mid-line: drop the fragment.
  if (slice.startsAt > 0) all.shift();
  if (all.length > 0 && all[all.length - 1] === "") all.pop();
  const kept = all.slice(-lines);
  const known = secrets();
  return {
    guidePath,
    lines: kept.map((l) => redactText(l.length > LINE_CAP ? `${l.slice(0, LINE_CAP)}…` : l, known)),
    fileSizeBytes: slice.size,
    modifiedAt: slice.modifiedAt,
    truncated: all.length > lines || slice.startsAt > 0,
  };
}

// ---------------------------------------------------------------------------------------------

export type ConfigFormat = "yaml" | "json" | "env" | "text";

export interface ConfigFileView {
  name: string;
  format: ConfigFormat;
  /** The file with secret values replaced by ***, line for line. */
  text: string;
  /** Keys whose values were masked (dotted paths for YAML/JSON). */
  maskedKeys: string[];
  /** The file is larger than 1 MB and only its start is shown. */
  truncated: boolean;
  fileSizeBytes: number;
}

function formatOf(file: string): ConfigFormat {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith(".yaml") || base.endsWith(".yml")) return "yaml";
  if (base.endsWith(".json")) return "json";
  if (base === ".env" || base.startsWith(".env.") || base.endsWith(".env")) return "env";
  return "text";
}

interface Range {
  start: number;
  end: number;
  quoted: boolean;
}

/** Replaces a value's source text with ***, keeping its line count (block scalars span lines). */
function maskSource(source: string, quoted: boolean): string {
  if (quoted && !source.includes("\n")) return `"${MASK}"`;
  return source
    .split("\n")
    .map((line) => (line.trim() === "" ? line : `${/^\s*/.exec(line)?.[0] ?? ""}${MASK}`))
    .join("\n");
}

function scalarRanges(node: unknown, out: Range[]): void {
  if (isScalar(node)) {
    if (node.range) {
      out.push({
        start: node.range[0],
        end: node.range[1],
        quoted: node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE,
      });
    }
    return;
  }
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) scalarRanges(isPair(item) ? item.value : item, out);
  }
}

/** Masks YAML/JSON by source ranges, so comments, order and line numbers survive. Null if it does not parse. */
function maskStructured(text: string): { text: string; maskedKeys: string[] } | null {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return null;
  const ranges: Range[] = [];
  const maskedKeys: string[] = [];
  visit(doc, {
    Pair(_key, pair, pathToPair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null || !isSecretKey(key)) return undefined;
      const parents = pathToPair.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : "?"));
      maskedKeys.push([...parents, key].join("."));
      scalarRanges(pair.value, ranges);
      // Everything under a secret key is masked already; no need to descend.
      return visit.SKIP;
    },
  });
  ranges.sort((a, b) => b.start - a.start);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const r of ranges) {
    if (r.end > lastStart) continue; // nested inside one already masked
    out = out.slice(0, r.start) + maskSource(out.slice(r.start, r.end), r.quoted) + out.slice(r.end);
    lastStart = r.start;
  }
  return { text: out, maskedKeys };
}

// KEY=VALUE, export KEY=VALUE, key = value, key: value (ini, properties, .env, and a fallback for broken YAML).
// Only the prefix up to the value's first character is matched: no trailing lazy group to backtrack over.
const LINE_ASSIGNMENT = /^(\s*(?:export\s+)?(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[=:]\s*)\S/;

function maskLines(text: string): { text: string; maskedKeys: string[] } {
  const maskedKeys: string[] = [];
  const lines = text.split("\n").map((line) => {
    if (/^\s*[#;]/.test(line)) return line;
    const m = LINE_ASSIGNMENT.exec(line);
    if (!m?.[1] || !m[2] || !isSecretKey(m[2])) return line;
    maskedKeys.push(m[2]);
    return `${m[1]}${MASK}`;
  });
  return { text: lines.join("\n"), maskedKeys };
}

/** An allowlisted config file (CONFIG_FILES), with values of secret-looking keys masked. */
export async function readConfigFile(guideName: string): Promise<ConfigFileView> {
  const { configFiles } = getConfig();
  if (configFiles.length === 0) throw notConfigured("files", "config-files", guideName);
  const entry = configFiles.find((f) => f.name === guideName);
  if (!entry) {
    throw new TargetError(
      "forbidden",
      "files",
      `${guideName} is not in CONFIG_FILES; only allowlisted files can be read`,
    );
  }
  const slice = await readSlice(entry.realPath, "head", CONFIG_FILE_CAP);
  const format = formatOf(entry.realPath);
  // A cut-off document may not parse; the line masker still catches key: value lines.
  const structured = (format === "yaml" || format === "json") && !slice.truncated ? maskStructured(slice.text) : null;
  const masked = structured ?? maskLines(slice.text);
  return {
    name: guideName,
    format,
    // Values under innocent keys can still hold a URL with a password (database_url: postgres://u:p@h).
    text: redactText(masked.text, secrets()),
    maskedKeys: masked.maskedKeys,
    truncated: slice.truncated,
    fileSizeBytes: slice.size,
  };
}

// ---------------------------------------------------------------------------------------------

export interface EnvVariable {
  name: string;
  value: string;
  masked: boolean;
}

export interface EnvView {
  prefix: string;
  variables: EnvVariable[];
  truncated: boolean;
}

/**
 * Variables starting with `prefix` — the guide's `env | grep APP_`. The prefix must start with the
 * configured ENV_PREFIX, so a runbook cannot list the dashboard's own settings (REDIS_URL...).
 */
export async function envWithPrefix(prefix: string): Promise<EnvView> {
  const { envPrefix } = getConfig();
  if (!prefix.startsWith(envPrefix)) {
    throw new TargetError(
      "forbidden",
      "env",
      `only variables starting with ENV_PREFIX (${envPrefix}) can be shown, not ${prefix}`,
    );
  }
  let vars: { name: string; value: string }[];
  try {
    vars = readPrefixedEnv(prefix);
  } catch (e) {
    throw new TargetError("invalid", "env", messageOf(e));
  }
  const known = secrets();
  const variables = vars.slice(0, ENV_MAX_VARS).map(({ name, value }): EnvVariable => {
    if (isSecretKey(name)) return { name, value: MASK, masked: true };
    const shown = redactText(value, known);
    return {
      name,
      value: shown.length > ENV_VALUE_CAP ? `${shown.slice(0, ENV_VALUE_CAP)}…` : shown,
      masked: shown !== value,
    };
  });
  return { prefix, variables, truncated: vars.length > ENV_MAX_VARS };
}
