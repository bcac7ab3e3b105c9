// Resource and socket snapshots of the machine the dashboard runs on, via systeminformation.
import "server-only";
import os from "node:os";
import si from "systeminformation";
import { configSecrets } from "../../config";
import { MASK, redactText } from "../../server/redact";
import { COMMAND_TIMEOUT_MS, messageOf, TargetError, withDeadline } from "../core/target-error";

/** Shown with every result: htop/netstat in the guide mean the app host, which may not be this one. */
export const HOST_NOTE = "describes the host the dashboard runs on, which may not be the application's host";

export interface HostInfo {
  hostname: string;
  platform: string;
  note: string;
}

export interface ProcessSample {
  pid: number;
  name: string;
  /** Command line, capped at 200 characters, secret-looking arguments masked. */
  command: string;
  cpuPercent: number;
  memPercent: number;
  memRssBytes: number;
  user: string;
  state: string;
}

export interface SystemResources {
  host: HostInfo;
  cpu: { currentLoadPercent: number; cores: number };
  /** 1, 5 and 15 minute load averages (os.loadavg). */
  loadAverage: [number, number, number];
  memory: {
    totalBytes: number;
    usedBytes: number;
    availableBytes: number;
    swapTotalBytes: number;
    swapUsedBytes: number;
  };
  /** Top 10 by CPU. */
  topProcesses: ProcessSample[];
}

function host(): HostInfo {
  return { hostname: os.hostname(), platform: `${os.platform()} ${os.release()}`, note: HOST_NOTE };
}

async function sample<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await withDeadline(
      work,
      COMMAND_TIMEOUT_MS,
      () => new TargetError("timeout", "system", `${what} took longer than ${COMMAND_TIMEOUT_MS / 1000} s`),
    );
  } catch (e) {
    if (e instanceof TargetError) throw e;
    throw new TargetError("other", "system", `${what}: ${messageOf(e)}`);
  }
}

// `--password=x`, `-p x`-style flags and key=value arguments whose name looks secret.
const SECRET_ARG =
  /((?:^|\s)-{1,2}[\w.-]*(?:pass(?:word)?|secret|token|api[_-]?key|private[_-]?key|credential|auth)[\w.-]*(?:=|\s+))(\S+)/gi;
const SECRET_ASSIGN = /(\b[\w.-]*(?:pass(?:word)?|secret|token|api[_-]?key|private[_-]?key|credential)[\w.-]*=)(\S+)/gi;

/** Masks secret-looking arguments in a process command line. */
export function maskCommandLine(command: string, secrets: readonly string[] = []): string {
  const masked = command
    .replace(SECRET_ARG, (_m, flag: string) => `${flag}${MASK}`)
    .replace(SECRET_ASSIGN, (_m, key: string) => `${key}${MASK}`);
  return redactText(masked, secrets);
}

function safeSecrets(): string[] {
  try {
    return configSecrets();
  } catch {
    return [];
  }
}

/** CPU load, load averages, memory and the 10 busiest processes. */
export async function systemResources(): Promise<SystemResources> {
  const [load, mem, procs] = await Promise.all([
    sample("reading CPU load", si.currentLoad()),
    sample("reading memory", si.mem()),
    sample("listing processes", si.processes()),
  ]);
  const secrets = safeSecrets();
  const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
  const top = [...procs.list]
    .sort((a, b) => b.cpu - a.cpu)
    .slice(0, 10)
    .map(
      (p): ProcessSample => ({
        pid: p.pid,
        name: p.name,
        // Cut before masking too: a 100 KB classpath must not feed the regexes.
        command: maskCommandLine(`${p.command} ${p.params}`.trim().slice(0, 1000), secrets).slice(0, 200),
        cpuPercent: p.cpu,
        memPercent: p.mem,
        memRssBytes: p.memRss * 1024,
        user: p.user,
        state: p.state,
      }),
    );
  return {
    host: host(),
    cpu: { currentLoadPercent: load.currentLoad, cores: load.cpus.length || os.cpus().length },
    loadAverage: [l1, l5, l15],
    memory: {
      totalBytes: mem.total,
      usedBytes: mem.used,
      availableBytes: mem.available,
      swapTotalBytes: mem.swaptotal,
      swapUsedBytes: mem.swapused,
    },
    topProcesses: top,
  };
}

export interface ListeningSocket {
  protocol: string;
  localAddress: string;
  localPort: number | null;
  pid: number | null;
  process: string | null;
}

export interface SystemNetwork {
  host: HostInfo;
  /** LISTEN sockets (what `netstat -tulpn` shows); pid/process need privileges for other users' sockets. */
  listening: ListeningSocket[];
}

/** Listening sockets with their processes. */
export async function systemNetwork(): Promise<SystemNetwork> {
  const conns = await sample("listing sockets", si.networkConnections());
  const seen = new Set<string>();
  const listening: ListeningSocket[] = [];
  for (const c of conns) {
    if (c.state !== "LISTEN") continue;
    const key = `${c.protocol}|${c.localAddress}|${c.localPort}|${c.pid}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const port = Number.parseInt(c.localPort, 10);
    listening.push({
      protocol: c.protocol,
      localAddress: c.localAddress,
      localPort: Number.isFinite(port) ? port : null,
      pid: typeof c.pid === "number" && c.pid > 0 ? c.pid : null,
      process: c.process ? c.process : null,
    });
  }
  listening.sort((a, b) => (a.localPort ?? 0) - (b.localPort ?? 0) || a.protocol.localeCompare(b.protocol));
  return { host: host(), listening };
}
