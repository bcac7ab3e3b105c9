// Search latency over 1,000 generated runbooks: index build and load time, size, and per-query p50/p95 (ms).
// Run: npx tsx bench/search-latency.ts [--runbooks 1000] [--rounds 200]
import { performance } from "node:perf_hooks";
import { getLibrary } from "@/lib/runbooks/library";
import type { CodeStep, Runbook } from "@/lib/runbooks/model";
import { buildSearchIndex, serializeSearchIndex } from "@/lib/search/build-index";
import { loadSearchIndex } from "@/lib/search/load-index";
import { searchRunbooks } from "@/lib/search/query";
import { rng } from "./rng";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const RUNBOOKS = arg("runbooks", 1000);
const ROUNDS = arg("rounds", 200);
const QUERIES = [
  "hit rate",
  "maxmemory",
  "COLLSCAN",
  "timeout",
  "conection pool",
  "redis-cli info",
  "slow query",
  "metrcs",
  "eviction policy",
  "p99 latency",
  "prometheus targets",
  "rate limit",
  "ca",
  "replication lag disk",
];

const SERVICES = ["payments", "search", "billing", "checkout", "auth", "inference", "gateway", "ingest", "reports"];
const WORDS = [
  "replication",
  "lag",
  "disk",
  "queue",
  "backlog",
  "consumer",
  "shard",
  "throughput",
  "retries",
  "saturation",
  "certificate",
  "expiry",
  "dns",
  "latency",
  "memory",
  "cpu",
  "threads",
  "deadlock",
  "index",
  "cache",
  "errors",
  "timeouts",
  "connections",
  "pool",
  "scrape",
];

function generate(base: readonly Runbook[], count: number): Runbook[] {
  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const out: Runbook[] = [...base];
  for (let i = out.length; i < count; i++) {
    const source = pick(base);
    const service = pick(SERVICES);
    const step = (s: CodeStep): CodeStep => ({
      ...s,
      title: `${s.title} for ${service} ${phrase(2)}`,
      code: `${s.code} # ${service}-${phrase(1)}`,
    });
    out.push({
      ...source,
      slug: `${source.slug}-${service}-${i}`,
      title: `${service[0]?.toUpperCase()}${service.slice(1)}: ${source.title} (${phrase(2)})`,
      symptoms: [...source.symptoms, `${phrase(2)} in ${service}`],
      diagnosis: source.diagnosis.map(step),
      solutions: source.solutions.map((s) => ({ ...s, title: `${s.title} ${phrase(1)}`, steps: s.steps.map(step) })),
      sections: source.sections.map((s) => ({ ...s, steps: s.steps.map(step) })),
    });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function main() {
  const real = getLibrary().runbooks;
  const corpus = generate(real, RUNBOOKS);

  let t = performance.now();
  const built = buildSearchIndex(corpus);
  const buildMs = performance.now() - t;
  const json = JSON.stringify(serializeSearchIndex(built));
  t = performance.now();
  const index = loadSearchIndex(JSON.parse(json));
  const loadMs = performance.now() - t;

  for (let i = 0; i < 20; i++) for (const q of QUERIES) searchRunbooks(index, q);

  const all: number[] = [];
  const perQuery = new Map<string, number[]>(QUERIES.map((q) => [q, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const start = performance.now();
      searchRunbooks(index, q);
      const ms = performance.now() - start;
      all.push(ms);
      perQuery.get(q)?.push(ms);
    }
  }
  all.sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(3);

  console.log(
    `search latency — ${corpus.length} runbooks (${real.length} real + generated), MiniSearch, ${ROUNDS} rounds × ${QUERIES.length} queries`,
  );
  console.log(
    `index: build ${buildMs.toFixed(0)} ms, JSON ${(json.length / 1024).toFixed(0)} KB, load ${loadMs.toFixed(0)} ms`,
  );
  console.log("");
  console.log(`${"query".padEnd(22)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  top hit`);
  for (const q of QUERIES) {
    const times = [...(perQuery.get(q) ?? [])].sort((a, b) => a - b);
    const topHit = searchRunbooks(index, q, 1)[0]?.slug ?? "(none)";
    console.log(
      `${q.padEnd(22)} ${f(percentile(times, 50)).padStart(8)} ${f(percentile(times, 95)).padStart(8)}  ${topHit}`,
    );
  }
  console.log("");
  console.log(
    `ALL ${all.length} queries: p50 ${f(percentile(all, 50))} ms, p95 ${f(percentile(all, 95))} ms, p99 ${f(percentile(all, 99))} ms, max ${f(all[all.length - 1] ?? 0)} ms`,
  );
}

main();
