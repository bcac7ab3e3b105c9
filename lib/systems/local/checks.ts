// Verdicts for the guide's local views: log tails, deployment history, environment, config files, host snapshot.
// Mostly informational; a host near its CPU or memory limit is flagged.

import { levelAbove } from "../../verdict/builders";
import { formatBytes, formatPercent, formatSeconds, plural } from "../../verdict/format";
import type { Verdict } from "../../verdict/verdict";

const ERROR_WORDS = /\b(error|exception|fatal|panic|critical)\b/i;

/** A burst of error lines is worth a look; how many depends on the app, so this is a deliberately low bar. */
export const LOG_ERRORS_WARNING = 10;

const LOG_THRESHOLD = {
  text: `warning at ${LOG_ERRORS_WARNING} or more lines mentioning errors within the window, or when half the lines shown do`,
  source:
    "this dashboard's choice: a log tail is for reading, but a screen of error lines must not show green; log-volume alerts (Loki, Grafana) are set per team",
};

/** The line's leading time ("2026-12-04T03:25:59.123Z …", "2026-12-04 03:25:59 …"), or null. */
export function lineTime(line: string): number | null {
  const m = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/.exec(line);
  if (!m?.[1]) return null;
  const text = m[1].replace(" ", "T");
  const ms = Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A log tail is shown for reading, but judged on what it shows: error lines within the window (lines carry
 * their time) or among the lines shown (they do not). Many errors → warning; a few → shown, not judged; none → ok.
 */
export function analyzeLogTail(input: {
  guidePath: string;
  lines: string[];
  modifiedAt: string;
  nowMs: number;
  windowSeconds: number;
}): Verdict {
  const errorLines = input.lines.filter((line) => ERROR_WORDS.test(line));
  const timed = input.lines.some((line) => lineTime(line) !== null);
  const since = input.nowMs - input.windowSeconds * 1000;
  const counted = timed ? errorLines.filter((line) => (lineTime(line) ?? 0) >= since) : errorLines;
  const scope = timed
    ? `in the last ${formatSeconds(input.windowSeconds)}`
    : `among the ${input.lines.length} lines shown`;
  const ageSeconds = Math.max(0, Math.round((input.nowMs - Date.parse(input.modifiedAt)) / 1000));
  const mostlyErrors = input.lines.length > 0 && errorLines.length * 2 >= input.lines.length;
  const status: Verdict["status"] =
    counted.length >= LOG_ERRORS_WARNING || (mostlyErrors && counted.length > 0)
      ? "warning"
      : counted.length > 0
        ? "shown"
        : "ok";
  return {
    status,
    headline: `${plural(counted.length, "line")} mentioning errors ${scope}`,
    headlineValue: counted.length,
    threshold: LOG_THRESHOLD,
    figures: [
      { label: "error lines in window", value: counted.length },
      { label: "lines shown", value: input.lines.length },
      { label: "of them mentioning errors", value: errorLines.length },
      { label: "last written", value: `${formatSeconds(ageSeconds)} ago` },
    ],
    detail: timed
      ? `Counted by each line's own time, ${scope}; the ${input.lines.length} most recent lines of ${input.guidePath} are shown.`
      : `The lines of ${input.guidePath} carry no time, so the count covers the ${input.lines.length} lines shown.`,
    findings: status === "warning" ? ["log-errors"] : undefined,
  };
}

export function analyzeGitLog(input: {
  since: string;
  commits: { hash: string; author: string; date: string; subject: string }[];
}): Verdict {
  const count = input.commits.length;
  return {
    // Recent changes are a lead, not a fault: shown, not judged.
    status: "shown",
    headline: `${count} change${count === 1 ? "" : "s"} since ${input.since}`,
    headlineValue: count,
    figures: [{ label: "commits", value: count }],
    tables: [
      {
        title: "Recent changes",
        columns: ["commit", "date", "author", "subject"],
        rows: input.commits.map((c) => [c.hash.slice(0, 10), c.date, c.author, c.subject]),
      },
    ],
    findings: count > 0 ? ["recent-changes"] : undefined,
  };
}

export function analyzeEnv(input: {
  prefix: string;
  variables: { name: string; value: string; masked: boolean }[];
}): Verdict {
  const masked = input.variables.filter((v) => v.masked).length;
  return {
    status: "shown",
    headline: `${input.variables.length} variables start with ${input.prefix}`,
    headlineValue: input.variables.length,
    figures: [
      { label: "variables", value: input.variables.length },
      { label: "secret values masked", value: masked },
    ],
    tables: [{ title: "Environment", columns: ["name", "value"], rows: input.variables.map((v) => [v.name, v.value]) }],
  };
}

export function analyzeConfigFile(input: {
  name: string;
  format: string;
  maskedKeys: string[];
  fileSizeBytes: number;
}): Verdict {
  return {
    status: "shown",
    headline: `${input.name}: ${input.format}, ${formatBytes(input.fileSizeBytes)}, ${input.maskedKeys.length} secret value(s) masked`,
    headlineValue: null,
    figures: [
      { label: "format", value: input.format },
      { label: "size", value: formatBytes(input.fileSizeBytes) },
      { label: "masked keys", value: input.maskedKeys.join(", ") || "none" },
    ],
  };
}

const HOST_THRESHOLD = {
  text: "warning above 90 % CPU or memory, critical above 97 %",
  source: "node-exporter alerts in awesome-prometheus-alerts (HostHighCpuLoad 80 %, HostOutOfMemory 90 %)",
};

export function analyzeHostResources(input: {
  cpuPercent: number;
  cores: number;
  loadAverage: [number, number, number];
  memory: { totalBytes: number; usedBytes: number; availableBytes: number };
  topProcesses: { pid: number; name: string; cpuPercent: number; memPercent: number; command: string }[];
  note: string;
}): Verdict {
  const memPercent =
    input.memory.totalBytes > 0
      ? ((input.memory.totalBytes - input.memory.availableBytes) / input.memory.totalBytes) * 100
      : 0;
  const worst = Math.max(input.cpuPercent, memPercent);
  return {
    status: levelAbove(worst, 90, 97),
    headline: `CPU ${formatPercent(input.cpuPercent)}, memory ${formatPercent(memPercent)} on the dashboard's host`,
    headlineValue: Math.round(input.cpuPercent * 10) / 10,
    headlineUnit: "%",
    threshold: HOST_THRESHOLD,
    detail: `This ${input.note}.`,
    figures: [
      { label: "CPU", value: formatPercent(input.cpuPercent) },
      { label: "cores", value: input.cores },
      { label: "load 1/5/15 min", value: input.loadAverage.map((l) => l.toFixed(2)).join(" / ") },
      { label: "memory used", value: formatPercent(memPercent) },
      { label: "memory available", value: formatBytes(input.memory.availableBytes) },
    ],
    tables: [
      {
        title: "Top processes by CPU",
        columns: ["pid", "name", "cpu %", "mem %", "command"],
        rows: input.topProcesses.map((p) => [
          p.pid,
          p.name,
          p.cpuPercent.toFixed(1),
          p.memPercent.toFixed(1),
          p.command,
        ]),
      },
    ],
  };
}

export function analyzeListeningSockets(input: {
  listening: {
    protocol: string;
    localAddress: string;
    localPort: number | null;
    pid: number | null;
    process: string | null;
  }[];
  note: string;
}): Verdict {
  return {
    status: "ok",
    headline: `${input.listening.length} listening sockets on the dashboard's host`,
    headlineValue: input.listening.length,
    detail: `This ${input.note}.`,
    figures: [{ label: "listening", value: input.listening.length }],
    tables: [
      {
        title: "Listening sockets",
        columns: ["proto", "address", "port", "pid", "process"],
        rows: input.listening.map((s) => [s.protocol, s.localAddress, s.localPort, s.pid, s.process]),
      },
    ],
  };
}
