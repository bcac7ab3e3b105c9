// The keyspace analysis (the `redis-cli --memkeys` step, lib/systems/redis/keyspace-scan.ts with the dashboard's
// defaults) against `redis-cli --memkeys` itself, on one private redis-server filled with 1,000,000 keys across 20
// prefixes, in the same run:
//   - memory per prefix: the top 10 (by --memkeys) within 5 % of --memkeys's exhaustive totals, which come from
//     `redis-cli --memkeys --pattern '<prefix>'` (MEMORY USAGE of every matching key, summed over types);
//   - wall time: the analysis ≤ 1.0 × a full `redis-cli --memkeys`;
//   - the p99 latency a concurrent client sees (a GET about every millisecond, bench/latency-probe.mjs) while each
//     scan runs, against the same client with nothing else running: the ratio is what the scan adds. On a small
//     shared machine part of that is CPU contention between processes, not Redis: a control row burns the analysis
//     process's CPU share without sending Redis anything, and INFO commandstats gives Redis's own time on each scan.
// Each is measured in 3 interleaved rounds (medians; the worst prefix error of any round).
// Run: npx tsx bench/keyspace-analysis.ts [--keys 1000000] [--baseline-ms 5000] [--rounds 3]
import { type ChildProcess, execFile, fork, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import Redis from "ioredis";
import { DEFAULT_KEYSPACE_OPTIONS, type KeyspaceReport } from "../lib/systems/redis/keyspace";
import { scanKeyspace } from "../lib/systems/redis/keyspace-scan";
import { rng } from "./rng";

const execFileP = promisify(execFile);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const KEYS = arg("keys", 1_000_000);
const BASELINE_MS = arg("baseline-ms", 5000);
/** Rounds of (no scan, analysis, --memkeys), interleaved, so a noisy moment on a shared machine hits all three. */
const ROUNDS = arg("rounds", 3);
const TARGETS = { prefixErrorPercent: 5, wallRatio: 1.0, topPrefixes: 10 };

// ---------------------------------------------------------------------------------------------
// The data: 20 prefixes shaped like a real cache (the guide's agent:{id}:query:{hash}, rate_limit:{user_id}, sessions,
// profiles, queues...), strings, hashes, lists, sets and sorted sets of varied sizes, with and without TTL. TTLs are
// an hour or more, so nothing expires while the bench compares.

const random = rng(42);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const hex = (n: number) => {
  let out = "";
  while (out.length < n)
    out += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, n);
};
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const text = (n: number) => "x".repeat(n);

/** Collects the commands that write one key (redis-cli --pipe sends them). */
interface Pipeline {
  set(key: string, value: string, ...ttl: ["EX", number] | []): Pipeline;
  hset(key: string, ...fieldsAndValues: string[]): Pipeline;
  expire(key: string, seconds: number): Pipeline;
  rpush(key: string, ...values: string[]): Pipeline;
  lpush(key: string, ...values: string[]): Pipeline;
  sadd(key: string, ...members: string[]): Pipeline;
  zadd(key: string, ...scoresAndMembers: (string | number)[]): Pipeline;
}

interface PrefixSpec {
  /** The prefix pattern the analysis should group these keys under (also the --pattern glob). */
  pattern: string;
  /** Share of KEYS. */
  share: number;
  write: (pipeline: Pipeline, i: number) => void;
}

