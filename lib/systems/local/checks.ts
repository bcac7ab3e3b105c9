// Verdicts for the guide's local views: log tails, deployment history, environment, config files, host snapshot.
// Mostly informational; a host near its CPU or memory limit is flagged.

import { levelAbove } from "../../verdict/builders";
import { formatBytes, formatPercent } from "../../verdict/format";
import type { Verdict } from "../../verdict/verdict";

const ERROR_WORDS = /\b(error|exception|fatal|panic|critical)\b/i;

export function analyzeLogTail(input: {
  guidePath: string;
  lines: string[];
  modifiedAt: string;
  nowMs: number;
}): Verdict {
  const errorLines = input.lines.filter((line) => ERROR_WORDS.test(line)).length;
  const ageSeconds = Math.max(0, Math.round((input.nowMs - Date.parse(input.modifiedAt)) / 1000));
  return {
    status: "ok",
    headline: `${input.lines.length} recent lines of ${input.guidePath}, ${errorLines} mentioning errors`,
    headlineValue: errorLines,
    figures: [
      { label: "lines shown", value: input.lines.length },
      { label: "lines mentioning errors", value: errorLines },
      { label: "last written", value: `${ageSeconds} s ago` },
    ],
    detail: "Shown for reading; the verdicts come from the metrics and health steps.",
    findings: errorLines > 0 ? ["log-errors"] : undefined,
  };
}

export function analyzeGitLog(input: {
  since: string;
  commits: { hash: string; author: string; date: string; subject: string }[];
}): Verdict {
  const count = input.commits.length;
  return {
    status: "ok",
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
    status: "ok",
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
    status: "ok",
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
