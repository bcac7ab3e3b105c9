// Exposition parse time vs `promtool check metrics` on the same generated 5 MB exposition, in one run (ratio;
// target ≥ 1.0: promtool's time divided by ours). promtool (Debian's prometheus package) reads the file on stdin,
// and is timed as a process, start-up included, as `time promtool check metrics < file` would; our parser reads
// the same file's bytes (what an HTTP body is) inside this process, after a warm-up. Medians of several runs.
// Run: npx tsx bench/exposition-parse.ts [--mb 5] [--promtool-runs 7] [--runs 15] [--warmup 5]
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { parsePrometheusText } from "@/lib/systems/prometheus/exposition";
import { generateExposition } from "./exposition-corpus";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const MB = arg("mb", 5);
const PROMTOOL_RUNS = arg("promtool-runs", 7);
const RUNS = arg("runs", 15);
const WARMUP = arg("warmup", 5);
const TARGET_RATIO = 1.0;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface PromtoolRun {
  ms: number;
  status: number | null;
  output: string;
}

/** `promtool check metrics < file`: exit 0 (clean) or 3 (lint problems) means it read the whole input. */
function promtool(file: string): PromtoolRun {
  const fd = openSync(file, "r");
  try {
    const started = performance.now();
    const r = spawnSync("promtool", ["check", "metrics"], {
      stdio: [fd, "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    if (r.error) throw r.error;
    return { ms, status: r.status, output: `${r.stdout.toString()}${r.stderr.toString()}` };
  } finally {
    closeSync(fd);
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}

async function main(): Promise<number> {
  const version = spawnSync("promtool", ["--version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) {
    console.error(
      "[bench] promtool is missing: it comes with Debian's prometheus package (scripts/services.sh installs it; or: apt-get install prometheus)",
    );
    return 2;
  }
  const promtoolVersion = (version.stdout || version.stderr).split("\n")[0]?.trim() ?? "promtool";

  const dir = mkdtempSync(path.join(os.tmpdir(), "rb-exposition-bench-"));
  try {
    const text = generateExposition(MB * 1024 * 1024);
    const file = path.join(dir, "metrics.prom");
    writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    const lines = text.split("\n").length - 1;

    // promtool must parse the file, not stop at an error: the clean file passes (lint notes are fine), and the
    // same file with a broken line appended fails at that last line, so it read everything before it.
    const check = promtool(file);
    if (check.status !== 0 && check.status !== 3) {
      console.error(`[bench] promtool check metrics exited ${check.status}: ${lastLine(check.output)}`);
      return 2;
    }
    if (/pars(e|ing) error|error while linting/i.test(check.output)) {
      console.error(`[bench] promtool did not parse the generated exposition: ${lastLine(check.output)}`);
      return 2;
    }
    const broken = path.join(dir, "broken.prom");
    writeFileSync(broken, `${text}broken{ 1\n`);
    const brokenRun = promtool(broken);
    if (!brokenRun.output.includes(`line ${lines + 1}:`)) {
      console.error(
        `[bench] promtool did not reach the last line of the exposition (expected an error at line ${lines + 1}): ${lastLine(brokenRun.output)}`,
      );
      return 2;
    }

    const promtoolMs: number[] = [];
    for (let i = 0; i < PROMTOOL_RUNS; i++) promtoolMs.push(promtool(file).ms);

    // Ours: read the file's bytes and parse them, as an HTTP body would be parsed.
    const parse = () => parsePrometheusText(readFileSync(file));
    let started = performance.now();
    const families = parse();
    const coldMs = performance.now() - started;
    const samples = families.reduce((n, f) => n + f.samples.length, 0);
    for (let i = 1; i < WARMUP; i++) parse();

    const gc: { start: number; duration: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gc.push({ start: e.startTime, duration: e.duration });
    });
    observer.observe({ entryTypes: ["gc"] });
    const windows: [number, number][] = [];
    const oursMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      parse();
      const ended = performance.now();
      windows.push([started, ended]);
      oursMs.push(ended - started);
    }
    // GC entries are delivered asynchronously, after the loop.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return finish(observer, gc, windows, {
      bytes,
      lines,
      families: families.length,
      samples,
      coldMs,
      oursMs,
      promtoolMs,
      promtoolVersion,
      lintStatus: check.status,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Figures {
  bytes: number;
  lines: number;
  families: number;
  samples: number;
  coldMs: number;
  oursMs: number[];
  promtoolMs: number[];
  promtoolVersion: string;
  lintStatus: number | null;
}

function finish(
  observer: PerformanceObserver,
  gc: { start: number; duration: number }[],
  windows: [number, number][],
  f: Figures,
): number {
  observer.disconnect();
  const gcMs = gc
    .filter((g) => windows.some(([from, to]) => g.start >= from && g.start < to))
    .reduce((sum, g) => sum + g.duration, 0);
  const totalMs = f.oursMs.reduce((a, b) => a + b, 0);

  const ours = median(f.oursMs);
  const reference = median(f.promtoolMs);
  const ratio = reference / ours;
  const pass = ratio >= TARGET_RATIO;
  const mb = (f.bytes / (1024 * 1024)).toFixed(1);

  console.log(
    `exposition parse — generated ${mb} MB, ${f.lines.toLocaleString("en")} lines, ${f.families.toLocaleString("en")} families, ${f.samples.toLocaleString("en")} samples; ${f.promtoolVersion}`,
  );
  const header = ["measure", "measured", "reference", "ratio", "target", ""];
  const body = [
    [
      `parse ${mb} MB exposition (median)`,
      `${ours.toFixed(1)} ms (parsePrometheusText, ${f.oursMs.length} runs)`,
      `${reference.toFixed(1)} ms (promtool check metrics, ${f.promtoolMs.length} runs)`,
      `${ratio.toFixed(2)}×`,
      `≥ ${TARGET_RATIO.toFixed(1)}× (promtool / ours)`,
      pass ? "PASS" : "CHECK",
    ],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" │ ");
  console.log(line(header));
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const b of body) console.log(line(b));
  console.log(
    `ours: first (cold) parse ${f.coldMs.toFixed(1)} ms, ${((f.bytes / (1024 * 1024) / ours) * 1000).toFixed(0)} MB/s warm, GC ${((100 * gcMs) / totalMs).toFixed(0)} % of parse time; promtool exit ${f.lintStatus} (${f.lintStatus === 0 ? "no lint notes" : "lint notes only"}), start-up included`,
  );
  return pass ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