/** A Pipeline that encodes each command as RESP into `out`. */
function respWriter(out: string[]): Pipeline {
  const writer = {} as Pipeline;
  const command = (...args: (string | number)[]): Pipeline => {
    let text = `*${args.length}\r\n`;
    for (const arg of args) {
      const value = String(arg);
      text += `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
    }
    out.push(text);
    return writer;
  };
  return Object.assign(writer, {
    set: (key: string, value: string, ...ttl: ["EX", number] | []) => command("SET", key, value, ...ttl),
    hset: (key: string, ...rest: string[]) => command("HSET", key, ...rest),
    expire: (key: string, seconds: number) => command("EXPIRE", key, seconds),
    rpush: (key: string, ...values: string[]) => command("RPUSH", key, ...values),
    lpush: (key: string, ...values: string[]) => command("LPUSH", key, ...values),
    sadd: (key: string, ...members: string[]) => command("SADD", key, ...members),
    zadd: (key: string, ...rest: (string | number)[]) => command("ZADD", key, ...rest),
  });
}

const fields = (n: number, valueLo: number, valueHi: number) =>
  Array.from({ length: n }, (_, f) => [`field${f}`, text(between(valueLo, valueHi))]).flat();

const SPECS: PrefixSpec[] = [
  {
    pattern: "agent:*:query:*",
    share: 0.2,
    write: (p, i) => p.set(`agent:${i % 500}:query:${hex(16)}`, text(between(50, 600)), "EX", 3600),
  },
  {
    pattern: "session:*",
    share: 0.1,
    write: (p) => {
      const key = `session:${uuid()}`;
      p.hset(key, ...fields(between(3, 12), 8, 40)).expire(key, 86_400);
    },
  },
  { pattern: "user:*:*", share: 0.08, write: (p, i) => p.hset(`user:${i}:profile`, ...fields(between(5, 20), 5, 30)) },
  {
    pattern: "rate_limit:*",
    share: 0.15,
    write: (p, i) => p.set(`rate_limit:u${i}`, String(between(1, 99)), "EX", between(3600, 7200)),
  },
  { pattern: "product:*", share: 0.06, write: (p, i) => p.set(`product:${i}`, text(between(200, 1200))) },
  {
    pattern: "feed:*",
    share: 0.04,
    write: (p, i) => p.rpush(`feed:${i}`, ...Array.from({ length: between(5, 25) }, () => text(between(10, 40)))),
  },
  {
    pattern: "tags:*",
    share: 0.05,
    write: (p, i) =>
      p.sadd(`tags:${i}`, ...Array.from({ length: between(3, 20) }, (_, t) => `tag${t}_${between(0, 999)}`)),
  },
  { pattern: "order:*", share: 0.07, write: (p, i) => p.hset(`order:${i}`, ...fields(between(4, 10), 4, 24)) },
  {
    pattern: "cache:page:*",
    share: 0.02,
    write: (p) => p.set(`cache:page:${hex(32)}`, text(between(1024, 4096)), "EX", 600),
  },
  { pattern: "inventory:*", share: 0.06, write: (p, i) => p.set(`inventory:${i}`, String(between(0, 5000))) },
  { pattern: "lock:*", share: 0.01, write: (p, i) => p.set(`lock:resource-${i}`, uuid(), "EX", 7200) },
  { pattern: "job:*", share: 0.03, write: (p) => p.hset(`job:${uuid()}`, ...fields(5, 8, 32)) },
  {
    pattern: "notif:*",
    share: 0.04,
    write: (p, i) => p.lpush(`notif:${i}`, ...Array.from({ length: between(1, 10) }, () => text(between(30, 80)))),
  },
  {
    pattern: "leaderboard:*",
    share: 0.0005,
    write: (p, i) =>
      p.zadd(
        `leaderboard:${i}`,
        ...Array.from({ length: between(100, 400) }, (_, m) => [between(0, 1e6), `player${m}`]).flat(),
      ),
  },
  { pattern: "token:*", share: 0.04, write: (p) => p.set(`token:${hex(32)}`, text(64), "EX", 86_400) },
  {
    pattern: "metrics:*:*",
    share: 0.03,
    write: (p, i) => p.set(`metrics:${i % 1000}:${Math.floor(i / 1000)}`, String(random())),
  },
  { pattern: "filler:*", share: 0.002, write: (p, i) => p.set(`filler:${1_700_000_000_000 + i}`, text(16 * 1024)) },
  {
    pattern: "queue:*",
    share: 0.0001,
    write: (p, i) => p.rpush(`queue:q${i}`, ...Array.from({ length: between(500, 2000) }, () => text(50))),
  },
  { pattern: "config:*", share: 0.0004, write: (p, i) => p.set(`config:flag_${i}`, text(between(50, 500))) },
  // The rest of KEYS.
  { pattern: "cart:*", share: 0, write: (p) => p.hset(`cart:${uuid()}`, ...fields(between(1, 8), 2, 6)) },
];

/** Writes KEYS keys through `redis-cli --pipe` (RESP on stdin, every reply counted); returns the keys written. */
async function fill(port: number): Promise<number> {
  const counts = SPECS.map((s) => Math.round(s.share * KEYS));
  const rest = KEYS - counts.slice(0, -1).reduce((a, b) => a + b, 0);
  if (rest < 0) throw new Error("the prefix shares add up to more than 1");
  counts[counts.length - 1] = rest;
  const loader = spawn("redis-cli", ["-p", String(port), "--pipe"], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  loader.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => loader.once("exit", resolve));
  const stdin = loader.stdin;
  for (const [s, spec] of SPECS.entries()) {
    const n = counts[s] ?? 0;
    for (let start = 0; start < n; start += 10_000) {
      const chunk: string[] = [];
      const writer = respWriter(chunk);
      for (let i = start; i < Math.min(n, start + 10_000); i++) spec.write(writer, i);
      if (!stdin.write(chunk.join(""))) await new Promise((resolve) => stdin.once("drain", resolve));
    }
  }
  stdin.end();
  const code = await exited;
  const errors = Number(/errors: (\d+)/.exec(output)?.[1] ?? Number.NaN);
  if (code !== 0 || errors !== 0) throw new Error(`redis-cli --pipe failed (exit ${code}): ${output.trim()}`);
  return counts.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------
// Processes: a private redis-server, the latency probe, redis-cli.

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not start on port ${port}`);
}

interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `work` while the probe sends GETs; returns its result and the latencies the probe saw meanwhile. */
async function underProbe<T>(port: number, work: () => Promise<T>): Promise<{ result: T; latency: Latency }> {
  const probe = fork(path.join(__dirname, "latency-probe.mjs"), [String(port)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once("message", () => resolve());
      probe.once("exit", (code) => reject(new Error(`latency probe exited (${code})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // warm-up, then measure from here
    probe.send("reset");
    const result = await work();
    const samples = await new Promise<number[]>((resolve) => {
      probe.once("message", (message: { samples: number[] }) => resolve(message.samples));
      probe.send("stop");
    });
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      result,
      latency: {
        count: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? 0,
      },
    };
  } finally {
    if (probe.exitCode === null) probe.kill();
  }
}

interface Memkeys {
  keys: number;
  bytes: number;
  ms: number;
}

/** `redis-cli --memkeys [--pattern p]`: its summary's per-type "N <type>s with B bytes" lines, summed. */
async function memkeys(port: number, pattern?: string): Promise<Memkeys> {
  const args = ["-p", String(port), "--memkeys", ...(pattern ? ["--pattern", pattern] : [])];
  const start = performance.now();
  const { stdout } = await execFileP("redis-cli", args, { maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  const ms = performance.now() - start;
  let keys = 0;
  let bytes = 0;
  for (const m of stdout.matchAll(/^(\d+) \w+ with (\d+) bytes/gm)) {
    keys += Number(m[1]);
    bytes += Number(m[2]);
  }
  if (!/-------- summary -------/.test(stdout))
    throw new Error(`redis-cli --memkeys printed no summary:\n${stdout.slice(-500)}`);
  return { keys, bytes, ms };
}

/** Redis's own time on the commands `work` sent (INFO commandstats usec, the probe's GETs left out). */
async function redisTime<T>(
  admin: Redis,
  work: () => Promise<T>,
): Promise<{ result: T; redisMs: number; scanUsecPerCall: number }> {
  await admin.config("RESETSTAT");
  const result = await work();
  const stats = await admin.info("commandstats");
  let usec = 0;
  let scanUsecPerCall = 0;
  for (const m of stats.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+),usec_per_call=([\d.]+)/gm)) {
    const name = m[1] ?? "";
    if (["get", "config", "ping", "hello"].includes(name) || name.startsWith("client")) continue;
    usec += Number(m[2]);
    if (name === "scan") scanUsecPerCall = Number(m[3]);
  }
  return { result, redisMs: usec / 1000, scanUsecPerCall };
}

/** A process that burns CPU `duty` of the time for `ms` and sends Redis nothing: the control for the probe. */
async function burnCpu(duty: number, ms: number): Promise<void> {
  const busy = 2;
  const idle = duty >= 1 ? 0 : (busy * (1 - duty)) / Math.max(duty, 0.01);
  const script =
    `const busy=${busy}, idle=${idle.toFixed(3)};` +
    "(function loop(){const t=performance.now();while(performance.now()-t<busy){}setTimeout(loop,idle);})();" +
    `setTimeout(()=>process.exit(0),${Math.round(ms)});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number, d = 1) => n.toFixed(d);
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" │ ");
  console.log(line(header));
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rb-bench-keyspace-"));
  const port = await freePort();
  const server = await startRedis(port, dir);
  const redis = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 0 });
  try {
    const start = performance.now();
    const written = await fill(port);
    const dbsize = await redis.dbsize();
    console.log(
      `keyspace analysis vs redis-cli --memkeys — private redis-server :${port}, ${dbsize.toLocaleString("en")} keys ` +
        `(${written.toLocaleString("en")} written in ${fmt((performance.now() - start) / 1000)} s) across ${SPECS.length} prefixes, ` +
        `used_memory ${mb(Number(/^used_memory:(\d+)/m.exec(await redis.info("memory"))?.[1]))}`,
    );
    console.log(`analysis settings (the dashboard's defaults): ${JSON.stringify(DEFAULT_KEYSPACE_OPTIONS)}`);

    interface Round {
      baseline: Latency;
      analysis: Latency;
      report: KeyspaceReport;
      /** CPU time of this process during the analysis, over its wall time. */
      clientCpuShare: number;
      analysisRedisMs: number;
      analysisScanUsec: number;
      memkeys: Latency;
      full: Memkeys;
      memkeysRedisMs: number;
      memkeysScanUsec: number;
      control: Latency;
    }
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const baseline = await underProbe(port, () => new Promise((resolve) => setTimeout(resolve, BASELINE_MS)));
      let clientCpuShare = 0;
      const analysis = await underProbe(port, () =>
        redisTime(redis, async () => {
          const cpu = process.cpuUsage();
          const report = await scanKeyspace(redis);
          const used = process.cpuUsage(cpu);
          clientCpuShare = (used.user + used.system) / 1000 / report.elapsedMs;
          return report;
        }),
      );
      const full = await underProbe(port, () => redisTime(redis, () => memkeys(port)));
      const report = analysis.result.result;
      // The same CPU load as the analysis process, with no Redis command: what this machine's shared cores add.
      const control = await underProbe(port, () => burnCpu(clientCpuShare, report.elapsedMs));
      rounds.push({
        baseline: baseline.latency,
        analysis: analysis.latency,
        report,
        clientCpuShare,
        analysisRedisMs: analysis.result.redisMs,
        analysisScanUsec: analysis.result.scanUsecPerCall,
        memkeys: full.latency,
        full: full.result.result,
        memkeysRedisMs: full.result.redisMs,
        memkeysScanUsec: full.result.scanUsecPerCall,
        control: control.latency,
      });
      console.log(
        `round ${round}: analysis ${fmt(report.elapsedMs / 1000, 2)} s (coverage ${fmt(report.coverage * 100)} %, ` +
          `Redis busy ${fmt(analysis.result.redisMs)} ms, client CPU ${fmt(clientCpuShare * 100)} %), ` +
          `--memkeys ${fmt(full.result.result.ms / 1000, 2)} s (Redis busy ${fmt(full.result.redisMs)} ms); ` +
          `p99 GET: no scan ${fmt(baseline.latency.p99, 3)} ms, analysis ${fmt(analysis.latency.p99, 3)} ms, ` +
          `--memkeys ${fmt(full.latency.p99, 3)} ms, CPU-only control ${fmt(control.latency.p99, 3)} ms`,
      );
    }

    // The same analysis without a time budget: what covering every key costs (SCAN COUNT 250 and 1 ms pauses).
    const unbounded = await scanKeyspace(redis, { timeBudgetMs: 30 * 60_000 });
    console.log(
      `no time budget: ${fmt(unbounded.elapsedMs / 1000, 2)} s, coverage ${fmt(unbounded.coverage * 100)} %, ` +
        `${unbounded.sampled.toLocaleString("en")} keys measured`,
    );

    // --memkeys's exhaustive total for each prefix, then its top 10.
    console.log(`reference: redis-cli --memkeys --pattern <prefix> for each of the ${SPECS.length} prefixes …`);
    const referenceStart = performance.now();
    const reference: { pattern: string; ref: Memkeys }[] = [];
    for (const spec of SPECS) reference.push({ pattern: spec.pattern, ref: await memkeys(port, spec.pattern) });
    console.log(`  (${fmt((performance.now() - referenceStart) / 1000)} s)`);
    reference.sort((a, b) => b.ref.bytes - a.ref.bytes);

    console.log(
      `\nper prefix: the analysis's estimate vs --memkeys's exhaustive total (top ${TARGETS.topPrefixes} by --memkeys), ` +
        `round 1; "worst" is the largest error of any round`,
    );
    let worst = 0;
    let worstUnbounded = 0;
    const errorOf = (report: KeyspaceReport, pattern: string, bytes: number) => {
      const estimate = report.prefixes.find((p) => p.pattern === pattern);
      return estimate ? ((estimate.estBytes - bytes) / bytes) * 100 : Number.POSITIVE_INFINITY;
    };
    const first = rounds[0]?.report;
    if (first === undefined) throw new Error("no round ran");
    const prefixRows = reference.slice(0, TARGETS.topPrefixes).map(({ pattern, ref }) => {
      const estimate = first.prefixes.find((p) => p.pattern === pattern);
      const errors = rounds.map((r) => errorOf(r.report, pattern, ref.bytes));
      const worstHere = Math.max(...errors.map(Math.abs));
      worst = Math.max(worst, worstHere);
      worstUnbounded = Math.max(worstUnbounded, Math.abs(errorOf(unbounded, pattern, ref.bytes)));
      const error = errors[0] ?? Number.NaN;
      return [
        pattern,
        mb(ref.bytes),
        estimate ? mb(estimate.estBytes) : "missing",
        `${error >= 0 ? "+" : ""}${fmt(error, 2)} %`,
        `${fmt(worstHere, 2)} %`,
        ref.keys.toLocaleString("en"),
        estimate ? Math.round(estimate.estKeys).toLocaleString("en") : "—",
        estimate ? `${estimate.sampled} of ${estimate.scanned}` : "—",
      ];
    });
    printTable(
      ["prefix", "--memkeys", "analysis", "error", "worst", "keys", "est. keys", "measured of scanned"],
      prefixRows,
    );

    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    };
    const m = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
    // Both measured around the work alone: the analysis from DBSIZE to its last batch (its connection is open, as
    // the dashboard's pooled one is), redis-cli from its start to its exit.
    const analysisMs = m((r) => r.report.elapsedMs);
    const memkeysMs = m((r) => r.full.ms);
    const wallRatio = Math.max(...rounds.map((r) => r.report.elapsedMs / r.full.ms));
    const p99 = {
      none: m((r) => r.baseline.p99),
      analysis: m((r) => r.analysis.p99),
      memkeys: m((r) => r.memkeys.p99),
      control: m((r) => r.control.p99),
    };
    const redisShare = m((r) => r.analysisRedisMs / r.report.elapsedMs);
    const memkeysRedisShare = m((r) => r.memkeysRedisMs / r.full.ms);
    const p50 = {
      none: m((r) => r.baseline.p50),
      analysis: m((r) => r.analysis.p50),
      memkeys: m((r) => r.memkeys.p50),
    };
    const rows = [
      [
        `top ${TARGETS.topPrefixes} prefixes: memory vs --memkeys`,
        `worst ${fmt(worst, 2)} %`,
        "exhaustive --memkeys --pattern",
        `${fmt(worst, 2)} %`,
        `≤ ${TARGETS.prefixErrorPercent} %`,
        worst <= TARGETS.prefixErrorPercent ? "PASS" : "CHECK",
      ],
      [
        "wall time (median; ratio: worst round)",
        `${fmt(analysisMs / 1000, 2)} s`,
        `--memkeys ${fmt(memkeysMs / 1000, 2)} s`,
        `${fmt(wallRatio, 3)}×`,
        `≤ ${TARGETS.wallRatio}×`,
        wallRatio <= TARGETS.wallRatio ? "PASS" : "CHECK",
      ],
      [
        "same analysis without a time budget (once)",
        `${fmt(unbounded.elapsedMs / 1000, 2)} s, worst top-10 error ${fmt(worstUnbounded, 2)} %`,
        `--memkeys ${fmt(memkeysMs / 1000, 2)} s`,
        `${fmt(unbounded.elapsedMs / memkeysMs, 3)}×`,
        "reported",
        "",
      ],
      [
        "keys scanned / measured (round 1)",
        `${first.scanned.toLocaleString("en")} / ${first.sampled.toLocaleString("en")}`,
        `--memkeys ${(rounds[0]?.full.keys ?? 0).toLocaleString("en")} / all`,
        `1 in ${first.sampleEvery}, coverage ${fmt(first.coverage * 100)} %`,
        `stopped by ${first.stoppedBy}`,
        "",
      ],
      [
        "p99 GET latency during the analysis",
        `${fmt(p99.analysis, 3)} ms`,
        `no scan ${fmt(p99.none, 3)} ms`,
        `${fmt(p99.analysis / p99.none, 2)}×`,
        "reported",
        "",
      ],
      [
        "p99 GET latency: CPU-only control",
        `${fmt(p99.control, 3)} ms`,
        `no scan ${fmt(p99.none, 3)} ms`,
        `${fmt(p99.control / p99.none, 2)}×`,
        `burns the analysis's ${fmt(m((r) => r.clientCpuShare) * 100)} % CPU, sends Redis nothing`,
        "",
      ],
      [
        "p99 GET latency during --memkeys",
        `${fmt(p99.memkeys, 3)} ms`,
        `no scan ${fmt(p99.none, 3)} ms`,
        `${fmt(p99.memkeys / p99.none, 2)}×`,
        "reported",
        "",
      ],
      [
        "p50 GET latency: no scan / analysis / --memkeys",
        `${fmt(p50.none, 3)} / ${fmt(p50.analysis, 3)} / ${fmt(p50.memkeys, 3)} ms`,
        `${rounds.map((r) => `${r.baseline.count}/${r.analysis.count}/${r.memkeys.count}`).join(", ")} GETs`,
        `${fmt(p50.analysis / p50.none, 2)}× / ${fmt(p50.memkeys / p50.none, 2)}×`,
        "reported",
        "",
      ],
      [
        "Redis time serving it (INFO commandstats)",
        `${fmt(m((r) => r.analysisRedisMs))} ms, ${fmt(redisShare * 100)} % of its wall time`,
        `--memkeys ${fmt(m((r) => r.memkeysRedisMs))} ms, ${fmt(memkeysRedisShare * 100)} %`,
        `SCAN ${fmt(
          m((r) => r.analysisScanUsec),
          0,
        )} vs ${fmt(
          m((r) => r.memkeysScanUsec),
          0,
        )} µs/call`,
        "reported",
        "",
      ],
      [
        "analysis: time in batches, longest batch (round 1)",
        `${fmt((first.busyMs / first.elapsedMs) * 100)} %, ${fmt(first.longestBatchMs, 1)} ms`,
        `${first.batches} batches of SCAN COUNT ${first.options.batchSize}, ${first.options.pauseMs} ms apart`,
        "",
        "",
        "",
      ],
    ];
    console.log();
    printTable(["figure", "analysis", "reference", "ratio", "target", ""], rows);
    return worst <= TARGETS.prefixErrorPercent && wallRatio <= TARGETS.wallRatio ? 0 : 1;
  } finally {
    redis.disconnect();
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
