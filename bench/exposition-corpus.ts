// A realistic Prometheus text exposition of a given size, deterministic (seeded), for the exposition-parse bench:
// many families with HELP and TYPE, labelled counters and gauges, histograms with 12 buckets per series,
// summaries, ordinary comments, escaped and non-ASCII label values, and a few timestamps (signed too).
import { rng } from "./rng";

const SUBSYSTEMS = ["http", "grpc", "db", "cache", "queue", "auth", "billing", "search", "ingest", "scheduler"];
const THINGS = ["requests", "errors", "retries", "bytes", "connections", "jobs", "messages", "evictions", "lookups"];
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"];
const ROUTES = [
  "/api/agents/:id/query",
  "/api/agents",
  "/api/runbooks/:slug",
  "/health",
  "/api/search",
  "/api/users/:id",
  "/api/orders/:id/items",
  "/static/*",
];
const STATUS = ["200", "201", "204", "301", "400", "401", "404", "429", "500", "503"];
const INSTANCES = ["eu-west-1a", "eu-west-1b", "us-east-1a", "ap-south-1c", "zürich-1", "東京-2"];
const BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
const QUANTILES = ["0.5", "0.9", "0.99"];

/** About `bytes` bytes (UTF-8) of exposition text, always whole families and ending in a newline. */
export function generateExposition(bytes: number, seed = 42): string {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const parts: string[] = [];
  let size = 0;
  const push = (line: string) => {
    parts.push(line);
    size += Buffer.byteLength(line) + 1;
  };
  const value = (): string => {
    const r = random();
    if (r < 0.4) return String(Math.floor(random() * 1e6));
    if (r < 0.8) return (random() * 1000).toFixed(6);
    if (r < 0.97) return (random() * 1e-3).toExponential(4);
    return r < 0.985 ? "NaN" : "+Inf";
  };

  for (let family = 0; size < bytes; family++) {
    const base = `${pick(SUBSYSTEMS)}_${pick(THINGS)}_${family}`;
    const kind = random();
    if (family % 25 === 0) push(`# generated family ${family}: an ordinary comment the parser skips`);
    if (kind < 0.35) {
      const name = `${base}_duration_seconds`;
      push(`# HELP ${name} Latency of ${base} in seconds; the \\\\ and \\n are escaped.`);
      push(`# TYPE ${name} histogram`);
      const series = 3 + Math.floor(random() * 6);
      for (let s = 0; s < series; s++) {
        const labels = `method="${pick(METHODS)}",route="${pick(ROUTES)}",status_code="${pick(STATUS)}",pod="api-${s}"`;
        let count = 0;
        for (const le of BUCKETS) {
          count += Math.floor(random() * 500);
          push(`${name}_bucket{${labels},le="${le}"} ${count}`);
        }
        push(`${name}_sum{${labels}} ${(count * random()).toFixed(4)}`);
        push(`${name}_count{${labels}} ${count}`);
      }
    } else if (kind < 0.45) {
      const name = `${base}_latency_seconds`;
      push(`# HELP ${name} Summary of ${base}.`);
      push(`# TYPE ${name} summary`);
      const series = 2 + Math.floor(random() * 3);
      for (let s = 0; s < series; s++) {
        const labels = `instance="${pick(INSTANCES)}",job="api-${s}"`;
        for (const q of QUANTILES) push(`${name}{${labels},quantile="${q}"} ${value()}`);
        push(`${name}_sum{${labels}} ${value()}`);
        push(`${name}_count{${labels}} ${Math.floor(random() * 1e5)}`);
      }
    } else if (kind < 0.8) {
      const name = `${base}_total`;
      push(`# HELP ${name} Total ${base} handled, by "method", route and status.`);
      push(`# TYPE ${name} counter`);
      const series = 4 + Math.floor(random() * 12);
      for (let s = 0; s < series; s++) {
        const note = random() < 0.1 ? `,note="said \\"hi\\"\\nthen C:\\\\tmp"` : "";
        const labels = `method="${pick(METHODS)}",route="${pick(ROUTES)}",status_code="${pick(STATUS)}",pod="api-${s}"`;
        push(`${name}{${labels}${note}} ${value()}`);
      }
    } else {
      const name = `${base}_current`;
      push(`# HELP ${name} Current ${base} per instance.`);
      push(`# TYPE ${name} gauge`);
      const series = 1 + Math.floor(random() * 8);
      for (let s = 0; s < series; s++) {
        const ts = random() < 0.15 ? ` ${random() < 0.2 ? "+" : ""}${1732815600000 + s}` : "";
        push(`${name}{instance="${pick(INSTANCES)}",shard="${s}"} ${value()}${ts}`);
      }
    }
  }
  parts.push("");
  return parts.join("\n");
}
